"""``python -m benchmarks onchain`` runs and yields every gas row (benchmarks/onchain.py).

Gas is deterministic but not pinned (a compiler change moves it); the test checks the table's shape, the issue's
two targets and the relations of the design: each measured execution exceeds its precompiles' EIP-2537 price by
less than 35,000 gas (the Solidity around the precompiles), and each transaction costs execution + 21,000 +
calldata."""
from __future__ import annotations

from _testlib import require_peer
from benchmarks import onchain
from zkcred.ledger._anvil import find_anvil


def test_gas_table():
    require_peer(find_anvil() is not None, "anvil (npm @foundry-rs/anvil)")
    (table,) = onchain.run(quick=True)
    rows = {case: (size, pre, ex, tx, target) for case, size, pre, ex, tx, target in table.rows}
    assert len(rows) == 4
    for case, (size, pre, ex, tx, _) in rows.items():
        assert pre < ex < pre + 35_000, case
        assert ex + 21_000 + 4 * size <= tx <= ex + 21_000 + 16 * size, case
    assert rows["Groth16, 2 public inputs"][2] <= 200_000
    assert rows["BBS proof, 10 messages, 2 disclosed"][3] <= 350_000
    assert "MISSED" not in table.render()
