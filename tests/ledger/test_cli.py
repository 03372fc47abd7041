"""``zkcred ledger init | show | verify``: the default file under the user's data directory, output, exit codes
(0 intact, 1 changed, 3 no ledger file or a bad --ledger), and a start-up that loads no cryptography."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from zkcred import cli
from zkcred.cli import EXIT_INPUT, EXIT_INVALID, EXIT_OK
from zkcred.cli.ledger import default_url
from zkcred.ledger import open_ledger


def run(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        rc = cli.main(list(argv))
    except SystemExit as e:
        rc = int(e.code)
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_default_url_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_url() == f"sqlite:{tmp_path / 'data' / 'zkcred' / 'ledger.db'}"
    for unset in ("", "relative/dir"):                 # XDG: a relative or empty value is ignored
        monkeypatch.setenv("XDG_DATA_HOME", unset)
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        assert default_url() == f"sqlite:{tmp_path / 'home' / '.local' / 'share' / 'zkcred' / 'ledger.db'}"


def test_init_show_verify_on_the_default_file(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = tmp_path / "data" / "zkcred" / "ledger.db"
    assert run(capsys, "ledger", "verify")[0] == EXIT_INPUT and not path.exists()      # never created by verify
    rc, out, _ = run(capsys, "ledger", "init")
    assert rc == EXIT_OK and path.exists() and out == f"sqlite:{path}: a new ledger\n"
    with open_ledger(f"sqlite:{path}") as ledger:
        a = ledger.append("did:key:zA", "did", b"\x01\x02")
        b = ledger.append("schema:s", "schema", b"{}")
        c = ledger.append("did:key:zA", "did", b"\x03")
    assert run(capsys, "ledger", "init")[1] == f"sqlite:{path}: an existing ledger, 3 entries\n"
    rc, out, _ = run(capsys, "ledger", "verify")
    assert rc == EXIT_OK and out == f"OK: sqlite:{path}: 3 entries, head digest {c.digest.hex()}\n"
    rc, out, _ = run(capsys, "ledger", "show")
    lines = out.splitlines()
    assert rc == EXIT_OK and len(lines) == 3
    assert lines[0].split()[0] == "1" and "did:key:zA" in lines[0] and "v1" in lines[0] and "2 bytes" in lines[0]
    assert lines[2].split()[2:4] == ["did", "did:key:zA"] and a.digest.hex()[:16] in lines[0]
    rc, out, _ = run(capsys, "ledger", "show", "--json", "--data", "--since", "1")
    docs = [json.loads(x) for x in out.splitlines()]
    assert [d["position"] for d in docs] == [2, 3] and docs[0]["data_hex"] == "7b7d"
    assert docs[1] == {"position": 3, "time": c.time, "kind": "did", "record_id": "did:key:zA", "version": 2,
                       "size": 1, "digest": c.digest.hex(), "data_hex": "03"}
    rc, out, _ = run(capsys, "ledger", "show", "--json", "--id", "did:key:zA")
    assert [json.loads(x)["version"] for x in out.splitlines()] == [1, 2] and b.record_id not in out


def test_verify_exit_codes(tmp_path, capsys):
    db = tmp_path / "l.db"
    url = f"sqlite:{db}"
    assert run(capsys, "ledger", "init", "--ledger", url)[0] == EXIT_OK
    assert run(capsys, "ledger", "verify", "--ledger", url)[1] == f"OK: {url}: 0 entries\n"
    with open_ledger(url) as ledger:
        for i in range(5):
            ledger.append(f"r{i % 2}", "registry-state", bytes([i]) * 10)
    raw = sqlite3.connect(db)
    with raw:
        raw.execute("UPDATE entries SET data = x'00' WHERE position = 4")
    raw.close()
    rc, out, err = run(capsys, "ledger", "verify", "--ledger", url)
    assert rc == EXIT_INVALID and out == "" and err.startswith("INVALID: position 4 (record 'r1')")
    assert err.count("\n") == 1
    assert run(capsys, "ledger", "show", "--ledger", url)[0] == EXIT_INVALID      # show refuses it too
    rc, _, err = run(capsys, "ledger", "verify", "--ledger", f"sqlite:{tmp_path / 'none.db'}")
    assert rc == EXIT_INPUT and "zkcred ledger init" in err
    rc, _, err = run(capsys, "ledger", "verify", "--ledger", "mysql://x")
    assert rc == EXIT_INPUT and "expected sqlite:<path> or evm:" in err
    (tmp_path / "text.db").write_text("hello\n" * 1000)
    rc, _, err = run(capsys, "ledger", "verify", "--ledger", f"sqlite:{tmp_path / 'text.db'}")
    assert rc == EXIT_INVALID and err.startswith("INVALID: ")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    rc, _, err = run(capsys, "ledger", "verify", "--ledger", f"sqlite:{other}")
    assert rc == EXIT_INVALID and "not a zkcred ledger" in err


@pytest.mark.parametrize("argv", [["show", "--since", "-1"], ["show", "--id", "bad\tid"], ["show", "--since", "x"]])
def test_show_bad_arguments(tmp_path, capsys, argv):
    url = f"sqlite:{tmp_path / 'l.db'}"
    run(capsys, "ledger", "init", "--ledger", url)
    rc, _, err = run(capsys, "ledger", *argv, "--ledger", url)
    assert rc in (EXIT_INPUT, 2) and "Traceback" not in err


def test_verify_as_a_process_loads_no_cryptography(tmp_path, cli_modules):
    url = f"sqlite:{tmp_path / 'l.db'}"
    with open_ledger(url) as ledger:
        ledger.append("r", "schema", b"x")
    p, mods = cli_modules("ledger", "verify", "--ledger", url)
    assert p.returncode == 0 and p.stdout.startswith("OK: "), p.stderr
    assert "zkcred.ledger.sqlite" in mods
    assert sorted(m for m in mods if m.startswith(("zkcred.bls12_381", "zkcred._native", "zkcred.bbs",
                                                   "zkcred.groth16", "zkcred.credentials"))) == []
    p = subprocess.run([sys.executable, "-m", "zkcred.cli", "ledger", "verify", "--ledger", url + "x"],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == EXIT_INPUT and p.stderr.startswith("error: ")
