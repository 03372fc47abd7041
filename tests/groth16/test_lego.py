"""LegoGroth16 (zkcred.groth16.lego): completeness, the commitment D, soundness attempts, re-randomisation,
check_keys against subverted keys, formats.

Independent references: a LegoGroth16 proof with its opening is a plain Groth16 proof of the extended circuit
(committed wires public), so (A, B, C + v eta_delta1) must pass ``core.verify`` (itself checked against snarkjs)
and the real snarkjs verifier with the extended key's verification_key.json."""
import hashlib
import json
from dataclasses import replace

import pytest

from zkcred.bls12_381 import G1, G2, Fr, pairing, pairing_check
from zkcred.circuit import Circuit
from zkcred.circuits import in_range
from zkcred.errors import DecodeError, VerificationError
from zkcred.groth16 import core, lego, snarkjs as sj
from zkcred.groth16.keys import Proof, R, g1_from_zkey, g1_to_zkey, g2_from_zkey, g2_to_zkey


@pytest.fixture(scope="module")
def rng_circuit():
    c = in_range.circuit()
    assert c.wire_names()[:4] == ["one", "lo", "hi", "v"]      # v is the first private input: committed
    return c


@pytest.fixture(scope="module")
def key(rng_circuit):
    pk = lego.setup(rng_circuit.to_r1cs(), 1)
    return pk, pk.verifying_key()


def _witness(c, v, lo, hi):
    return c.witness_bytes(in_range.inputs(v, lo, hi))


@pytest.fixture(scope="module")
def two_committed():
    """x, y committed; u private, not committed; z public: x * y = z, u * u = x."""
    c = Circuit("two")
    x = c.private_input("x")
    y = c.private_input("y")
    u = c.private_input("u")
    z = c.public_input("z")
    c.assert_eq(x * y, z)
    c.assert_eq(u * u, x)
    pk = lego.setup(c.to_r1cs(), 2)
    return c, pk


# ---------------------------------------------------------------- completeness and the commitment


def test_complete_and_d_commits_to_v(rng_circuit, key, rng):
    pk, vk = key
    assert (vk.n_public, vk.n_committed, pk.n_public, pk.n_committed) == (2, 1, 2, 1)
    lo, hi = rng.randrange(0, 1000), rng.randrange(1000, 1 << 64)
    v = rng.randrange(lo, hi + 1)
    proof, public, opening = lego.prove(pk, _witness(rng_circuit, v, lo, hi))
    assert public == in_range.public_inputs(lo, hi)          # the committed value is not among them
    assert lego.verify(vk, public, proof) is None
    assert lego.verify(lego.prepare(vk), public, proof) is None
    assert opening.values == (Fr(v),)
    assert proof.d - pk.eta_gamma1 * opening.v == vk.commit_bases[0] * v


def test_is_a_groth16_proof_of_the_extended_circuit(rng_circuit, key, rng):
    pk, vk = key
    v = rng.randrange(10, 20)
    proof, public, opening = lego.prove(pk, _witness(rng_circuit, v, 10, 20))
    ext_vk = pk.groth16.verifying_key()
    assert ext_vk.ic == vk.ic + vk.commit_bases and ext_vk.gamma2 == vk.gamma2 != G2.generator()
    g16 = Proof(proof.a, proof.b, proof.c + pk.eta_delta1 * opening.v)
    assert core.verify(ext_vk, public + [v], g16) is None
    with pytest.raises(VerificationError):
        core.verify(ext_vk, public + [v + 1], g16)
    # the eta trapdoor relation, and D in the verification equation
    assert pairing(pk.eta_gamma1, vk.gamma2) == pairing(pk.eta_delta1, vk.delta2)


@pytest.mark.peer
def test_snarkjs_verifies_the_extended_groth16_proof(rng_circuit, key, snarkjs, tmp_path):
    pk, vk = key
    proof, public, opening = lego.prove(pk, _witness(rng_circuit, 7, 5, 9))
    g16 = Proof(proof.a, proof.b, proof.c + pk.eta_delta1 * opening.v)
    (tmp_path / "vk.json").write_text(sj.vk_to_json(pk.groth16.verifying_key()))
    (tmp_path / "proof.json").write_text(sj.proof_to_json(g16))
    (tmp_path / "public.json").write_text(sj.public_to_json(public + [7]))
    rc, out = snarkjs("groth16", "verify", "vk.json", "public.json", "proof.json", cwd=tmp_path)
    assert rc == 0 and "OK!" in out, out
    (tmp_path / "public.json").write_text(sj.public_to_json(public + [8]))
    rc, out = snarkjs("groth16", "verify", "vk.json", "public.json", "proof.json", cwd=tmp_path)
    assert rc != 0 or "Invalid" in out, out


def test_two_committed_wires(two_committed, rng):
    c, pk = two_committed
    vk = pk.verifying_key()
    assert (vk.n_public, vk.n_committed) == (1, 2)
    u = rng.randrange(1, 1 << 60)
    x, y = u * u % R, rng.randrange(R)
    proof, public, opening = lego.prove(pk, c.witness_bytes(x=x, y=y, u=u, z=x * y % R))
    assert public == [x * y % R]
    lego.verify(vk, public, proof)
    assert opening.values == (Fr(x), Fr(y))
    assert proof.d == G1.msm_ct(list(vk.commit_bases) + [vk.eta_gamma1], [Fr(x), Fr(y), opening.v])
    # ints work as a witness too
    proof2, _, _ = lego.prove(pk, [int(b) for b in c.witness(x=x, y=y, u=u, z=x * y % R)._values])
    lego.verify(vk, public, proof2)


def test_no_committed_wire(rng_circuit):
    pk = lego.setup(rng_circuit.to_r1cs(), 0)
    vk = pk.verifying_key()
    proof, public, opening = lego.prove(pk, _witness(rng_circuit, 3, 1, 4))
    assert public == [1, 4] and opening.values == () and vk.commit_bases == ()
    assert proof.d == vk.eta_gamma1 * opening.v
    lego.verify(vk, public, proof)


def test_setup_rejects_bad_committed_count(rng_circuit):
    for n in (-1, 2, True, 1.0):
        with pytest.raises(ValueError):
            lego.setup(rng_circuit.to_r1cs(), n)


def test_proofs_are_randomised(rng_circuit, key):
    pk, _ = key
    w = _witness(rng_circuit, 5, 1, 9)
    (p1, _, o1), (p2, _, o2) = lego.prove(pk, w), lego.prove(pk, w)
    assert p1.a != p2.a and p1.b != p2.b and p1.c != p2.c and p1.d != p2.d and o1.v != o2.v


# ---------------------------------------------------------------- soundness attempts


def test_unsatisfying_witness(rng_circuit, key):
    pk, vk = key
    raw = rng_circuit._unchecked_values(in_range.inputs(50, 1, 10))   # v > hi
    w = b"".join(x.to_bytes()[::-1] for x in raw)
    with pytest.raises(VerificationError, match="does not verify"):
        lego.prove(pk, w)
    proof, public, _ = lego.prove(pk, w, check=False)
    with pytest.raises(VerificationError):
        lego.verify(vk, public, proof)


def test_swapped_or_forged_parts_are_rejected(rng_circuit, key, rng):
    pk, vk = key
    p1, pub, o1 = lego.prove(pk, _witness(rng_circuit, 5, 1, 10))
    p2, pub2, o2 = lego.prove(pk, _witness(rng_circuit, 6, 1, 10))
    assert pub == pub2
    lego.verify(vk, pub, p1)
    lego.verify(vk, pub, p2)
    base, eta = vk.commit_bases[0], vk.eta_gamma1
    bad = {
        "D swapped": lego.LegoProof(p1.a, p1.b, p1.c, p2.d),
        "D for another value": lego.LegoProof(p1.a, p1.b, p1.c, base * 6 + eta * o1.v),
        "D with another blinding": lego.LegoProof(p1.a, p1.b, p1.c, base * 5 + eta * o2.v),
        "A modified": lego.LegoProof(p1.a + G1.generator(), p1.b, p1.c, p1.d),
        "B modified": lego.LegoProof(p1.a, p1.b + G2.generator(), p1.c, p1.d),
        "C modified": lego.LegoProof(p1.a, p1.b, p1.c + G1.generator(), p1.d),
        "C swapped": lego.LegoProof(p1.a, p1.b, p2.c, p1.d),
        "C identity": lego.LegoProof(p1.a, p1.b, G1.identity(), p1.d),
        "D identity": lego.LegoProof(p1.a, p1.b, p1.c, G1.identity()),
    }
    for name, proof in bad.items():
        with pytest.raises(VerificationError):
            lego.verify(vk, pub, proof)
            pytest.fail(name)
    for other in ([2, 10], [1, 11], [0, 10]):
        with pytest.raises(VerificationError):
            lego.verify(vk, other, p1)
    for wrong_count in ([1], [1, 10, 5]):
        with pytest.raises(VerificationError, match="public inputs"):
            lego.verify(vk, wrong_count, p1)
    with pytest.raises(VerificationError, match="not in"):
        lego.verify(vk, [1, R + 10], p1)
    for inf in (lego.LegoProof(G1.identity(), p1.b, p1.c, p1.d), lego.LegoProof(p1.a, G2.identity(), p1.c, p1.d)):
        with pytest.raises(VerificationError, match="infinity"):
            lego.verify(vk, pub, inf)
        with pytest.raises(VerificationError, match="infinity"):
            lego.pairing_terms(vk, pub, inf, 3)


def test_verify_alone_is_not_sound(key):
    """Pins the documented caveat: with D free, (alpha1, beta2, O, -PI) passes the equation for ANY statement;
    only the proof of knowledge of D's opening in (commit_bases, eta_gamma1) rules it out."""
    _, vk = key
    public = [100, 5]        # lo > hi: a false statement
    pi = core._cpub(vk, public)
    lego.verify(vk, public, lego.LegoProof(vk.alpha1, vk.beta2, G1.identity(), -pi))


def test_pairing_terms_fold(rng_circuit, key):
    pk, vk = key
    p1, pub1, _ = lego.prove(pk, _witness(rng_circuit, 5, 1, 10))
    p2, pub2, _ = lego.prove(pk, _witness(rng_circuit, 50, 40, 60))
    t1 = lego.pairing_terms(vk, pub1, p1, 7)
    assert len(t1) == 4 and pairing_check(t1)
    both = t1 + lego.pairing_terms(vk, pub2, p2, Fr(123456789))
    assert pairing_check(both)
    assert not pairing_check(t1 + lego.pairing_terms(vk, pub1, p2, 11))   # p2 under p1's statement
    assert not pairing_check(lego.pairing_terms(vk, pub1, lego.LegoProof(p1.a, p1.b, p1.c, p2.d), 5))
    # weight None: the unweighted equation (the caller weighs it)
    t0 = lego.pairing_terms(vk, pub1, p1, None)
    assert pairing_check(t0) and t0[1] == (vk.alpha1, vk.beta2) and t0[0][0] == -p1.a
    assert not pairing_check(lego.pairing_terms(vk, pub2, p1, None))
    with pytest.raises(ValueError):
        lego.pairing_terms(vk, pub1, p1, 0)
    with pytest.raises(ValueError):
        lego.pairing_terms(vk, pub1, p1, R)


# ---------------------------------------------------------------- re-randomisation


def test_rerandomize(rng_circuit, key):
    pk, vk = key
    proof, public, opening = lego.prove(pk, _witness(rng_circuit, 9, 1, 10))
    p2, o2 = lego.rerandomize(pk, proof, opening)
    lego.verify(vk, public, p2)
    assert p2.a != proof.a and p2.b != proof.b and p2.c != proof.c and p2.d != proof.d
    assert o2.values == opening.values and o2.v != opening.v
    assert p2.d - vk.eta_gamma1 * o2.v == vk.commit_bases[0] * 9
    p3, o3 = lego.rerandomize(pk, p2, o2)
    lego.verify(vk, public, p3)
    # with a wrong v the proof still verifies (C and D move together) but the new opening does not open D
    p4, o4 = lego.rerandomize(pk, proof, lego.Opening(opening.values, opening.v + 1))
    lego.verify(vk, public, p4)
    assert p4.d - vk.eta_gamma1 * o4.v != vk.commit_bases[0] * 9
    assert p4.d - vk.eta_gamma1 * (o4.v - 1) == vk.commit_bases[0] * 9
    with pytest.raises(ValueError):
        lego.rerandomize(pk, lego.LegoProof(G1.identity(), proof.b, proof.c, proof.d), opening)


# ---------------------------------------------------------------- check_keys (subverted keys)


def _with(pk, **kw):
    """A copy of pk with Groth16 sections replaced (g16_<field>) and/or eta points replaced."""
    g = replace(pk.groth16, **{k[4:]: v for k, v in kw.items() if k.startswith("g16_")})
    return lego.LegoProvingKey(g, pk.n_committed, kw.get("eta_delta1", pk.eta_delta1),
                               kw.get("eta_gamma1", pk.eta_gamma1))


def test_check_keys_accepts_honest_keys(key, two_committed):
    pk, vk = key
    assert lego.check_keys(pk, vk) is False            # without the R1CS: rules 1-5 only
    pk2 = two_committed[1]
    assert lego.check_keys(pk2, pk2.verifying_key()) is False


def test_check_keys_rejects_identity_eta(rng_circuit, key):
    pk, vk = key
    bad = _with(pk, eta_gamma1=G1.identity())
    # why it matters: with eta_gamma1 = O, D = v_committed * base is deterministic and reveals the value
    p1, _, _ = lego.prove(bad, _witness(rng_circuit, 5, 1, 10), check=False)
    p2, _, _ = lego.prove(bad, _witness(rng_circuit, 5, 1, 10), check=False)
    assert p1.d == p2.d == vk.commit_bases[0] * 5
    with pytest.raises(VerificationError, match="eta_gamma1 is the point at infinity"):
        lego.check_keys(bad, bad.verifying_key())
    with pytest.raises(VerificationError, match="eta_delta1 is the point at infinity"):
        lego.check_keys(_with(pk, eta_delta1=G1.identity()), vk)


def test_check_keys_rejects_inconsistent_points(key):
    pk, vk = key
    d1 = g1_from_zkey(pk.groth16.delta1)
    with pytest.raises(VerificationError, match="delta1"):
        lego.check_keys(_with(pk, g16_delta1=g1_to_zkey(d1 + d1)), vk)
    b1 = g1_from_zkey(pk.groth16.beta1)
    with pytest.raises(VerificationError, match="beta1"):
        lego.check_keys(_with(pk, g16_beta1=g1_to_zkey(b1 + G1.generator())), vk)
    with pytest.raises(VerificationError, match="eta_gamma1, gamma2"):
        lego.check_keys(_with(pk, eta_delta1=pk.eta_delta1 + pk.eta_delta1), vk)
    with pytest.raises(VerificationError, match="delta1 is the point at infinity"):
        lego.check_keys(_with(pk, g16_delta1=bytes(96)), vk)


def test_check_keys_rejects_tampered_b2_query(key):
    pk, vk = key
    g = pk.groth16
    b2 = bytearray(g.b2)
    i = next(i for i in range(g.n_vars) if any(b2[192 * i:192 * (i + 1)]))   # a wire used in B
    p = g2_from_zkey(bytes(b2[192 * i:192 * (i + 1)]))
    b2[192 * i:192 * (i + 1)] = g2_to_zkey(p + G2.generator())
    with pytest.raises(VerificationError, match=rf"B1\[{i}\]"):
        lego.check_keys(_with(pk, g16_b2=bytes(b2)), vk)


def test_check_keys_rejects_points_outside_the_subgroup(key):
    pk, vk = key
    from zkcred.groth16.keys import Q
    # a point on E(Fp) (y^2 = x^3 + 4) outside the order-r subgroup
    x = 0
    while True:
        x += 1
        rhs = (x ** 3 + 4) % Q
        y = pow(rhs, (Q + 1) // 4, Q)
        if y * y % Q == rhs:
            break
    RQ = pow(2, 384, Q)
    enc = (x * RQ % Q).to_bytes(48, "little") + (y * RQ % Q).to_bytes(48, "little")
    a = bytearray(pk.groth16.a)
    a[96 * 5:96 * 6] = enc
    with pytest.raises(DecodeError, match="section A"):
        lego.check_keys(_with(pk, g16_a=bytes(a)), vk)


def test_check_keys_rejects_vk_not_of_pk(key, two_committed):
    pk, vk = key
    for field in ("alpha1", "ic", "commit_bases", "eta_gamma1", "gamma2"):
        other = getattr(two_committed[1].verifying_key(), field)
        if field == "ic":
            other = (vk.ic[0] + G1.generator(),) + vk.ic[1:]
        if field == "commit_bases":
            other = (vk.commit_bases[0] + G1.generator(),)
        bad = lego.LegoVerifyingKey(**{n: (other if n == field else getattr(vk, n)) for n in vk.__slots__})
        with pytest.raises(VerificationError, match=f"field {field} differs"):
            lego.check_keys(pk, bad)


# ---------------------------------------------------------------- formats


def test_vk_json_round_trip_and_shape(key, two_committed):
    pk, vk = key
    text = vk.to_json()
    obj = json.loads(text)
    assert obj["protocol"] == "legogroth16" and obj["curve"] == "bls12381"
    assert obj["nPublic"] == 2 and obj["n_committed"] == 1 and len(obj["IC"]) == 3 and len(obj["commit_bases"]) == 1
    assert lego.LegoVerifyingKey.from_json(text) == vk
    # the snarkjs fields read with snarkjs's own reader for the plain-Groth16 part of the shape
    del obj["commit_bases"], obj["vk_eta_gamma_1"], obj["n_committed"]
    obj["protocol"] = "groth16"
    g = sj.read_vk_json(json.dumps(obj))
    assert (g.alpha1, g.beta2, g.gamma2, g.delta2, g.ic) == (vk.alpha1, vk.beta2, vk.gamma2, vk.delta2, vk.ic)
    vk2 = two_committed[1].verifying_key()
    assert lego.LegoVerifyingKey.from_json(vk2.to_json().encode()) == vk2
    assert vk.digest() != vk2.digest() and len(vk.digest()) == 32
    assert vk.digest() == lego.LegoVerifyingKey.from_json(text).digest()
    # the documented canonical bytes, rebuilt from the per-point encodings
    want = (b"zkcred/legogroth16/vk/v1" + (2).to_bytes(4, "little") + (1).to_bytes(4, "little")
            + b"".join(p.to_bytes() for p in (vk.alpha1, vk.beta2, vk.gamma2, vk.delta2, *vk.ic, *vk.commit_bases,
                                              vk.eta_gamma1)))
    assert vk.to_bytes() == want and vk.digest() == hashlib.sha256(want).digest()


def _mutate(text, fn):
    obj = json.loads(text)
    fn(obj)
    return json.dumps(obj)


@pytest.mark.parametrize("mutation, field", [
    (lambda o: o.pop("vk_eta_gamma_1"), "vk_eta_gamma_1"),
    (lambda o: o.pop("commit_bases"), "commit_bases"),
    (lambda o: o.pop("IC"), "IC"),
    (lambda o: o.pop("vk_delta_2"), "vk_delta_2"),
    (lambda o: o.update(extra=1), "extra"),
    (lambda o: o.update(protocol="groth16"), "protocol"),
    (lambda o: o.update(curve="bn128"), "curve"),
    (lambda o: o.update(nPublic=3), "IC"),
    (lambda o: o.update(nPublic="2"), "nPublic"),
    (lambda o: o.update(n_committed=2), "commit_bases"),
    (lambda o: o.update(n_committed=True), "n_committed"),
    (lambda o: o["IC"][1].__setitem__(0, "1"), "IC[1]"),                           # not on the curve
    (lambda o: o["commit_bases"][0].__setitem__(1, str(2 ** 400)), "commit_bases[0]"),   # coordinate >= q
    (lambda o: o["commit_bases"].__setitem__(0, ["0", "1", "0"]), "commit_bases[0]"),  # infinity
    (lambda o: o.update(vk_eta_gamma_1=["0", "1", "0"]), "vk_eta_gamma_1"),
    (lambda o: o.update(vk_gamma_2=[["0", "0"], ["1", "0"], ["0", "0"]]), "vk_gamma_2"),
    (lambda o: o["vk_alpha_1"].__setitem__(2, "2"), "vk_alpha_1"),                # z != 1
    (lambda o: o["vk_beta_2"][0].__setitem__(0, "01"), "vk_beta_2"),               # non-canonical decimal
    (lambda o: o["vk_alphabeta_12"][0][0].__setitem__(0, "5"), "vk_alphabeta_12"),
])
def test_vk_json_malformed(key, mutation, field):
    _, vk = key
    with pytest.raises(DecodeError, match=field.replace("[", r"\[").replace("]", r"\]")):
        lego.LegoVerifyingKey.from_json(_mutate(vk.to_json(), mutation))


def test_vk_json_optional_alphabeta_and_strict_json(key):
    _, vk = key
    assert lego.LegoVerifyingKey.from_json(_mutate(vk.to_json(), lambda o: o.pop("vk_alphabeta_12"))) == vk
    for text in ("[]", "not json", '{"protocol": "legogroth16", "protocol": "legogroth16"}'):
        with pytest.raises(DecodeError):
            lego.LegoVerifyingKey.from_json(text)


def test_proof_formats(rng_circuit, key):
    pk, vk = key
    proof, public, _ = lego.prove(pk, _witness(rng_circuit, 2, 1, 3))
    raw = proof.to_bytes()
    assert len(raw) == 240 and lego.LegoProof.from_bytes(raw) == proof
    assert lego.LegoProof.from_json(proof.to_json()) == proof
    with pytest.raises(DecodeError, match="240"):
        lego.LegoProof.from_bytes(raw[:-1])
    bad = bytearray(raw)
    bad[200] ^= 1
    with pytest.raises(DecodeError, match="field D"):
        lego.LegoProof.from_bytes(bytes(bad))
    with pytest.raises(DecodeError, match="pi_d"):
        lego.LegoProof.from_json(_mutate(proof.to_json(), lambda o: o.pop("pi_d")))
    with pytest.raises(DecodeError, match="pi_c"):
        lego.LegoProof.from_json(_mutate(proof.to_json(), lambda o: o["pi_c"].__setitem__(0, "7")))
    with pytest.raises(DecodeError, match="protocol"):
        lego.LegoProof.from_json(_mutate(proof.to_json(), lambda o: o.update(protocol="groth16")))


def test_proving_key_bytes(rng_circuit, key):
    pk, vk = key
    data = pk.to_bytes()
    pk2 = lego.LegoProvingKey.from_bytes(data)
    assert pk2.to_bytes() == data and pk2.digest() == pk.digest() and len(pk.digest()) == 32
    assert pk2.verifying_key() == vk and pk2.n_committed == 1 and pk2.eta_delta1 == pk.eta_delta1
    proof, public, _ = lego.prove(pk2, _witness(rng_circuit, 4, 3, 5))
    lego.verify(vk, public, proof)
    # the groth16 part is a .zkey that the plain reader accepts (the extended circuit's key)
    assert sj.read_zkey(data).n_public == 3
    # a plain .zkey has no lego section
    with pytest.raises(DecodeError, match="section"):
        lego.LegoProvingKey.from_bytes(sj.write_zkey(pk.groth16))
    from zkcred.groth16 import _binfile
    secs = _binfile.read_sections(data, b"zkey", 2, "t")

    def rebuild(payload):
        return _binfile.write_sections(b"zkey", 1, [(s, bytes(p)) for s, p in secs.items() if s != lego.LEGO_SECTION]
                                       + [(lego.LEGO_SECTION, payload)])
    lg = bytes(secs[lego.LEGO_SECTION])
    with pytest.raises(DecodeError, match="version"):
        lego.LegoProvingKey.from_bytes(rebuild(b"\x03" + lg[1:]))
    with pytest.raises(DecodeError, match="n_committed"):
        lego.LegoProvingKey.from_bytes(rebuild(lg[:4] + (4).to_bytes(4, "little") + lg[8:]))
    with pytest.raises(DecodeError, match="eta_gamma1"):
        lego.LegoProvingKey.from_bytes(rebuild(lg[:104] + b"\x01" + lg[105:]))
    with pytest.raises(DecodeError, match="trailing"):
        lego.LegoProvingKey.from_bytes(rebuild(lg + b"\x00"))
    assert _with(pk, eta_gamma1=pk.eta_gamma1 + G1.generator()).digest() != pk.digest()


# ---------------------------------------------------------------- batched point decoding of a key

def _one_by_one(obj):
    """The reference: the key's points decoded one at a time in field order with the single-point decoders (what
    _vk_from_obj did before it batched them); the first failure's DecodeError, or the points."""
    fields = ([("vk_alpha_1", obj["vk_alpha_1"], lego._g1)]
              + [(n, obj[n], lego._g2) for n in ("vk_beta_2", "vk_gamma_2", "vk_delta_2")]
              + [(f"IC[{i}]", p, lego._g1) for i, p in enumerate(obj["IC"])]
              + [(f"commit_bases[{i}]", p, lego._g1) for i, p in enumerate(obj["commit_bases"])]
              + [("vk_eta_gamma_1", obj["vk_eta_gamma_1"], lego._g1)])
    try:
        return [dec(v, name) for name, v, dec in fields]
    except DecodeError as e:
        return str(e)


def _g1_json_xy(pt):
    from py_ecc.optimized_bls12_381 import normalize
    x, y = (int(c) for c in normalize(pt))
    return [str(x), str(y), "1"]


def _g2_json_xy(pt):
    from py_ecc.optimized_bls12_381 import normalize
    x, y = normalize(pt)
    return [[str(int(x.coeffs[0])), str(int(x.coeffs[1]))], [str(int(y.coeffs[0])), str(int(y.coeffs[1]))],
            ["1", "0"]]


def _oracle():
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))      # tests/ (for tests/bls12_381/oracle.py)
    from bls12_381 import oracle
    return oracle


def test_vk_points_batched_name_each_bad_point(key, two_committed):
    """Every point field of a key, made a point off the curve or on the curve outside the subgroup, is refused
    with the DecodeError that decoding the points one by one gives (the field and the rule); with two bad points,
    the first in field order is named; a valid key decodes to the same points as the one-by-one reference."""
    import random
    O = _oracle()
    rng = random.Random(11)
    vk = two_committed[1].verifying_key()
    base = json.loads(vk.to_json())
    pts = _one_by_one(base)
    assert not isinstance(pts, str)
    got = lego.LegoVerifyingKey.from_json(json.dumps(base))
    assert [got.alpha1, got.beta2, got.gamma2, got.delta2, *got.ic, *got.commit_bases, got.eta_gamma1] == pts
    g1_fields = ["vk_alpha_1", *(f"IC[{i}]" for i in range(len(base["IC"]))),
                 *(f"commit_bases[{i}]" for i in range(len(base["commit_bases"]))), "vk_eta_gamma_1"]
    g2_fields = ["vk_beta_2", "vk_gamma_2", "vk_delta_2"]

    def put(obj, field, value):
        if "[" in field:
            name, i = field[:-1].split("[")
            obj[name][int(i)] = value
        else:
            obj[field] = value

    def off_curve(v):
        v = json.loads(json.dumps(v))
        if isinstance(v[1], list):
            v[1][0] = str((int(v[1][0]) + 1) % O.P)
        else:
            v[1] = str((int(v[1]) + 1) % O.P)
        return v

    def get(obj, field):
        if "[" in field:
            name, i = field[:-1].split("[")
            return obj[name][int(i)]
        return obj[field]

    cases = []
    for f in g1_fields:
        cases += [(f, off_curve(get(base, f)), "not on the curve"),
                  (f, _g1_json_xy(O.g1_off_subgroup(rng)), "subgroup")]
    for f in g2_fields:
        cases += [(f, off_curve(get(base, f)), "not on the curve"),
                  (f, _g2_json_xy(O.g2_off_subgroup(rng)), "subgroup")]
    for field, value, rule in cases:
        obj = json.loads(json.dumps(base))
        put(obj, field, value)
        want = _one_by_one(obj)
        assert isinstance(want, str) and want.startswith(field + ": G") and rule in want, (field, want)
        with pytest.raises(DecodeError) as e:
            lego.LegoVerifyingKey.from_json(json.dumps(obj))
        assert str(e.value) == want
    # two bad points: the first in field order is named (a G1 point before the G2 points, and after them)
    order = ["vk_alpha_1", *g2_fields, *g1_fields[1:]]
    for a, b in [("vk_alpha_1", "vk_gamma_2"), ("vk_delta_2", "IC[0]"), ("IC[1]", "vk_eta_gamma_1"),
                 ("vk_beta_2", "vk_delta_2"), ("commit_bases[0]", "vk_alpha_1"), ("IC[0]", "vk_beta_2")]:
        obj = json.loads(json.dumps(base))
        put(obj, a, off_curve(get(base, a)))
        put(obj, b, off_curve(get(base, b)))
        first = min(a, b, key=order.index)
        with pytest.raises(DecodeError) as e:
            lego.LegoVerifyingKey.from_json(json.dumps(obj))
        assert str(e.value) == _one_by_one(obj) and str(e.value).startswith(first + ": "), (a, b, str(e.value))
    # a point at infinity where one is allowed (an IC entry) decodes as the identity through the batch
    obj = json.loads(json.dumps(base))
    obj["IC"][0] = ["0", "1", "0"]
    assert lego.LegoVerifyingKey.from_json(json.dumps(obj)).ic[0] == G1.identity()
