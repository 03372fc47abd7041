"""The constant-time prover (zk_groth16_prove_ct) on the credential layer's other predicate circuits, set16 and
merkle<d>, besides range64: with the same witness, r and s it gives exactly the proof of the variable-time prover
(zk_groth16_prove_var, a second implementation: Pippenger MSMs, no boolean flags, no G2 batching), for the
flags read off the circuit (Circuit.boolean_wires), for no flags at all, on one thread and on two, with the
key's queries compacted (as NativeProvingKey holds them) and dense (points at infinity left in); and its LegoGroth16
proofs verify."""
import pytest

from zkcred.bls12_381 import Fr
from zkcred.circuit import MerkleTree
from zkcred.circuits import range64, set_membership
from zkcred.credentials.predicates import build_set_circuit
from zkcred.errors import VerificationError
from zkcred.groth16 import lego


def _set16():
    c = build_set_circuit(16)
    return c, c.witness_bytes({"x": 1234, "s": list(range(1225, 1241))})


def _merkle(depth: int, element: int = 101):
    c = set_membership.build(depth)
    t = MerkleTree(list(range(100, 100 + (1 << depth) - 1)), depth=depth)
    return c, c.witness_bytes(set_membership.inputs(t, element, t.index_of(element)))


def _range64():
    return range64.build(), range64.witness_bytes(Fr(777), 5, 1 << 33)


CIRCUITS = {"set16": _set16, "merkle3": lambda: _merkle(3), "range64": _range64}


@pytest.fixture(scope="module", params=sorted(CIRCUITS))
def keyed(request):
    c, w = CIRCUITS[request.param]()
    pk = lego.setup(c.to_r1cs(), 1)
    return request.param, c, pk, w


def _dense_struct(pk):
    """The key's zk_groth16_pk with dense A, B1, B2 (n_vars points each, the points at infinity kept; no wire
    lists), beside the compacted one NativeProvingKey holds."""
    from zkcred._native import ffi
    from zkcred.groth16 import _ntt
    g = pk.groth16
    nk = g.native()
    keep = (_ntt.g1_points_from_zkey(g.a, g.n_vars, "A"), _ntt.g1_points_from_zkey(g.b1, g.n_vars, "B1"),
            _ntt.g2_points_from_zkey(g.b2, g.n_vars, "B2"))
    s = ffi.new("zk_groth16_pk *")
    s[0] = nk.pk.struct[0]
    s.a, s.b1, s.b2 = keep
    s.a_wires = s.b1_wires = s.b2_wires = ffi.NULL
    s.n_a = s.n_b1 = s.n_b2 = 0
    return s, keep


def _prove(struct, nk, w, is_bit, rs, threads, var=False):
    from zkcred._native import ffi, lib
    pa, pb, pc = ffi.new("zk_g1 *"), ffi.new("zk_g2 *"), ffi.new("zk_g1 *")
    if var:
        ssz = lib.zk_groth16_prove_scratch_size(struct, threads)
        err = lib.zk_groth16_prove_var(pa, pb, pc, struct, w, rs + 0, rs + 1, nk.domain.buf, nk.domain.nbytes,
                                       threads, ffi.new("uint8_t[]", ssz), ssz)
    else:
        ssz = lib.zk_groth16_prove_ct_scratch_size(struct, threads)
        err = lib.zk_groth16_prove_ct(pa, pb, pc, struct, w, is_bit, ffi.NULL, ffi.NULL, 0, ffi.NULL, rs + 0,
                                      rs + 1, nk.domain.buf, nk.domain.nbytes, threads, ffi.new("uint8_t[]", ssz),
                                      ssz)
    assert err == lib.ZK_OK
    return pa, pb, pc


def test_ct_and_var_give_the_same_proof(keyed):
    """The oracle of the constant-time prover's G1 / G2 sums (points at infinity skipped, the non-boolean G2 wires
    through one batched constant-time G2 MSM with s delta2 as its last term): the same (A, B, C) as the
    variable-time prover for the same witness, r, s -- derived flags and no flags, 1 and 2 threads, compacted and
    dense queries."""
    from zkcred._native import lib
    from zkcred.groth16 import _ntt
    name, c, pk, w = keyed
    g = pk.groth16
    nk = g.native()
    wf = _ntt.fr_array_from_le(w, g.n_vars)
    rs = _ntt.random_scalars(2)
    dense, _keep = _dense_struct(pk)
    # the reference on one thread (zk_groth16_prove_scratch_size once undersized it: its MSM's scratch is not
    # monotone in the number of points), and on two below
    want = _prove(nk.pk.struct, nk, wf, None, rs, 1, var=True)
    flags = c.boolean_wires()
    assert (sum(flags) > 0) == (name != "set16")
    # the statement's public inputs flagged public (2): wires 1..n_public of the Lego key, the committed one not
    pub = lego.prover_flags(pk, flags)
    assert pub[1:1 + pk.n_public] == b"\x02" * pk.n_public and pub.count(2) == pk.n_public
    assert pub[pk.n_public + 1] == flags[pk.n_public + 1] == 0          # the committed wire stays secret
    got = []
    for struct in (nk.pk.struct, dense):
        for is_bit in (flags, bytes(g.n_vars), lego.prover_flags(pk, flags)):
            for threads in (1, 2, 3):
                got.append(_prove(struct, nk, wf, is_bit, rs, threads))
    got.append(_prove(nk.pk.struct, nk, wf, None, rs, 2, var=True))
    got.append(_prove(dense, nk, wf, None, rs, 1, var=True))
    assert len(got) == 2 * 3 * 3 + 2
    for i, (pa, pb, pc) in enumerate(got):
        assert lib.zk_g1_eq(pa, want[0]), (name, i, "A")
        assert lib.zk_g2_eq(pb, want[1]), (name, i, "B")
        assert lib.zk_g1_eq(pc, want[2]), (name, i, "C")


def test_ct_proofs_verify(keyed):
    """lego.prove with the derived flags (check=False: no self-check) gives proofs lego.verify accepts, and not
    for other public inputs."""
    name, c, pk, w = keyed
    vk = pk.verifying_key()
    for flags in (c.boolean_wires(), lego.prover_flags(pk, c.boolean_wires())):
        proof, public, _ = lego.prove(pk, w, boolean_wires=flags, check=False, product_free=name == "range64")
        lego.verify(vk, public, proof)
        with pytest.raises(VerificationError):
            lego.verify(vk, [public[0] + 1] + public[1:], proof)


def test_public_flag_only_on_public_inputs(keyed):
    """The committed attribute is among the Groth16 key's nPublic, so only lego knows it is secret: lego.prove
    refuses a public flag on it (or on any later wire); the binding refuses one past n_public, C too (and a
    flag value above 2)."""
    from zkcred._native import ffi, lib
    from zkcred.groth16 import _ntt
    name, c, pk, w = keyed
    g = pk.groth16
    nk = g.native()
    committed = pk.n_public + 1
    for wire in (committed, g.n_vars - 1):
        bad = bytearray(c.boolean_wires())
        bad[wire] = lego.PUBLIC_WIRE
        with pytest.raises(ValueError, match="public"):
            lego.prove(pk, w, boolean_wires=bytes(bad))
    bad = bytearray(g.n_vars)
    bad[g.n_public + 1] = 2
    with pytest.raises(ValueError, match="is_bit"):
        _ntt.groth16_prove_ct(nk.pk, w, bytes(bad), nk.domain)
    wf = _ntt.fr_array_from_le(w, g.n_vars)
    rs = _ntt.random_scalars(2)
    ssz = lib.zk_groth16_prove_ct_scratch_size(nk.pk.struct, 1)
    for wire, flag in ((g.n_public + 1, 2), (g.n_vars - 1, 2), (1, 3)):
        bad = bytearray(g.n_vars)
        bad[wire] = flag
        pa, pb, pc = ffi.new("zk_g1 *"), ffi.new("zk_g2 *"), ffi.new("zk_g1 *")
        assert lib.zk_groth16_prove_ct(pa, pb, pc, nk.pk.struct, wf, bytes(bad), ffi.NULL, ffi.NULL, 0, ffi.NULL,
                                       rs + 0, rs + 1, nk.domain.buf, nk.domain.nbytes, 1,
                                       ffi.new("uint8_t[]", ssz), ssz) == lib.ZK_ERR_ARGUMENT


def test_merkle_wrong_sibling_not_released():
    """A Merkle witness with one sibling changed (the root no longer follows): the CT prover's self-check refuses."""
    c, w = _merkle(2)
    pk = lego.setup(c.to_r1cs(), 1)
    w = bytearray(w)
    k = c.wire_index("siblings")
    w[32 * k] ^= 1
    with pytest.raises(VerificationError, match="does not verify"):
        lego.prove(pk, bytes(w), boolean_wires=c.boolean_wires())
