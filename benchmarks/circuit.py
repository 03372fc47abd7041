"""Circuit layer: building the predicate circuits, computing their witnesses (Fr in C), Poseidon plain vs in-circuit.

No peer column: circom's witness calculator runs on circom's own circuits, so there is no same-circuit peer; the
Groth16 layer (benchmarks/groth16.py) compares proving against snarkjs. Run: ``python -m benchmarks circuit``.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ._harness import Table, median_time

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # circuits/ lives at the repository root

from circuits import age_at_least, in_range, set_membership   # noqa: E402
from zkcred.bls12_381 import Fr   # noqa: E402
from zkcred.circuit import MerkleTree, poseidon   # noqa: E402


def run(quick: bool = False) -> list[Table]:
    secs = 0.2 if quick else 1.0
    t = Table("Predicate circuits: build and witness (zkcred.circuit)", ["zkcred"])
    epoch = dt.date(1970, 1, 1)
    tree = MerkleTree(list(range(1000, 1000 + (64 if quick else 1024))), depth=20)
    cases = [
        ("age_at_least", age_at_least,
         age_at_least.inputs((dt.date(2000, 2, 29) - epoch).days, (dt.date(2026, 3, 1) - epoch).days, 18)),
        ("in_range", in_range, in_range.inputs(123456789, 1000, 1 << 40)),
        ("set_membership (depth 20)", set_membership, set_membership.inputs(tree, 1007, 7)),
    ]
    for name, mod, inp in cases:
        c = mod.circuit()
        t.add(f"{name}: build ({c.n_constraints} constraints)", zkcred=median_time(mod.build, min_runs=3,
                                                                                    min_seconds=secs))
        t.add(f"{name}: witness + check", zkcred=median_time(lambda c=c, inp=inp: c.witness(inp), min_runs=3,
                                                               min_seconds=secs))
    t.add("MerkleTree build, depth 20, " + f"{len(tree.elements)} leaves",
          zkcred=median_time(lambda: MerkleTree(tree.elements, depth=20), min_runs=1, min_seconds=secs))
    p = Table("Poseidon t = 3 permutation", ["zkcred"])
    s_fr = [Fr(0), Fr(1), Fr(2)]
    p.add("permute on Fr (C, constant time)", zkcred=median_time(lambda: poseidon.permute(s_fr), min_seconds=secs))
    p.add("permute_public on ints (public data)", zkcred=median_time(lambda: poseidon.permute_public([0, 1, 2]),
                                                                      min_seconds=secs))
    p.notes.append("243 constraints per permutation in-circuit (240 when the capacity lane is a constant)")
    return [t, p]
