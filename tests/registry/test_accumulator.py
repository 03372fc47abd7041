"""zkcred.registry.accumulator: the positive VB accumulator against independent computation.

References used (never the code under test agreeing with itself):
- plain Python integers mod r for every scalar (V = u * prod (y + alpha) * G, C = V / (y + alpha), the
  intermediate values W_i and Omega_i = h_eff^-1 W_i), turned into points with one G1 multiplication each;
- the pairing equation e(C, y P~ + Q~) == e(V, P~), and py_ecc (the slow oracle of tests/bls12_381) for the
  points outside G1 that test the cofactor clearing, and for one small case end to end.
"""
from __future__ import annotations

import random

import pytest
from hypothesis import given, settings, strategies as st

from zkcred.bls12_381 import G1, G2, Fr
from zkcred.errors import DecodeError, VerificationError
from zkcred.registry import Accumulator, AccumulatorPublic, UpdateData, Witness
from zkcred.registry.accumulator import H_EFF

from bls12_381 import oracle  # tests/bls12_381/oracle.py (tests/ is on sys.path)

R = Fr.ORDER
H_EFF_INV = pow(H_EFF, -1, R)


class Model:
    """The accumulator in plain integers: alpha, u (V_0 = u G) and the member set."""

    def __init__(self, rng: random.Random, members=()) -> None:
        self.alpha = rng.randrange(1, R)
        self.u = rng.randrange(1, R)
        self.members = list(members)

    def scalar(self) -> int:
        v = self.u
        for y in self.members:
            v = v * (y + self.alpha) % R
        return v

    def value(self) -> G1:
        return G1.generator() * self.scalar()

    def witness_C(self, y: int) -> G1:
        return G1.generator() * (self.scalar() * pow(y + self.alpha, -1, R) % R)

    def accumulator(self) -> Accumulator:
        return Accumulator(Fr(self.alpha), self.value())


def elems(rng: random.Random, n: int) -> list[int]:
    return [rng.randrange(R) for _ in range(n)]


def F(xs):
    return [Fr(x) for x in xs]


# ---------------------------------------------------------------- keys, single and batch updates


def test_public_key_and_initial_value(rng):
    m = Model(rng, elems(rng, 5))
    acc = Accumulator(Fr(m.alpha), m.value())
    assert acc.public.Q == G2.generator() * m.alpha
    # the same value from create()'s formula with a known key
    assert acc.value == G1.generator() * m.scalar()
    fresh = Accumulator.create(F(elems(rng, 3)))
    assert not fresh.value.is_identity() and fresh.public.Q != G2.generator()


def test_add_remove_match_recomputation(rng):
    m = Model(rng, elems(rng, 3))
    acc = m.accumulator()
    y = rng.randrange(R)
    upd = acc.add(Fr(y))
    m.members.append(y)
    assert acc.value == m.value() and upd.value == acc.value
    assert upd.added == (Fr(y),) and upd.removed == () and upd.omega == ()
    gone = m.members[0]
    upd = acc.remove(Fr(gone))
    m.members.remove(gone)
    assert acc.value == m.value() and upd.removed == (Fr(gone),)


def test_batch_update_points_match_recomputation(rng):
    """V_new and every Omega_i = h_eff^-1 W_i, W_i the value after the i-th change (additions first)."""
    m = Model(rng, elems(rng, 4))
    acc = m.accumulator()
    adds = elems(rng, 3)
    dels = [m.members[1], m.members[3], m.members[0]]
    upd = acc.batch_update(F(adds), F(dels))
    w = m.scalar()
    expected = []
    for a in adds:
        w = w * (a + m.alpha) % R
        expected.append(w)
    for b in dels:
        w = w * pow(b + m.alpha, -1, R) % R
        expected.append(w)
    assert len(upd.omega) == len(adds) + len(dels) - 1
    for i, (om, s) in enumerate(zip(upd.omega, expected[:-1])):
        assert om == G1.generator() * (s * H_EFF_INV % R), i
    assert upd.value == G1.generator() * expected[-1] == acc.value
    for y in dels:
        m.members.remove(y)
    m.members += adds
    assert acc.value == m.value()


def test_batch_add_and_remove_helpers(rng):
    m = Model(rng)
    acc = m.accumulator()
    ys = elems(rng, 6)
    acc.batch_add(F(ys))
    m.members += ys
    assert acc.value == m.value()
    acc.batch_remove(F(ys[:4]))
    m.members = ys[4:]
    assert acc.value == m.value()


def test_issuer_witness_and_verification(rng):
    m = Model(rng, elems(rng, 4))
    acc = m.accumulator()
    for y in m.members:
        w = acc.witness(Fr(y))
        assert w.C == m.witness_C(y) and w.value == acc.value
        assert w.verify(acc.public) is None
        assert acc.public.verify_witness(w) is None
    w = acc.witness(Fr(m.members[0]))
    with pytest.raises(VerificationError):                     # another element
        Witness(Fr(m.members[1]), w.C, w.value).verify(acc.public)
    with pytest.raises(VerificationError):                     # another value
        Witness(w.y, w.C, w.value + G1.generator()).verify(acc.public)
    with pytest.raises(VerificationError):                     # another key
        w.verify(AccumulatorPublic(G2.generator() * (m.alpha + 1)))


def test_witness_is_not_hashable(rng):
    """Hashing reads y in variable time: a Witness refuses it."""
    m = Model(rng, elems(rng, 1))
    with pytest.raises(TypeError):
        hash(m.accumulator().witness(Fr(m.members[0])))


def test_small_case_with_py_ecc():
    """One whole epoch computed in py_ecc (affine arithmetic, no zkcred code): V, Omega and the updated witness."""
    alpha, u = 7, 11                        # members 3, 5, 9: V = u (3 + 7)(5 + 7)(9 + 7) G
    acc = Accumulator(Fr(alpha), G1.generator() * (u * (3 + 7) * (5 + 7) * (9 + 7)))
    w5 = acc.witness(Fr(5))
    upd = acc.batch_update([Fr(20)], [Fr(3), Fr(9)])
    G = oracle.PG1
    v = oracle.multiply(G, u * (3 + 7) * (5 + 7) * (9 + 7) % R)
    assert oracle.same(w5.value, v)
    assert oracle.same(w5.C, oracle.multiply(v, pow(5 + 7, -1, R)))
    w1 = oracle.multiply(v, 20 + 7)
    w2 = oracle.multiply(w1, pow(3 + 7, -1, R))
    w3 = oracle.multiply(w2, pow(9 + 7, -1, R))
    assert oracle.same(upd.omega[0], oracle.multiply(w1, H_EFF_INV))
    assert oracle.same(upd.omega[1], oracle.multiply(w2, H_EFF_INV))
    assert oracle.same(upd.value, w3)
    # the holder's single-update rules, step by step in py_ecc: add 20, then remove 3 and 9
    c = oracle.from_zk(w5.C)
    c = oracle.add(oracle.multiply(c, (20 - 5) % R), v)
    c = oracle.multiply(oracle.add(c, oracle.neg(w2)), pow(3 - 5, -1, R))
    c = oracle.multiply(oracle.add(c, oracle.neg(w3)), pow(9 - 5, -1, R))
    new = w5.update([upd])
    assert oracle.same(new.C, c)
    assert new.verify(acc.public) is None


# ---------------------------------------------------------------- holder updates


def test_witness_update_several_epochs(rng):
    """Mixed epochs; holders update after each epoch, after all of them, or in between; every result equals the
    witness the issuer computes with alpha (and the integer model's)."""
    m = Model(rng, elems(rng, 6))
    acc = m.accumulator()
    holders = {y: acc.witness(Fr(y)) for y in m.members[:4]}
    start = dict(holders)
    updates = []
    for epoch in range(5):
        adds = elems(rng, rng.randrange(0, 4))
        candidates = [y for y in m.members if y not in holders]
        dels = rng.sample(candidates, min(len(candidates), rng.randrange(1, 3)))
        if not adds and not dels:
            adds = elems(rng, 1)
        updates.append(acc.batch_update(F(adds), F(dels)))
        for y in dels:
            m.members.remove(y)
        m.members += adds
        assert acc.value == m.value()
        holders = {y: w.update(updates[-1:]) for y, w in holders.items()}
        for y, w in holders.items():
            assert w.C == m.witness_C(y) == acc.witness(Fr(y)).C, (epoch, y)
            assert w.value == acc.value
    for y, w in start.items():             # all epochs at once, and in two pieces
        assert w.update(updates) == holders[y]
        assert w.update(updates[:2]).update(updates[2:]) == holders[y]
        assert holders[y].verify(acc.public) is None


def test_added_element_witness_updates(rng):
    """A witness issued right after its addition follows later additions (C' = (y' - y) C + V_old)."""
    m = Model(rng, elems(rng, 2))
    acc = m.accumulator()
    y = rng.randrange(R)
    acc.add(Fr(y))
    m.members.append(y)
    w = acc.witness(Fr(y))
    y2 = rng.randrange(R)
    v_old = acc.value
    upd = acc.add(Fr(y2))
    m.members.append(y2)
    new = w.update([upd])
    assert new.C == w.C * Fr(y2 - y) + v_old == m.witness_C(y)


def test_removed_element_cannot_update(rng):
    m = Model(rng, elems(rng, 5))
    acc = m.accumulator()
    y = m.members[2]
    w = acc.witness(Fr(y))
    upd = acc.batch_remove(F([m.members[0], y, m.members[4]]))
    with pytest.raises(ValueError, match="removed"):
        w.update([upd])
    # removed in a later epoch of a chain, too
    m2 = Model(rng, elems(rng, 4))
    acc2 = m2.accumulator()
    w2 = acc2.witness(Fr(m2.members[0]))
    u1 = acc2.batch_remove(F([m2.members[1]]))
    u2 = acc2.batch_update(F(elems(rng, 2)), F([m2.members[0]]))
    with pytest.raises(ValueError, match="removed"):
        w2.update([u1, u2])
    # the stale witness does not verify against the new value, under any claimed value
    with pytest.raises(VerificationError):
        Witness(w.y, w.C, acc.value).verify(acc.public)


def test_update_from_wrong_starting_value_fails_verification(rng):
    m = Model(rng, elems(rng, 3))
    acc = m.accumulator()
    w = acc.witness(Fr(m.members[0]))
    acc.batch_remove(F([m.members[1]]))
    u2 = acc.batch_remove(F([m.members[2]]))
    bad = w.update([u2])                   # skipped an epoch
    with pytest.raises(VerificationError):
        bad.verify(acc.public)


def test_omega_points_outside_g1_are_cleared(rng):
    """An Omega point with a component outside G1 (on the curve, not in the subgroup) decodes (the holder only
    needs it on the curve), and the update still gives the issuer's witness: h_eff clears that component."""
    m = Model(rng, elems(rng, 5))
    acc = m.accumulator()
    w = acc.witness(Fr(m.members[0]))
    upd = acc.batch_remove(F(m.members[1:4]))
    del m.members[1:4]
    raw = bytearray(upd.to_bytes())
    off_g1 = oracle.multiply(oracle.g1_off_subgroup(rng), R)     # order divides the cofactor, not 1
    assert not oracle.is_inf(off_g1)
    start = 8 + 48 + 32 * 3
    tampered = oracle.add(oracle.from_zk(upd.omega[1]), off_g1)
    raw[start + 48: start + 96] = oracle.enc_g1(tampered)
    dec = UpdateData.from_bytes(bytes(raw))
    assert dec.omega[1] != upd.omega[1]
    assert w.update([dec]).C == m.witness_C(m.members[0]) == w.update([upd]).C


def _omega_decode(blob: bytes, count: int, threads: int = 1):
    from zkcred.registry import _native_vb
    value = G1.generator() * 5
    got_value, omega = _native_vb.decode_update_points(value.to_bytes(), blob, count, threads)
    assert got_value == value
    return omega


def _omega_mix(rng, count: int):
    """count encodings: G1 points and points of E(Fp) outside G1 (from py_ecc), both sort flags."""
    pts, encs = [], []
    for i in range(count):
        if rng.random() < 0.3:
            P = oracle.g1_off_subgroup(rng)
            encs.append(oracle.enc_g1(P))
            pts.append(P)
        else:
            P = G1.generator() * rng.randrange(1, R)
            encs.append(P.to_bytes())
            pts.append(oracle.from_zk(P))
    return pts, encs


def _check_batch_decode(rng):
    for count in (1, 7, 8, 9, 16, 17, 63, 64, 65, 99):
        pts, encs = _omega_mix(rng, count)
        got = _omega_decode(b"".join(encs), count)
        assert len(got) == count
        for g, P, e in zip(got, pts, encs):
            assert oracle.same(g, P) and g.to_bytes() == e
    # the first bad encoding is named, whichever pass finds it (range in the first, curve in the third)
    pts, encs = _omega_mix(rng, 20)
    not_on_curve = oracle.raw_enc_g1(oracle.g1_x_not_on_curve(rng), flags=0x80)
    too_big = oracle.raw_enc_g1(oracle.P, flags=0x80)
    for bad in ({12: not_on_curve}, {12: too_big}, {3: not_on_curve, 12: too_big}, {3: too_big, 12: not_on_curve},
                {19: not_on_curve}, {0: too_big}):
        e2 = list(encs)
        for i, b in bad.items():
            e2[i] = b
        first = min(bad)
        with pytest.raises(DecodeError) as err:
            _omega_decode(b"".join(e2), 20)
        with pytest.raises(DecodeError) as single:
            G1.from_bytes(bad[first])
        msg = str(err.value)
        assert msg.startswith(f"UpdateData.omega[{first}]: "), msg
        assert str(single.value).split(":")[-1].strip() in msg


def test_omega_batch_decode_matches_single_decode(rng):
    """The batched Omega decoder (square roots on eight IFMA lanes where the CPU has them) gives the points
    py_ecc's decompression gives (G1 and non-G1 points, counts around the lane width), and names the first bad
    encoding with the single decoder's rule."""
    _check_batch_decode(rng)


def test_omega_batch_decode_portable(rng, native_hooks):
    """The same with the lanes turned off (the portable square root)."""
    was = native_hooks.zk_fp_force_portable(1)
    try:
        _check_batch_decode(rng)
    finally:
        native_hooks.zk_fp_force_portable(was)


@pytest.mark.parametrize("threads", [2, 3, 16])
def test_omega_decode_in_parts(rng, threads):
    """The decoder splits its work into parts of whole lane groups on the threads (99 encodings: [0, 56) and
    [56, 99) on two threads, three parts of 40 on three): the points are those of one thread, and the bad encoding
    named is the first of all, wherever the parts put it -- a later part's error never hides an earlier one."""
    pts, encs = _omega_mix(rng, 99)
    got = _omega_decode(b"".join(encs), 99, threads)
    assert got == _omega_decode(b"".join(encs), 99, 1)
    for g, P in zip(got, pts):
        assert oracle.same(g, P)
    not_on_curve = oracle.raw_enc_g1(oracle.g1_x_not_on_curve(rng), flags=0x80)
    too_big = oracle.raw_enc_g1(oracle.P, flags=0x80)
    for bad in ({60: not_on_curve}, {98: too_big}, {45: not_on_curve, 90: too_big}, {85: too_big, 60: not_on_curve},
                {30: too_big, 50: not_on_curve, 95: not_on_curve}):
        e2 = list(encs)
        for i, b in bad.items():
            e2[i] = b
        with pytest.raises(DecodeError, match=rf"^UpdateData\.omega\[{min(bad)}\]: "):
            _omega_decode(b"".join(e2), 99, threads)


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_update_value_decoded_beside_omega(rng, threads):
    """The new value's full decode runs as its own task beside Omega's parts: it is the value py_ecc decodes, a
    value outside G1 (on the curve: only the subgroup test catches it) or off the curve is named as
    UpdateData.value, and its error comes before any of Omega's, wherever the parts run."""
    from zkcred.registry import _native_vb
    pts, encs = _omega_mix(rng, 99)
    blob = b"".join(encs)
    V = G1.generator() * rng.randrange(1, R)
    got, omega = _native_vb.decode_update_points(V.to_bytes(), blob, 99, threads)
    assert got == V and omega == _omega_decode(blob, 99, 1)
    too_big = oracle.raw_enc_g1(oracle.P, flags=0x80)
    bad_omega = blob[:48 * 60] + too_big + blob[48 * 61:]
    for bad_value, rule in ((oracle.enc_g1(oracle.g1_off_subgroup(rng)), "subgroup"),
                            (oracle.raw_enc_g1(oracle.g1_x_not_on_curve(rng), flags=0x80), "curve")):
        for om in (blob, bad_omega):
            with pytest.raises(DecodeError, match=rf"^UpdateData\.value: .*{rule}"):
                _native_vb.decode_update_points(bad_value, om, 99, threads)
    with pytest.raises(DecodeError, match=r"^UpdateData\.omega\[60\]: "):
        _native_vb.decode_update_points(V.to_bytes(), bad_omega, 99, threads)


def test_small_order_omega_in_a_later_part(rng):
    """A small-order Omega point in the second part (two threads, 100 removals: points [56, 101)) makes only that
    part fall back to complete formulas; the result is the one thread's, and agrees with the fast path by
    linearity (test_small_order_omega_takes_the_complete_formulas)."""
    m = Model(rng, elems(rng, 102))
    acc = m.accumulator()
    w = acc.witness(Fr(m.members[0]))
    upd = acc.batch_remove(F(m.members[1:101]))
    raw = upd.to_bytes()
    start = 8 + 48 + 32 * 100
    for i in (70, 20):          # the second part, then the first

        def with_omega(pt) -> UpdateData:
            return UpdateData.from_bytes(_set(raw, start + 48 * i, oracle.enc_g1(pt)))

        T = with_omega(_order3(rng))
        f_T = [w.update([T], threads=t).C for t in (1, 2)]
        f_2 = w.update([with_omega(oracle.multiply(oracle.from_zk(upd.omega[i]), 2))], threads=2).C
        assert f_T[0] == f_T[1] == w.update([upd], threads=2).C * Fr(2) - f_2


def test_thread_counts_are_checked(rng):
    m = Model(rng, elems(rng, 3))
    acc = m.accumulator()
    w = acc.witness(Fr(m.members[0]))
    upd = acc.batch_remove(F(m.members[1:2]))
    for bad in (0, -1, 1.5, True, 10**6):
        with pytest.raises(ValueError, match="nthreads"):
            w.update([upd], threads=bad)
        with pytest.raises(ValueError, match="nthreads"):
            UpdateData.from_bytes(upd.to_bytes(), threads=bad)


H1 = 0x396C8C005555E1568C00AAAB0000AAAB          # the cofactor of G1 in E(Fp): #E(Fp) = H1 * r


def _order3(rng):
    """A point of order 3 in E(Fp) (3 divides the cofactor), from py_ecc."""
    while True:
        T = oracle.multiply(oracle.g1_off_subgroup(rng), H1 * R // 3)
        if not oracle.is_inf(T):
            assert oracle.is_inf(oracle.multiply(T, 3))
            return T


@pytest.mark.parametrize("removals", [4, 12, 21])
def test_small_order_omega_takes_the_complete_formulas(rng, removals):
    """A small-order Omega point (hostile data: its multiples hit the identity) makes the public tables' batched
    affine additions exceptional (scalar below eight public points, on the lanes from eight); the update falls
    back to complete formulas and agrees with the fast path by linearity: the update is affine in each Omega point
    and h_eff T = 0, so f(T) = 2 f(Omega_i) - f(2 Omega_i)."""
    m = Model(rng, elems(rng, removals + 2))
    acc = m.accumulator()
    w = acc.witness(Fr(m.members[0]))
    upd = acc.batch_remove(F(m.members[1:1 + removals]))
    raw = upd.to_bytes()
    start = 8 + 48 + 32 * removals
    i = rng.randrange(removals - 1)

    def with_omega(pt) -> UpdateData:
        return UpdateData.from_bytes(_set(raw, start + 48 * i, oracle.enc_g1(pt)))

    om = oracle.from_zk(upd.omega[i])
    f_T = w.update([with_omega(_order3(rng))]).C             # fallback: complete formulas
    f_1 = w.update([upd]).C                                   # fast path
    f_2 = w.update([with_omega(oracle.multiply(om, 2))]).C    # fast path
    assert f_T == f_1 * Fr(2) - f_2
    assert f_1 == acc.witness(Fr(m.members[0])).C
    with pytest.raises(VerificationError):
        w.update([with_omega(_order3(rng))]).verify(acc.public)


@pytest.mark.parametrize("removals, adds", [(1, 0), (6, 0), (7, 0), (8, 2), (30, 3), (0, 9), (46, 0), (47, 0), (100, 0),
                                           (60, 40), (0, 120)])
def test_witness_update_lanes_portable_and_parts_agree_with_the_issuer(rng, native_hooks, removals, adds):
    """The witness update's MSM runs on eight IFMA lanes where the CPU has them and in portable C otherwise, its
    tables and sums in parts of at least 24 points on the threads: every combination gives the issuer's witness
    (computed with alpha), for point counts around the lane width and the parts' bounds."""
    m = Model(rng, elems(rng, removals + 2))
    acc = m.accumulator()
    y = m.members[0]
    w = acc.witness(Fr(y))
    upd = acc.batch_update(F(elems(rng, adds)), F(m.members[1:1 + removals]))
    want = acc.witness(Fr(y)).C
    for portable in (0, 1):
        was = native_hooks.zk_fp_force_portable(portable)
        try:
            assert [w.update([upd], threads=t).C for t in (1, 2, 3, 16)] == [want] * 4
        finally:
            native_hooks.zk_fp_force_portable(was)


def test_verify_witnesses_batch(rng):
    """One pairing check for several witnesses (values from two epochs mixed); a bad one among them (C doubled,
    or another member's y: wrong by the integer model) is found and named by its index."""
    from zkcred.registry import verify_witnesses
    m = Model(rng, elems(rng, 6))
    acc = m.accumulator()
    old = [acc.witness(Fr(y)) for y in m.members[:2]]
    acc.batch_remove(F(m.members[4:]))
    del m.members[4:]
    new = [acc.witness(Fr(y)) for y in m.members[:4]]
    for w in new:
        assert w.C == m.witness_C(int(w.y))
    assert verify_witnesses(acc.public, old + new) is None
    assert verify_witnesses(acc.public, new[:1]) is None and verify_witnesses(acc.public, []) is None
    bad_double = Witness(new[2].y, new[2].C * Fr(2), new[2].value)
    bad_y = Witness(new[0].y, new[1].C, new[1].value)
    for bad in (bad_double, bad_y):
        ws = old + new
        k = rng.randrange(len(ws))
        ws[k] = bad
        with pytest.raises(VerificationError, match=f"witness {k}:"):
            verify_witnesses(acc.public, ws)
    with pytest.raises(VerificationError):
        verify_witnesses(acc.public, [bad_y])


def test_tampered_update_caught_by_the_witness_check(rng):
    """A tampered epoch that still decodes (an Omega point swapped for another G1 point, or a removed element
    changed) gives a witness that the pairing check rejects, alone or in a batch; the honest one passes."""
    from zkcred.registry import verify_witnesses
    m = Model(rng, elems(rng, 8))
    acc = m.accumulator()
    ws = [acc.witness(Fr(y)) for y in m.members[:2]]
    upd = acc.batch_remove(F(m.members[2:7]))
    raw = upd.to_bytes()
    om0 = 8 + 48 + 32 * 5
    k = rng.randrange(4)
    swapped = _set(raw, om0 + 48 * k, (G1.generator() * rng.randrange(1, R)).to_bytes())
    other = _set(raw, 8 + 48 + 32 * rng.randrange(5), Fr(rng.randrange(R)).to_bytes())
    assert verify_witnesses(acc.public, [w.update([upd]) for w in ws]) is None
    for bad in (swapped, other):
        new = [w.update([UpdateData.from_bytes(bad)]) for w in ws]
        with pytest.raises(VerificationError, match="does not verify"):
            new[0].verify(acc.public)
        with pytest.raises(VerificationError, match="witness 0"):
            verify_witnesses(acc.public, new)


# ---------------------------------------------------------------- encodings


def test_roundtrips(rng):
    m = Model(rng, elems(rng, 3))
    acc = m.accumulator()
    upd = acc.batch_update(F(elems(rng, 2)), F(m.members[:2]))
    data = upd.to_bytes()
    assert len(data) == UpdateData.encoded_size(2, 2) == 8 + 48 + 4 * 32 + 3 * 48
    assert UpdateData.from_bytes(data) == upd
    w = acc.witness(Fr(m.members[2]))
    assert Witness.from_bytes(w.to_bytes()) == w and len(w.to_bytes()) == 128
    acc2 = Accumulator.from_bytes(acc.to_bytes())
    assert acc2.value == acc.value and acc2.public == acc.public
    assert AccumulatorPublic.from_bytes(acc.public.to_bytes()) == acc.public
    assert "secret" in repr(w) and str(m.members[2]) not in repr(w) and "secret" in repr(acc)


def test_decoded_update_behaves_as_its_tuples(rng):
    """A decoded update keeps its elements and Omega in the decoder's C arrays (NativeArray): they equal, hash,
    print, index, iterate and pickle as the issuer's tuples, the update's encoding is unchanged, and the holder's
    update reads the arrays (without building a value) to the same witness as from the tuples."""
    import pickle
    from zkcred.registry._native_vb import NativeArray
    m = Model(rng, elems(rng, 8))
    acc = m.accumulator()
    w = acc.witness(Fr(m.members[0]))
    upd = acc.batch_update(F(elems(rng, 2)), F(m.members[1:4]))
    dec = UpdateData.from_bytes(upd.to_bytes())
    assert all(type(x) is NativeArray for x in (dec.added, dec.removed, dec.omega))
    fresh = UpdateData.from_bytes(upd.to_bytes())
    assert w.update([fresh]).C == w.update([upd]).C
    assert all(x._items is None for x in (fresh.added, fresh.removed, fresh.omega))     # no value was built
    for mine, ref in ((dec.added, upd.added), (dec.removed, upd.removed), (dec.omega, upd.omega)):
        assert mine == ref and ref == mine and len(mine) == len(ref) and tuple(mine) == ref
        assert hash(mine) == hash(ref) and repr(mine) == repr(ref)
        assert mine[0] == ref[0] and mine[-1] == ref[-1] and list(mine[1:]) == list(ref[1:])
        assert mine != ref[:-1] and mine != list(ref)
    assert dec == upd and hash(dec) == hash(upd) and dec.to_bytes() == upd.to_bytes()
    back = pickle.loads(pickle.dumps(dec))
    assert back == upd and type(back.omega) is tuple
    # one removal: Omega is empty, its array too
    one = UpdateData.from_bytes(acc.batch_remove(F(m.members[4:5])).to_bytes())
    assert len(one.omega) == 0 and one.omega == () and len(one.added) == 0 and one.added == ()


def test_native_arrays_are_checked_not_trusted(rng):
    """A decoded array put where the other kind belongs (a Record does no type checks) is a TypeError, as the
    tuples of the same values are -- never a copy of 144-byte points into 32-byte scalar slots (a heap overrun
    before the check) or of scalars into point slots (garbage points). The constructor checks its C type and
    bounds."""
    from zkcred.bls12_381._ffi import ffi
    from zkcred.registry._native_vb import NativeArray
    m = Model(rng, elems(rng, 12))
    acc = m.accumulator()
    w = acc.witness(Fr(m.members[0]))
    dec = UpdateData.from_bytes(acc.batch_remove(F(m.members[1:11])).to_bytes())
    swaps = [UpdateData(dec.omega, (), dec.value, tuple(dec.omega)[:8]),          # points as elements
             UpdateData((), dec.omega, dec.value, tuple(dec.omega)[:8]),
             UpdateData((), dec.removed, dec.value, NativeArray(dec.removed._arr, 0, 9, Fr))]   # scalars as Omega
    for bad in swaps:
        with pytest.raises(TypeError):
            w.update([bad])
        with pytest.raises(TypeError):      # the tuples of the same values: the same kind of error
            w.update([UpdateData(tuple(bad.added), tuple(bad.removed), bad.value, tuple(bad.omega))])
    arr = ffi.new("zk_fr[]", 4)
    with pytest.raises(TypeError):
        NativeArray(arr, 0, 4, G1)
    for off, n in ((0, 5), (3, 2), (-1, 1), (0, -1)):
        with pytest.raises(ValueError):
            NativeArray(arr, off, n, Fr)
    small = ffi.new("zk_fr[]", 3)
    with pytest.raises(ValueError):
        NativeArray(arr, 0, 4, Fr).c_copy_into(small, 0, "test")


def test_update_value_errors_come_first(rng):
    """The new value's rules are named before Omega's, the identity rule included (it is checked in Python, after
    the native decode reported Omega's error)."""
    m = Model(rng, elems(rng, 6))
    acc = m.accumulator()
    raw = acc.batch_remove(F(m.members[1:5])).to_bytes()
    om0 = 8 + 48 + 32 * 4
    bad_omega = _set(raw, om0, oracle.raw_enc_g1(oracle.P, flags=0x80))
    with pytest.raises(DecodeError, match=r"^UpdateData\.omega\[0\]: "):
        UpdateData.from_bytes(bad_omega)
    identity = bytes([0xC0]) + bytes(47)
    with pytest.raises(DecodeError, match=r"^UpdateData\.value: the identity"):
        UpdateData.from_bytes(_set(bad_omega, 8, identity))
    off_curve = oracle.raw_enc_g1(oracle.g1_x_not_on_curve(rng), flags=0x80)
    with pytest.raises(DecodeError, match=r"^UpdateData\.value: "):
        UpdateData.from_bytes(_set(bad_omega, 8, off_curve))


def test_bytes_per_revocation(rng):
    """<= 100 bytes published per revocation, batched (the issue's target): 80 d + 8 bytes for d changes."""
    acc = Model(rng, elems(rng, 100)).accumulator()
    for d in (1, 10, 100):
        upd = acc.batch_remove(F(elems(rng, d)))
        assert len(upd.to_bytes()) == 80 * d + 8
    assert (80 * 100 + 8) / 100 <= 100


def _update_bytes(rng):
    m = Model(rng, elems(rng, 4))
    acc = m.accumulator()
    return acc.batch_update(F(elems(rng, 2)), F(m.members[:2])).to_bytes()   # m = 2, n = 2, 3 Omega points


def _set(data: bytes, off: int, chunk: bytes) -> bytes:
    return data[:off] + chunk + data[off + len(chunk):]


R_BYTES = R.to_bytes(32, "big")


@pytest.mark.parametrize("case, field", [
    ("short", "UpdateData"), ("no changes", "UpdateData.counts"), ("huge count", "UpdateData.counts"),
    ("length", "UpdateData"), ("trailing", "UpdateData"), ("value off curve", "UpdateData.value"),
    ("value identity", "UpdateData.value"), ("value off subgroup", "UpdateData.value"),
    ("added >= r", "UpdateData.added"), ("removed >= r", "UpdateData.removed"),
    ("duplicate added", "UpdateData.added"), ("added and removed", "UpdateData.removed"),
    ("omega off curve", "UpdateData.omega"), ("omega flags", "UpdateData.omega"),
    ("omega x >= p", "UpdateData.omega"),
])
def test_update_data_malformed(rng, case, field):
    data = _update_bytes(rng)
    a0, b0, om0 = 56, 56 + 64, 56 + 128
    bad = {
        "short": lambda: data[:7],
        "no changes": lambda: bytes(8) + data[8:],
        "huge count": lambda: _set(data, 0, (1 << 31).to_bytes(4, "big")),
        "length": lambda: data[:-1],
        "trailing": lambda: data + b"\0",
        "value off curve": lambda: _set(data, 8, oracle.raw_enc_g1(oracle.g1_x_not_on_curve(rng), flags=0x80)),
        "value identity": lambda: _set(data, 8, bytes([0xC0]) + bytes(47)),
        "value off subgroup": lambda: _set(data, 8, oracle.enc_g1(oracle.g1_off_subgroup(rng))),
        "added >= r": lambda: _set(data, a0 + 32, R_BYTES),
        "removed >= r": lambda: _set(data, b0, R_BYTES),
        "duplicate added": lambda: _set(data, a0 + 32, data[a0:a0 + 32]),
        "added and removed": lambda: _set(data, b0 + 32, data[a0:a0 + 32]),
        "omega off curve": lambda: _set(data, om0 + 48, oracle.raw_enc_g1(oracle.g1_x_not_on_curve(rng), flags=0x80)),
        "omega flags": lambda: _set(data, om0, bytes([data[om0] & 0x7F]) + data[om0 + 1:om0 + 48]),
        "omega x >= p": lambda: _set(data, om0 + 96, oracle.raw_enc_g1(oracle.P, flags=0x80)),
    }[case]()
    with pytest.raises(DecodeError, match=field.replace(".", r"\.")):
        UpdateData.from_bytes(bad)


def test_update_data_identity_omega_rejected(rng):
    data = _update_bytes(rng)
    with pytest.raises(DecodeError, match=r"UpdateData\.omega"):
        UpdateData.from_bytes(_set(data, 56 + 128, bytes([0xC0]) + bytes(47)))


@pytest.mark.parametrize("case, field", [
    ("length", "Witness"), ("y >= r", "Witness.y"), ("C off curve", "Witness.C"), ("C identity", "Witness.C"),
    ("C off subgroup", "Witness.C"), ("value identity", "Witness.value"), ("value off curve", "Witness.value"),
])
def test_witness_malformed(rng, case, field):
    m = Model(rng, elems(rng, 2))
    data = m.accumulator().witness(Fr(m.members[0])).to_bytes()
    ident = bytes([0xC0]) + bytes(47)
    bad = {
        "length": lambda: data[:-1],
        "y >= r": lambda: _set(data, 0, R_BYTES),
        "C off curve": lambda: _set(data, 32, oracle.raw_enc_g1(oracle.g1_x_not_on_curve(rng), flags=0x80)),
        "C identity": lambda: _set(data, 32, ident),
        "C off subgroup": lambda: _set(data, 32, oracle.enc_g1(oracle.g1_off_subgroup(rng))),
        "value identity": lambda: _set(data, 80, ident),
        "value off curve": lambda: _set(data, 80, oracle.raw_enc_g1(oracle.g1_x_not_on_curve(rng), flags=0x80)),
    }[case]()
    with pytest.raises(DecodeError, match=field.replace(".", r"\.")):
        Witness.from_bytes(bad)


@pytest.mark.parametrize("case, field", [
    ("length", "Accumulator"), ("alpha zero", "Accumulator.alpha"), ("alpha >= r", "Accumulator.alpha"),
    ("value identity", "Accumulator.value"), ("value off subgroup", "Accumulator.value"),
])
def test_accumulator_state_malformed(rng, case, field):
    data = Model(rng).accumulator().to_bytes()
    bad = {
        "length": lambda: data + b"\0",
        "alpha zero": lambda: _set(data, 0, bytes(32)),
        "alpha >= r": lambda: _set(data, 0, R_BYTES),
        "value identity": lambda: _set(data, 32, bytes([0xC0]) + bytes(47)),
        "value off subgroup": lambda: _set(data, 32, oracle.enc_g1(oracle.g1_off_subgroup(rng))),
    }[case]()
    with pytest.raises(DecodeError, match=field.replace(".", r"\.")):
        Accumulator.from_bytes(bad)


def test_public_key_malformed(rng):
    with pytest.raises(DecodeError, match=r"AccumulatorPublic\.Q"):
        AccumulatorPublic.from_bytes(bytes(95))
    with pytest.raises(DecodeError, match=r"AccumulatorPublic\.Q"):
        AccumulatorPublic.from_bytes(bytes([0xC0]) + bytes(95))
    with pytest.raises(DecodeError, match=r"AccumulatorPublic\.Q"):
        AccumulatorPublic.from_bytes(oracle.enc_g2(oracle.g2_off_subgroup(rng)))


def test_issuer_rejects_bad_batches(rng):
    acc = Model(rng, elems(rng, 2)).accumulator()
    with pytest.raises(ValueError):
        acc.batch_update([], [])
    with pytest.raises(ValueError, match="twice"):
        acc.batch_add(F([5, 5]))
    with pytest.raises(ValueError, match="both"):
        acc.batch_update(F([5]), F([5]))
    with pytest.raises(TypeError):
        acc.batch_add([5])


def test_element_equal_to_minus_alpha(rng):
    m = Model(rng)
    acc = m.accumulator()
    with pytest.raises(ValueError, match="alpha"):
        acc.add(Fr(R - m.alpha))
    assert acc.value == m.value()          # nothing changed


# ---------------------------------------------------------------- properties


@settings(max_examples=12, deadline=None)
@given(st.data())
def test_random_operation_sequences(data):
    """Random epochs of additions and removals; holders update lazily (after a random number of epochs); every
    witness matches the integer model, every revoked holder's update raises."""
    seed = data.draw(st.integers(0, 2 ** 32 - 1), label="seed")
    rng = random.Random(seed)
    m = Model(rng, elems(rng, data.draw(st.integers(1, 4), label="initial")))
    acc = m.accumulator()
    holders = {y: (acc.witness(Fr(y)), 0) for y in m.members}
    updates: list[UpdateData] = []
    for _ in range(data.draw(st.integers(1, 5), label="epochs")):
        n_add = data.draw(st.integers(0, 3))
        n_del = data.draw(st.integers(0, min(3, len(m.members))))
        if n_add + n_del == 0:
            n_add = 1
        adds = elems(rng, n_add)
        dels = rng.sample(m.members, n_del)
        updates.append(acc.batch_update(F(adds), F(dels)))
        for y in dels:
            m.members.remove(y)
        m.members += adds
        for y in adds:
            holders[y] = (acc.witness(Fr(y)), len(updates))
        for y, (w, since) in list(holders.items()):
            if data.draw(st.booleans(), label="update now"):
                if y in m.members:
                    holders[y] = (w.update(updates[since:]), len(updates))
                else:
                    with pytest.raises(ValueError):
                        w.update(updates[since:])
                    del holders[y]
    assert acc.value == m.value()
    for y, (w, since) in holders.items():
        if y in m.members:
            assert w.update(updates[since:]).C == m.witness_C(y)
