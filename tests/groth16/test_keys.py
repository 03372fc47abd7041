"""VerifyingKey, Proof and PreparedVerifyingKey are immutable records (what @dataclass(frozen=True) gave them before
they dropped dataclasses for start-up time), and zkcred.groth16's lazily loaded exports."""
import importlib
import pickle

import pytest

import zkcred.groth16 as g16
from zkcred.groth16 import core, keys, snarkjs as sj


@pytest.fixture(scope="module")
def vk_proof(fix):
    text = (fix / "verification_key.json").read_text()
    return text, sj.read_vk_json(text), sj.read_proof_json((fix / "proof.json").read_text())


def test_records_compare_by_value(vk_proof):
    text, vk, proof = vk_proof
    again = sj.read_vk_json(text)              # distinct point objects, same values
    assert vk is not again and vk == again and hash(vk) == hash(again)
    assert keys.VerifyingKey(vk.alpha1, vk.beta2, vk.gamma2, vk.delta2, vk.ic) == vk
    assert keys.VerifyingKey(ic=vk.ic, delta2=vk.delta2, gamma2=vk.gamma2, beta2=vk.beta2, alpha1=vk.alpha1) == vk
    assert keys.VerifyingKey(vk.alpha1, vk.beta2, vk.gamma2, vk.gamma2, vk.ic) != vk      # delta2 swapped
    assert keys.VerifyingKey(vk.alpha1, vk.beta2, vk.gamma2, vk.delta2, vk.ic[:-1]) != vk
    assert vk.n_public == len(vk.ic) - 1 == 4
    p2 = keys.Proof(proof.a, proof.b, proof.c)
    assert p2 == proof and hash(p2) == hash(proof) and p2 != keys.Proof(proof.c, proof.b, proof.a)
    assert proof != (proof.a, proof.b, proof.c) and vk != proof     # other types never compare equal
    assert len({vk, again, proof, p2}) == 2


def test_records_are_immutable_and_pickle(vk_proof):
    _, vk, proof = vk_proof
    pvk = core.prepare(vk)
    for obj, field in ((vk, "alpha1"), (proof, "a"), (pvk, "vk")):
        with pytest.raises(AttributeError):
            setattr(obj, field, None)
        with pytest.raises(AttributeError):
            delattr(obj, field)
        with pytest.raises(AttributeError):
            obj.extra = 1
        back = pickle.loads(pickle.dumps(obj))
        assert back == obj and type(back) is type(obj)
        assert repr(obj).startswith(type(obj).__name__ + "(" + field + "=")
    assert pvk.vk is vk and pvk == core.PreparedVerifyingKey(vk, pvk.alpha_beta)
    from zkcred.bls12_381 import pairing
    assert pvk.alpha_beta == pairing(vk.alpha1, vk.beta2)


def test_record_constructor_errors(vk_proof):
    _, _, proof = vk_proof
    with pytest.raises(TypeError, match="missing field"):
        keys.Proof(proof.a, proof.b)
    with pytest.raises(TypeError, match="takes 3 fields"):
        keys.Proof(proof.a, proof.b, proof.c, proof.c)
    with pytest.raises(TypeError, match="unexpected or repeated field 'a'"):
        keys.Proof(proof.a, proof.b, proof.c, a=proof.a)
    with pytest.raises(TypeError, match="unexpected or repeated field 'd'"):
        keys.Proof(proof.a, proof.b, proof.c, d=1)


def test_lazy_exports():
    for name, module in g16._EXPORTS.items():
        assert getattr(g16, name) is getattr(importlib.import_module(f"zkcred.groth16.{module}"), name)
    assert set(g16.__all__) <= set(dir(g16))
    assert keys.ProvingKey is g16.ProvingKey and keys.NativeProvingKey.__module__ == "zkcred.groth16._proving_key"
    with pytest.raises(AttributeError):
        g16.no_such_name
    with pytest.raises(AttributeError):
        keys.no_such_name
    from zkcred.groth16 import R1CS, ProvingKey, VerifyingKey, prove, verify   # noqa: F401  (the documented form)
