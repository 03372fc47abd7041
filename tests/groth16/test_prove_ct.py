"""The prover that is constant time in the witness (core.prove_points(..., boolean_wires=...), zk_groth16_prove_ct):
its proofs verify under keys it did not make (snarkjs's .zkey with snarkjs's verification key, and the snarkjs
CLI), under LegoGroth16 with the range64 flags, and tampered or unsatisfying ones are rejected."""
import pytest

from zkcred.bls12_381 import Fr, G1
from zkcred.circuits import in_range, range64
from zkcred.errors import VerificationError
from zkcred.groth16 import core, lego, snarkjs as sj
from zkcred.groth16.keys import Proof, R


@pytest.fixture(scope="module")
def snark_key(fix):
    pk = sj.read_zkey(open(fix / "fixture.zkey", "rb").read())
    w = sj.read_wtns(open(fix / "witness.wtns", "rb").read())
    return pk, w


def _public(pk, w: bytes) -> list[int]:
    return [int.from_bytes(w[32 * i:32 * i + 32], "little") for i in range(1, pk.n_public + 1)]


def _boolean_flags(r1cs) -> bytes:
    """The wires with a row w * (w - 1) = 0 in the exported R1CS (what a circuit constrains boolean)."""
    flags = bytearray(r1cs.n_wires)
    for a, b, c in r1cs.constraints:
        if len(a) == 1 and a[0][1] == 1 and not c and sorted(b) == sorted([(0, R - 1), (a[0][0], 1)]):
            flags[a[0][0]] = 1
    return bytes(flags)


def test_snarkjs_key_no_flags(snark_key, fix):
    """Every wire through the constant-time MSM / multiplications (no flag): snarkjs's key and verifying key."""
    pk, w = snark_key
    proof = core.prove_points(pk, w, boolean_wires=bytes(pk.n_vars))
    public = _public(pk, w)
    assert public == sj.read_public_json(open(fix / "public.json").read())
    vk = sj.read_vk_json(open(fix / "verification_key.json").read())
    assert core.verify(vk, public, proof) is None
    with pytest.raises(VerificationError):
        core.verify(vk, [public[0] + 1] + public[1:], proof)


@pytest.mark.peer
def test_snarkjs_verifies_a_ct_proof(snark_key, fix, snarkjs, tmp_path):
    pk, w = snark_key
    proof = core.prove_points(pk, w, boolean_wires=bytes(pk.n_vars))
    (tmp_path / "proof.json").write_text(sj.proof_to_json(proof))
    (tmp_path / "public.json").write_text(sj.public_to_json(_public(pk, w)))
    rc, out = snarkjs("groth16", "verify", fix / "verification_key.json", "public.json", "proof.json", cwd=tmp_path)
    assert rc == 0 and "OK!" in out, out


@pytest.fixture(scope="module")
def in_range_key():
    c = in_range.circuit()
    pk = core.setup(c.to_r1cs())
    return c, pk, pk.verifying_key()


def test_in_range_with_its_boolean_wires(in_range_key, rng):
    """A second circuit (bits, plus lo, hi, v that are not): flags read off its R1CS, plain Groth16."""
    c, pk, vk = in_range_key
    flags = _boolean_flags(c.to_r1cs())
    assert sum(flags) == 5 * 64
    for _ in range(3):
        lo, hi = sorted(rng.getrandbits(64) for _ in range(2))
        v = rng.randint(lo, hi)
        w = c.witness_bytes(in_range.inputs(v, lo, hi))
        proof = core.prove_points(pk, w, boolean_wires=flags)
        core.verify(vk, [lo, hi], proof)
        with pytest.raises(VerificationError):
            core.verify(vk, [lo, hi + 1], proof)
        for bad in (Proof(proof.a + G1.generator(), proof.b, proof.c), Proof(proof.a, proof.b, -proof.c)):
            with pytest.raises(VerificationError):
                core.verify(vk, [lo, hi], bad)


def test_a_flagged_wire_with_another_value_gives_a_failing_proof(in_range_key):
    """The documented precondition: a flagged wire holding 2 is not silently proved (the proof fails)."""
    c, pk, vk = in_range_key
    w = bytearray(c.witness_bytes(in_range.inputs(6, 5, 10)))
    flags = _boolean_flags(c.to_r1cs())
    k = next(i for i, f in enumerate(flags) if f and w[32 * i] == 0 and w[32 * i + 32] == 1)
    w[32 * k], w[32 * (k + 1)] = 2, 0              # the same sum, a non-boolean bit
    with pytest.raises(VerificationError):
        core.verify(vk, [5, 10], core.prove_points(pk, bytes(w), boolean_wires=flags))


def test_flag_validation(in_range_key):
    c, pk, _ = in_range_key
    w = c.witness_bytes(in_range.inputs(6, 5, 10))
    for flags in (bytes(pk.n_vars - 1), b"\x01" + bytes(pk.n_vars - 1), b"\x02" * pk.n_vars):
        with pytest.raises(ValueError, match="is_bit"):
            core.prove_points(pk, w, boolean_wires=flags)


@pytest.fixture(scope="module")
def range_key():
    pk = lego.setup(range64.circuit().to_r1cs(), 1)
    return pk, pk.verifying_key()


def test_lego_range64_ct(range_key, rng):
    pk, vk = range_key
    for _ in range(3):
        lo, hi = sorted(rng.getrandbits(64) for _ in range(2))
        v = Fr(rng.randint(lo, hi))
        w = range64.witness_bytes(v, lo, hi)
        proof, public, opening = lego.prove(pk, w, boolean_wires=range64.BOOLEAN_WIRES)
        assert public == [lo, hi] and opening.values == (v,)
        lego.verify(vk, public, proof)
        # the committed value is the one in D: D - v bases_0 - v' eta_gamma1 = O
        assert (proof.d - vk.commit_bases[0] * v - vk.eta_gamma1 * opening.v).is_identity()
        with pytest.raises(VerificationError):
            lego.verify(vk, [lo, hi + 1] if hi < (1 << 64) - 1 else [lo + 1, hi], proof)
        with pytest.raises(VerificationError):
            lego.verify(vk, public, lego.LegoProof(proof.a, proof.b, proof.c, proof.d + vk.commit_bases[0]))


def test_lego_range64_ct_unsatisfying_witness_not_released(range_key):
    """A witness whose bits do not recompose v - lo: the self-check of lego.prove refuses to return a proof."""
    pk, _ = range_key
    w = bytearray(range64.witness_bytes(Fr(7), 5, 9))
    w[32 * 4] ^= 1                                   # bit 0 of v - lo flipped: still boolean, wrong sum
    with pytest.raises(VerificationError, match="does not verify"):
        lego.prove(pk, bytes(w), boolean_wires=range64.BOOLEAN_WIRES)


@pytest.mark.parametrize("threads", [1, 2, 3, 16])
def test_h_query_split_over_threads(range_key, threads):
    """The H query's MSM in 1, 2, 3 (uneven chunks) or the maximum of chunks: the proofs verify."""
    pk, vk = range_key
    w = range64.witness_bytes(Fr(12345), 100, 1 << 40)
    proof, public, _ = lego.prove(pk, w, boolean_wires=range64.BOOLEAN_WIRES, nthreads=threads)
    lego.verify(vk, public, proof)


def test_h_query_in_the_domain_basis(range_key, rng):
    """NativeProvingKey.h_domain: for h given by its values d on <w_n>, zero off the active rows, the key's H
    query over h's odd-coset values (computed here with the scalar NTT) equals the sum over the new points."""
    from zkcred.bls12_381 import G1
    from zkcred.groth16 import _ntt
    from zkcred.groth16.keys import g1_from_zkey
    pk, _ = range_key
    g = pk.groth16
    n = g.domain_size
    pts, rows, count, _tab = g.native().h_domain(g)
    active = [rows[i] for i in range(count)]
    assert active == list(range(130 + 4))            # the constraints and the public-input rows
    d = [0] * n
    for j in active:
        d[j] = rng.randrange(R)
    coeffs = _ntt.ntt(d, inverse=True)
    hs = _ntt.ntt(coeffs, coset=_ntt.root_of_unity(g.log_n + 1))
    h_pts = [g1_from_zkey(g.h[96 * i:96 * i + 96]) for i in range(n)]
    lhs = G1.msm_var(h_pts, [Fr(x) for x in hs])
    raw = _ntt.g1_points_to_zkey(pts, count)
    p = [g1_from_zkey(raw[96 * i:96 * i + 96]) for i in range(count)]
    assert lhs == G1.msm_var(p, [Fr(d[j]) for j in active])


@pytest.mark.parametrize("threads", [1, 2])
def test_lego_range64_ct_product_free(range_key, rng, threads):
    pk, vk = range_key
    for _ in range(3):
        lo, hi = sorted(rng.getrandbits(64) for _ in range(2))
        v = Fr(rng.randint(lo, hi))
        proof, public, _ = lego.prove(pk, range64.witness_bytes(v, lo, hi), boolean_wires=range64.BOOLEAN_WIRES,
                                      product_free=True, nthreads=threads, check=False)
        lego.verify(vk, public, proof)
        with pytest.raises(VerificationError):
            lego.verify(vk, [lo ^ 1, hi], proof)


def test_product_free_on_a_circuit_with_products_fails_closed():
    """x * y = z (a C term): claiming product_free makes a proof that does not verify (h does not vanish off
    the active rows), while the same prover without the claim is fine."""
    from zkcred.circuit import Circuit
    c = Circuit("product")
    z = c.public_input("z")
    x, y = c.private_input("x"), c.private_input("y")
    c.assert_eq(c.mul(x, y), z)
    c.assert_eq(c.mul(y, y), 49)
    assert any(cc for _a, _b, cc in c.to_r1cs().constraints)
    pk = core.setup(c.to_r1cs())
    assert pk.native().h_domain(pk)[2] < pk.domain_size          # some rows are left out: the claim matters
    vk = pk.verifying_key()
    w = c.witness_bytes(x=6, y=7, z=42)
    flags = bytes(pk.n_vars)
    core.verify(vk, [42], core.prove_points(pk, w, boolean_wires=flags))
    with pytest.raises(VerificationError):
        core.verify(vk, [42], core.prove_points(pk, w, boolean_wires=flags, product_free=True))


def test_h_multiples_table_and_the_prover_with_and_without_it(range_key):
    """zk_g1_multiples_table_var against e * P (the group's own multiplication), and zk_groth16_prove_ct with
    the same witness, r and s: the H sum read from the multiples (hd_tab) and built at the call give the same
    proof, on one thread and on two (the phases on the pool), on both Fp backends."""
    from zkcred._native import ffi, lib
    from zkcred.groth16 import _ntt
    pk, _ = range_key
    g = pk.groth16
    nk = g.native()
    pts, rows, count, tab = nk.h_domain(g)
    for i in (0, 1, count // 2, count - 1):
        p = ffi.new("zk_g1 *")
        lib.zk_g1_from_affine(p, pts + i)
        for e in range(1, 17):
            want = ffi.new("zk_g1 *")
            lib.zk_g1_mul_var(want, p, Fr(e)._c)
            got = ffi.new("zk_g1 *")
            lib.zk_g1_from_affine(got, tab + 16 * i + e - 1)
            assert lib.zk_g1_eq(got, want), (i, e)
    w = _ntt.fr_array_from_le(range64.witness_bytes(Fr(777), 5, 1 << 33), g.n_vars)
    rs = _ntt.random_scalars(2)
    outs = []
    # both Fp backends where the build has the test hook: the IFMA lanes read the table, the portable loop too
    backends = (0, 1) if hasattr(lib, "zk_fp_force_portable") else (None,)
    for portable in backends:
        was = lib.zk_fp_force_portable(portable) if portable is not None else None
        try:
            for threads in (1, 2):
                ssz = lib.zk_groth16_prove_ct_scratch_size(nk.pk.struct, threads)
                for t in (tab, ffi.NULL):
                    pa, pb, pc = ffi.new("zk_g1 *"), ffi.new("zk_g2 *"), ffi.new("zk_g1 *")
                    err = lib.zk_groth16_prove_ct(pa, pb, pc, nk.pk.struct, w, range64.BOOLEAN_WIRES, pts, rows,
                                                  count, t, rs + 0, rs + 1, nk.domain.buf, nk.domain.nbytes,
                                                  threads, ffi.new("uint8_t[]", ssz), ssz)
                    assert err == lib.ZK_OK
                    outs.append((pa, pb, pc))
        finally:
            if was is not None:
                lib.zk_fp_force_portable(was)
    for pa, pb, pc in outs[1:]:
        assert lib.zk_g1_eq(pa, outs[0][0]) and lib.zk_g2_eq(pb, outs[0][1]) and lib.zk_g1_eq(pc, outs[0][2])
    # the multiples without the points they belong to are refused
    pa, pb, pc = ffi.new("zk_g1 *"), ffi.new("zk_g2 *"), ffi.new("zk_g1 *")
    ssz = lib.zk_groth16_prove_ct_scratch_size(nk.pk.struct, 1)
    assert lib.zk_groth16_prove_ct(pa, pb, pc, nk.pk.struct, w, range64.BOOLEAN_WIRES, ffi.NULL, ffi.NULL, 0, tab,
                                   rs + 0, rs + 1, nk.domain.buf, nk.domain.nbytes, 1, ffi.new("uint8_t[]", ssz),
                                   ssz) == lib.ZK_ERR_ARGUMENT


def test_a_key_point_outside_the_subgroup_gives_no_proof_points(range_key):
    """The prover wraps its points without decoding them, so it checks them: a key whose A query holds an
    on-curve point outside G1 (a .zkey import checks only the curve equation) gives DecodeError, not G1 values
    outside the subgroup (key_checked=True is the caller's word that check_keys passed, and skips this)."""
    from dataclasses import replace

    from zkcred.errors import DecodeError
    from zkcred.groth16.keys import RQ, Q
    pk, _ = range_key
    g = pk.groth16
    x = 5
    while pow(x ** 3 + 4, (Q - 1) // 2, Q) != 1:               # a point of E(Fp): the cofactor keeps it out of G1
        x += 1
    y = pow(x ** 3 + 4, (Q + 1) // 4, Q)
    bad_pt = b"".join((int(v) * RQ % Q).to_bytes(48, "little") for v in (x, y))
    bad = replace(g, a=bad_pt + bytes(g.a[96:]), _native=None)    # wire 0 (ONE): always added
    w = range64.witness_bytes(Fr(9), 1, 100)
    with pytest.raises(DecodeError, match="subgroup"):
        core.prove_points(bad, w, boolean_wires=range64.BOOLEAN_WIRES, product_free=True)
    with pytest.raises(DecodeError, match="subgroup"):
        core.prove_points(bad, w)


def test_check_false_does_not_vouch_for_the_key(range_key):
    """``lego.prove(check=False)`` skips the verification of the proof, not the subgroup check of its points: that
    is skipped only for a key that ``check_keys`` passed or ``setup`` made (``_points_checked``), never on the
    caller's word. The same off-subgroup A point as above, in a LegoProvingKey read back from bytes."""
    from dataclasses import replace

    from zkcred.errors import DecodeError
    from zkcred.groth16.keys import RQ, Q
    pk, _ = range_key
    assert pk._points_checked                                       # made by setup
    g = pk.groth16
    x = 5
    while pow(x ** 3 + 4, (Q - 1) // 2, Q) != 1:
        x += 1
    y = pow(x ** 3 + 4, (Q + 1) // 4, Q)
    bad_pt = b"".join((int(v) * RQ % Q).to_bytes(48, "little") for v in (x, y))
    bad = lego.LegoProvingKey(replace(g, a=bad_pt + bytes(g.a[96:]), _native=None), pk.n_committed,
                              pk.eta_delta1, pk.eta_gamma1, pk.tau1, pk.tau2)
    assert not bad._points_checked
    w = range64.witness_bytes(Fr(9), 1, 100)
    for kw in ({"boolean_wires": range64.BOOLEAN_WIRES, "product_free": True}, {}):
        with pytest.raises(DecodeError, match="subgroup"):
            lego.prove(bad, w, check=False, **kw)
    again = lego.LegoProvingKey.from_bytes(pk.to_bytes())         # an honest key read back: not yet checked
    assert not again._points_checked
    assert lego.check_keys(again, again.verifying_key(), range64.circuit().to_r1cs()) is True
    assert again._points_checked
    proof, public, _ = lego.prove(again, w, check=False, boolean_wires=range64.BOOLEAN_WIRES, product_free=True)
    lego.verify(again.verifying_key(), public, proof)
