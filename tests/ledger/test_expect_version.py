"""``Ledger.append(..., expect_version=n)`` on every backend (conftest.BACKENDS): the append lands only when the
record is at version n (0: no record), atomically with the write; otherwise ``LedgerConflict`` names the id, the
expected and the found version, and nothing is written. Of two writers (handles, threads, processes) that read
version n and append, exactly one lands version n + 1."""
from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from zkcred.errors import DecodeError, LedgerConflict, LedgerError, ZkcredError
from zkcred.ledger import LedgerConflict as ReExported

ROOT = Path(__file__).resolve().parents[2]
RACER = r"""
import sys
from zkcred.errors import LedgerConflict
from zkcred.ledger import open_ledger
led = open_ledger(sys.argv[1])
print("ready", flush=True)
for line in sys.stdin:                      # one line per round: the version to expect
    v = int(line)
    try:
        e = led.append("race", "registry-state", f"{sys.argv[2]}:{v}".encode(), expect_version=v)
        print("ok", e.version, flush=True)
    except LedgerConflict as c:
        print("conflict", c.expected, c.found, flush=True)
"""


def test_error_class():
    assert ReExported is LedgerConflict and issubclass(LedgerConflict, LedgerError)
    assert issubclass(LedgerConflict, ZkcredError) and not issubclass(LedgerConflict, DecodeError)
    c = LedgerConflict("r", 2, 3)
    assert (c.record_id, c.expected, c.found) == ("r", 2, 3)
    assert str(c) == ("record 'r' is at version 3, not at the expected version 2: another writer appended first "
                      "and nothing was written")


def test_expected_version_lands_or_conflicts(ledger):
    assert ledger.append("r", "registry-state", b"a", expect_version=0).version == 1
    head = ledger.head()
    for expected, found in [(0, 1), (2, 1), (7, 1)]:
        with pytest.raises(LedgerConflict) as exc:
            ledger.append("r", "registry-state", b"b", expect_version=expected)
        assert (exc.value.record_id, exc.value.expected, exc.value.found) == ("r", expected, found)
        assert f"record 'r' is at version {found}, not at the expected version {expected}" in str(exc.value)
    with pytest.raises(LedgerConflict, match="record 'new' has no version, not at the expected version 3") as exc:
        ledger.append("new", "registry-state", b"x", expect_version=3)
    assert exc.value.found == 0
    assert ledger.head() == head                           # nothing written
    assert ledger.append("r", "registry-state", b"b", expect_version=1).version == 2
    assert ledger.append("r", "registry-state", b"c").version == 3          # None: unconditional
    assert [e.data for e in ledger.history("r")] == [b"a", b"b", b"c"]
    ledger.verify()


@pytest.mark.parametrize("bad", [True, -1, 1.0, "1", (1 << 64) - 1, 1 << 64])
def test_bad_expect_version_is_a_decode_error(ledger, bad):
    with pytest.raises(DecodeError, match="expect_version"):
        ledger.append("r", "schema", b"", expect_version=bad)
    assert ledger.head() == 0


def test_two_handles_that_read_the_same_version(open_handle):
    a, b = open_handle(), open_handle()
    a.append("r", "registry-state", b"0", expect_version=0)
    va, vb = a.get("r").version, b.get("r").version       # both read version 1
    a.append("r", "registry-state", b"a", expect_version=va)
    with pytest.raises(LedgerConflict) as exc:
        b.append("r", "registry-state", b"b", expect_version=vb)
    assert (exc.value.expected, exc.value.found) == (1, 2)
    assert [e.data for e in b.history("r")] == [b"0", b"a"]
    b.verify()


def test_threads_racing_for_one_version(open_handle):
    """Eight handles in eight threads append to one record expecting the same version, round after round: each
    round exactly one lands (sqlite: the write transaction decides; EVM: the contract)."""
    handles = [open_handle() for _ in range(4)]
    handles[0].append("race", "registry-state", b"start", expect_version=0)
    for v in range(1, 4):
        barrier, out = threading.Barrier(len(handles)), []

        def go(i: int, h=None, v=v, barrier=barrier, out=out) -> None:
            h = handles[i]
            barrier.wait()
            try:
                out.append(("ok", h.append("race", "registry-state", b"%d:%d" % (i, v), expect_version=v).version))
            except LedgerConflict as c:
                out.append(("conflict", (c.expected, c.found)))
        ts = [threading.Thread(target=go, args=(i,)) for i in range(len(handles))]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        assert len(out) == len(handles) and [o for o in out if o[0] == "ok"] == [("ok", v + 1)], out
        assert all(o == ("conflict", (v, v + 1)) for o in out if o[0] == "conflict"), out
    assert [e.version for e in handles[0].history("race")] == [1, 2, 3, 4]
    handles[0].verify()


def _url(led) -> str:
    if led.url.startswith("evm:"):
        return f"{led.url}#contract={led.address}&account=0"
    return led.url


def test_two_processes_racing_for_one_version(open_handle):
    """Two writer processes, each told "append expecting version v" at the same moment, for 6 rounds: every
    round exactly one of them lands version v + 1 and the other gets LedgerConflict naming v and v + 1."""
    led = open_handle()
    led.append("race", "registry-state", b"start", expect_version=0)
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    procs = [subprocess.Popen([sys.executable, "-c", RACER, _url(led), tag], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for tag in ("a", "b")]
    try:
        for p in procs:
            assert p.stdout is not None and p.stdout.readline() == "ready\n", p.stderr and p.stderr.read()
        for v in range(1, 7):
            for p in procs:
                assert p.stdin is not None
                p.stdin.write(f"{v}\n")
            for p in procs:
                assert p.stdin is not None
                p.stdin.flush()
            answers = sorted(p.stdout.readline().split() for p in procs if p.stdout is not None)
            assert answers == [["conflict", str(v), str(v + 1)], ["ok", str(v + 1)]], answers
    finally:
        for p in procs:
            if p.stdin is not None:
                p.stdin.close()
            p.wait(timeout=60)
    history = led.history("race")
    assert [e.version for e in history] == list(range(1, 8))
    assert all(e.data.endswith(b":%d" % (e.version - 1)) for e in history[1:])
    led.verify()


def test_a_conflict_reported_without_revert_data_is_still_a_conflict(ledger):
    """Some nodes give an estimation revert with its reason in the message only (no ``data``): the backend runs
    the call again on the latest state to read the contract's reason, so the caller still gets LedgerConflict
    (review finding: it got a plain TransactionReverted, and the issuer's replay could not tell a conflict)."""
    ledger.append("r", "registry-state", b"a", expect_version=0)
    if ledger.url.startswith("evm:"):                # SQLite has no node in between: the plain conflict
        from zkcred.ledger import evm
        real = ledger._rpc

        def no_data(method, params):
            try:
                return real(method, params)
            except evm._RpcError as exc:
                if method != "eth_estimateGas":
                    raise
                raise evm._RpcError(method, exc.code, "execution reverted", None) from None
        ledger._rpc = no_data
    try:
        with pytest.raises(LedgerConflict) as exc:
            ledger.append("r", "registry-state", b"b", expect_version=0)
    finally:
        ledger.__dict__.pop("_rpc", None)
    assert (exc.value.expected, exc.value.found) == (0, 1)
    assert [e.data for e in ledger.history("r")] == [b"a"]
