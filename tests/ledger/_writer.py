"""A ledger writer process for test_sqlite_reliability.py (run as a script; reports on stdout).

    _writer.py seq <db> <total> <tag>     append positions head+1 .. total: position i holds expected(i); after
                                          each commit writes "<i>\\n" to stdout (unbuffered), then "done\\n"
    _writer.py tagged <db> <count> <tag>  writes "ready\\n", waits for a line on stdin, then appends <count>
                                          entries "<tag>:<j>" (j = 0, 1, ...) and writes "<j> <position>\\n" after
                                          each commit, then "done\\n"
"""
from __future__ import annotations

import hashlib
import os
import sys

from zkcred.ledger import KINDS, open_ledger


def expected(tag: str, i: int) -> tuple[str, str, bytes]:
    """The record id, kind and data of position ``i`` in ``seq`` mode (an id keeps one kind)."""
    n = i % 97
    seed = hashlib.sha256(f"{tag}:{i}".encode()).digest()
    return f"rec-{n}", KINDS[n % len(KINDS)], hashlib.shake_256(seed).digest(seed[0] * 3)


def main(mode: str, db: str, count: int, tag: str) -> None:
    ledger = open_ledger(f"sqlite:{db}")
    if mode == "seq":
        i = ledger.head() + 1
        while i <= count:
            rid, kind, data = expected(tag, i)
            e = ledger.append(rid, kind, data)
            if e.position != i:
                raise SystemExit(f"appended at {e.position}, expected {i}")
            os.write(1, b"%d\n" % i)
            i += 1
    else:
        os.write(1, b"ready\n")
        sys.stdin.readline()
        for j in range(count):
            e = ledger.append(f"w{tag}-{j % 7}", "registry-update", f"{tag}:{j}".encode())
            os.write(1, b"%d %d\n" % (j, e.position))
    ledger.close()
    os.write(1, b"done\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
