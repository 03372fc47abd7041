"""Gas per registry update on a local anvil node (the EVM ledger backend, zkcred.ledger.evm).

``python -m benchmarks ledger_evm``. Gas is deterministic for a given contract, EVM revision and input, so one run
of each operation is exact; the wall time per append on anvil (automine) is printed for orientation only. Under
Prague (EIP-7623) a transaction pays at least 21,000 + 40 gas per non-zero calldata byte (10 per zero byte): large
records are priced by that floor rather than by their execution, so the data here are random (non-zero) bytes, the
worst case.
"""
from __future__ import annotations

import os
import time

from ._harness import fmt_time

SIZES = [("~100 B", 100), ("1 KB", 1024), ("~5 KB", 5 * 1024)]


class GasTable:
    """Rows of (operation, data bytes, gas used, wall time)."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.rows: list[tuple[str, int, int, float | None]] = []
        self.notes: list[str] = []

    def add(self, op: str, size: int, gas: int, seconds: float | None = None) -> None:
        self.rows.append((op, size, gas, seconds))

    def render(self) -> str:
        lines = [f"### {self.title}", "", "| operation | data | gas | gas / data byte | wall (anvil) |",
                 "|---|---|---|---|---|"]
        for op, size, gas, sec in self.rows:
            per = f"{gas / size:,.1f}" if size else "–"
            lines.append(f"| {op} | {size:,} B | {gas:,} | {per} | {fmt_time(sec)} |")
        return "\n".join(lines + [""] + [f"- {n}" for n in self.notes])


def run(quick: bool = False) -> list[GasTable]:
    from zkcred.ledger._anvil import AnvilNode, find_anvil
    from zkcred.ledger.evm import EvmLedger

    table = GasTable("EVM ledger: gas per registry update (ZkcredRegistry on anvil, --hardfork prague)")
    if find_anvil() is None:
        table.notes.append("anvil not found: run `make peers` (npm @foundry-rs/anvil) — no figures")
        return [table]
    with AnvilNode.start() as node:
        led = EvmLedger.open(node.url, account=0)
        table.add("deploy the registry", 0, led.last_gas_used)
        # a did:key of a BLS12-381 G2 key: "did:key:z" + base58btc(0xeb01 || 96-byte key) = 143 characters
        did = "did:key:z" + "6" * 134
        for label, size in SIZES:
            rid = f"{did}/registry/{size}"
            if size == SIZES[0][1]:
                led.append(did, "did", os.urandom(size), expect_version=0)
                table.add(f"DID document, first version ({label})", size, led.last_gas_used)
            data = os.urandom(size)
            t0 = time.perf_counter()
            led.append(rid, "registry-update", data, expect_version=0)
            first = time.perf_counter() - t0
            table.add(f"new record under the DID ({label})", size, led.last_gas_used, first)
            t0 = time.perf_counter()
            led.append(rid, "registry-update", os.urandom(size), expect_version=1)
            later = time.perf_counter() - t0
            table.add(f"registry update, next version ({label})", size, led.last_gas_used, later)
        led.verify()
        table.notes += [
            f"record ids of {len(did)}..{len(did) + 15} characters; data random bytes (calldata worst case)",
            "storage per record: owner+version+block (1 slot) and digest (1 slot); per ledger: head (2 slots); the "
            "data only in the Appended event (eth_getLogs)",
            "a new record pays two fresh storage slots (2 × 22,100 gas); a next version rewrites them (2 × 2,900)",
            "every append passes the version it expects the record at (as zkcred's issuers do): the contract refuses "
            "a second writer's stale append (VersionConflict)",
        ]
    return [table]
