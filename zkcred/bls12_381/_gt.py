"""GT, the order-r subgroup of Fp12* where the pairing lands, written multiplicatively, and the pairing itself.

``pairing(P, Q)`` is the optimal ate pairing (the same element as arkworks' and snarkjs'); ``multi_pairing`` and
``pairing_check`` share one multi-Miller loop and one final exponentiation in C. Pairing inputs are public.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..errors import DecodeError
from ._curve import G1, G2
from ._ffi import err_message, ffi, lib
from ._fr import CURVE_ORDER, Fr

TYPE_CHECKING = False   # typing.TYPE_CHECKING without importing typing (start-up time of the CLI)
if TYPE_CHECKING:  # pragma: no cover
    from ._ffi import CData

_new = ffi.new
_obj_new = object.__new__
GT_BYTES = 576


class GT:
    """An element of GT (multiplicative group of order r). Immutable; ``*``, ``/``, ``**`` are C calls."""

    __slots__ = ("_c",)
    _c: CData               # the zk_fp12 buffer, read-only

    def __init__(self) -> None:
        raise TypeError("use GT.one(), pairing(P, Q) or GT.from_bytes()")

    @classmethod
    def _from_c(cls, c) -> "GT":
        """Wrap a ``zk_fp12 *`` cdata holding an element of GT (ownership passes to the value)."""
        o = _obj_new(cls)
        _set_c(o, c)
        return o

    @classmethod
    def one(cls) -> "GT":
        c = _new("zk_fp12 *")
        lib.zk_gt_one(c)
        return cls._from_c(c)

    identity = one

    @classmethod
    def from_bytes(cls, data: bytes) -> "GT":
        """Decode 576 bytes (12 Fp coefficients, big-endian, in the order of zkcred.h) and check that the value
        is in GT. Raises DecodeError naming the rule broken."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"GT.from_bytes takes bytes, not {type(data).__name__}")
        data = bytes(data)
        if len(data) != GT_BYTES:
            raise DecodeError(f"GT: wrong length: expected {GT_BYTES} bytes, got {len(data)}")
        c = _new("zk_fp12 *")
        err = lib.zk_gt_from_bytes_var(c, data)
        if err:
            raise DecodeError(f"GT: {err_message(err)}")
        return cls._from_c(c)

    def to_bytes(self) -> bytes:
        buf = _new("uint8_t[]", GT_BYTES)
        lib.zk_gt_to_bytes(buf, self._c)
        return ffi.buffer(buf, GT_BYTES)[:]

    def __bytes__(self) -> bytes:
        return self.to_bytes()

    def __mul__(self, other: "GT") -> "GT":
        if type(other) is not GT:
            return NotImplemented
        c = _new("zk_fp12 *")
        lib.zk_gt_mul(c, self._c, other._c)
        return GT._from_c(c)

    def inverse(self) -> "GT":
        c = _new("zk_fp12 *")
        lib.zk_gt_inv(c, self._c)
        return GT._from_c(c)

    def __truediv__(self, other: "GT") -> "GT":
        if type(other) is not GT:
            return NotImplemented
        return self * other.inverse()

    def __pow__(self, k: Fr | int, mod: None = None) -> "GT":
        """self^k, constant time in self and k (k: Fr or int, reduced mod r; negative ints invert)."""
        if mod is not None:
            return NotImplemented
        if type(k) is Fr:
            kc = k._c
        elif isinstance(k, int) and not isinstance(k, bool):
            kc = Fr(k % CURVE_ORDER)._c
        else:
            return NotImplemented
        c = _new("zk_fp12 *")
        lib.zk_gt_pow(c, self._c, kc)
        return GT._from_c(c)

    def __eq__(self, other: object) -> bool:
        if type(other) is not GT:
            return NotImplemented
        return bool(lib.zk_gt_eq(self._c, other._c))

    def __ne__(self, other: object) -> bool:
        if type(other) is not GT:
            return NotImplemented
        return not lib.zk_gt_eq(self._c, other._c)

    def __hash__(self) -> int:
        return hash((GT, self.to_bytes()))

    def is_one(self) -> bool:
        return bool(lib.zk_gt_is_one(self._c))

    def __repr__(self) -> str:
        return "GT.one()" if self.is_one() else f"GT(<{self.to_bytes()[:8].hex()}...>)"

    def __reduce__(self):
        return (GT.from_bytes, (self.to_bytes(),))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("GT is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("GT is immutable")


_set_c = GT.__dict__["_c"].__set__


def pairing(P: G1, Q: G2) -> GT:
    """e(P, Q), the optimal ate pairing (identity inputs give GT.one())."""
    if type(P) is not G1 or type(Q) is not G2:
        raise TypeError("pairing takes (G1, G2)")
    c = _new("zk_fp12 *")
    lib.zk_pairing(c, P._c, Q._c)
    return GT._from_c(c)


def _pair_arrays(pairs: Iterable[tuple[G1, G2]]):
    pairs = list(pairs)
    n = len(pairs)
    ps = _new("zk_g1[]", max(n, 1))
    qs = _new("zk_g2[]", max(n, 1))
    for i, pq in enumerate(pairs):
        try:
            P, Q = pq
        except (TypeError, ValueError):
            raise TypeError(f"pair {i} is not a (G1, G2) pair") from None
        if type(P) is not G1 or type(Q) is not G2:
            raise TypeError(f"pair {i} is not a (G1, G2) pair")
        ps[i] = P._c[0]
        qs[i] = Q._c[0]
    return ps, qs, n


def multi_pairing(pairs: Iterable[tuple[G1, G2]]) -> GT:
    """prod e(P_i, Q_i) with one multi-Miller loop and one final exponentiation (empty product: GT.one())."""
    ps, qs, n = _pair_arrays(pairs)
    c = _new("zk_fp12 *")
    lib.zk_multi_pairing(c, ps, qs, n)
    return GT._from_c(c)


def pairing_check(pairs: Iterable[tuple[G1, G2]]) -> bool:
    """True iff prod e(P_i, Q_i) == 1 (one multi-Miller loop, one final exponentiation). Verifiers wrap this
    and raise VerificationError; they never hand the bool on."""
    ps, qs, n = _pair_arrays(pairs)
    return bool(lib.zk_pairing_check(ps, qs, n))


class G2Prepared:
    """A G2 point's Miller-loop lines (``zk_g2_prepare``: 68 lines, about 19.6 KB), for pairings whose G2 argument
    is fixed (a public key): ``pairing_check_prepared`` then skips the G2 arithmetic of the Miller loop. Computing
    them costs about one Miller loop; immutable, public."""

    __slots__ = ("_c", "point")
    _c: CData               # the zk_g2_prepared buffer, read-only
    point: G2

    def __init__(self, point: G2) -> None:
        if type(point) is not G2:
            raise TypeError(f"G2Prepared takes a G2 point, not {type(point).__name__}")
        self._c = _new("zk_g2_prepared *")
        self.point = point
        lib.zk_g2_prepare(self._c, point._c)

    def __repr__(self) -> str:
        return f"G2Prepared({self.point!r})"


def _prepared_arrays(pairs: Iterable[tuple[G1, G2Prepared]]) -> tuple[CData, CData, int]:
    pairs = list(pairs)
    n = len(pairs)
    ps = _new("zk_g1[]", max(n, 1))
    keep = []
    for i, pq in enumerate(pairs):
        try:
            P, Q = pq
        except (TypeError, ValueError):
            raise TypeError(f"pair {i} is not a (G1, G2Prepared) pair") from None
        if type(P) is not G1 or type(Q) is not G2Prepared:
            raise TypeError(f"pair {i} is not a (G1, G2Prepared) pair")
        ps[i] = P._c[0]
        keep.append(Q._c)
    return ps, _new("zk_g2_prepared *[]", keep or 1), n


def pairing_check_prepared(pairs: Iterable[tuple[G1, G2Prepared]]) -> bool:
    """``pairing_check`` with prepared G2 arguments: True iff prod e(P_i, Q_i) == 1 for the points Q_i of the
    ``G2Prepared`` lines (one Miller loop of line evaluations, one final exponentiation)."""
    ps, qs, n = _prepared_arrays(pairs)
    return bool(lib.zk_pairing_check_prepared(ps, qs, n))


def multi_pairing_prepared(pairs: Iterable[tuple[G1, G2Prepared]]) -> GT:
    """``multi_pairing`` with prepared G2 arguments: prod e(P_i, Q_i) (empty product: GT.one()), for a caller that
    multiplies it by constants of GT before comparing it with 1."""
    ps, qs, n = _prepared_arrays(pairs)
    c = _new("zk_fp12 *")
    lib.zk_multi_pairing_prepared(c, ps, qs, n)
    return GT._from_c(c)


def _mixed_arrays(points: Iterable[tuple[G1, G2]], lines: Iterable[tuple[G1, G2Prepared]]) -> tuple:
    ps, qs, n = _pair_arrays(points)
    pl, ql, nl = _prepared_arrays(lines)
    return ps, qs, n, pl, ql, nl


def multi_pairing_mixed(points: Iterable[tuple[G1, G2]], lines: Iterable[tuple[G1, G2Prepared]]) -> GT:
    """prod e(P_i, Q_i) over ``points`` (G2 points) times prod e(P_j, Q_j) over ``lines`` (``G2Prepared``), with
    one Miller loop for both (the G2 arithmetic only for the points: a batch of proofs, each with its own B,
    beside the lines of fixed keys) and one final exponentiation."""
    c = _new("zk_fp12 *")
    lib.zk_multi_pairing_mixed(c, *_mixed_arrays(points, lines))
    return GT._from_c(c)


def pairing_check_mixed(points: Iterable[tuple[G1, G2]], lines: Iterable[tuple[G1, G2Prepared]]) -> bool:
    """True iff ``multi_pairing_mixed(points, lines)`` is 1."""
    return bool(lib.zk_pairing_check_mixed(*_mixed_arrays(points, lines)))


__all__ = ["GT", "G2Prepared", "pairing", "multi_pairing", "pairing_check", "pairing_check_prepared",
           "multi_pairing_prepared", "multi_pairing_mixed", "pairing_check_mixed", "GT_BYTES"]
