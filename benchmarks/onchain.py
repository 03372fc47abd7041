"""Gas of the on-chain verifiers (EIP-2537) on a local anvil node: ``python -m benchmarks onchain``.

Groth16 (2 and 8 public inputs), LegoGroth16 with one committed input (and its opening proof), and a BBS proof of
10 messages with 2 disclosed. Gas is deterministic for a given contract, EVM revision and input, so one
transaction of each is exact. Columns:

- precompiles: the EIP-2537 price of the calls the verifier makes (G1MSM, G1ADD, PAIRING_CHECK; the formula of
  ``zkcred.bls12_381.eip2537``), the "gnark-style" estimate of a verifier's cost;
- execution: the verification call measured (receipt gasUsed less 21,000 and the calldata's price);
- transaction: the receipt's gasUsed (what a user pays for a transaction that only verifies); the calldata is
  priced by EIP-2028 (4/16 gas per zero/non-zero byte; the EIP-7623 floor does not bind here).
"""
from __future__ import annotations

import os

from ._harness import fmt_time  # noqa: F401  (the shared harness; gas rows need no timing)

TARGETS = {"Groth16, 2 public inputs": ("execution", 200_000),
           "BBS proof, 10 messages, 2 disclosed": ("transaction", 350_000)}


class GasTable:
    def __init__(self, title: str) -> None:
        self.title = title
        self.rows: list[tuple[str, int, int, int, int, str]] = []
        self.notes: list[str] = []

    def add(self, case: str, calldata: int, precompiles: int, execution: int, transaction: int) -> None:
        target = ""
        if case in TARGETS:
            col, limit = TARGETS[case]
            got = execution if col == "execution" else transaction
            target = f"{col} <= {limit:,}: {'met' if got <= limit else 'MISSED'}"
        self.rows.append((case, calldata, precompiles, execution, transaction, target))

    def render(self) -> str:
        lines = [f"### {self.title}", "", "| verifier | calldata | precompiles (EIP-2537 formula) | execution "
                 "(measured) | transaction (measured) | target |", "|---|---|---|---|---|---|"]
        for case, size, pre, ex, tx, target in self.rows:
            lines.append(f"| {case} | {size:,} B | {pre:,} | {ex:,} | {tx:,} | {target} |")
        return "\n".join(lines + [""] + [f"- {n}" for n in self.notes])


def _measure(chain, address: str, data: bytes) -> tuple[int, int]:
    from zkcred.ledger.contracts import calldata_gas
    if not chain.call_bool(address, data):
        raise RuntimeError("the benchmark's proof does not verify on chain")
    gas = int(chain.transact(address, data)["gasUsed"], 16)
    return gas - 21000 - calldata_gas(data)[0], gas


def _pub8_circuit():
    from zkcred.circuit import Circuit
    c = Circuit("pub8")
    xs = [c.public_input(f"x{i}") for i in range(8)]
    w = c.private_input("w")
    for x in xs:
        c.assert_eq(w * x, x)
    return c


def run(quick: bool = False) -> list[GasTable]:
    from zkcred import bbs
    from zkcred.bbs import solidity as bsol
    from zkcred.circuits import in_range
    from zkcred.groth16 import core, lego, solidity
    from zkcred.ledger._anvil import AnvilNode, find_anvil
    from zkcred.ledger.contracts import Chain, compile_solidity

    table = GasTable("On-chain verification: gas on anvil (--hardfork prague, EIP-2537)")
    if find_anvil() is None:
        table.notes.append("anvil not found: run `make peers` (npm @foundry-rs/anvil) — no figures")
        return [table]
    with AnvilNode.start() as node:
        chain = Chain(node.url)

        def deploy(source: str, name: str) -> str:
            return chain.deploy(compile_solidity(source, name)["bytecode"])

        rng_c = in_range.circuit()
        pk = core.setup(rng_c.to_r1cs())
        vk = pk.verifying_key()
        proof, public = core.prove(pk, rng_c.witness_bytes(in_range.inputs(42, 18, 120)))
        data = solidity.encode_call(vk, solidity.calldata(proof, public))
        table.add("Groth16, 2 public inputs", len(data), solidity.precompile_gas(vk),
                  *_measure(chain, deploy(solidity.export_solidity(vk), "Groth16Verifier"), data))

        c8 = _pub8_circuit()
        pk8 = core.setup(c8.to_r1cs())
        vk8 = pk8.verifying_key()
        inputs = {f"x{i}": int.from_bytes(os.urandom(31), "big") for i in range(8)}
        proof8, public8 = core.prove(pk8, c8.witness_bytes(dict(inputs, w=1)))
        data = solidity.encode_call(vk8, solidity.calldata(proof8, public8))
        table.add("Groth16, 8 public inputs", len(data), solidity.precompile_gas(vk8),
                  *_measure(chain, deploy(solidity.export_solidity(vk8), "Groth16Verifier"), data))

        lpk = lego.setup(rng_c.to_r1cs(), 1)
        lvk = lpk.verifying_key()
        lproof, lpublic, opening = lego.prove(lpk, rng_c.witness_bytes(in_range.inputs(42, 18, 120)))
        op = solidity.prove_opening(lvk, lpublic, lproof, opening)
        data = solidity.encode_call(lvk, solidity.calldata(lproof, lpublic, op))
        table.add("LegoGroth16, 1 committed + 2 public inputs, with the opening proof", len(data),
                  solidity.precompile_gas(lvk),
                  *_measure(chain, deploy(solidity.export_solidity(lvk), "LegoGroth16Verifier"), data))

        sk = bbs.keygen(os.urandom(32))
        bpk = bbs.sk_to_pk(sk)
        msgs = [f"attribute {i}".encode() for i in range(10)]
        sig = bbs.sign(sk, bpk, b"", msgs)
        idx = [2, 7]
        bproof = bbs.proof_gen(bpk, sig, b"", b"nonce", msgs, idx)
        data = bsol.encode_call(bsol.calldata(bpk, bproof, b"", b"nonce", [msgs[i] for i in idx], idx))
        table.add("BBS proof, 10 messages, 2 disclosed", len(data), bsol.precompile_gas(10),
                  *_measure(chain, deploy(bsol.verifier_source(bpk, 10), "BbsVerifier"), data))
    table.notes += [
        "precompiles: Groth16 = G1MSM(n) + G1ADD + PAIRING_CHECK(4); LegoGroth16 adds a G1ADD (D) and the opening "
        "proof's G1MSM(k + 3); BBS = G1MSM(L + 6) + PAIRING_CHECK(2) (zkcred.bls12_381.eip2537)",
        "execution = gasUsed - 21,000 - calldata (4 gas per zero byte, 16 per other byte)",
        "every precompile call is given exactly its price: an invalid point costs no more than a valid one",
    ]
    return [table]
