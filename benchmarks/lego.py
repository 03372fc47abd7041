"""LegoGroth16 (zkcred.groth16.lego) against plain Groth16 (zkcred.groth16.core) on the same predicate circuit.

The in_range predicate circuit (325 constraints, v committed). Single thread (nthreads=1). ``prove`` includes the
prover's own verification of the proof (the default, see ``lego.check_keys``); "prove, no self-check" leaves it
out. Run: ``python -m benchmarks lego``.
"""
from __future__ import annotations

from ._harness import Table, median_time


def run(quick: bool = False) -> list[Table]:
    from zkcred.bls12_381 import pairing_check
    from zkcred.circuits import in_range
    from zkcred.groth16 import core, lego
    c = in_range.circuit()
    r1cs = c.to_r1cs()
    w = c.witness_bytes(in_range.inputs(1234, 18, 1 << 40))
    secs = 0.2 if quick else 1.0
    t = Table(f"LegoGroth16 vs Groth16, in_range ({len(r1cs.constraints)} constraints, 1 committed wire)",
              ["LegoGroth16", "Groth16"])
    t.add("setup", LegoGroth16=median_time(lambda: lego.setup(r1cs, 1, nthreads=1), min_runs=3, min_seconds=secs),
          Groth16=median_time(lambda: core.setup(r1cs, nthreads=1), min_runs=3, min_seconds=secs))
    pk = lego.setup(r1cs, 1, nthreads=1)
    vk = pk.verifying_key()
    gpk = core.setup(r1cs, nthreads=1)
    gvk = gpk.verifying_key()
    proof, public, opening = lego.prove(pk, w, nthreads=1)
    gproof, gpublic = core.prove(gpk, w, nthreads=1)
    t.add("prove (with self-check)", LegoGroth16=median_time(lambda: lego.prove(pk, w, nthreads=1), min_seconds=secs))
    t.add("prove, no self-check", LegoGroth16=median_time(lambda: lego.prove(pk, w, check=False, nthreads=1),
                                                          min_seconds=secs),
          Groth16=median_time(lambda: core.prove(gpk, w, nthreads=1), min_seconds=secs))
    t.add("rerandomize", LegoGroth16=median_time(lambda: lego.rerandomize(pk, proof, opening), min_seconds=secs))
    t.add("verify", LegoGroth16=median_time(lambda: lego.verify(vk, public, proof), min_seconds=secs),
          Groth16=median_time(lambda: core.verify(gvk, gpublic, gproof), min_seconds=secs))
    pvk, gpvk = lego.prepare(vk), core.prepare(gvk)
    t.add("verify, prepared key", LegoGroth16=median_time(lambda: lego.verify(pvk, public, proof), min_seconds=secs),
          Groth16=median_time(lambda: core.verify(gpvk, gpublic, gproof), min_seconds=secs))
    t.add("pairing_terms + pairing_check",
          LegoGroth16=median_time(lambda: pairing_check(lego.pairing_terms(vk, public, proof, 12345)),
                                  min_seconds=secs))
    t.add("check_keys (once per key)", LegoGroth16=median_time(lambda: lego.check_keys(pk, vk), min_runs=3,
                                                               min_seconds=secs))
    text = vk.to_json()
    t.add("vk from_json", LegoGroth16=median_time(lambda: lego.LegoVerifyingKey.from_json(text), min_seconds=secs))
    t.notes.append(f"proof 240 bytes (Groth16: 192); vk JSON {len(text)} bytes; pk {len(pk.to_bytes())} bytes")
    return [t, predicate_first_proofs(quick)]


def predicate_first_proofs(quick: bool = False) -> Table:
    """The holder's first proof of each credential predicate key (zkcred.credentials.predicates), no self-check:
    the prover that is constant time in the witness (the holder's, with the circuit's boolean wires and the
    public inputs flagged: lego.prover_flags) against the variable-time one, on the default threads."""
    from zkcred.bls12_381 import Fr
    from zkcred.circuit import MerkleTree
    from zkcred.circuits import range64, set_membership
    from zkcred.credentials.predicates import circuit_for
    from zkcred.groth16 import lego
    secs = 0.2 if quick else 1.0
    t = Table("LegoGroth16 first proof of the predicate keys, no self-check (default threads)",
              ["constant time", "variable time"])
    tree = MerkleTree(list(range(100, 800)), depth=10)
    witnesses = {
        "range": range64.witness_bytes(Fr(777), 5, 1 << 33),
        "set16": circuit_for("set16").witness_bytes({"x": 1234, "s": list(range(1225, 1241))}),
        "merkle10": circuit_for("merkle10").witness_bytes(set_membership.inputs(tree, 555, tree.index_of(555))),
    }
    for name, w in witnesses.items():
        c = circuit_for(name)
        pk = lego.setup(c.to_r1cs(), 1)
        flags = lego.prover_flags(pk, c.boolean_wires())
        ct = median_time(lambda pk=pk, w=w, flags=flags, pf=name == "range":
                         lego.prove(pk, w, check=False, boolean_wires=flags, product_free=pf), min_seconds=secs)
        var = median_time(lambda pk=pk, w=w: lego.prove(pk, w, check=False), min_seconds=secs)
        t.add(f"{name} ({pk.n_vars} wires)", **{"constant time": ct, "variable time": var})
    return t


if __name__ == "__main__":   # pragma: no cover
    for table in run():
        print(table.render())
