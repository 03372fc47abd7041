"""``python -m benchmarks ledger_evm`` runs and yields every gas row (benchmarks/ledger_evm.py).

Gas is deterministic, but the figures are not pinned here (a compiler or contract change moves them); the test
checks the table's shape and the relations the design promises: every append costs more than a bare transaction,
and a next version (storage rewritten) costs less than a new record (fresh storage slots) of the same size.
"""
from __future__ import annotations

from _testlib import require_peer
from benchmarks import ledger_evm
from zkcred.ledger._anvil import find_anvil


def test_gas_table():
    require_peer(find_anvil() is not None, "anvil (npm @foundry-rs/anvil)")
    (table,) = ledger_evm.run(quick=True)
    rows = {op: (size, gas) for op, size, gas, _ in table.rows}
    assert len(rows) == 2 + 2 * len(ledger_evm.SIZES)
    for label, size in ledger_evm.SIZES:
        new, nxt = rows[f"new record under the DID ({label})"], rows[f"registry update, next version ({label})"]
        assert new[0] == nxt[0] == size
        assert 21_000 + 40 * size < nxt[1] < new[1]
    assert "gas / data byte" in table.render()
