"""``python -m benchmarks registry`` runs in quick mode (benchmarks/registry.py) and produces every row and target
line. No timing is asserted (timings never go into pass/fail tests); the byte count is exact.

No ``__init__.py`` in this folder: as a package it would be imported as ``benchmarks`` and shadow the real one.
"""
from __future__ import annotations

import pytest

from benchmarks import registry as rb


@pytest.mark.slow
def test_registry_benchmark_runs():
    tables = rb.run(quick=True)
    assert len(tables) == 2
    ops = [op for op, _ in tables[0].rows]
    assert "issuer: revoke 100 (one batch, Omega)" in ops and "holder: witness update over 100 removals" in ops
    for t in tables:
        for _op, times in t.rows:
            assert times[rb.Z] is not None and times[rb.Z] > 0
    text = "\n".join(t.render() for t in tables)
    assert "80.08 B in a batch of 100" in text and "88 B alone" in text
    assert "added to present" in text and "added to verify" in text
