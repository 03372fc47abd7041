"""Verification of real snarkjs proofs, and zkcred's setup checked by snarkjs itself (it proves from a zkcred
.zkey and exports a byte-identical verification key)."""

import pytest

from zkcred.errors import VerificationError
from zkcred.groth16 import core, snarkjs as sj
from zkcred.groth16.keys import R, Proof


@pytest.fixture(scope="module")
def snark(fix):
    vk = sj.read_vk_json(open(fix / "verification_key.json").read())
    proof = sj.read_proof_json(open(fix / "proof.json").read())
    public = sj.read_public_json(open(fix / "public.json").read())
    return vk, proof, public


def test_snarkjs_proof_verifies(snark):
    vk, proof, public = snark
    assert core.verify(vk, public, proof) is None
    assert core.verify(core.prepare(vk), public, proof) is None


@pytest.mark.parametrize("prepared", [False, True])
def test_tampered_inputs_rejected(snark, prepared):
    vk, proof, public = snark
    key = core.prepare(vk) if prepared else vk
    for i in range(len(public)):
        bad = list(public)
        bad[i] = (bad[i] + 1) % R
        with pytest.raises(VerificationError, match="pairing check failed"):
            core.verify(key, bad, proof)
    with pytest.raises(VerificationError, match="pairing check failed"):
        core.verify(key, public, Proof(proof.a, proof.b, proof.a))
    with pytest.raises(VerificationError, match="pairing check failed"):
        core.verify(key, public, Proof(proof.a + proof.a, proof.b, proof.c))
    with pytest.raises(VerificationError, match="expected 4 public inputs, got 3"):
        core.verify(key, public[:3], proof)
    with pytest.raises(VerificationError, match="expected 4 public inputs, got 5"):
        core.verify(key, public + [0], proof)
    with pytest.raises(VerificationError, match=r"public input 0 is not in \[0, r\)"):
        core.verify(key, [public[0] + R] + public[1:], proof)
    with pytest.raises(VerificationError, match=r"not in \[0, r\)"):
        core.verify(key, [-1] + public[1:], proof)


def test_batch_verify(snark):
    vk, proof, public = snark
    pvk = core.prepare(vk)
    items = [(public, proof)] * 5
    assert core.batch_verify(vk, items) is None
    assert core.batch_verify(pvk, items) is None
    assert core.batch_verify(pvk, []) is None
    bad = list(public)
    bad[2] += 1
    with pytest.raises(VerificationError, match="proof 3 of the batch"):
        core.batch_verify(pvk, items[:3] + [(bad, proof)] + items[:1])
    # two bad proofs whose errors would cancel in an unweighted sum are still caught
    neg = Proof(-proof.a, -proof.b, proof.c)   # e(-A, -B) = e(A, B): this one is actually valid
    core.verify(vk, public, neg)
    twisted = Proof(proof.a + proof.a, proof.b, proof.c)
    with pytest.raises(VerificationError, match="proof 0 of the batch"):
        core.batch_verify(vk, [(public, twisted), (public, Proof(-proof.a, proof.b, proof.c))])


@pytest.mark.peer
def test_zkcred_setup_matches_snarkjs(fix, snarkjs, tmp_path):
    """zkcred's setup written as .zkey: snarkjs proves with it and exports the same vk JSON byte for byte;
    zkcred verifies the snarkjs proof made from it; snarkjs verifies with zkcred's exported vk."""
    r1cs = sj.read_r1cs(open(fix / "fixture.r1cs", "rb").read())
    pk = core.setup(r1cs)
    (tmp_path / "k.zkey").write_bytes(sj.write_zkey(pk))
    vk = pk.verifying_key()
    (tmp_path / "vk_zkcred.json").write_text(sj.vk_to_json(vk))
    rc, out = snarkjs("zkey", "export", "verificationkey", "k.zkey", "vk_snarkjs.json", cwd=tmp_path)
    assert rc == 0, out
    assert (tmp_path / "vk_snarkjs.json").read_text() == (tmp_path / "vk_zkcred.json").read_text()
    rc, out = snarkjs("groth16", "prove", "k.zkey", fix / "witness.wtns", "proof.json", "public.json", cwd=tmp_path)
    assert rc == 0, out
    proof = sj.read_proof_json((tmp_path / "proof.json").read_text())
    public = sj.read_public_json((tmp_path / "public.json").read_text())
    assert core.verify(vk, public, proof) is None
    with pytest.raises(VerificationError):
        core.verify(sj.read_vk_json(open(fix / "verification_key.json").read()), public, proof)
    rc, out = snarkjs("groth16", "verify", "vk_zkcred.json", "public.json", "proof.json", cwd=tmp_path)
    assert rc == 0 and "OK" in out, out
    # and a fresh setup has fresh toxic waste
    assert core.setup(r1cs).alpha1 != pk.alpha1
