"""The revocation story behind ``make demo`` (SQLite) and ``make demo-evm`` (anvil): the honest holders pass, the
revoked one is refused by its own software and rejected when it replays or forces a presentation."""
import pytest

from _testlib import require_peer
from zkcred.demos import revocation_story


def _check(text: str) -> None:
    assert "Revocation story complete." in text
    assert "(unexpected)" not in text and "UNEXPECTED" not in text
    assert text.count(": ACCEPTED {") == 5
    assert text.count(": REJECTED (") == 2 and "epoch 0, the registry state checked is epoch 1" in text
    assert "Bob presents again: REFUSED (" in text and "revoked" in text
    assert "80.08 B per revocation" in text and "ledger.verify(): intact" in text


def test_story_on_sqlite():
    lines: list[str] = []
    assert revocation_story.run(out=lines.append) == 0
    _check("\n".join(lines))


def test_story_on_anvil():
    from zkcred.ledger._anvil import find_anvil
    require_peer(find_anvil() is not None, "anvil (npm @foundry-rs/anvil, peers/package.json)")
    lines: list[str] = []
    assert revocation_story.run(out=lines.append, ledger="anvil") == 0
    text = "\n".join(lines)
    _check(text)
    assert "a local anvil node" in text


def test_unknown_ledger():
    with pytest.raises(ValueError):
        revocation_story.run(out=lambda s: None, ledger="postgres")


def test_main_takes_the_ledger_flag(monkeypatch):
    from zkcred.demos import __main__ as demos
    seen = []
    for mod in ("credential_story", "bbs_story", "selfcheck"):
        monkeypatch.setattr(getattr(demos, mod), "run", lambda *a, **k: 0)
    monkeypatch.setattr(demos.revocation_story, "run", lambda out=print, ledger="sqlite": seen.append(ledger) or 0)
    assert demos.main([]) == 0 and demos.main(["--ledger", "anvil"]) == 0 and seen == ["sqlite", "anvil"]
