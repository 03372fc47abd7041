"""The eight-lane AVX-512 IFMA arithmetic behind the MSM's batched additions (csrc/fp_ifma.h), against Python
integers, at the bounds that csrc/msm_group_var_impl.h relies on.

Values are 8 limbs of 52 bits, Montgomery form with R' = 2^416, kept only partly reduced: each operation is
checked for its congruence and for the bound it promises, with inputs drawn up to the bounds it accepts
(including the largest values). The MSM tests then check the whole path against independent sums; these pin
the invariants themselves, which random MSM inputs would rarely push to their edges.
"""
import random

import pytest
from _testlib import module_seed

from zkcred._native import ffi, lib

P = 0x1A0111EA397FE69A4B1BA7B6434BACD764774B84F38512BF6730D2A0F6B0F6241EABFFFEB153FFFFB9FEFFFFFFFFAAAB
RP = 2 ** 416
MASK = 2 ** 52 - 1
SEED = module_seed(__name__)   # from ZKCRED_TEST_SEED (tests/_testlib.py)


def _available() -> bool:
    z = ffi.new("uint64_t[64]")
    return lib.zk_fp_lanes_test(0, z, z, z, z, z, z) == lib.ZK_OK


@pytest.fixture(autouse=True)
def _lanes(native_hooks):
    """zk_fp_lanes_test is a test-only hook (ZKCRED_TEST_HOOKS=1 builds); the lanes need AVX-512 IFMA."""
    if not _available():
        pytest.skip("LOUD SKIP: this CPU or build has no AVX-512 IFMA path, so the MSM uses the scalar additions "
                    "only")


def limbs(v: int) -> list[int]:
    assert 0 <= v < RP
    return [(v >> (52 * i)) & MASK for i in range(8)]


def value(ls) -> int:
    return sum(int(x) << (52 * i) for i, x in enumerate(ls))


def run(op: int, *lanes_in: list[int], two: bool = False):
    """Runs op on eight lanes; lanes_in are up to four lists of 8 integers. Returns the 8 output values."""
    bufs = []
    for vals in lanes_in:
        buf = ffi.new("uint64_t[64]")
        for k, v in enumerate(vals):
            for i, x in enumerate(limbs(v) if op != 5 else [(v >> (64 * j)) & (2**64 - 1) for j in range(6)] + [0, 0]):
                buf[8 * k + i] = x
        bufs.append(buf)
    while len(bufs) < 4:
        bufs.append(ffi.new("uint64_t[64]"))
    r, s = ffi.new("uint64_t[64]"), ffi.new("uint64_t[64]")
    assert lib.zk_fp_lanes_test(op, r, s, *bufs) == lib.ZK_OK
    out = []
    for k in range(8):
        row = [r[8 * k + i] for i in range(8)]
        if op == 4:
            out.append(sum(row[j] << (64 * j) for j in range(6)))
        else:
            assert all(x <= MASK for x in row), "limbs must come back normalized"
            out.append(value(row))
    if two:
        row2 = [[s[8 * k + i] for i in range(8)] for k in range(8)]
        assert all(x <= MASK for row in row2 for x in row)
        return out, [value(row) for row in row2]
    return out


def draw(rng: random.Random, bound: int) -> list[int]:
    """Eight values below bound: the extremes, then random ones (half of them close to the bound)."""
    vals = [0, 1, bound - 1, bound - 2, min(P, bound - 1)]
    while len(vals) < 8:
        near = bound - 1 - rng.randrange(min(bound, 2 ** 300))
        vals.append(rng.randrange(bound) if rng.random() < 0.5 else near)
    rng.shuffle(vals)
    return vals


RINV = pow(RP, -1, P)


def pow2_floor(x: float) -> int:
    """floor(2^x) exactly, for x with at most one decimal (x = k / 10): the integer 10th root of 2^k (Newton's
    iteration from above, which decreases to the root)."""
    k = round(x * 10)
    assert abs(k - x * 10) < 1e-9
    n = 2 ** k
    b = 1 << (k // 10 + 1)                   # above the root
    while True:
        nxt = (9 * b + n // b ** 9) // 10
        if nxt >= b:
            return b
        b = nxt


@pytest.mark.parametrize("round_", range(6))
def test_mul_congruence_and_bound(round_):
    rng = random.Random(SEED + round_)
    # fpv_mul's contract: a b / 2^416 + p < 2^416; its promise: r = a b / 2^416 (mod p), r < a b / 2^416 + p.
    big = int(2 ** 415.9)
    for abound, bbound in [(RP, big), (big, big), (RP, 2 ** 414), (2 ** 413, 2 ** 381)]:
        a, b = draw(rng, abound), draw(rng, bbound)
        r = run(0, a, b)
        for x, y, z in zip(a, b, r):
            assert z % P == x * y * RINV % P
            assert z <= x * y // RP + P


@pytest.mark.parametrize("round_", range(4))
def test_reduce(round_):
    rng = random.Random(SEED + 100 + round_)
    a = draw(rng, RP)
    for x, z in zip(a, run(1, a)):
        assert z % P == x % P and z < 4 * P


def test_sub_with_offset():
    rng = random.Random(SEED + 200)
    k2 = P << 35
    a, b = draw(rng, RP - k2), draw(rng, k2 + 1)
    for x, y, z in zip(a, b, run(2, a, b)):
        assert z == x - y + k2


@pytest.mark.parametrize("round_", range(4))
def test_fp2_mul_bounds(round_):
    """fpv2_mul takes components below 2^414.1 and returns c0 < 2^413.7 + p, c1 < 2^413.2 + p (both below 2^414.1
    again: the G2 path's invariant)."""
    rng = random.Random(SEED + 300 + round_)
    bound = pow2_floor(414.1)
    a0, a1, b0, b1 = (draw(rng, bound) for _ in range(4))
    c0, c1 = run(3, a0, a1, b0, b1, two=True)
    for k in range(8):
        e0 = (a0[k] * b0[k] - a1[k] * b1[k]) * RINV % P
        e1 = (a0[k] * b1[k] + a1[k] * b0[k]) * RINV % P
        assert c0[k] % P == e0 and c1[k] % P == e1
        assert c0[k] <= pow2_floor(413.7) + P and c1[k] <= pow2_floor(413.2) + P and max(c0[k], c1[k]) < bound


def test_pow2_floor_is_exact():
    """The bounds above are exact integers: a float such as int(2 ** 414.1) is off by about 3e-14 relative (414.1
    is not a binary fraction), enough to feed fpv2_mul inputs just beyond its contract and to fail its promise by
    a hair (a CI run found one such draw)."""
    assert pow2_floor(414) == 2 ** 414 and pow2_floor(0.5) == 1
    b = pow2_floor(414.1)
    assert b ** 10 <= 2 ** 4141 < (b + 1) ** 10


def test_domain_round_trip():
    """Entering multiplies by 2^32 (a re-split); leaving returns x 2^384 mod p, fully reduced."""
    rng = random.Random(SEED + 400)
    xs = [0, 1, P - 1, P - 2] + [rng.randrange(P) for _ in range(4)]
    inside = run(5, xs)
    assert inside == [x << 32 for x in xs]
    assert run(4, inside) == xs
    # leaving from any value below 2^416 gives the reduced representative of V 2^-32
    vs = draw(rng, RP)
    for v, w in zip(vs, run(4, vs)):
        assert w == v * pow(2, -32, P) % P


def test_msm_uses_the_lanes_by_default():
    assert "IFMA" in ffi.string(lib.zk_build_info()).decode()
    was = lib.zk_fp_force_portable(1)
    try:
        assert not _available(), "zk_fp_force_portable must turn the lanes off too"
    finally:
        lib.zk_fp_force_portable(was)
