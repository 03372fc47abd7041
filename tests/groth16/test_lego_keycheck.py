"""lego.check_keys with the R1CS and the powers of tau (the full CRS check, Fuchsbauer PKC 2018): honest keys pass,
every kind of subverted key is named, and for a fully checked key prove(check=False) releases only verifying
proofs.

Independent reference: ``_trapdoor.trapdoor_key`` builds a key from a known trapdoor with plain Python integers
and the closed-form Lagrange values (no NTT, no C setup); it must pass, and keys it builds for degenerate
trapdoors the C setup refuses (tau a root of unity, tau = 0) must fail with the right rule."""
import random
import struct
from dataclasses import replace

import pytest
from _trapdoor import trapdoor_key

from zkcred.bls12_381 import G1, G2
from zkcred.circuits import in_range, range64
from zkcred.credentials.predicates import circuit_for
from zkcred.errors import DecodeError, VerificationError
from zkcred.groth16 import _binfile, core, lego
from zkcred.groth16._ntt import root_of_unity
from zkcred.groth16.keys import R, g1_from_zkey, g1_to_zkey, g2_from_zkey, g2_to_zkey


@pytest.fixture(scope="module")
def rng_circuit():
    return in_range.circuit()


@pytest.fixture(scope="module")
def keys(rng_circuit):
    r = rng_circuit.to_r1cs()
    pk, other = lego.setup(r, 1), lego.setup(r, 1)
    return r, pk, other


def _full(pk, r1cs, vk=None):
    return lego.check_keys(pk, vk or pk.verifying_key(), r1cs)


def _with(pk, tau1=None, tau2=None, **g16):
    return lego.LegoProvingKey(replace(pk.groth16, **g16), pk.n_committed, pk.eta_delta1, pk.eta_gamma1,
                               tau1 or pk.tau1, tau2 or pk.tau2)


def _put(blob: bytes, i: int, new: bytes) -> bytes:
    size = len(new)
    return blob[:size * i] + new + blob[size * (i + 1):]


def _used(blob: bytes, size: int, start: int = 0) -> int:
    """The first index >= start whose point is not the point at infinity."""
    return next(i for i in range(start, len(blob) // size) if any(blob[size * i:size * (i + 1)]))


def _rejects(pk, r1cs, match, vk=None):
    with pytest.raises(VerificationError, match=match):
        _full(pk, r1cs, vk)


# ---------------------------------------------------------------- honest keys


def test_honest_keys_pass_fully(keys):
    r, pk, _ = keys
    assert _full(pk, r) is True
    assert lego.check_keys(pk, pk.verifying_key()) is False          # no R1CS: the partial check
    back = lego.LegoProvingKey.from_bytes(pk.to_bytes())
    assert (back.tau1, back.tau2) == (pk.tau1, pk.tau2) and back.to_bytes() == pk.to_bytes()
    assert _full(back, r) is True
    for name in ("range", "set16"):                                  # the credential layer's circuits
        rr = circuit_for(name).to_r1cs()
        k = lego.setup(rr, 1)
        assert _full(lego.LegoProvingKey.from_bytes(k.to_bytes()), rr) is True


def test_setup_powers_are_powers_of_one_tau(keys):
    """Independent of check_keys: tau^(j+1) G1 pairs with G2 as tau^j G1 with tau G2 (zkcred pairing, one by one)
    and tau^n G1 with G2 as G1 with tau^n G2."""
    from zkcred.bls12_381 import pairing
    _, pk, _ = keys
    n = pk.groth16.domain_size
    p = [G1.generator()] + [g1_from_zkey(pk.tau1[96 * j:96 * j + 96]) for j in range(n)]
    t, tn = g2_from_zkey(pk.tau2[:192]), g2_from_zkey(pk.tau2[192:])
    for j in (0, 1, n // 2, n - 1):
        assert pairing(p[j + 1], G2.generator()) == pairing(p[j], t)
    assert pairing(p[n], G2.generator()) == pairing(G1.generator(), tn)
    assert p[n] != G1.generator()


def test_trapdoor_reference_key_passes_and_proves(rng_circuit):
    """The independent reference: a key from a known trapdoor, computed without NTT or the C setup."""
    r = rng_circuit.to_r1cs()
    rnd = random.Random(8)
    pk = trapdoor_key(r, 1, *[rnd.randrange(2, R) for _ in range(6)])
    assert _full(pk, r) is True
    proof, public, _ = lego.prove(pk, rng_circuit.witness_bytes(in_range.inputs(7, 3, 9)), check=False)
    lego.verify(pk.verifying_key(), public, proof)


def test_tau_on_the_odd_coset_is_still_an_honest_key(rng_circuit):
    """tau^n = -1 (t(tau) = -2 != 0): the C setup's Lagrange formulas cannot make it, but it is a valid key;
    the check is a polynomial identity, not the Lagrange form."""
    r = rng_circuit.to_r1cs()
    n = core.domain_size_for(len(r.constraints), r.n_public + 1)
    tau = pow(root_of_unity(n.bit_length()), 5, R)                   # an odd power of w_2n
    pk = trapdoor_key(r, 1, tau, 11, 12, 13, 14, 15)
    assert _full(pk, r) is True
    proof, public, _ = lego.prove(pk, rng_circuit.witness_bytes(in_range.inputs(9, 3, 9)), check=False)
    lego.verify(pk.verifying_key(), public, proof)


# ---------------------------------------------------------------- subverted keys


def test_h_point_moved_passes_the_old_check_but_not_the_new(keys, rng_circuit):
    r, pk, _ = keys
    h = pk.groth16.h
    k = 3
    bad = _with(pk, h=_put(h, k, g1_to_zkey(g1_from_zkey(h[96 * k:96 * k + 96]) + G1.generator())))
    assert lego.check_keys(bad, bad.verifying_key()) is False        # rules 1-5 pass: the old check
    # why it matters: proofs fail for the witnesses whose h_k != 0 (and pass for the others)
    fails = 0
    for v in range(3, 12):
        proof, public, _ = lego.prove(bad, rng_circuit.witness_bytes(in_range.inputs(v, 3, 11)), check=False)
        try:
            lego.verify(bad.verifying_key(), public, proof)
        except VerificationError:
            fails += 1
    assert fails > 0
    _rejects(bad, r, "check_keys: the H query is snarkjs's odd-coset Lagrange bases times t.tau./delta fails")


@pytest.mark.parametrize("section,rule", [
    ("a", "the A query is the circuit's u_i.tau. G1"),
    ("c", r"the C query is \(beta u_i \+ alpha v_i \+ w_i\)\(tau\)/delta G1"),
    ("ic", r"the IC query is \(beta u_i \+ alpha v_i \+ w_i\)\(tau\)/gamma G1"),
    ("h", "the H query"),
])
def test_query_point_from_another_honest_key(keys, section, rule):
    r, pk, other = keys
    mine, theirs = getattr(pk.groth16, section), getattr(other.groth16, section)
    i = _used(mine, 96)
    bad = _with(pk, **{section: _put(mine, i, theirs[96 * i:96 * i + 96])})
    _rejects(bad, r, rule, bad.verifying_key())


def test_commit_base_from_another_honest_key(keys):
    """The committed wire's IC point (a commit base, in pk and vk alike) swapped: the IC rule names it."""
    r, pk, other = keys
    i = pk.n_public + 1
    bad = _with(pk, ic=_put(pk.groth16.ic, i, other.groth16.ic[96 * i:96 * i + 96]))
    assert bad.verifying_key().commit_bases != pk.verifying_key().commit_bases
    _rejects(bad, r, "the IC query")


def test_b_query_from_another_honest_key(keys):
    """B1 and B2 of one wire swapped together (rule 5 passes): the B1 query rule names it."""
    r, pk, other = keys
    i = _used(pk.groth16.b1, 96)
    bad = _with(pk, b1=_put(pk.groth16.b1, i, other.groth16.b1[96 * i:96 * i + 96]),
                b2=_put(pk.groth16.b2, i, other.groth16.b2[192 * i:192 * i + 192]))
    _rejects(bad, r, "the B1 query is the circuit's v_i.tau. G1")
    bad = _with(pk, b2=_put(pk.groth16.b2, i, other.groth16.b2[192 * i:192 * i + 192]))
    _rejects(bad, r, rf"e\(B1\[{i}\], G2\) = e\(G1, B2\[{i}\]\) fails")


def test_inconsistent_powers(keys):
    r, pk, other = keys
    n = pk.groth16.domain_size
    j = n // 2
    moved = _put(pk.tau1, j, g1_to_zkey(g1_from_zkey(pk.tau1[96 * j:96 * j + 96]) + G1.generator()))
    _rejects(_with(pk, tau1=moved), r, r"the powers of tau in G1: e\(tau\^\(j\+1\) G1, G2\) = e\(tau\^j G1, tau G2\)")
    _rejects(_with(pk, tau1=other.tau1), r, "the powers of tau in G1")               # another tau altogether
    tn = g2_from_zkey(pk.tau2[192:])
    _rejects(_with(pk, tau2=pk.tau2[:192] + g2_to_zkey(tn + G2.generator())), r,
             r"the powers of tau in G2: e\(tau\^n G1, G2\) = e\(G1, tau\^n G2\)")


def test_tau_a_root_of_unity_or_zero(rng_circuit):
    r = rng_circuit.to_r1cs()
    n = core.domain_size_for(len(r.constraints), r.n_public + 1)
    tau = pow(root_of_unity(n.bit_length() - 1), 3, R)                 # w_n^3: t(tau) = 0
    bad = trapdoor_key(r, 1, tau, 11, 12, 13, 14, 15)
    assert lego.check_keys(bad, bad.verifying_key()) is False           # the old check passes
    _rejects(bad, r, r"tau\^n = 1")
    _rejects(trapdoor_key(r, 1, 0, 11, 12, 13, 14, 15), r, "tau G1 is the point at infinity")


def test_coefficient_record_changed(keys):
    r, pk, _ = keys
    coeffs = bytearray(pk.groth16.coeffs)
    coeffs[12] ^= 1                                 # the first record's value
    _rejects(_with(pk, coeffs=bytes(coeffs)), r, r"coefficient records \(section 4\) are not the circuit's R1CS")
    struct.pack_into("<I", coeffs, 0, 1)            # or a record moved from A to B
    coeffs[12] ^= 1
    _rejects(_with(pk, coeffs=bytes(coeffs)), r, "coefficient records")


def test_key_of_another_circuit_or_shape(keys):
    r, pk, _ = keys
    other = circuit_for("set16").to_r1cs()
    _rejects(pk, other, "the key's shape")
    # the same constraints with one more wire made public (the review_keys attack): the shape differs
    from zkcred.groth16.r1cs import R1CS
    evil = lego.setup(R1CS(r.n_wires, r.n_pub_out, r.n_pub_in + 1, 1, r.constraints), 1)
    _rejects(evil, r, "the key's shape")


def test_old_format_keys_are_read_and_only_partially_checked(keys):
    r, pk, _ = keys
    v1 = lego.LegoProvingKey(pk.groth16, pk.n_committed, pk.eta_delta1, pk.eta_gamma1)
    data = v1.to_bytes()
    sec = _binfile.read_sections(data, b"zkey", 2, "zkey")[lego.LEGO_SECTION]
    assert struct.unpack_from("<I", sec)[0] == 1 and len(sec) == 8 + 192
    back = lego.LegoProvingKey.from_bytes(data)
    assert back.tau1 is None and _full(back, r) is False


def test_powers_section_decoding(keys):
    _, pk, _ = keys
    data = pk.to_bytes()
    secs = _binfile.read_sections(data, b"zkey", 2, "zkey")
    sec = bytes(secs[lego.LEGO_SECTION])
    assert struct.unpack_from("<III", sec, 0)[0] == 2
    n = pk.groth16.domain_size
    assert struct.unpack_from("<I", sec, 200)[0] == n and len(sec) == 204 + 96 * n + 384

    def rebuilt(new_sec):
        return _binfile.write_sections(b"zkey", 1, [(k, bytes(v)) for k, v in secs.items() if k != lego.LEGO_SECTION]
                                       + [(lego.LEGO_SECTION, new_sec)])
    with pytest.raises(DecodeError, match="powers of tau"):
        lego.LegoProvingKey.from_bytes(rebuilt(sec[:200] + struct.pack("<I", n - 1) + sec[204:]))
    with pytest.raises(DecodeError):
        lego.LegoProvingKey.from_bytes(rebuilt(sec[:-1]))
    with pytest.raises(DecodeError, match="version 3"):
        lego.LegoProvingKey.from_bytes(rebuilt(struct.pack("<I", 3) + sec[4:]))
    # a power off the curve: DecodeError from check_keys, which decodes them
    bad = _with(pk, tau1=_put(pk.tau1, 1, b"\x01" + bytes(95)))
    with pytest.raises(DecodeError, match="powers of tau in G1"):
        _full(bad, keys[0])


# ---------------------------------------------------------------- check=False for fully checked keys


def test_unchecked_proofs_of_a_checked_key_verify(rng):
    """range64 (the credential layer's range circuit, constant-time prover): many witnesses, boundaries included,
    proved with check=False under a fully checked key, all verify."""
    from zkcred.bls12_381 import Fr
    r = circuit_for("range").to_r1cs()
    pk = lego.LegoProvingKey.from_bytes(lego.setup(r, 1).to_bytes())
    assert _full(pk, r) is True
    top = (1 << 64) - 1
    cases = [(0, 0, 0), (0, 0, top), (top, 0, top), (5, 5, 5), (5, 5, 6), (6, 5, 6), (1, 0, 1), (top - 1, 1, top)]
    for _ in range(12):
        lo = rng.randrange(0, 1 << 63)
        hi = rng.randrange(lo, 1 << 64)
        cases.append((rng.choice([lo, hi, rng.randrange(lo, hi + 1)]), lo, hi))
    pvk = pk.prepared()
    for v, lo, hi in cases:
        proof, public, _ = lego.prove(pk, range64.witness_bytes(Fr(v), lo, hi), check=False,
                                      boolean_wires=range64.BOOLEAN_WIRES, product_free=True)
        assert public == [lo, hi]
        lego.verify(pvk, public, proof)
    c = circuit_for("set16")                     # the product circuit prod (x - s_i) = 0 (variable-time prover)
    rs = c.to_r1cs()
    pks = lego.LegoProvingKey.from_bytes(lego.setup(rs, 1).to_bytes())
    assert _full(pks, rs) is True
    for k in range(16):
        members = [rng.randrange(R) for _ in range(16)]
        x = members[k] = [0, 1, R - 1, rng.randrange(R)][k % 4]
        proof, public, _ = lego.prove(pks, c.witness_bytes({"x": x, "s": members}), check=False)
        lego.verify(pks.prepared(), public, proof)


def test_unchecked_proofs_of_a_checked_merkle_key_verify(rng):
    """The Merkle membership circuit (Poseidon path, depth 3 here): every leaf of a full and a sparse tree, proved
    with check=False under a fully checked key, verifies."""
    from zkcred.circuit import MerkleTree
    from zkcred.circuits import set_membership
    c = circuit_for("merkle3")
    r = c.to_r1cs()
    pk = lego.LegoProvingKey.from_bytes(lego.setup(r, 1).to_bytes())
    assert _full(pk, r) is True
    pvk = pk.prepared()
    for elements in ([rng.randrange(R) for _ in range(8)], [0, R - 1, 5]):
        tree = MerkleTree(elements, 3)
        for i, x in enumerate(elements):
            proof, public, _ = lego.prove(pk, c.witness_bytes(set_membership.inputs(tree, x, i)), check=False)
            assert public == [tree.root]
            lego.verify(pvk, public, proof)
