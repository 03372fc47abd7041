"""Ledger benchmarks (issue 9): the SQLite backend's appends per second and read latencies.

``python -m benchmarks ledger [--quick]``. Appends run with the backend's ``synchronous=FULL`` (an fsync of the
WAL at every commit: an append that returned survives a power loss); the second column repeats them with
``synchronous=NORMAL`` on the same connection, to show what that durability costs here. Reads run on a ledger of
``n`` entries over 100 ids. The file lives in a temporary directory (its file system decides the fsync cost).
"""
from __future__ import annotations

import os
import tempfile

from ._harness import Table, median_time

Z, N = "zkcred sqlite (synchronous=FULL)", "same, synchronous=NORMAL"


def _appends(ledger, size: int, seconds: float) -> float:
    data = os.urandom(size)
    i = [0]

    def one() -> None:
        i[0] += 1
        ledger.append(f"bench:{size}:{i[0] % 100}", "registry-update", data)
    return median_time(one, min_seconds=seconds)


def _pragma(ledger, sql: str) -> None:
    """A setting on the backend's own connection (benchmarks only)."""
    assert ledger._conn is not None
    ledger._conn.execute(sql)


def run(quick: bool = False) -> list[Table]:
    from zkcred.ledger import open_ledger
    from zkcred.ledger.sqlite import SqliteLedger
    n = 1_000 if quick else 10_000
    seconds = 0.2 if quick else 1.0
    t = Table(f"Ledger: SQLite backend (one file, WAL), reads on {n:,} entries over 100 ids", [Z, N])
    with tempfile.TemporaryDirectory() as tmp:
        with SqliteLedger(os.path.join(tmp, "append.db")) as ledger:
            full = {size: _appends(ledger, size, seconds) for size in (100, 4096, 65536)}
            _pragma(ledger, "PRAGMA synchronous=NORMAL")
            normal = {size: _appends(ledger, size, seconds) for size in (100, 4096, 65536)}
        for size in full:
            t.add(f"append, {size:,} B of data", **{Z: full[size], N: normal[size]})

        path = os.path.join(tmp, "read.db")
        with SqliteLedger(path) as filling:
            _pragma(filling, "PRAGMA synchronous=OFF")          # only to fill the file fast
            for i in range(n):
                filling.append(f"did:example:{i % 100}", "did", os.urandom(300))
        with open_ledger(f"sqlite:{path}") as reader:
            k = [0]

            def latest() -> None:
                k[0] += 1
                reader.get(f"did:example:{k[0] % 100}")

            def versioned() -> None:
                k[0] += 1
                reader.get(f"did:example:{k[0] % 100}", 1 + k[0] % (n // 100))
            t.add("get, latest version (300 B)", **{Z: median_time(latest, min_seconds=seconds)})
            t.add("get, a given version", **{Z: median_time(versioned, min_seconds=seconds)})
            t.add(f"history of one id ({n // 100} versions)",
                  **{Z: median_time(lambda: reader.history("did:example:7"), min_seconds=seconds)})
            t.add(f"entries(), all {n:,}", **{Z: median_time(lambda: list(reader.entries()), min_seconds=seconds,
                                                             min_runs=3)})
            t.add(f"verify(), {n:,} entries", **{Z: median_time(reader.verify, min_seconds=seconds, min_runs=3)})
            t.add("open + head + close", **{Z: median_time(lambda: open_ledger(f"sqlite:{path}").close(),
                                                           min_seconds=seconds)})
    t.notes.append("appends/s (FULL): " + ", ".join(f"{1 / s:,.0f} at {size:,} B" for size, s in full.items())
                   + "; (NORMAL): " + ", ".join(f"{1 / s:,.0f}" for s in normal.values()))
    t.notes.append("each read checks the entry against its predecessor's digest (one SHA-256 of the data); "
                   "verify() adds sqlite's integrity_check and the per-id version rules")
    return [t]
