"""``python -m benchmarks registry``: the gas table's shape and the relations the design promises (figures not
pinned: a compiler or contract change moves them). The timing tables are not run here (timings never go into
pass/fail tests)."""
from __future__ import annotations

from _testlib import require_peer
from benchmarks import registry
from zkcred.ledger._anvil import find_anvil


def test_gas_per_registry_update():
    require_peer(find_anvil() is not None, "anvil (npm @foundry-rs/anvil)")
    table = registry._gas(quick=True)
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
