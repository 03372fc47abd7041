"""Fr, the scalar field of BLS12-381 (integers modulo the group order r), as an immutable value type.

Scalars are often secret (keys, blindings, hidden messages, witnesses), so every arithmetic operation is one
constant-time C call (``zk_fr_*``); Python integers only appear when a caller converts explicitly.

Conversions (decided here, relied on by the layers above):

- ``Fr(v)`` for a Python ``int`` *reduces* ``v`` modulo r (negative values too, so ``Fr(-1) == -Fr(1)``).
  The reduction of the given int happens in Python: pass secrets as bytes (``from_bytes``/``from_bytes_wide``)
  or derive them with ``Fr.random()`` rather than as Python ints.
- ``Fr.from_bytes(b)`` is the strict decoder: exactly 32 big-endian bytes, rejecting values >= r with a
  :class:`~zkcred.errors.DecodeError`.
- ``Fr.from_bytes_wide(b)`` reduces an arbitrary big-endian byte string modulo r (hash_to_scalar, sampling).
- ints mix into arithmetic (``x + 1``, ``3 * x``, ``1 / x``) and comparisons (``x == 0``) through ``Fr(int)``.
- ``int(x)`` and ``x.to_bytes()`` export the value; ``repr(x)`` never shows it.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from ..errors import DecodeError
from ._ffi import ffi, lib

TYPE_CHECKING = False   # typing.TYPE_CHECKING without importing typing (start-up time of the CLI)
if TYPE_CHECKING:  # pragma: no cover
    from ._ffi import CData

#: The group order r (order of G1, G2, GT; modulus of Fr).
CURVE_ORDER = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
#: The base field modulus p.
FIELD_MODULUS = 0x1A0111EA397FE69A4B1BA7B6434BACD764774B84F38512BF6730D2A0F6B0F6241EABFFFEB153FFFFB9FEFFFFFFFFAAAB

_new = ffi.new
_add, _sub, _mul, _neg = lib.zk_fr_add, lib.zk_fr_sub, lib.zk_fr_mul, lib.zk_fr_neg
_sqr, _inv, _pow, _eq = lib.zk_fr_sqr, lib.zk_fr_inv, lib.zk_fr_pow, lib.zk_fr_eq
_is_zero, _from_u64 = lib.zk_fr_is_zero, lib.zk_fr_from_u64
_from_bytes, _from_wide, _to_bytes = lib.zk_fr_from_bytes, lib.zk_fr_from_bytes_wide, lib.zk_fr_to_bytes
_U64 = 1 << 64



def _c_of(v: object) -> CData | None:
    """The zk_fr buffer for an Fr or an int (reduced mod r); None for anything else."""
    if type(v) is Fr:
        return v._c
    if isinstance(v, int) and not isinstance(v, bool):
        return _int_to_c(v)
    return None


def _int_to_c(v: int) -> CData:
    c = _new("zk_fr *")
    if 0 <= v < _U64:
        _from_u64(c, v)
        return c
    if not 0 <= v < CURVE_ORDER:
        v %= CURVE_ORDER
    _from_bytes(c, v.to_bytes(32, "big"))
    return c


class Fr:
    """An element of Fr (integers mod r). Immutable; arithmetic is constant-time C. See the module docstring."""

    __slots__ = ("_c",)
    _c: CData               # the zk_fr buffer (Montgomery form), read-only

    ORDER = CURVE_ORDER

    def __init__(self, value: FrLike = 0) -> None:
        if type(value) is Fr:
            c = _new("zk_fr *", value._c[0])
        elif isinstance(value, int) and not isinstance(value, bool):
            c = _int_to_c(value)
        else:
            raise TypeError(f"Fr() takes an int or an Fr, not {type(value).__name__}")
        _set_c(self, c)

    # ---- construction -------------------------------------------------------------------------------
    @classmethod
    def _from_c(cls, c) -> "Fr":
        """Wrap a ``zk_fr *`` cdata (ownership passes to the new object; do not mutate it afterwards)."""
        o = _obj_new(cls)
        _set_c(o, c)
        return o

    @classmethod
    def zero(cls) -> "Fr":
        return _wrap(_new("zk_fr *"))

    @classmethod
    def one(cls) -> "Fr":
        c = _new("zk_fr *")
        _from_u64(c, 1)
        return _wrap(c)

    @classmethod
    def random(cls) -> "Fr":
        """A uniformly random scalar: 48 bytes from ``os.urandom`` (what ``secrets.token_bytes`` returns) reduced
        mod r (bias < 2^-128)."""
        c = _new("zk_fr *")
        _from_wide(c, os.urandom(48), 48)
        return _wrap(c)

    @classmethod
    def from_bytes(cls, data: bytes) -> "Fr":
        """Decode 32 big-endian bytes; raises DecodeError for a wrong length or a value >= r."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"Fr.from_bytes takes bytes, not {type(data).__name__}")
        data = bytes(data)
        if len(data) != 32:
            raise DecodeError(f"Fr: wrong length: expected 32 bytes, got {len(data)}")
        c = _new("zk_fr *")
        if _from_bytes(c, data) != 0:
            raise DecodeError("Fr: scalar is not canonical (>= r)")
        return _wrap(c)

    @classmethod
    def batch_from_bytes(cls, data: bytes) -> list["Fr"]:
        """Decode back-to-back 32-byte big-endian scalars in one C call; raises DecodeError naming the first
        value >= r (by index) or a length that is not a multiple of 32."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"Fr.batch_from_bytes takes bytes, not {type(data).__name__}")
        data = bytes(data)
        n, rem = divmod(len(data), 32)
        if rem:
            raise DecodeError(f"Fr: wrong length: {len(data)} bytes is not a multiple of 32")
        if n == 0:
            return []
        arr = _new("zk_fr[]", n)
        bad = _new("size_t *")
        if lib.zk_fr_batch_from_bytes(arr, data, n, bad) != 0:
            raise DecodeError(f"Fr: scalar {int(bad[0])} is not canonical (>= r)")
        return [_wrap(_new("zk_fr *", arr[i])) for i in range(n)]

    @classmethod
    def from_bytes_wide(cls, data: bytes) -> "Fr":
        """OS2IP(data) mod r for any big-endian byte string (constant time in the bytes; length public)."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"Fr.from_bytes_wide takes bytes, not {type(data).__name__}")
        data = bytes(data)
        c = _new("zk_fr *")
        _from_wide(c, data, len(data))
        return _wrap(c)

    @staticmethod
    def batch_inverse(values: Sequence["Fr"]) -> list["Fr"]:
        """Inverses of all values with one field inversion (Montgomery's trick); zeros map to zero."""
        n = len(values)
        arr = _new("zk_fr[]", max(n, 1))
        for i, v in enumerate(values):
            if type(v) is not Fr:
                raise TypeError("Fr.batch_inverse takes Fr values")
            arr[i] = v._c[0]
        scratch = _new("zk_fr[]", max(n, 1))
        lib.zk_fr_batch_inv(arr, n, scratch)
        out = [_wrap(_new("zk_fr *", arr[i])) for i in range(n)]
        ffi.memmove(arr, b"\0" * (32 * max(n, 1)), 32 * max(n, 1))
        return out

    # ---- export -------------------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """32 canonical big-endian bytes."""
        buf = _new("uint8_t[32]")
        _to_bytes(buf, self._c)
        return bytes(buf)

    def __int__(self) -> int:
        return int.from_bytes(self.to_bytes(), "big")

    def __bytes__(self) -> bytes:
        return self.to_bytes()

    def __repr__(self) -> str:
        return "Fr(<hidden>)"

    __str__ = __repr__

    def __reduce__(self):
        return (Fr.from_bytes, (self.to_bytes(),))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Fr is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Fr is immutable")

    def __copy__(self) -> "Fr":
        return self

    def __deepcopy__(self, memo: dict) -> "Fr":
        return self

    # ---- arithmetic ---------------------------------------------------------------------------------
    def __add__(self, other: FrLike) -> "Fr":
        b = other._c if type(other) is Fr else _c_of(other)
        if b is None:
            return NotImplemented
        c = _new("zk_fr *")
        _add(c, self._c, b)
        return _wrap(c)

    __radd__ = __add__

    def __sub__(self, other: FrLike) -> "Fr":
        b = other._c if type(other) is Fr else _c_of(other)
        if b is None:
            return NotImplemented
        c = _new("zk_fr *")
        _sub(c, self._c, b)
        return _wrap(c)

    def __rsub__(self, other: FrLike) -> "Fr":
        a = _c_of(other)
        if a is None:
            return NotImplemented
        c = _new("zk_fr *")
        _sub(c, a, self._c)
        return _wrap(c)

    def __mul__(self, other: FrLike) -> "Fr":
        b = other._c if type(other) is Fr else _c_of(other)
        if b is None:
            return NotImplemented
        c = _new("zk_fr *")
        _mul(c, self._c, b)
        return _wrap(c)

    __rmul__ = __mul__

    def inverse(self) -> "Fr":
        """The multiplicative inverse; ZeroDivisionError for 0 (only that fact about the value is revealed)."""
        if _is_zero(self._c):
            raise ZeroDivisionError("Fr: inverse of zero")
        c = _new("zk_fr *")
        _inv(c, self._c)
        return _wrap(c)

    def __truediv__(self, other: FrLike) -> "Fr":
        b = other._c if type(other) is Fr else _c_of(other)
        if b is None:
            return NotImplemented
        if _is_zero(b):
            raise ZeroDivisionError("Fr: division by zero")
        c = _new("zk_fr *")
        _inv(c, b)
        _mul(c, self._c, c)
        return _wrap(c)

    def __rtruediv__(self, other: FrLike) -> "Fr":
        a = _c_of(other)
        if a is None:
            return NotImplemented
        return Fr._from_c(a) / self

    def __neg__(self) -> "Fr":
        c = _new("zk_fr *")
        _neg(c, self._c)
        return _wrap(c)

    def __pos__(self) -> "Fr":
        return self

    def square(self) -> "Fr":
        c = _new("zk_fr *")
        _sqr(c, self._c)
        return _wrap(c)

    def __pow__(self, e: int, mod: None = None) -> "Fr":
        """x ** e for an int e (negative e inverts first). Constant time in x and e (e's byte length is public:
        it is reduced mod r - 1 and encoded on 32 bytes)."""
        if mod is not None:
            return NotImplemented
        if type(e) is Fr:
            e = int(e)
        if not isinstance(e, int) or isinstance(e, bool):
            return NotImplemented
        base = self
        if e < 0:
            base = self.inverse()
            e = -e
        if e >= CURVE_ORDER - 1:
            # x^(r-1) = 1 for x != 0; keep 0^e = 0 for e > 0 by mapping multiples of r-1 to r-1, not 0.
            e = (e - 1) % (CURVE_ORDER - 1) + 1
        c = _new("zk_fr *")
        _pow(c, base._c, e.to_bytes(32, "big"), 32)
        return _wrap(c)

    # ---- comparison ---------------------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        b = other._c if type(other) is Fr else _c_of(other)
        if b is None:
            return NotImplemented
        return bool(_eq(self._c, b))

    def __ne__(self, other: object) -> bool:
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __hash__(self) -> int:
        """hash(int(x)): equal values hash equal across Fr and int, as ``Fr(5) == 5`` requires (sets and dict
        keys mix them). An int that is not reduced (``5 + r``) also compares equal to ``Fr(5)`` but hashes
        differently: reduce ints before mixing them with Fr values in a set or as keys. Variable time: do not
        hash secret scalars."""
        return hash(int(self))

    def __bool__(self) -> bool:
        return not _is_zero(self._c)

    def is_zero(self) -> bool:
        return bool(_is_zero(self._c))


FrLike = Fr | int   # annotations: an Fr, or an int reduced mod r (a types.UnionType: no typing import)
_set_c = Fr.__dict__["_c"].__set__
_obj_new = object.__new__


def _wrap(c: CData) -> Fr:
    o = _obj_new(Fr)
    _set_c(o, c)
    return o


def fr_array(scalars: Iterable[FrLike], n: int | None = None) -> tuple[CData, int]:
    """A cffi ``zk_fr[]`` holding the given scalars (Fr or int, ints reduced mod r), for C calls that take
    arrays (MSM, NTT). Returns (array, count).

    ``n``: the array's length, for C calls that read a fixed number of entries (a padded NTT input, an MSM over
    the first n points): the scalars fill the first entries and the rest are zero. ValueError when more than
    ``n`` scalars are given. Default: exactly the scalars given."""
    scalars = scalars if isinstance(scalars, (list, tuple)) else list(scalars)
    count = len(scalars)
    if n is None:
        n = count
    elif isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"fr_array: n must be a non-negative int, got {n!r}")
    elif count > n:
        raise ValueError(f"fr_array: {count} scalars do not fit an array of n = {n}")
    arr = _new("zk_fr[]", max(n, 1))        # zero-filled: the entries past the scalars are 0
    for i, s in enumerate(scalars):
        if type(s) is Fr:
            arr[i] = s._c[0]
        elif isinstance(s, int) and not isinstance(s, bool):
            if 0 <= s < _U64:
                _from_u64(arr + i, s)
            else:
                if not 0 <= s < CURVE_ORDER:
                    s %= CURVE_ORDER
                _from_bytes(arr + i, s.to_bytes(32, "big"))
        else:
            raise TypeError(f"scalar {i} is a {type(s).__name__}, expected Fr or int")
    return arr, n


__all__ = ["Fr", "CURVE_ORDER", "FIELD_MODULUS", "fr_array"]
