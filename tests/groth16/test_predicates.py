"""The credential predicate circuits (circuits/, written with zkcred.circuit) prove and verify with Groth16,
and snarkjs accepts the proofs; a proof for one statement does not verify another."""
import pytest

from zkcred.circuit import MerkleTree
from zkcred.errors import VerificationError
from zkcred.groth16 import core, snarkjs as sj

from zkcred.circuits import age_at_least, in_range, set_membership


def _statements():
    tree = MerkleTree([11, 22, 33, 44], depth=set_membership.DEPTH)
    return [
        ("age_at_least", age_at_least, age_at_least.inputs(0, 365 * 30, 18),
         age_at_least.public_inputs(365 * 30, 18), age_at_least.public_inputs(365 * 30, 19)),
        ("in_range", in_range, in_range.inputs(500, 100, 1000), in_range.public_inputs(100, 1000),
         in_range.public_inputs(100, 999)),
        pytest.param("set_membership", set_membership, set_membership.inputs(tree, 33, tree.index_of(33)),
                     set_membership.public_inputs(tree.root), set_membership.public_inputs(tree.root + 1),
                     marks=pytest.mark.slow),   # 5078 constraints: seconds of setup, minutes under ASan
    ]


@pytest.mark.parametrize("name,mod,inputs,public,other", _statements(),
                         ids=["age_at_least", "in_range", "set_membership"])
def test_predicate_circuit_groth16(name, mod, inputs, public, other, tmp_path, request):
    circuit = mod.circuit()
    r1cs = circuit.to_r1cs()
    pk = core.setup(r1cs)
    vk = pk.verifying_key()
    witness = circuit.witness_bytes(inputs)
    proof, pub = core.prove(pk, witness)
    assert pub == public
    core.verify(core.prepare(vk), public, proof)
    with pytest.raises(VerificationError):
        core.verify(vk, other, proof)
    # snarkjs verifies the same proof with zkcred's exported key (skips loudly outside CI without snarkjs)
    snarkjs = request.getfixturevalue("snarkjs")
    (tmp_path / "vk.json").write_text(sj.vk_to_json(vk))
    (tmp_path / "proof.json").write_text(sj.proof_to_json(proof))
    (tmp_path / "public.json").write_text(sj.public_to_json(pub))
    rc, out = snarkjs("groth16", "verify", "vk.json", "public.json", "proof.json", cwd=tmp_path)
    assert rc == 0 and "OK!" in out, out
