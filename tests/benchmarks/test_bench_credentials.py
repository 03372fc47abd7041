"""``python -m benchmarks credentials`` runs end to end in quick mode (benchmarks/credentials.py).

No timing is asserted (timings never go into pass/fail tests): the tests check that both systems' flows run,
that each side's presentation verifies (the module checks that itself and raises otherwise), and that every row
and target line is produced. Without the ``anoncreds`` peer (the ``bench`` extra) the peer test skips loudly
outside CI and fails in CI; the zkcred-only path runs everywhere.

No ``__init__.py`` in this folder: as a package it would be imported as ``benchmarks`` and shadow the real one.
"""
from __future__ import annotations

import importlib.util

import pytest

from benchmarks import credentials as cb

ROWS = ["issuer setup", "issue", "present, first", "present, later", "verify"]


def _check_tables(tables, with_peer: bool) -> str:
    text = "\n".join(t.render() for t in tables)
    stmts = [t for t in tables if t.title.startswith("Credentials:") and getattr(t, "columns", None) == [cb.Z, cb.A]]
    assert len(stmts) == 2                                    # AnonCreds's statement and the 10-attribute one
    for t in stmts:
        assert [op.split(" (")[0] for op, _ in t.rows] == ROWS
        for _op, times in t.rows:
            assert times[cb.Z] is not None and times[cb.Z] > 0
            assert (times.get(cb.A) is not None) == with_peer
    sizes = next(t for t in tables if isinstance(t, cb.SizeTable))
    assert len(sizes.rows) == 2
    for _label, z, a in sizes.rows:
        assert z > 500 and (a is not None) == with_peer
    batch = tables[-1]
    assert batch.rows[0][0] == "10 presentations" and all(v > 0 for v in batch.rows[0][1].values())
    assert "speed-up of batch over singles" in text
    return text


@pytest.mark.slow
@pytest.mark.peer
def test_quick_run_with_anoncreds(peer):
    peer(importlib.util.find_spec("anoncreds") is not None, "anoncreds==0.2.3 (pip install -e '.[bench]')")
    text = _check_tables(cb.run(quick=True), with_peer=True)
    assert text.count("speed-up over anoncreds") == 2
    assert "target: zkcred <= 1/4 of anoncreds" in text


@pytest.mark.slow
def test_quick_run_without_peer(monkeypatch):
    monkeypatch.setattr(cb, "_anoncreds_missing", lambda: "anoncreds not measured: test")
    text = _check_tables(cb.run(quick=True), with_peer=False)
    assert "anoncreds not measured: test" in text and "speed-up over anoncreds" not in text
