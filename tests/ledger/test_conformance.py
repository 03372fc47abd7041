"""The Ledger protocol (LEDGER.md, ../shared/DESIGN.md "Ledgers") on every backend of conftest.BACKENDS.

The digest chain is checked against ``chain_digest`` below, written from the protocol's text (not with
zkcred.ledger's own function)."""
from __future__ import annotations

import hashlib
import time

import pytest

from zkcred.errors import DecodeError, ZkcredError
from zkcred.ledger import KINDS, Entry, LedgerError, LedgerIntegrityError, RecordNotFound


def chain_digest(prev: bytes, e: Entry) -> bytes:
    """SHA256(prev_digest || u64 position || len-prefixed record_id || len-prefixed kind || u64 version ||
    u64 time || SHA256(data)); u64 big-endian, length prefixes u64 too."""
    def u64(n: int) -> bytes:
        return n.to_bytes(8, "big")
    rid, kind = e.record_id.encode(), e.kind.encode()
    return hashlib.sha256(prev + u64(e.position) + u64(len(rid)) + rid + u64(len(kind)) + kind + u64(e.version)
                          + u64(e.time) + hashlib.sha256(e.data).digest()).digest()


def check_chain(entries: list[Entry]) -> None:
    prev = bytes(32)
    for e in entries:
        assert e.digest == chain_digest(prev, e), e
        prev = e.digest


def fill(ledger, rng, n: int = 12) -> list[Entry]:
    """``n`` appends over a few ids of every kind, random data (empty, small, a few KiB)."""
    out = []
    for i in range(n):
        k = KINDS[i % len(KINDS)]
        size = rng.choice([0, 1, 33, rng.randrange(4096)])
        out.append(ledger.append(f"{k}:rec-{i % 4}", k, rng.randbytes(size)))
    return out


def test_empty_ledger(ledger):
    assert ledger.head() == 0
    assert list(ledger.entries()) == [] and ledger.history("nothing") == []
    ledger.verify()
    with pytest.raises(RecordNotFound, match="nothing"):
        ledger.get("nothing")
    with pytest.raises(KeyError):                 # RecordNotFound is KeyError-like
        ledger.get("nothing", 1)


def test_append_versions_and_reads(ledger):
    t0 = int(time.time())
    a1 = ledger.append("did:key:zAlice", "did", b"doc-1")
    s1 = ledger.append("schema:1", "schema", b"")
    a2 = ledger.append("did:key:zAlice", "did", b"doc-2")
    a3 = ledger.append("did:key:zAlice", "did", bytes(range(256)))
    assert [(e.record_id, e.kind, e.version, e.data) for e in (a1, s1, a2, a3)] == [
        ("did:key:zAlice", "did", 1, b"doc-1"), ("schema:1", "schema", 1, b""),
        ("did:key:zAlice", "did", 2, b"doc-2"), ("did:key:zAlice", "did", 3, bytes(range(256)))]
    positions = [e.position for e in (a1, s1, a2, a3)]
    assert positions == sorted(set(positions)) and positions[0] >= 1 and ledger.head() == a3.position
    times = [e.time for e in (a1, s1, a2, a3)]
    assert times == sorted(times) and abs(times[0] - t0) < 3600
    assert all(isinstance(e.digest, bytes) and len(e.digest) == 32 for e in (a1, s1, a2, a3))
    assert ledger.get("did:key:zAlice") == a3
    assert ledger.get("did:key:zAlice", 2) == a2 and ledger.get("did:key:zAlice", version=1) == a1
    assert ledger.get("schema:1") == s1
    assert ledger.history("did:key:zAlice") == [a1, a2, a3] and ledger.history("schema:1") == [s1]
    with pytest.raises(RecordNotFound):
        ledger.get("did:key:zAlice", 4)
    with pytest.raises(RecordNotFound):
        ledger.get("did:key:zBob")
    everything = list(ledger.entries())
    assert everything == [a1, s1, a2, a3]
    check_chain(everything)
    ledger.verify()


def test_entries_since_every_position(ledger, rng):
    appended = fill(ledger, rng)
    assert list(ledger.entries()) == appended == list(ledger.entries(0))
    for i, e in enumerate(appended):
        assert list(ledger.entries(e.position)) == appended[i + 1:]
        assert list(ledger.entries(e.position - 1)) == appended[i:]
    assert list(ledger.entries(ledger.head() + 1000)) == []
    check_chain(appended)
    ledger.verify()


def test_versions_per_id_are_consecutive(ledger, rng):
    appended = fill(ledger, rng, 24)
    by_id: dict[str, list[Entry]] = {}
    for e in appended:
        by_id.setdefault(e.record_id, []).append(e)
    for rid, versions in by_id.items():
        assert [e.version for e in versions] == list(range(1, len(versions) + 1))
        assert ledger.history(rid) == versions and ledger.get(rid) == versions[-1]


def test_a_second_handle_sees_appends(open_handle):
    a, b = open_handle(), open_handle()
    e1 = a.append("issuer:1", "issuer", b"one")
    assert b.get("issuer:1") == e1 and b.head() == e1.position
    e2 = b.append("issuer:1", "issuer", b"two")
    assert e2.version == 2 and a.get("issuer:1") == e2 and list(a.entries()) == [e1, e2]
    a.verify()
    b.verify()


def test_reopen_keeps_everything(open_handle, rng):
    first = open_handle()
    appended = fill(first, rng)
    first.close()
    again = open_handle()
    assert list(again.entries()) == appended
    again.verify()


def test_record_id_limits(ledger):
    longest = "x" * 256
    every_printable = "".join(chr(c) for c in range(0x20, 0x7F))
    for rid in (longest, every_printable, "a", " "):
        assert ledger.get(ledger.append(rid, "schema", b"d").record_id).record_id == rid
    ledger.verify()


@pytest.mark.parametrize("rid", ["", "x" * 257, "caf\u00e9", "tab\there", "new\nline", "del\x7f", "nul\x00",
                                 b"bytes", None, 7])
def test_bad_record_ids_are_decode_errors(ledger, rid):
    ledger.append("keep", "schema", b"")
    with pytest.raises(DecodeError, match="record id"):
        ledger.append(rid, "schema", b"data")
    with pytest.raises(DecodeError, match="record id"):
        ledger.get(rid)
    with pytest.raises(DecodeError, match="record id"):
        ledger.history(rid)
    assert ledger.head() == 1 and [e.record_id for e in ledger.entries()] == ["keep"]


@pytest.mark.parametrize("kind", ["", "DID", "other", "did ", "registry_state", None, b"did", 1])
def test_bad_kinds_are_decode_errors(ledger, kind):
    with pytest.raises(DecodeError, match="kind"):
        ledger.append("r", kind, b"data")
    assert ledger.head() == 0


@pytest.mark.parametrize("data", ["text", None, 5, [1, 2]])
def test_data_must_be_bytes(ledger, data):
    with pytest.raises(DecodeError, match="data"):
        ledger.append("r", "schema", data)
    assert ledger.head() == 0


def test_bytes_like_data_is_stored_as_bytes(ledger):
    e = ledger.append("r", "schema", bytearray(b"abc"))
    f = ledger.append("r", "schema", memoryview(b"def"))
    assert (e.data, f.data) == (b"abc", b"def") and type(ledger.get("r", 1).data) is bytes


def test_data_size_limit(ledger):
    limit = ledger.max_data
    assert 0 < limit <= 1 << 20
    with pytest.raises(DecodeError, match=f"limit of {limit} bytes"):
        ledger.append("big", "registry-update", bytes(limit + 1))
    assert ledger.head() == 0
    e = ledger.append("big", "registry-update", b"\x5a" * limit)
    assert ledger.get("big").data == b"\x5a" * limit and e.version == 1
    ledger.verify()


def test_an_id_keeps_its_kind(ledger):
    ledger.append("r", "registry-state", b"s1")
    with pytest.raises(DecodeError, match="kind"):
        ledger.append("r", "registry-update", b"u1")
    assert ledger.head() == 1 and ledger.get("r").kind == "registry-state"
    assert ledger.append("r", "registry-state", b"s2").version == 2


@pytest.mark.parametrize("version", [0, -1, True, "1", 1.0, b"1"])
def test_bad_versions_are_decode_errors(ledger, version):
    ledger.append("r", "schema", b"")
    with pytest.raises(DecodeError, match="version"):
        ledger.get("r", version)


def test_huge_versions_are_not_found(ledger):
    ledger.append("r", "schema", b"")
    for v in (2, 1 << 63, (1 << 64) - 1):
        with pytest.raises(RecordNotFound):
            ledger.get("r", v)
    with pytest.raises(DecodeError):
        ledger.get("r", 1 << 64)


@pytest.mark.parametrize("since", [-1, "0", 1.5, None, True])
def test_bad_since_is_a_decode_error(ledger, since):
    with pytest.raises(DecodeError, match="since"):
        list(ledger.entries(since))


def test_entries_are_immutable(ledger):
    e = ledger.append("r", "schema", b"x")
    with pytest.raises(AttributeError):
        e.data = b"y"  # type: ignore[misc]
    assert e == ledger.get("r") and hash(e) == hash(ledger.get("r"))
    assert "1 bytes" in repr(e) and len(repr(ledger.append("r", "schema", bytes(10_000)))) < 400


def test_closed_ledger_is_an_error(open_handle):
    h = open_handle()
    h.append("r", "schema", b"")
    h.close()
    h.close()                                      # idempotent
    for op in (lambda: h.append("r", "schema", b""), lambda: h.get("r"), h.head, h.verify,
               lambda: list(h.entries())):
        with pytest.raises(LedgerError):
            op()


def test_error_hierarchy():
    assert issubclass(LedgerError, ZkcredError) and issubclass(RecordNotFound, LedgerError)
    assert issubclass(LedgerIntegrityError, LedgerError) and issubclass(RecordNotFound, KeyError)
    assert str(RecordNotFound("no record 'x'")) == "no record 'x'"


def test_open_ledger_urls(tmp_path):
    from zkcred.ledger import open_ledger
    for url in ("", "sqlite", "file:/x", "SQLITE:/x", "ftp://x"):
        with pytest.raises(DecodeError, match="ledger url"):
            open_ledger(url)
    with pytest.raises(DecodeError):
        open_ledger(None)  # type: ignore[arg-type]
    with open_ledger(f"sqlite:{tmp_path / 'a.db'}") as led:
        assert led.url == f"sqlite:{tmp_path / 'a.db'}" and led.head() == 0
