"""Circuit layer: building the predicate circuits, computing their witnesses (Fr in C), Poseidon plain vs in-circuit.

Peer: circom 2 (wasm compiler from npm) with circomlib's Poseidon, on a circuit of the same shape as zkcred's
set_membership (benchmarks/circom/set_membership_shape.circom, compiled with --O2 for bls12381): constraint count
and in-process witness calculation (circom's witness_calculator.js). circomlib's Poseidon uses other constants, so
only the work is comparable, not the root. The Groth16 layer (benchmarks/groth16.py) compares proving with snarkjs.
Run: ``python -m benchmarks circuit``.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from ._harness import Table, median_time

ROOT = Path(__file__).resolve().parent.parent

from zkcred.circuits import age_at_least, in_range, set_membership   # noqa: E402
from zkcred.bls12_381 import Fr   # noqa: E402
from zkcred.circuit import MerkleTree, poseidon   # noqa: E402

NM = ROOT / "peers" / "node_modules"
CIRCOM_SRC = ROOT / "benchmarks" / "circom" / "set_membership_shape.circom"
WITNESS_BENCH = ROOT / "benchmarks" / "circom" / "witness_bench.cjs"
BUILD = ROOT / "build" / "bench-circom"


def _circom_peer(inputs: dict, secs: float) -> tuple[float | None, int | None, str]:
    """(median witness seconds, constraints, note) for the circom peer; None values when it is not installed."""
    if not (shutil.which("node") and (NM / "circom2" / "cli.js").exists() and (NM / "circomlib").exists()):
        return None, None, "circom peer not installed (`make peers`): no circom column"
    src = CIRCOM_SRC.read_text()
    tag = hashlib.sha256(src.encode()).hexdigest()[:16]
    BUILD.mkdir(parents=True, exist_ok=True)
    stamp = BUILD / "stamp"
    info = BUILD / "constraints"
    if not stamp.exists() or stamp.read_text() != tag:
        (BUILD / "member.circom").write_text(src)
        if not (BUILD / "node_modules" / "circomlib").exists():   # circom2 (WASI) sees real files only
            shutil.copytree(NM / "circomlib", BUILD / "node_modules" / "circomlib")
        res = subprocess.run(["node", str(NM / "circom2" / "cli.js"), "member.circom", "--r1cs", "--wasm", "--O2",
                              "-p", "bls12381", "-l", "node_modules", "-o", "."], cwd=BUILD, capture_output=True,
                             text=True, timeout=600)
        m = re.search(r"non-linear constraints: (\d+)", res.stdout)
        if res.returncode != 0 or not m:
            return None, None, "circom compile failed: " + (res.stdout + res.stderr)[-200:]
        lin = re.search(r"linear constraints: (\d+)", res.stdout.split("non-linear")[1])
        info.write_text(str(int(m.group(1)) + (int(lin.group(1)) if lin else 0)))
        stamp.write_text(tag)
    (BUILD / "input.json").write_text(json.dumps({
        "element": str(inputs["element"]), "siblings": [str(s) for s in inputs["siblings"]],
        "bits": [str(b) for b in inputs["index_bits"]]}))
    res = subprocess.run(["node", str(WITNESS_BENCH), str(BUILD / "member_js"), "member.wasm",
                          str(BUILD / "input.json"), str(secs)], capture_output=True, text=True, timeout=600)
    if res.returncode != 0:
        return None, None, "circom witness run failed: " + (res.stdout + res.stderr)[-200:]
    return json.loads(res.stdout)["median_s"], int(info.read_text()), "circom 2 wasm (circomlib Poseidon), --O2"


def run(quick: bool = False) -> list[Table]:
    secs = 0.2 if quick else 1.0
    t = Table("Predicate circuits: build and witness (zkcred.circuit)", ["zkcred"])
    epoch = dt.date(1970, 1, 1)
    tree = MerkleTree(list(range(1000, 1000 + (64 if quick else 1024))), depth=20)
    member_inputs = set_membership.inputs(tree, 1007, 7)
    cases = [
        ("age_at_least", age_at_least,
         age_at_least.inputs((dt.date(2000, 2, 29) - epoch).days, (dt.date(2026, 3, 1) - epoch).days, 18)),
        ("in_range", in_range, in_range.inputs(123456789, 1000, 1 << 40)),
        ("set_membership (depth 20)", set_membership, member_inputs),
    ]
    for name, mod, inp in cases:
        c = mod.circuit()
        t.add(f"{name}: build ({c.n_constraints} constraints)",
              zkcred=median_time(mod.build, min_runs=3, min_seconds=secs))
        t.add(f"{name}: witness + check",
              zkcred=median_time(lambda c=c, inp=inp: c.witness(inp), min_runs=3, min_seconds=secs))
    t.add(f"MerkleTree build, depth 20, {len(tree.elements)} leaves",
          zkcred=median_time(lambda: MerkleTree(tree.elements, depth=20), min_runs=1, min_seconds=secs))
    x_fr = Fr(tree.elements[-1])
    tree.path_of_ct(x_fr)                       # the tree's zk_fr arrays, built once
    t.add(f"Merkle path of a secret element (path_of_ct: C, constant time), {len(tree.elements)} leaves",
          zkcred=median_time(lambda: tree.path_of_ct(x_fr), min_seconds=secs))
    t.add("Merkle path of a public element (index_of + path: Python, variable time)",
          zkcred=median_time(lambda: tree.path(tree.index_of(tree.elements[-1])), min_seconds=secs))

    peer = Table("Depth-20 Poseidon Merkle membership witness: zkcred vs circom", ["zkcred", "circom"])
    c = set_membership.circuit()
    ours = median_time(lambda: c.witness(member_inputs), min_runs=5, min_seconds=secs)
    theirs, n_circom, note = _circom_peer(member_inputs, secs)
    peer.add("witness calculation (in-process)", zkcred=ours, circom=theirs)
    peer.notes.append(f"constraints: zkcred {c.n_constraints}, circom {n_circom if n_circom else '–'}")
    peer.notes.append(note + "; zkcred's figure includes checking every constraint that is not true by construction")

    p = Table("Poseidon t = 3 permutation", ["zkcred"])
    s_fr = [Fr(0), Fr(1), Fr(2)]
    p.add("permute on Fr (C, constant time)", zkcred=median_time(lambda: poseidon.permute(s_fr), min_seconds=secs))
    p.add("permute_public on ints (public data)",
          zkcred=median_time(lambda: poseidon.permute_public([0, 1, 2]), min_seconds=secs))
    p.notes.append("243 constraints per permutation in-circuit (240 when the capacity lane is a constant)")
    return [t, peer, p]
