"""``python -m benchmarks registry``: quick mode produces every row and target line (no timing is asserted: timings
never go into pass/fail tests; the byte counts are exact), and the gas table's shape and the relations the design
promises (figures not pinned: a compiler or contract change moves them).

No ``__init__.py`` in this folder: as a package it would be imported as ``benchmarks`` and shadow the real one.
"""
from __future__ import annotations

import pytest
from _testlib import require_peer

from benchmarks import registry as rb
from zkcred.ledger._anvil import find_anvil


@pytest.mark.slow
def test_registry_benchmark_runs():
    tables = rb._accumulator_tables(quick=True)
    assert len(tables) == 2
    ops = [op for op, _ in tables[0].rows]
    assert "issuer: revoke 100 (one batch, Omega)" in ops and "holder: witness update over 100 removals" in ops
    for t in tables:
        for _op, times in t.rows:
            assert times[rb.Z] is not None and times[rb.Z] > 0
    text = "\n".join(t.render() for t in tables)
    assert "80.08 B in a batch of 100" in text and "88 B alone" in text
    assert "added to present" in text and "added to verify" in text


def test_gas_per_registry_update():
    require_peer(find_anvil() is not None, "anvil (npm @foundry-rs/anvil)")
    table = rb._gas(quick=True)
    rows = {op: (size, gas) for op, size, gas, _ in table.rows}
    assert len(rows) == 5
    one = rows["revoke 1: update data (new record)"]
    hundred = rows["revoke 100: update data (next version)"]
    assert one[0] == 88 and hundred[0] == 80 * 100 + 8                  # the documented update data sizes
    state_new, state_next = rows["registry created: state of epoch 0 (new record)"], \
        rows["revoke 1: registry state (next version)"]
    assert state_next[1] < state_new[1]                                 # rewritten slots cost less than fresh ones
    assert 21_000 + 40 * 8008 < hundred[1] < 100 * one[1]               # a batch is far cheaper than 100 singles
    assert "gas per revocation" in table.render()
