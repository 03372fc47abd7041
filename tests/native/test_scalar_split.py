"""The GLV/GLS scalar split of the native core (scalar_split_z2, csrc/g1_impl.h: a Barrett division by z^2), through
the test-only hook zk_scalar_split_test, against Python's exact divmod: k1 = k mod z^2 and k2 = k div z^2 for the
edge scalars of the division (0, 1, r - 1, multiples of z^2 and their neighbours, where Barrett's quotient estimate
is short by one or two) and random ones. Every G1/G2 multiplication and constant-time MSM reads this split.
Seeds are printed; set ZKCRED_TEST_SEED to replay."""
import random

from _testlib import module_seed

R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
Z2 = 0xD201000000010000 ** 2
SEED = module_seed(__name__)


def _edge_scalars(rng: random.Random) -> list[int]:
    top = (R - 1) // Z2                         # the largest quotient
    qs = [0, 1, 2, 3, top - 1, top] + [rng.randrange(top + 1) for _ in range(300)]
    ks = [0, 1, 2, R - 2, R - 1, Z2 - 1, Z2, Z2 + 1, 2 * Z2 - 1, 3 * Z2 - 1, 3 * Z2, 2**127, 2**128 - 1, 2**128,
          2**254, R - Z2, R - 1 - Z2]
    ks += [q * Z2 + e for q in qs for e in (0, 1, Z2 - 2, Z2 - 1)]
    return [k for k in ks if 0 <= k < R]


def test_split_matches_divmod(native_hooks):
    from zkcred._native import ffi
    lib = native_hooks
    rng = random.Random(SEED)
    print(f"test_scalar_split seed: ZKCRED_TEST_SEED={SEED}")
    ks = _edge_scalars(rng) + [rng.randrange(R) for _ in range(20000)]
    fr, out = ffi.new("zk_fr *"), ffi.new("uint64_t[4]")
    for k in ks:
        assert lib.zk_fr_from_bytes(fr, k.to_bytes(32, "big")) == 0
        lib.zk_scalar_split_test(out, fr)
        k1, k2 = out[0] | out[1] << 64, out[2] | out[3] << 64
        assert (k1, k2) == divmod(k, Z2)[::-1], hex(k)


def test_barrett_bound_constants():
    """The comment's bound in csrc/g1_impl.h: for k < r the quotient estimate is short by less than 1 (so one
    conditional subtraction is enough): (mu / 2^129) + (r / 2^127) (2^256 / z^2 - mu) / 2^129 < 1."""
    from fractions import Fraction
    mu = (1 << 256) // Z2
    assert mu == 0x17C6BECF1E01FAADD63F6E522F6CFEE2E          # GLV_Z2_MU in csrc/g1_impl.h
    eps = Fraction(1 << 256, Z2) - mu
    short = Fraction(mu, 1 << 129) + Fraction(R >> 127, 1 << 129) * eps
    assert short < Fraction(7490, 10000)
