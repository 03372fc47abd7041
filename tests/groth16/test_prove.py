"""The C prover: proofs from snarkjs .zkey files verify in snarkjs and zkcred; zkcred's own setup round trip."""
import pytest

from zkcred.errors import DecodeError, VerificationError
from zkcred.groth16 import core, snarkjs as sj
from zkcred.groth16.keys import R
from zkcred.groth16.r1cs import R1CS


@pytest.fixture(scope="module")
def snark_key(fix):
    pk = sj.read_zkey(open(fix / "fixture.zkey", "rb").read())
    w = sj.read_wtns(open(fix / "witness.wtns", "rb").read())
    return pk, w


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_prove_from_snarkjs_zkey_verifies(snark_key, fix, threads):
    pk, w = snark_key
    proof, public = core.prove(pk, w, nthreads=threads)
    assert public == sj.read_public_json(open(fix / "public.json").read())
    vk = sj.read_vk_json(open(fix / "verification_key.json").read())
    assert core.verify(vk, public, proof) is None


@pytest.mark.peer
def test_snarkjs_verifies_zkcred_proof(snark_key, fix, snarkjs, tmp_path):
    pk, w = snark_key
    proof, public = core.prove(pk, w)
    (tmp_path / "proof.json").write_text(sj.proof_to_json(proof))
    (tmp_path / "public.json").write_text(sj.public_to_json(public))
    rc, out = snarkjs("groth16", "verify", fix / "verification_key.json", "public.json", "proof.json", cwd=tmp_path)
    assert rc == 0 and "OK!" in out, out
    # a tampered public signal makes snarkjs reject it too (the check above can fail)
    (tmp_path / "public.json").write_text(sj.public_to_json([public[0] + 1] + public[1:]))
    rc, out = snarkjs("groth16", "verify", fix / "verification_key.json", "public.json", "proof.json", cwd=tmp_path)
    assert rc != 0 or "Invalid" in out, out


def test_proofs_are_randomised(snark_key):
    pk, w = snark_key
    p1, _ = core.prove(pk, w)
    p2, _ = core.prove(pk, w)
    assert p1.a != p2.a and p1.b != p2.b and p1.c != p2.c


def test_unsatisfying_witness_gives_invalid_proof(snark_key):
    pk, w = snark_key
    vk = pk.verifying_key()
    bad = bytearray(w)
    bad[32 * 6] ^= 1    # a private input
    proof, public = core.prove(pk, bytes(bad))
    with pytest.raises(VerificationError):
        core.verify(vk, public, proof)


def test_witness_rejections(snark_key):
    pk, w = snark_key
    with pytest.raises(DecodeError, match="nVars = 33"):
        core.prove(pk, w[:-32])
    big = w[:64] + R.to_bytes(32, "little") + w[96:]
    with pytest.raises(DecodeError, match="witness value 2 is not a canonical scalar"):
        core.prove(pk, big)
    with pytest.raises(DecodeError, match="ONE wire"):
        core.prove(pk, (2).to_bytes(32, "little") + w[32:])


def square_circuit(k):
    """Public output y = x^(2^k) for a private x, with a public input z used linearly: y + z = t + z."""
    # wires: 0 ONE, 1 y (out), 2 z (pub in), 3 x (prv), 4.. chain, last
    cons = []
    wires = 4
    prev = 3
    for _ in range(k):
        cons.append(([(prev, 1)], [(prev, 1)], [(wires, 1)]))
        prev = wires
        wires += 1
    cons.append(([(1, 1), (2, 1)], [(0, 1)], [(prev, 1), (2, 1)]))
    r1cs = R1CS(n_wires=wires, n_pub_out=1, n_pub_in=1, n_prv_in=1, constraints=cons)

    def witness(x, z):
        vals = [x]
        for _ in range(k):
            vals.append(vals[-1] * vals[-1] % R)
        return [1, vals[-1], z] + vals
    return r1cs, witness


def test_setup_prove_verify_roundtrip():
    r1cs, witness = square_circuit(40)
    pk = core.setup(r1cs)
    vk = pk.verifying_key()
    w = witness(3, 99)
    proof, public = core.prove(pk, w)
    assert public == [w[1], 99]
    core.verify(vk, public, proof)
    with pytest.raises(VerificationError):
        core.verify(vk, [w[1], 98], proof)
    # the key survives a .zkey round trip
    pk2 = sj.read_zkey(sj.write_zkey(pk))
    proof2, _ = core.prove(pk2, w)
    core.verify(vk, public, proof2)
    # many proofs, one multi-pairing (more than 16: the MSM path of the batch)
    items = [core.prove(pk, witness(x, x + 1))[::-1] for x in range(2, 22)]
    core.batch_verify(core.prepare(vk), items)
    items[7] = (items[6][0], items[7][1])
    with pytest.raises(VerificationError, match="proof 7 of the batch"):
        core.batch_verify(vk, items)


@pytest.mark.parametrize("case", ["no_public", "all_public", "no_constraints"])
def test_edge_shapes(case):
    x = 123456789
    if case == "no_public":       # wires: ONE, x, y (both private)
        r1cs = R1CS(3, 0, 0, 2, [([(1, 1)], [(1, 1)], [(2, 1)])])
        w, public = [1, x, x * x % R], []
    elif case == "all_public":    # wires: ONE, y (out), x (in): no private wire, empty C section
        r1cs = R1CS(3, 1, 1, 0, [([(2, 1)], [(2, 1)], [(1, 1)])])
        w, public = [1, x * x % R, x], [x * x % R, x]
    else:                         # a public input and no constraint at all
        r1cs = R1CS(2, 0, 1, 0, [])
        w, public = [1, x], [x]
    pk = sj.read_zkey(sj.write_zkey(core.setup(r1cs)))
    proof, pub = core.prove(pk, w)
    assert pub == public
    vk = pk.verifying_key()
    core.verify(vk, public, proof)
    core.batch_verify(vk, [(public, proof)] * 3)
    if public:
        with pytest.raises(VerificationError):
            core.verify(vk, [(public[0] + 1) % R] + public[1:], proof)
