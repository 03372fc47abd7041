"""One test per rule of the ZCash BLS12-381 encoding, for G1 and for G2; each bad encoding is built from
independent arithmetic (py_ecc, Python ints) and must raise DecodeError naming that rule."""
from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zkcred.bls12_381 import G1, G2
from zkcred.errors import DecodeError

from . import oracle as O

P = O.P
COMP, INF, SORT = 0x80, 0x40, 0x20

RULES = {
    "length": "wrong length",
    "compression": "compression flag",
    "infinity": "infinity flag set together with another bit",
    "sort": "sort flag set on an uncompressed point",
    "range": r"not canonical \(>= p\)",
    "x_not_on_curve": "not on the curve",
    "not_on_curve": "not on the curve",
    "subgroup": "not in the prime-order subgroup",
}


def expect(cls, data: bytes, rule: str) -> None:
    with pytest.raises(DecodeError, match=RULES[rule]) as info:
        cls.from_bytes(data)
    assert info.value.args[0].startswith(cls.__name__)
    assert isinstance(info.value, ValueError)


def setbits(data: bytes, mask: int, index: int = 0) -> bytes:
    b = bytearray(data)
    b[index] |= mask
    return bytes(b)


def clearbits(data: bytes, mask: int, index: int = 0) -> bytes:
    b = bytearray(data)
    b[index] &= ~mask & 0xFF
    return bytes(b)


@pytest.fixture(params=["G1", "G2"])
def group(request):
    """(cls, py_ecc generator, encoder, raw encoder, off-subgroup point maker, x-not-on-curve maker, size)"""
    if request.param == "G1":
        return G1, O.PG1, O.enc_g1, O.raw_enc_g1, O.g1_off_subgroup, O.g1_x_not_on_curve, 48
    return G2, O.PG2, O.enc_g2, O.raw_enc_g2, O.g2_off_subgroup, O.g2_x_not_on_curve, 96


def valid(group, k=987654321):
    cls, pg, enc = group[:3]
    return O.multiply(pg, k)


# ---- rule 1: length ------------------------------------------------------------------------------------------
def test_length(group):
    cls, _, enc, *_, n = group
    good = enc(valid(group))
    for m in (0, 1, n - 1, n + 1, 2 * n - 1, 2 * n + 1, 3 * n):
        expect(cls, (good * 4)[:m], "length")
    other = G2._sizes[1] if cls is G1 else G1._sizes[0]   # a valid size of the other group is wrong here
    expect(cls, bytes([0xC0]) + bytes(other - 1), "length")


# ---- rule 2: compression flag must match the length ---------------------------------------------------------
def test_compression_flag(group):
    cls, _, enc, *_ = group
    pt = valid(group)
    expect(cls, clearbits(enc(pt, True), COMP), "compression")        # compressed length, flag missing
    expect(cls, setbits(enc(pt, False), COMP), "compression")         # uncompressed length, flag set
    n = group[-1]
    expect(cls, bytes([0x40]) + bytes(n - 1), "compression")          # compressed infinity without the flag
    expect(cls, bytes([0xC0]) + bytes(2 * n - 1), "compression")      # uncompressed infinity with it


# ---- rule 3: infinity flag with any other bit -----------------------------------------------------------------
def test_infinity_with_other_bits(group):
    cls, *_, n = group
    inf_c, inf_u = bytes([0xC0]) + bytes(n - 1), bytes([0x40]) + bytes(2 * n - 1)
    assert cls.from_bytes(inf_c).is_identity() and cls.from_bytes(inf_u).is_identity()
    expect(cls, setbits(inf_c, SORT), "infinity")                     # sort flag on compressed infinity
    for i, bit in ((0, 0x10), (0, 0x01), (1, 0x80), (n // 2, 0x04), (n - 1, 0x01)):
        expect(cls, setbits(inf_c, bit, i), "infinity")               # any coordinate bit
    for i, bit in ((0, 0x01), (n, 0x80), (2 * n - 1, 0x01), (n - 1, 0x01)):
        expect(cls, setbits(inf_u, bit, i), "infinity")


def test_infinity_and_sort_on_uncompressed(group):
    # infinity + sort on an uncompressed encoding breaks both rules; either message names a broken rule
    cls, *_, n = group
    with pytest.raises(DecodeError, match=f"{RULES['infinity']}|{RULES['sort']}"):
        cls.from_bytes(bytes([0x60]) + bytes(2 * n - 1))


# ---- rule 4: sort flag on an uncompressed point -------------------------------------------------------------
def test_sort_flag_uncompressed(group):
    cls, _, enc, *_ = group
    expect(cls, setbits(enc(valid(group), False), SORT), "sort")


def test_sort_flag_compressed_selects_y(group):
    cls, pg, enc, *_ = group
    pt = valid(group)
    good = enc(pt)
    flipped = good[:1] and bytes([good[0] ^ SORT]) + good[1:]
    assert cls.from_bytes(flipped) == -cls.from_bytes(good)          # the sort flag picks the other root
    assert enc(O.neg(pt)) == flipped                                 # as py_ecc encodes -P


# ---- rule 5: coordinates >= p ----------------------------------------------------------------------------------
def test_coordinate_range(group):
    cls, _, enc, raw, *_ = group
    if cls is G1:
        x, y = (int(c) for c in O.normalize(valid(group)))
        for bad_x in (P, P + x if P + x < 2 ** 381 else P + 1, 2 ** 381 - 1):
            expect(cls, raw(bad_x, flags=COMP), "range")
            expect(cls, raw(bad_x, y), "range")
        expect(cls, raw(x, P), "range")
        expect(cls, raw(x, P + y if P + y < 2 ** 381 else P), "range")
    else:
        (x, y) = O.normalize(valid(group))
        x0, x1 = (int(c) for c in x.coeffs)
        y0, y1 = (int(c) for c in y.coeffs)
        for bad in ((P, x1), (x0, P), (x0 + P if x0 + P < 2 ** 381 else P, x1), (2 ** 381 - 1, 0)):
            expect(cls, raw(bad, flags=COMP), "range")
            expect(cls, raw(bad, (y0, y1)), "range")
        expect(cls, raw((x0, x1), (P, y1)), "range")
        expect(cls, raw((x0, x1), (y0, P)), "range")


# ---- rule 6: x with no point on the curve (compressed) ----------------------------------------------------------
def test_x_not_on_curve(group, rng: random.Random):
    cls, _, _, raw, _, x_bad, _ = group
    for _ in range(3):
        expect(cls, raw(x_bad(rng), flags=COMP), "x_not_on_curve")


# ---- rule 7: (x, y) not on the curve (uncompressed) ------------------------------------------------------------
def test_point_not_on_curve(group):
    cls, _, enc, raw, *_ = group
    pt = O.normalize(valid(group))
    if cls is G1:
        x, y = (int(c) for c in pt)
        expect(cls, raw(x, (y + 1) % P), "not_on_curve")
        expect(cls, raw(0, 0), "not_on_curve")                         # (0, 0): the uncompressed "zero" point
    else:
        x0, x1 = (int(c) for c in pt[0].coeffs)
        y0, y1 = (int(c) for c in pt[1].coeffs)
        expect(cls, raw((x0, x1), (y0, (y1 + 1) % P)), "not_on_curve")
        expect(cls, raw((0, 0), (0, 0)), "not_on_curve")


# ---- rule 8: on the curve, outside the subgroup -----------------------------------------------------------------
def test_not_in_subgroup(group, rng: random.Random):
    cls, _, enc, _, off, *_ = group
    pt = off(rng)
    for compressed in (True, False):
        expect(cls, enc(pt, compressed), "subgroup")
    # a subgroup point plus an off-subgroup point is off the subgroup too
    expect(cls, enc(O.add(pt, valid(group)), True), "subgroup")


# ---- batch decoding ---------------------------------------------------------------------------------------------
def test_batch_from_bytes(group, rng: random.Random):
    cls, pg, enc, _, off, *_ = group
    pts = [O.multiply(pg, k) for k in (1, 2, 0, 12345)]
    for compressed in (True, False):
        encs = [enc(p, compressed) for p in pts]
        out = cls.batch_from_bytes(encs)
        assert [o.to_bytes(compressed) for o in out] == encs
        assert cls.batch_from_bytes(b"".join(encs), compressed=compressed) == out
    assert cls.batch_from_bytes([]) == [] and cls.batch_from_bytes(b"") == []
    bad = [enc(p) for p in pts[:2]] + [enc(off(rng))] + [enc(pts[3])]
    with pytest.raises(DecodeError, match="encoding 2: point is not in the prime-order subgroup"):
        cls.batch_from_bytes(bad)
    with pytest.raises(DecodeError, match="encoding 1: wrong length"):
        cls.batch_from_bytes([enc(pts[0]), enc(pts[0])[:-1]])
    with pytest.raises(DecodeError, match="multiple"):
        cls.batch_from_bytes(b"".join(enc(p) for p in pts)[:-1])
    with pytest.raises(TypeError, match="encoding 1 is a int"):
        cls.batch_from_bytes([enc(pts[0]), cls._sizes[0]])
    with pytest.raises(DecodeError, match="encoding 0: infinity"):
        cls.batch_from_bytes([bytes([0xE0]) + bytes(cls._sizes[0] - 1)])


def test_affine_constructors_validate():
    with pytest.raises(DecodeError, match="not on the curve"):
        G1.from_affine(1, 1)
    with pytest.raises(DecodeError, match=r">= p"):
        G1.from_affine(P, 0)
    with pytest.raises(DecodeError, match="not on the curve"):
        G2.from_affine((1, 0), (1, 0))


# ---- fuzz: nothing crashes, and whatever decodes is canonical ----------------------------------------------------
@pytest.mark.parametrize("cls", [G1, G2])
@settings(max_examples=200)
@given(data=st.data())
def test_fuzz_decoder(cls, data):
    n = data.draw(st.sampled_from(cls._sizes + (0, 1, cls._sizes[0] + 1)))
    raw = data.draw(st.binary(min_size=n, max_size=n))
    if n and data.draw(st.booleans()):                    # steer toward plausible flag combinations
        raw = bytes([(raw[0] & 0x1F) | data.draw(st.sampled_from([0x80, 0xA0, 0xC0, 0x00, 0x20, 0x40]))]) + raw[1:]
    try:
        p = cls.from_bytes(raw)
    except DecodeError as e:
        assert str(e).startswith(cls.__name__)
        return
    assert p.to_bytes(len(raw) == cls._sizes[0]) == raw


@pytest.mark.parametrize("cls", [G1, G2])
def test_mutated_valid_encodings(cls, rng: random.Random):
    """Flip random bits in valid encodings: every result is rejected or re-encodes to the same bytes."""
    g = cls.generator()
    for _ in range(100):
        p = g.mul_var(rng.randrange(1, O.R))
        enc = bytearray(p.to_bytes(rng.random() < 0.5))
        i = rng.randrange(len(enc))
        enc[i] ^= 1 << rng.randrange(8)
        try:
            q = cls.from_bytes(bytes(enc))
        except DecodeError:
            continue
        assert q.to_bytes(len(enc) == cls._sizes[0]) == bytes(enc)


def test_type_errors():
    with pytest.raises(TypeError):
        G1.from_bytes("c0" + "00" * 47)  # type: ignore[arg-type]
    assert G1.from_bytes(bytearray(G1.generator().to_bytes())) == G1.generator()


# ---- hypothesis: off-subgroup points and edge coordinates ---------------------------------------------------------
from .strategies import EDGE_COORDS, g1_off_subgroup, g2_off_subgroup  # noqa: E402


@settings(max_examples=10)
@given(pt=g1_off_subgroup)
def test_off_subgroup_g1_rejected(pt):
    for compressed in (True, False):
        expect(G1, O.enc_g1(pt, compressed), "subgroup")


@settings(max_examples=5)
@given(pt=g2_off_subgroup)
def test_off_subgroup_g2_rejected(pt):
    for compressed in (True, False):
        expect(G2, O.enc_g2(pt, compressed), "subgroup")


@pytest.mark.parametrize("x", EDGE_COORDS)
@pytest.mark.parametrize("sort", [0, SORT])
def test_edge_x_g1_matches_py_ecc(x, sort):
    """Compressed G1 encodings with x at the edges of Fp: zkcred's verdict equals the one computed with Python
    ints (range, then x^3 + 4 a square, then r * P == O with py_ecc)."""
    data = O.raw_enc_g1(x, flags=COMP | sort) if x < 2 ** 381 else None
    if x >= P:
        expect(G1, data, "range")
        return
    rhs = (x ** 3 + 4) % P
    y = pow(rhs, (P + 1) // 4, P)
    if y * y % P != rhs:
        expect(G1, data, "x_not_on_curve")
        return
    if (y > (P - 1) // 2) != bool(sort):
        y = P - y
    pt = (O.FQ(x), O.FQ(y), O.FQ.one())
    if not O.is_inf(O.multiply(pt, O.R)):
        expect(G1, data, "subgroup")
    else:
        assert G1.from_bytes(data).affine() == (x, y)


@pytest.mark.parametrize("y", EDGE_COORDS)
def test_edge_y_g1_uncompressed(y):
    """Uncompressed G1 encodings with the generator's x and y at the edges: only the true y decodes."""
    gx, gy = G1.generator().affine()
    if y >= 2 ** 381:
        return
    if y >= P:
        expect(G1, O.raw_enc_g1(gx, y), "range")
    elif y in (gy, P - gy):
        assert G1.from_bytes(O.raw_enc_g1(gx, y)).affine() == (gx, y)
    else:
        expect(G1, O.raw_enc_g1(gx, y), "not_on_curve")


# ---- batched G1 subgroup checks (eight lanes on IFMA CPUs) against py_ecc ---------------------------------------
H1 = 0x396C8C005555E1568C00AAAB0000AAAB          # the G1 cofactor (z - 1)^2 / 3


def _small_order(rng: random.Random, order: int, cofactor: int, off_subgroup):
    """A point of exactly ``order`` (a prime dividing the curve's ``cofactor``), from py_ecc: the cofactor's part
    prime to ``order`` and r are multiplied away, then ``order`` until one more would give O."""
    e = 0
    while cofactor % order ** (e + 1) == 0:
        e += 1
    assert e >= 1
    while True:
        q = O.multiply(off_subgroup(rng), O.R * (cofactor // order ** e))     # order divides order^e
        if O.is_inf(q):
            continue
        while not O.is_inf(O.multiply(q, order)):
            q = O.multiply(q, order)
        return q


def _small_order_g1(rng: random.Random, order: int):
    return _small_order(rng, order, H1, O.g1_off_subgroup)


def _g1_pool(rng: random.Random) -> list:
    """Members of G1, points off the subgroup, small-order points (3 and 11: they meet the formulas' exceptional
    cases) and members plus a small-order point, the identity: all built with py_ecc."""
    members = [O.multiply(O.PG1, rng.randrange(1, O.R)) for _ in range(10)]
    off = [O.g1_off_subgroup(rng) for _ in range(6)]
    small = [_small_order_g1(rng, 3), _small_order_g1(rng, 11)]
    mixed = [O.add(members[0], small[0]), O.add(members[1], small[1])]
    return members + off + small + mixed + [O.Z1, O.PG1, O.neg(O.PG1)]


def _batch_verdict(pts, compressed: bool, group=G1):
    enc = O.enc_g1 if group is G1 else O.enc_g2
    try:
        out = group.batch_from_bytes([enc(p, compressed) for p in pts])
    except DecodeError as e:
        assert "not in the prime-order subgroup" in str(e)
        return int(str(e).split("encoding ")[1].split(":")[0])
    assert all(O.same(o, p) for o, p in zip(out, pts))
    return None


@pytest.fixture(scope="module")
def g1_pool():
    """The pool and each point's membership in G1 as py_ecc decides it ([r]P = O), computed once."""
    pool = _g1_pool(random.Random(0x5C077))
    return pool, [O.is_inf(O.multiply(pt, O.R)) for pt in pool]


@pytest.mark.parametrize("portable", [False, True], ids=["lanes", "portable"])
@pytest.mark.parametrize("group", ["G1", "G2"])
def test_batch_subgroup_matches_py_ecc(rng: random.Random, portable: bool, group: str, request, g1_pool, g2_pool):
    """The batched subgroup check (groups of eight lanes: Scott's tests [z^2]P = -sigma(P) in G1, [|z|]P = -psi(P)
    in G2; each lane that does not pass decided again by the one-point test) reports the first point py_ecc finds
    outside the subgroup, for runs of 1..20 points of every kind; with the lanes off (portable) the same. Each
    point's own decoder agrees with py_ecc too."""
    cls, enc = (G1, O.enc_g1) if group == "G1" else (G2, O.enc_g2)
    pool, member = g1_pool if group == "G1" else g2_pool
    assert not all(member) and sum(member) >= 8
    lib = request.getfixturevalue("native_hooks") if portable else None
    was = lib.zk_fp_force_portable(1) if portable else None
    try:
        for pt, ok in zip(pool, member):
            try:
                cls.from_bytes(enc(pt, False))
                assert ok
            except DecodeError:
                assert not ok
        members = [i for i, ok in enumerate(member) if ok]
        for _ in range(60 if group == "G1" else 40):
            n = rng.randrange(1, 21)
            # mostly members, so that the first non-member sits anywhere in the run (or nowhere)
            idx = [rng.randrange(len(pool)) if rng.random() < 0.15 else rng.choice(members) for _ in range(n)]
            first = next((k for k, i in enumerate(idx) if not member[i]), None)
            assert _batch_verdict([pool[i] for i in idx], rng.random() < 0.5, cls) == first
    finally:
        if portable:
            lib.zk_fp_force_portable(was)


@pytest.mark.parametrize("group", ["G1", "G2"])
def test_batch_first_failure_by_index(rng: random.Random, group: str):
    """A point outside the subgroup before a bad encoding is the failure reported (and the other way round), as if
    each point were decoded in turn."""
    cls, enc, gen, off_pt, size = ((G1, O.enc_g1, O.PG1, O.g1_off_subgroup, 96) if group == "G1"
                                   else (G2, O.enc_g2, O.PG2, O.g2_off_subgroup, 192))
    good = enc(O.multiply(gen, 5), False)
    off = enc(off_pt(rng), False)
    bad_enc = bytes([0xE0]) + bytes(size - 1)
    with pytest.raises(DecodeError, match="encoding 2: point is not in the prime-order subgroup"):
        cls.batch_from_bytes([good, good, off, bad_enc] + [good] * 6)
    with pytest.raises(DecodeError, match="encoding 2: compression flag"):
        cls.batch_from_bytes([good, good, bad_enc, off] + [good] * 6)
    with pytest.raises(DecodeError, match="encoding 9: point is not in the prime-order subgroup"):
        cls.batch_from_bytes([good] * 9 + [off])


# ---- batched G2 subgroup checks (eight lanes on IFMA CPUs) against py_ecc ---------------------------------------
# the order of E'(Fp2) is H2 r; 13 and 23 divide H2 (squared), which gives small-order points that meet the lane
# formulas' exceptional cases (the identity, or P = +-acc, on the way to [|z|]P)
H2 = 0x5D543A95414E7F1091D50792876A202CD91DE4547085ABAA68A205B2E5A7DDFA628F1CB4D9E82EF21537E293A6691AE1616EC6E786F0C70CF1C38E31C7238E5


def _small_order_g2(rng: random.Random, order: int):
    return _small_order(rng, order, H2, O.g2_off_subgroup)


@pytest.fixture(scope="module")
def g2_pool():
    """Members of G2, points off the subgroup, small-order points (13, 23), members plus a small-order point, the
    identity; each with its membership as py_ecc decides it ([r]P = O)."""
    rng = random.Random(0x62C0DE)
    members = [O.multiply(O.PG2, rng.randrange(1, O.R)) for _ in range(8)]
    off = [O.g2_off_subgroup(rng) for _ in range(4)]
    small = [_small_order_g2(rng, 13), _small_order_g2(rng, 23)]
    mixed = [O.add(members[0], small[0]), O.add(members[1], small[1])]
    pool = members + off + small + mixed + [O.Z2, O.PG2, O.neg(O.PG2)]
    assert O.is_inf(O.multiply(off[0], H2 * O.R))      # H2 is E'(Fp2)'s cofactor
    return pool, [O.is_inf(O.multiply(pt, O.R)) for pt in pool]


def _unchecked(pt):
    """A zk_g1 / zk_g2 (Z = 1) from py_ecc's affine coordinates, without the decoder's subgroup test."""
    from zkcred._native import ffi, lib
    x, y = O.normalize(pt)
    if isinstance(x, O.FQ):
        aff = ffi.new("zk_g1_affine *")
        coords = ((aff.x, x.n), (aff.y, y.n))
        kind = "zk_g1 *"
    else:
        aff = ffi.new("zk_g2_affine *")
        coords = ((aff.x.c0, x.coeffs[0]), (aff.x.c1, x.coeffs[1]), (aff.y.c0, y.coeffs[0]),
                  (aff.y.c1, y.coeffs[1]))
        kind = "zk_g2 *"
    for dst, v in coords:
        assert lib.zk_fp_from_bytes(ffi.addressof(dst), int(v).to_bytes(48, "big")) == 0
    aff.infinity = 0
    out = ffi.new(kind)
    (lib.zk_g1_from_affine if kind == "zk_g1 *" else lib.zk_g2_from_affine)(out, aff)
    return out[0]


@pytest.mark.parametrize("group", ["G1", "G2"])
def test_subgroup_lanes_alone_match_py_ecc(native_hooks, group: str, g1_pool, g2_pool):
    """The eight-lane tests by themselves (the test hooks, without the one-point re-check): every member passes on
    its lane, and no point outside the subgroup does (a lane may only fail a member on an exceptional case, which
    random members do not meet: a lane that wrongly failed members would only cost time in the batched decoder,
    so only this test sees it), in groups of 1..8 points of the pool in random orders."""
    from zkcred._native import ffi
    pool, member = g1_pool if group == "G1" else g2_pool
    hook = native_hooks.zk_g1_subgroup_lanes_test if group == "G1" else native_hooks.zk_g2_subgroup_lanes_test
    ctype = "zk_g1[8]" if group == "G1" else "zk_g2[8]"
    pts = [(_unchecked(pt), ok) for pt, ok in zip(pool, member) if not O.is_inf(pt)]
    assert sum(1 for _p, m in pts if not m) >= 6
    ok = ffi.new("uint8_t[8]")
    probe = ffi.new(ctype)
    probe[0] = pts[0][0]
    if hook(ok, probe, 1) != 0:
        pytest.skip("this CPU has no AVX-512 IFMA lanes (the portable path is tested above)")
    rng = random.Random(0x1A7E5)
    for _ in range(40):
        chosen = rng.sample(pts, rng.randrange(1, 9))
        arr = ffi.new(ctype)
        for i, (p, _ok) in enumerate(chosen):
            arr[i] = p
        assert hook(ok, arr, len(chosen)) == 0
        assert [bool(ok[i]) for i in range(len(chosen))] == [m for _p, m in chosen]
