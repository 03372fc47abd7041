"""Variable-time helpers for public data, at the C level, on both Fp multiplication backends, against
independent references: Python big-int arithmetic (pow(a, -1, p)) for the safegcd inversion, py_ecc for the
affine conversion and the batch encoding of G1 points (and its constant-time twin, zk_g1_batch_to_bytes).
"""
import random

import pytest
from _testlib import module_seed
from py_ecc.bls.point_compression import compress_G1
from py_ecc.optimized_bls12_381 import G1, Z1, curve_order as R, multiply, normalize

from zkcred._native import ffi, lib

SEED = module_seed(__name__)   # from ZKCRED_TEST_SEED (tests/_testlib.py)
P = 0x1A0111EA397FE69A4B1BA7B6434BACD764774B84F38512BF6730D2A0F6B0F6241EABFFFEB153FFFFB9FEFFFFFFFFAAAB


def fp(x: int):
    out = ffi.new("zk_fp *")
    assert lib.zk_fp_from_bytes(out, x.to_bytes(48, "big")) == lib.ZK_OK
    return out


def fp_int(a) -> int:
    buf = ffi.new("uint8_t[48]")
    lib.zk_fp_to_bytes(buf, a)
    return int.from_bytes(bytes(buf), "big")


def inverse_inputs():
    rng = random.Random(SEED)
    print(f"seed {SEED}")
    edge = [0, 1, 2, 3, P - 1, P - 2, (P - 1) // 2, (P + 1) // 2, 2**62 - 1, 2**62, 2**64, 2**124, 2**372,
            2**380, P - 2**62, 2**381 - 1 - (2**381 - P)]
    rand = [rng.randrange(P) for _ in range(300)]
    short = [rng.getrandbits(rng.randrange(1, 381)) for _ in range(300)]   # many leading zero bits
    sparse = [sum(1 << rng.randrange(381) for _ in range(rng.randrange(1, 4))) % P for _ in range(100)]
    return edge + rand + short + sparse


def test_fp_inv_var_matches_python_big_ints(backend):
    out = ffi.new("zk_fp *")
    for x in inverse_inputs():
        lib.zk_fp_inv_var(out, fp(x))
        want = pow(x, -1, P) if x else 0
        assert fp_int(out) == want, f"x = {x:#x}"


def test_fp_inv_var_agrees_with_fermat(backend):
    a, b = ffi.new("zk_fp *"), ffi.new("zk_fp *")
    for x in inverse_inputs()[:100]:
        lib.zk_fp_inv(a, fp(x))
        lib.zk_fp_inv_var(b, fp(x))
        assert fp_int(a) == fp_int(b) == (pow(x, -1, P) if x else 0)


def test_fp_inv_var_output_may_alias_input():
    a = fp(12345)
    lib.zk_fp_inv_var(a, a)
    assert fp_int(a) == pow(12345, -1, P)


def _g1_c(pt):
    """py_ecc Jacobian-free projective point -> zk_g1 through its uncompressed encoding (no Z = 1 shortcut)."""
    out = ffi.new("zk_g1 *")
    if pt[2] == 0:
        lib.zk_g1_identity(out)
        return out
    x, y = normalize(pt)
    enc = int(x).to_bytes(48, "big") + int(y).to_bytes(48, "big")
    assert lib.zk_g1_from_bytes_var(out, enc, 96) == lib.ZK_OK
    return out


def _unnormalised(c, extra: int):
    """The same point through the group law, (P + P) - P with extra round trips: Z != 1 in general."""
    out = ffi.new("zk_g1 *")
    lib.zk_g1_add(out, c, c)
    for _ in range(extra):
        lib.zk_g1_add(out, out, c)
        lib.zk_g1_sub(out, out, c)
    lib.zk_g1_sub(out, out, c)
    return out


def _points(rng):
    ks = [0, 1, 2, R - 1, rng.randrange(R), rng.randrange(R), 0, rng.randrange(R), 3]
    pts = [multiply(G1, k) if k else Z1 for k in ks]
    cs = []
    for i, pt in enumerate(pts):
        c = _g1_c(pt)
        cs.append(c if i % 3 == 0 else _unnormalised(c, i % 4))   # mix Z = 1, Z != 1 and identities
    return pts, cs


@pytest.mark.parametrize("n", [0, 1, 2, 9, 17, 40])
def test_g1_batch_to_affine_var_and_batch_to_bytes_var_match_py_ecc(backend, n):
    rng = random.Random(SEED + n)
    pts, cs = [], []
    while len(pts) < n:
        a, b = _points(rng)
        pts += a
        cs += b
    pts, cs = pts[:n], cs[:n]
    arr = ffi.new("zk_g1[]", max(n, 1))
    for i, c in enumerate(cs):
        arr[i] = c[0]
    one = fp(1)
    if n >= 2:
        assert any(bytes(ffi.buffer(ffi.addressof(arr[i].z), 48)) != bytes(ffi.buffer(one, 48)) for i in range(n))
    aff = ffi.new("zk_g1_affine[]", max(n, 1))
    lib.zk_g1_batch_to_affine_var(aff, arr, n)
    ref = ffi.new("zk_g1_affine[]", max(n, 1))
    lib.zk_g1_batch_to_affine(ref, arr, n)
    comp = ffi.new("uint8_t[]", max(48 * n, 1))
    unc = ffi.new("uint8_t[]", max(96 * n, 1))
    lib.zk_g1_batch_to_bytes_var(comp, arr, n, 1)
    lib.zk_g1_batch_to_bytes_var(unc, arr, n, 0)
    # the constant-time batch encoder (zk_g1_batch_to_bytes, one Fermat inversion per 16 points) gives the same
    # bytes, and so does the one-point encoder
    comp_ct = ffi.new("uint8_t[]", max(48 * n, 1))
    unc_ct = ffi.new("uint8_t[]", max(96 * n, 1))
    lib.zk_g1_batch_to_bytes(comp_ct, arr, n, 1)
    lib.zk_g1_batch_to_bytes(unc_ct, arr, n, 0)
    assert bytes(comp_ct[0:48 * n]) == bytes(comp[0:48 * n])
    assert bytes(unc_ct[0:96 * n]) == bytes(unc[0:96 * n])
    one_pt = ffi.new("uint8_t[48]")
    for i in range(n):
        lib.zk_g1_to_bytes(one_pt, ffi.addressof(arr[i]), 1)
        assert bytes(one_pt) == bytes(comp[48 * i:48 * i + 48])
    for i, pt in enumerate(pts):
        if pt[2] == 0:
            assert aff[i].infinity == 1 and fp_int(ffi.addressof(aff[i].x)) == fp_int(ffi.addressof(aff[i].y)) == 0
            assert bytes(comp[48 * i:48 * i + 48]) == bytes([0xC0]) + bytes(47)
            assert bytes(unc[96 * i:96 * i + 96]) == bytes([0x40]) + bytes(95)
            continue
        x, y = normalize(pt)
        assert aff[i].infinity == 0
        assert (fp_int(ffi.addressof(aff[i].x)), fp_int(ffi.addressof(aff[i].y))) == (int(x), int(y))
        assert (fp_int(ffi.addressof(ref[i].x)), fp_int(ffi.addressof(ref[i].y))) == (int(x), int(y))
        assert bytes(comp[48 * i:48 * i + 48]) == compress_G1(pt).to_bytes(48, "big")
        assert bytes(unc[96 * i:96 * i + 96]) == int(x).to_bytes(48, "big") + int(y).to_bytes(48, "big")


def test_g1_msm_fixed_var_rejects_short_buffers():
    g = ffi.new("zk_g1[2]")
    lib.zk_g1_generator(ffi.addressof(g[0]))
    lib.zk_g1_dbl(ffi.addressof(g[1]), ffi.addressof(g[0]))
    size = lib.zk_g1_fixed_table_size(2)
    assert size > 0 and lib.zk_g1_fixed_table_size(0) == 0
    table = ffi.new("uint64_t[]", size // 8 + 1)
    assert lib.zk_g1_fixed_table_init_var(table, size - 1, g, 2) == lib.ZK_ERR_SCRATCH
    assert lib.zk_g1_fixed_table_init_var(table, size, g, 2) == lib.ZK_OK
    fs = ffi.new("zk_fr[2]")
    lib.zk_fr_from_u64(ffi.addressof(fs[0]), 3)
    lib.zk_fr_from_u64(ffi.addressof(fs[1]), 5)
    out = ffi.new("zk_g1 *")
    ss = lib.zk_g1_msm_fixed_scratch_size(2, 0)
    scratch = ffi.new("uint8_t[]", ss)
    assert lib.zk_g1_msm_fixed_var(out, table, size - 1, fs, 2, ffi.NULL, ffi.NULL, 0, scratch, ss) == \
        lib.ZK_ERR_ARGUMENT                                               # the table holds fewer points
    assert lib.zk_g1_msm_fixed_var(out, table, size, fs, 2, ffi.NULL, ffi.NULL, 0, scratch, ss - 1) == \
        lib.ZK_ERR_SCRATCH
    assert lib.zk_g1_msm_fixed_var(out, table, size, fs, 2, ffi.NULL, ffi.NULL, 0, ffi.NULL, ss) == \
        lib.ZK_ERR_SCRATCH
    assert lib.zk_g1_msm_fixed_var(out, table, size, fs, 2, ffi.NULL, ffi.NULL, 0, scratch, ss) == lib.ZK_OK
    # 3 G + 5 (2G) = 13 G, against py_ecc
    buf = ffi.new("uint8_t[48]")
    lib.zk_g1_to_bytes(buf, out, 1)
    assert bytes(buf) == compress_G1(multiply(G1, 13)).to_bytes(48, "big")
