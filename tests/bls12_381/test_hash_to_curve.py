"""RFC 9380 hash to curve: expand_message, hash_to_field, the G1/G2 suites, edge cases of the map.

Oracles: the RFC 9380 vectors in tests/vectors/h2c (see its README), py_ecc's hash_to_G1/hash_to_G2 and its
map_to_curve/clear_cofactor (an independent pure-Python implementation), the BBS draft's generator vectors for the
SHAKE-256 suite (tests/vectors/h2c/bbs-generators, derived with hash_to_curve_g1 over expand_message_xof), and plain modular
arithmetic for hash_to_field and for the exceptional inputs of the map.
"""
from __future__ import annotations

import hashlib
import json
import pathlib
import random
import subprocess
import sys

import pytest
from _testlib import module_seed
from hypothesis import given, settings
from hypothesis import strategies as st

from zkcred._native import ffi, lib
from zkcred.bls12_381 import G1, G2
from zkcred.bls12_381 import hash_to_curve as h2c
from zkcred.errors import DecodeError

ROOT = pathlib.Path(__file__).resolve().parents[2]
VEC = ROOT / "tests" / "vectors" / "h2c"
BBS_VEC = VEC / "bbs-generators"
P = 0x1A0111EA397FE69A4B1BA7B6434BACD764774B84F38512BF6730D2A0F6B0F6241EABFFFEB153FFFFB9FEFFFFFFFFAAAB
R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
SEED = module_seed(__name__)   # from ZKCRED_TEST_SEED (tests/_testlib.py)


def _load(name: str) -> dict:
    return json.loads((VEC / name).read_text())


# ------------------------------------------------------------------------------------------- point helpers
def _g1_affine_native(pt) -> tuple[int, int] | None:
    """Affine (x, y) of a cffi zk_g1 through the ZCash uncompressed encoding; None for the identity."""
    if lib.zk_g1_is_identity(pt):
        return None
    out = ffi.new("uint8_t[96]")
    lib.zk_g1_to_bytes(out, pt, 0)
    b = bytes(out)
    return int.from_bytes(b[:48], "big"), int.from_bytes(b[48:], "big")


def _g2_affine_native(pt):
    """Affine ((x0, x1), (y0, y1)) of a cffi zk_g2 (the ZCash encoding stores c1 before c0)."""
    if lib.zk_g2_is_identity(pt):
        return None
    out = ffi.new("uint8_t[192]")
    lib.zk_g2_to_bytes(out, pt, 0)
    b = bytes(out)
    c = [int.from_bytes(b[i:i + 48], "big") for i in range(0, 192, 48)]
    return (c[1], c[0]), (c[3], c[2])


def _c_hash_g1(uniform: bytes):
    return h2c._g1_native(lib.zk_g1_hash_from_uniform, uniform)


def _c_encode_g1(uniform: bytes):
    return h2c._g1_native(lib.zk_g1_encode_from_uniform, uniform)


def _c_hash_g2(uniform: bytes):
    return h2c._g2_native(lib.zk_g2_hash_from_uniform, uniform)


def _c_encode_g2(uniform: bytes):
    return h2c._g2_native(lib.zk_g2_encode_from_uniform, uniform)


def _pyecc_g1_affine(pt):
    from py_ecc.optimized_bls12_381 import is_inf, normalize
    if is_inf(pt):
        return None
    x, y = normalize(pt)
    return x.n, y.n


def _pyecc_g2_affine(pt):
    from py_ecc.optimized_bls12_381 import is_inf, normalize
    if is_inf(pt):
        return None
    x, y = normalize(pt)
    return tuple(c % P for c in x.coeffs), tuple(c % P for c in y.coeffs)


def _fp2(s: str) -> tuple[int, int]:
    a, b = s.split(",")
    return int(a, 16), int(b, 16)


# ------------------------------------------------------------------------------------------- expand_message
@pytest.mark.parametrize("name", ["expand_message_xmd_SHA256_38.json", "expand_message_xmd_SHA256_256.json"])
def test_expand_message_xmd_vectors(name):
    d = _load(name)
    assert d["hash"] == "SHA256"
    dst = d["DST"].encode()
    assert len(d["tests"]) == 10
    for t in d["tests"]:
        n = int(t["len_in_bytes"], 16)
        out = h2c.expand_message_xmd(t["msg"].encode(), dst, n)
        assert out.hex() == t["uniform_bytes"], (name, t["msg"][:20], n)


def test_expand_message_xmd_long_dst_is_the_oversize_rule():
    d = _load("expand_message_xmd_SHA256_256.json")
    dst = d["DST"].encode()
    assert len(dst) > 255
    short = hashlib.sha256(b"H2C-OVERSIZE-DST-" + dst).digest()
    # DST_prime of the vectors = reduced DST || its length
    assert (short + bytes([len(short)])).hex() == d["tests"][0]["DST_prime"]
    t = d["tests"][-1]
    n = int(t["len_in_bytes"], 16)
    assert h2c.expand_message_xmd(t["msg"].encode(), short, n).hex() == t["uniform_bytes"]
    with pytest.raises(DecodeError, match="255"):
        h2c.expand_message_xmd(b"abc", dst, 32, oversize_dst=False)
    # exactly 255 bytes is not oversize: used as is
    d255 = b"D" * 255
    assert h2c.expand_message_xmd(b"m", d255, 32, oversize_dst=False) == h2c.expand_message_xmd(b"m", d255, 32)


def test_expand_message_xof_vectors():
    d = _load("expand_message_xof_SHAKE256_36.json")
    assert d["hash"] == "SHAKE256"
    k = d["k"]
    dst = d["DST"].encode()
    assert len(d["tests"]) == 10
    for t in d["tests"]:
        n = int(t["len_in_bytes"], 16)
        assert h2c.expand_message_xof(t["msg"].encode(), dst, n, k=k).hex() == t["uniform_bytes"]


def test_expand_message_xof_oversize_rule():
    long_dst = bytes(range(256)) + b"x" * 44
    for k, size in ((128, 32), (256, 64)):
        short = hashlib.shake_256(b"H2C-OVERSIZE-DST-" + long_dst).digest(size)
        want = hashlib.shake_256(b"msg" + (40).to_bytes(2, "big") + short + bytes([size])).digest(40)
        assert h2c.expand_message_xof(b"msg", long_dst, 40, k=k) == want
    with pytest.raises(DecodeError, match="255"):
        h2c.expand_message_xof(b"msg", long_dst, 40, oversize_dst=False)


@pytest.mark.parametrize("fn", [h2c.expand_message_xmd, h2c.expand_message_xof])
def test_expand_message_rejects_bad_arguments(fn):
    with pytest.raises(DecodeError, match="empty"):
        fn(b"msg", b"", 32)
    with pytest.raises(ValueError, match="65535"):
        fn(b"msg", b"DST", 65536)
    with pytest.raises(ValueError):
        fn(b"msg", b"DST", -1)
    with pytest.raises(TypeError):
        fn("msg", b"DST", 32)
    with pytest.raises(TypeError):
        fn(b"msg", "DST", 32)
    with pytest.raises(TypeError):
        fn(b"msg", b"DST", 32.0)
    # bytearray and memoryview are accepted as bytes
    assert fn(bytearray(b"msg"), memoryview(b"DST"), 32) == fn(b"msg", b"DST", 32)


def test_expand_message_xmd_length_limits():
    assert len(h2c.expand_message_xmd(b"m", b"DST", 255 * 32)) == 8160        # ell = 255 is the maximum
    with pytest.raises(ValueError, match="ell"):
        h2c.expand_message_xmd(b"m", b"DST", 255 * 32 + 1)
    assert h2c.expand_message_xmd(b"m", b"DST", 0) == b""
    # prefixes: uniform bytes for a shorter length are not a prefix (length is bound into b_0)
    assert h2c.expand_message_xmd(b"m", b"DST", 64)[:32] != h2c.expand_message_xmd(b"m", b"DST", 32)


def test_expand_message_xof_allows_long_outputs():
    assert len(h2c.expand_message_xof(b"m", b"DST", 65535)) == 65535


# ------------------------------------------------------------------------------------------- suite vectors
SUITES = [
    ("BLS12381G1_XMD_SHA-256_SSWU_RO_.json", 1, 2, _c_hash_g1),
    ("BLS12381G1_XMD_SHA-256_SSWU_NU_.json", 1, 1, _c_encode_g1),
    ("BLS12381G2_XMD_SHA-256_SSWU_RO_.json", 2, 2, _c_hash_g2),
    ("BLS12381G2_XMD_SHA-256_SSWU_NU_.json", 2, 1, _c_encode_g2),
]


@pytest.fixture(params=["detected", "portable"])
def backend(request):
    """Run on the Fp multiplication chosen at load time (mulx/adx where available) and on the portable C."""
    from zkcred._native import lib as native_lib
    if request.param == "detected" and not hasattr(native_lib, "zk_fp_force_portable"):
        yield request.param  # a build without the test hooks runs the detected paths only
        return
    lib = request.getfixturevalue("native_hooks")
    was = lib.zk_fp_force_portable(1 if request.param == "portable" else 0)
    yield request.param
    lib.zk_fp_force_portable(was)


@pytest.mark.parametrize("name,m,count,fn", SUITES, ids=[s[0].split(".")[0] for s in SUITES])
def test_suite_vectors(name, m, count, fn, backend):
    d = _load(name)
    dst = d["dst"].encode()
    assert int(d["field"]["m"], 16) == m and int(d["L"], 16) == 64 and int(d["field"]["p"], 16) == P
    assert len(d["vectors"]) == 5
    for v in d["vectors"]:
        uniform = h2c.expand_message_xmd(v["msg"].encode(), dst, count * m * 64)
        # hash_to_field (RFC 9380 section 5.2): OS2IP of each 64-byte chunk mod p
        e = [int.from_bytes(uniform[64 * i:64 * i + 64], "big") % P for i in range(count * m)]
        if m == 1:
            assert e == [int(u, 16) for u in v["u"]]
        else:
            assert [tuple(e[2 * i:2 * i + 2]) for i in range(count)] == [_fp2(u) for u in v["u"]]
        pt = fn(uniform)
        if m == 1:
            assert lib.zk_g1_is_on_curve(pt) and lib.zk_g1_in_subgroup_var(pt)
            assert _g1_affine_native(pt) == (int(v["P"]["x"], 16), int(v["P"]["y"], 16)), v["msg"][:20]
        else:
            assert lib.zk_g2_is_on_curve(pt) and lib.zk_g2_in_subgroup_var(pt)
            assert _g2_affine_native(pt) == (_fp2(v["P"]["x"]), _fp2(v["P"]["y"])), v["msg"][:20]


PUBLIC = [
    ("BLS12381G1_XMD_SHA-256_SSWU_RO_.json", h2c.hash_to_g1),
    ("BLS12381G1_XMD_SHA-256_SSWU_NU_.json", h2c.encode_to_g1),
    ("BLS12381G2_XMD_SHA-256_SSWU_RO_.json", h2c.hash_to_g2),
    ("BLS12381G2_XMD_SHA-256_SSWU_NU_.json", h2c.encode_to_g2),
]


@pytest.mark.parametrize("name,fn", PUBLIC, ids=[s[0].split(".")[0] for s in PUBLIC])
def test_public_api_vectors(name, fn):
    d = _load(name)
    g2 = "G2" in name
    for v in d["vectors"]:
        pt = fn(v["msg"].encode(), d["dst"].encode())
        assert isinstance(pt, G2 if g2 else G1)
        want = ((_fp2(v["P"]["x"]), _fp2(v["P"]["y"])) if g2 else (int(v["P"]["x"], 16), int(v["P"]["y"], 16)))
        assert pt.affine() == want
        if "_RO_" in name:   # the value types' classmethod is the same suite
            assert (G2 if g2 else G1).hash_to_curve(v["msg"].encode(), d["dst"].encode()) == pt


def test_public_api_rejects_bad_arguments():
    with pytest.raises(ValueError, match="expand"):
        h2c.hash_to_g1(b"m", b"DST", expand="sha3")
    with pytest.raises(TypeError):
        h2c.hash_to_g1("m", b"DST")
    with pytest.raises(TypeError):
        h2c.hash_to_g2(b"m", None)
    with pytest.raises(DecodeError, match="empty"):
        h2c.encode_to_g1(b"m", b"")
    # a DST over 255 bytes follows the oversize rule (RFC 9380 section 5.3.3) rather than failing
    long_dst = b"L" * 300
    short = hashlib.sha256(b"H2C-OVERSIZE-DST-" + long_dst).digest()
    assert h2c.hash_to_g1(b"m", long_dst) == h2c.hash_to_g1(b"m", short)
    assert h2c.hash_to_g1(b"m", b"DST", expand="xof") != h2c.hash_to_g1(b"m", b"DST")


# ------------------------------------------------------------------------------------------- py_ecc differential
def _random_inputs(rng: random.Random, n: int):
    out = []
    for i in range(n):
        msg = rng.randbytes(rng.choice([0, 1, 7, 32, 64, 200]))
        dst = rng.randbytes(rng.choice([1, 16, 43, 255]))
        out.append((msg, dst))
    return out


def test_hash_to_g1_matches_py_ecc():
    from py_ecc.bls.hash_to_curve import hash_to_G1
    rng = random.Random(SEED)
    print(f"seed {SEED}")
    for msg, dst in _random_inputs(rng, 6):
        ours = _g1_affine_native(_c_hash_g1(h2c.expand_message_xmd(msg, dst, 128)))
        assert ours == _pyecc_g1_affine(hash_to_G1(msg, dst, hashlib.sha256)), (msg.hex(), dst.hex())


def test_hash_to_g2_matches_py_ecc():
    from py_ecc.bls.hash_to_curve import hash_to_G2
    rng = random.Random(SEED + 1)
    print(f"seed {SEED + 1}")
    for msg, dst in _random_inputs(rng, 3):
        ours = _g2_affine_native(_c_hash_g2(h2c.expand_message_xmd(msg, dst, 256)))
        assert ours == _pyecc_g2_affine(hash_to_G2(msg, dst, hashlib.sha256)), (msg.hex(), dst.hex())


def _pyecc_encode_g1(u: int):
    from py_ecc.bls.hash_to_curve import clear_cofactor_G1, map_to_curve_G1
    from py_ecc.fields import optimized_bls12_381_FQ as FQ
    return _pyecc_g1_affine(clear_cofactor_G1(map_to_curve_G1(FQ(u))))


def _pyecc_encode_g2(u0: int, u1: int):
    from py_ecc.bls.hash_to_curve import clear_cofactor_G2, map_to_curve_G2
    from py_ecc.fields import optimized_bls12_381_FQ2 as FQ2
    return _pyecc_g2_affine(clear_cofactor_G2(map_to_curve_G2(FQ2([u0, u1]))))


def _uniform(*elems: int) -> bytes:
    return b"".join(e.to_bytes(64, "big") for e in elems)


def _fp_sqrt(a: int) -> int | None:
    s = pow(a, (P + 1) // 4, P)
    return s if s * s % P == a % P else None


def test_encode_to_g1_edge_inputs_match_py_ecc():
    """The map's exceptional cases and extreme reductions: u = 0 (tv2 = 0), the u with Z^2 u^4 + Z u^2 = 0
    (u^2 = -1/Z), u = 1, p - 1, and 64-byte strings that reduce mod p (2^512 - 1, p, p + 1, 2p - 1)."""
    special = [0, 1, P - 1, (P - 1) // 2]
    u_exc = _fp_sqrt(-pow(11, -1, P) % P)      # -1/11 is a square mod p: this second exceptional case exists
    assert u_exc is not None and (121 * pow(u_exc, 4, P) + 11 * u_exc * u_exc) % P == 0
    special += [u_exc, P - u_exc]
    for u in special:
        assert _g1_affine_native(_c_encode_g1(_uniform(u))) == _pyecc_encode_g1(u), u
    for raw in (2**512 - 1, P, P + 1, 2 * P - 1, 2**256, 2**256 - 1):
        assert _g1_affine_native(_c_encode_g1(_uniform(raw))) == _pyecc_encode_g1(raw % P), raw
    # hash_to_curve with both field elements equal (u0 == u1) doubles through the complete addition
    pt = _c_hash_g1(_uniform(5, 5))
    from py_ecc.bls.hash_to_curve import clear_cofactor_G1, map_to_curve_G1
    from py_ecc.fields import optimized_bls12_381_FQ as FQ
    from py_ecc.optimized_bls12_381 import double
    assert _g1_affine_native(pt) == _pyecc_g1_affine(clear_cofactor_G1(double(map_to_curve_G1(FQ(5)))))
    # u0 = -u1 maps to opposite points? no: sgn0(y) follows sgn0(u), so Q(-u) = -Q(u) and the sum is O
    pt = _c_hash_g1(_uniform(7, P - 7))
    assert lib.zk_g1_is_identity(pt)


def test_encode_to_g2_edge_inputs_match_py_ecc():
    for u0, u1 in [(0, 0), (1, 0), (0, 1), (P - 1, P - 1), (2**512 - 1, 2**512 - 1), (P, 3)]:
        assert _g2_affine_native(_c_encode_g2(_uniform(u0, u1))) == _pyecc_encode_g2(u0 % P, u1 % P), (u0, u1)
    # Z^2 u^4 + Z u^2 = 0 only for u = 0 here: u^2 = -1/Z = (2 - I)/5 has no root, since its norm is a non-square
    inv5 = pow(5, -1, P)
    norm = (4 * inv5 * inv5 + inv5 * inv5) % P
    assert pow(norm, (P - 1) // 2, P) == P - 1


def test_random_uniform_bytes_match_py_ecc_and_land_in_subgroup():
    rng = random.Random(SEED + 2)
    print(f"seed {SEED + 2}")
    for _ in range(4):
        u = rng.getrandbits(512)
        pt = _c_encode_g1(_uniform(u))
        assert lib.zk_g1_is_on_curve(pt) and lib.zk_g1_in_subgroup_var(pt)
        assert _g1_affine_native(pt) == _pyecc_encode_g1(u % P)
    for _ in range(2):
        u0, u1 = rng.getrandbits(512), rng.getrandbits(512)
        pt = _c_encode_g2(_uniform(u0, u1))
        assert lib.zk_g2_is_on_curve(pt) and lib.zk_g2_in_subgroup_var(pt)
        assert _g2_affine_native(pt) == _pyecc_encode_g2(u0 % P, u1 % P)


def test_outputs_have_order_r_by_py_ecc():
    """Independent of the native subgroup tests: r * P = O with py_ecc's scalar multiplication."""
    from py_ecc.fields import optimized_bls12_381_FQ as FQ
    from py_ecc.fields import optimized_bls12_381_FQ2 as FQ2
    from py_ecc.optimized_bls12_381 import is_inf, multiply
    x, y = _g1_affine_native(_c_hash_g1(h2c.expand_message_xmd(b"order", b"TEST-DST", 128)))
    assert is_inf(multiply((FQ(x), FQ(y), FQ(1)), R))
    assert not is_inf(multiply((FQ(x), FQ(y), FQ(1)), R - 1))
    (x0, x1), (y0, y1) = _g2_affine_native(_c_hash_g2(h2c.expand_message_xmd(b"order", b"TEST-DST", 256)))
    q = (FQ2([x0, x1]), FQ2([y0, y1]), FQ2([1, 0]))
    assert is_inf(multiply(q, R))


# ------------------------------------------------------------------------------------------- XOF suite (BBS)
@pytest.mark.parametrize("suite,expand,api", [
    ("bls12-381-shake-256", "xof", b"BBS_BLS12381G1_XOF:SHAKE-256_SSWU_RO_H2G_HM2S_"),
    ("bls12-381-sha-256", "xmd", b"BBS_BLS12381G1_XMD:SHA-256_SSWU_RO_H2G_HM2S_"),
])
def test_bbs_generators(suite, expand, api):
    """BBS create_generators (draft-irtf-cfrg-bbs-signatures, section 4.1.1) runs hash_to_curve_g1 of the
    ciphersuite; for SHAKE-256 that is BLS12381G1_XOF:SHAKE-256_SSWU_RO_, which has no RFC 9380 vectors."""
    d = json.loads((BBS_VEC / suite / "generators.json").read_text())
    want = [d["Q1"]] + d["MsgGenerators"]
    ex = h2c.expand_message_xof if expand == "xof" else h2c.expand_message_xmd
    seed_dst, gen_dst = api + b"SIG_GENERATOR_SEED_", api + b"SIG_GENERATOR_DST_"
    v = ex(api + b"MESSAGE_GENERATOR_SEED", seed_dst, 48)
    for i, w in enumerate(want, start=1):
        v = ex(v + i.to_bytes(8, "big"), seed_dst, 48)
        assert h2c.hash_to_g1(v, gen_dst, expand=expand).to_bytes().hex() == w, (suite, i)


# ------------------------------------------------------------------------------------------- constants
def test_generated_constants_are_current():
    """csrc/h2c_consts.h is exactly what tools/gen_h2c_consts.py prints (which re-checks every constant)."""
    res = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_h2c_consts.py")], capture_output=True,
                         text=True, check=True)
    assert res.stdout == (ROOT / "csrc" / "h2c_consts.h").read_text()


# ------------------------------------------------------------------------------------------- property tests
#: 64-byte hash_to_field chunks, leaning to values that reduce to 0, 1, -1 mod p and to the extremes
_EDGE_CHUNKS = [0, 1, P - 1, P, P + 1, 2 * P - 1, 2 * P, 2**512 - 1, 2**384, 2**256 - 1, (P - 1) // 2]
chunks = st.one_of(st.sampled_from(_EDGE_CHUNKS), st.integers(0, 2**512 - 1)).map(lambda v: v.to_bytes(64, "big"))


@settings(max_examples=150, deadline=None)
@given(st.lists(chunks, min_size=2, max_size=2), st.lists(chunks, min_size=4, max_size=4))
def test_outputs_are_subgroup_points(c1, c2):
    """Any uniform bytes give an on-curve subgroup point (native checks), for all four entry points."""
    g1u, g2u = b"".join(c1), b"".join(c2)
    for pt in (_c_hash_g1(g1u), _c_encode_g1(g1u[:64])):
        assert lib.zk_g1_is_on_curve(pt) and lib.zk_g1_in_subgroup_var(pt)
    for pt in (_c_hash_g2(g2u), _c_encode_g2(g2u[:128])):
        assert lib.zk_g2_is_on_curve(pt) and lib.zk_g2_in_subgroup_var(pt)


@settings(max_examples=8, deadline=None)
@given(chunks)
def test_encode_to_g1_matches_py_ecc_property(c):
    assert _g1_affine_native(_c_encode_g1(c)) == _pyecc_encode_g1(int.from_bytes(c, "big") % P)


@pytest.mark.slow
def test_hash_to_curve_matches_py_ecc_many():
    """A longer differential run (make test runs it; the sanitizer run skips slow tests)."""
    from py_ecc.bls.hash_to_curve import hash_to_G1, hash_to_G2
    rng = random.Random(SEED + 3)
    print(f"seed {SEED + 3}")
    for msg, dst in _random_inputs(rng, 40):
        assert h2c.hash_to_g1(msg, dst).affine() == _pyecc_g1_affine(hash_to_G1(msg, dst, hashlib.sha256))
    for msg, dst in _random_inputs(rng, 6):
        assert h2c.hash_to_g2(msg, dst).affine() == _pyecc_g2_affine(hash_to_G2(msg, dst, hashlib.sha256))
