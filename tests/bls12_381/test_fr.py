"""Fr: differential against Python ints mod r, field axioms, strict decoding, and the secret-hygiene rules."""
from __future__ import annotations

import copy
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zkcred.bls12_381 import CURVE_ORDER as R, Fr
from zkcred.errors import DecodeError

from .strategies import EDGE_SCALARS, frs, scalars, wide_ints


# ---- differential against Python integers (the oracle for a prime field) ------------------------------------
@given(scalars, scalars)
def test_arithmetic_matches_ints(a, b):
    x, y = Fr(a), Fr(b)
    assert int(x + y) == (a + b) % R
    assert int(x - y) == (a - b) % R
    assert int(x * y) == (a * b) % R
    assert int(-x) == (-a) % R
    assert int(x.square()) == a * a % R
    if b:
        assert int(x / y) == a * pow(b, -1, R) % R
        assert int(y.inverse()) == pow(b, -1, R)


@given(scalars, wide_ints)
def test_ints_mix_in(a, k):
    x = Fr(a)
    assert x + k == Fr((a + k) % R) and k + x == x + k
    assert x - k == Fr((a - k) % R) and k - x == Fr((k - a) % R)
    assert x * k == Fr(a * k % R) and k * x == x * k
    if k % R:
        assert x / k == Fr(a * pow(k, -1, R) % R)
    if a:
        assert k / x == Fr(k * pow(a, -1, R) % R)
    assert (x == a) and (x != a + 1)


@given(wide_ints)
def test_int_constructor_reduces(k):
    assert int(Fr(k)) == k % R
    assert Fr(k).to_bytes() == (k % R).to_bytes(32, "big")


@given(scalars, st.integers(-(2 ** 260), 2 ** 260))
def test_pow_matches_ints(a, e):
    if a == 0 and e < 0:
        with pytest.raises(ZeroDivisionError):
            Fr(a) ** e
        return
    assert int(Fr(a) ** e) == pow(a, e, R)


@pytest.mark.parametrize("e", [0, 1, 2, R - 2, R - 1, R, 2 * (R - 1), 2 ** 256 + 7])
@pytest.mark.parametrize("a", [0, 1, 5, R - 1])
def test_pow_edges(a, e):
    assert int(Fr(a) ** e) == pow(a, e, R)


# ---- field axioms (the law suite) ---------------------------------------------------------------------------
LAWS = {
    "add_assoc": lambda x, y, z: (x + y) + z == x + (y + z),
    "add_comm": lambda x, y, z: x + y == y + x,
    "add_zero": lambda x, y, z: x + Fr.zero() == x,
    "add_inverse": lambda x, y, z: x + (-x) == 0,
    "sub_is_add_neg": lambda x, y, z: x - y == x + (-y),
    "mul_assoc": lambda x, y, z: (x * y) * z == x * (y * z),
    "mul_comm": lambda x, y, z: x * y == y * x,
    "mul_one": lambda x, y, z: x * Fr.one() == x,
    "distributive": lambda x, y, z: x * (y + z) == x * y + x * z,
    "mul_zero": lambda x, y, z: (x * Fr.zero()).is_zero(),
    "square": lambda x, y, z: x.square() == x * x,
    "inverse": lambda x, y, z: x.is_zero() or x * x.inverse() == 1,
    "division": lambda x, y, z: y.is_zero() or (x / y) * y == x,
    "fermat": lambda x, y, z: x ** R == x,
}


@pytest.mark.parametrize("law", sorted(LAWS))
@given(frs, frs, frs)
def test_field_axioms(law, x, y, z):
    assert LAWS[law](x, y, z)


def test_zero_division():
    with pytest.raises(ZeroDivisionError):
        Fr(0).inverse()
    with pytest.raises(ZeroDivisionError):
        Fr(3) / 0
    with pytest.raises(ZeroDivisionError):
        1 / Fr(R)


@given(st.lists(frs, max_size=20))
def test_batch_inverse(xs):
    out = Fr.batch_inverse(xs)
    assert len(out) == len(xs)
    for x, y in zip(xs, out):
        assert (y == 0) if x.is_zero() else (x * y == 1)


# ---- encoding -----------------------------------------------------------------------------------------------
@given(scalars)
def test_bytes_round_trip(a):
    b = a.to_bytes(32, "big")
    x = Fr.from_bytes(b)
    assert int(x) == a and x.to_bytes() == b and bytes(x) == b
    assert Fr.from_bytes(bytearray(b)) == x and Fr.from_bytes(memoryview(b)) == x


@pytest.mark.parametrize("v", [R, R + 1, 2 * R, 2 ** 255, 2 ** 256 - 1])
def test_from_bytes_rejects_at_least_r(v):
    with pytest.raises(DecodeError, match=r">= r"):
        Fr.from_bytes(v.to_bytes(32, "big"))


@pytest.mark.parametrize("n", [0, 1, 31, 33, 48, 64])
def test_from_bytes_rejects_length(n):
    with pytest.raises(DecodeError, match="wrong length"):
        Fr.from_bytes(bytes(n))


def test_from_bytes_types():
    with pytest.raises(TypeError):
        Fr.from_bytes("00" * 32)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Fr(1.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Fr(True)  # type: ignore[arg-type]


@given(st.binary(max_size=200))
def test_from_bytes_wide_is_os2ip_mod_r(data):
    assert int(Fr.from_bytes_wide(data)) == int.from_bytes(data, "big") % R


@pytest.mark.parametrize("n", [0, 1, 15, 16, 17, 31, 32, 33, 47, 48, 64, 65, 128])
def test_from_bytes_wide_lengths(n):
    for fill in (0x00, 0x01, 0xFF):
        data = bytes([fill]) * n
        assert int(Fr.from_bytes_wide(data)) == int.from_bytes(data, "big") % R


# ---- value-type behaviour and secret hygiene ---------------------------------------------------------------
def test_random_is_uniform_looking():
    xs = {Fr.random() for _ in range(64)}
    assert len(xs) == 64
    assert all(0 <= int(x) < R for x in xs)
    # r > 2^254 and about 45% of Fr lies above 2^254: missing it in 64 samples has probability < 2^-55
    assert any(int(x) >> 254 for x in xs)


def test_repr_hides_value():
    secret = Fr(0x1234567890ABCDEF1234567890ABCDEF)
    for text in (repr(secret), str(secret), f"{secret}"):
        assert "1234567890" not in text.lower() and "hidden" in text
        assert str(int(secret)) not in text


def test_immutable_and_hashable():
    x = Fr(7)
    with pytest.raises(AttributeError):
        x._c = None  # type: ignore[misc]
    with pytest.raises(AttributeError):
        x.value = 3  # type: ignore[attr-defined]
    y = x
    y += 1
    assert x == 7 and y == 8
    assert hash(Fr(7)) == hash(Fr(7 + R)) and len({Fr(1), Fr(1 + R), Fr(2)}) == 2
    assert copy.deepcopy(x) == x and pickle.loads(pickle.dumps(x)) == x
    assert bool(Fr(0)) is False and bool(Fr(R + 1)) is True


def test_not_implemented_mixing():
    with pytest.raises(TypeError):
        Fr(1) + 1.5  # type: ignore[operator]
    assert (Fr(1) == "1") is False


@pytest.mark.parametrize("a", EDGE_SCALARS)
def test_edges_round_trip(a):
    assert int(Fr(a)) == a % R and Fr(a) == Fr.from_bytes((a % R).to_bytes(32, "big"))


def test_batch_from_bytes_matches_single_decoding_and_names_the_bad_index(rng):
    """Fr.batch_from_bytes against Python big ints: canonical values (edges 0, 1, r - 1) decode to themselves;
    the first value >= r is named by index; lengths that are not a multiple of 32 are refused."""
    r = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001   # independent of CURVE_ORDER
    assert r == R
    vals = [0, 1, 2, r - 1, r - 2, 2**254, 2**128] + [rng.randrange(r) for _ in range(20)]
    blob = b"".join(v.to_bytes(32, "big") for v in vals)
    assert [int(x) for x in Fr.batch_from_bytes(blob)] == vals
    assert Fr.batch_from_bytes(b"") == []
    for bad in (r, r + 1, 2**256 - 1):
        blob2 = b"".join(v.to_bytes(32, "big") for v in vals[:5] + [bad] + vals[5:] + [bad])
        with pytest.raises(DecodeError, match="scalar 5 "):
            Fr.batch_from_bytes(blob2)
    with pytest.raises(DecodeError, match="multiple of 32"):
        Fr.batch_from_bytes(bytes(33))
    with pytest.raises(TypeError):
        Fr.batch_from_bytes("00" * 32)


def test_hash_agrees_with_int_equality(rng):
    """Fr(v) == v for a reduced int v, so hash(Fr(v)) == hash(v) (sets and dict keys mix Fr and int)."""
    vals = [0, 1, 5, R - 1, 2**64, 2**255 % R] + [rng.randrange(R) for _ in range(20)]
    for v in vals:
        assert Fr(v) == v and hash(Fr(v)) == hash(v)
        assert hash(Fr(v)) == hash(Fr.from_bytes(v.to_bytes(32, "big")))
    assert {Fr(5), 5} == {5} and len({Fr(5), 5, Fr(5 + R)}) == 1
    assert {5: "five"}[Fr(5)] == "five" and {Fr(-1): "m1"}[R - 1] == "m1"


def test_fr_array_honours_n(rng):
    """fr_array(scalars, n): an array of n entries, the scalars first and zeros after; more scalars than n is an
    error. Read back through the C encoder (zk_fr_to_bytes), independent of fr_array."""
    from zkcred.bls12_381._ffi import ffi, lib
    from zkcred.bls12_381._fr import fr_array

    def read(arr, n):
        out = []
        for i in range(n):
            buf = ffi.new("uint8_t[32]")
            lib.zk_fr_to_bytes(buf, arr + i)
            out.append(int.from_bytes(bytes(buf), "big"))
        return out

    vals = [rng.randrange(R) for _ in range(3)]
    arr, n = fr_array(vals, n=8)
    assert n == 8 and len(arr) == 8 and read(arr, 8) == vals + [0] * 5
    arr, n = fr_array(iter([Fr(v) for v in vals]))
    assert n == 3 and read(arr, 3) == vals
    arr, n = fr_array([], n=0)
    assert n == 0
    arr, n = fr_array([R + 2, -1], n=2)
    assert read(arr, 2) == [2, R - 1]
    for bad in (2, -1, 1.5, True):
        with pytest.raises(ValueError):
            fr_array(vals, n=bad)
