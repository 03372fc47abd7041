"""circom2 (wasm) end to end: compile the fixture circuit, compute its witness with snarkjs, prove with zkcred
from the committed snarkjs .zkey, verify with snarkjs and zkcred."""
import shutil

import pytest

from zkcred.groth16 import core, snarkjs as sj

pytestmark = pytest.mark.peer


def test_circom_compile_witness_prove(fix, tmp_path, circom2, snarkjs):
    shutil.copy(fix / "fixture.circom", tmp_path)
    shutil.copy(fix / "input.json", tmp_path)
    # circom2 runs under WASI and sees only files below its working directory
    shutil.copytree(fix.parents[2] / "peers" / "node_modules" / "circomlib", tmp_path / "node_modules" / "circomlib")
    rc, out = circom2("fixture.circom", "--r1cs", "--wasm", "-p", "bls12381", "-l", "node_modules", "-o", ".",
                      cwd=tmp_path)
    assert rc == 0, out
    r1cs = sj.read_r1cs((tmp_path / "fixture.r1cs").read_bytes())
    assert r1cs == sj.read_r1cs((fix / "fixture.r1cs").read_bytes())
    rc, out = snarkjs("wtns", "calculate", "fixture_js/fixture.wasm", "input.json", "w.wtns", cwd=tmp_path)
    assert rc == 0, out
    w = sj.read_wtns((tmp_path / "w.wtns").read_bytes())
    assert w == sj.read_wtns((fix / "witness.wtns").read_bytes())
    pk = sj.read_zkey((fix / "fixture.zkey").read_bytes())
    proof, public = core.prove(pk, w)
    (tmp_path / "proof.json").write_text(sj.proof_to_json(proof))
    (tmp_path / "public.json").write_text(sj.public_to_json(public))
    rc, out = snarkjs("groth16", "verify", fix / "verification_key.json", "public.json", "proof.json", cwd=tmp_path)
    assert rc == 0 and "OK!" in out, out
    core.verify(pk.verifying_key(), public, proof)
