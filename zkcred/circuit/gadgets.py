"""Gadgets: bit decomposition, zero and equality tests, selection, comparisons and range checks.

They are methods of :class:`zkcred.circuit.Circuit` (this mixin). Every gadget adds its constraints under a label
naming the gadget, so a failing witness points at the gadget that rejected it. Witness hints use Fr only and do not
branch on values: bits come from ``Fr.to_bytes()`` by shifts and masks, the inverse from Fermat (x^(r-2), which
maps 0 to 0).

Preconditions that are NOT checked by a gadget are stated in its docstring (for instance "a and b are n-bit"):
the caller establishes them with :meth:`range_check` or by construction. Comparisons of values that are not
range checked are unsound (a wrapped-around difference passes), which is what the soundness tests demonstrate.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, cast

from zkcred.bls12_381 import CURVE_ORDER, Fr

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from contextlib import AbstractContextManager

    from .builder import LC, Circuit, Operand

__all__ = ["Gadgets", "MAX_BITS", "MAX_CMP_BITS"]

_R = CURVE_ORDER
#: to_bits refuses n above this: every value below 2^254 < r has one n-bit representation, so the decomposition
#: is unique; at 255 bits two representations of the same field element would exist (aliasing).
MAX_BITS = 254
#: comparisons decompose a difference into n + 1 bits, so n is at most MAX_BITS - 1.
MAX_CMP_BITS = MAX_BITS - 1


def _bits_of(n: int):
    """Hint: the n low bits of a value, least significant first, without branching on it."""
    def fn(x: Fr) -> list[Fr]:
        b = x.to_bytes()   # 32 bytes, big-endian, canonical
        return [Fr((b[31 - (i >> 3)] >> (i & 7)) & 1) for i in range(n)]
    return fn


def _inverse_or_zero(x: Fr) -> tuple[Fr]:
    return (x ** (_R - 2),)


class Gadgets:
    """Mixin with the standard gadgets; ``self`` is a Circuit."""

    if TYPE_CHECKING:   # what the gadgets use of Circuit (zkcred.circuit.builder), declared for the type checker
        def _lc(self, x: Operand) -> LC: ...
        def constant(self, value: int) -> LC: ...
        def hint(self, n_out: int, fn: Callable[..., Sequence[Fr]], *ins: Operand, label: str = "hint"
                 ) -> list[LC]: ...
        def scope(self, name: str) -> AbstractContextManager[None]: ...
        def constrain(self, a: Operand, b: Operand, c: Operand, label: str = "constraint") -> None: ...
        def mul(self, a: Operand, b: Operand, label: str = "mul") -> LC: ...
        def assert_eq(self, a: Operand, b: Operand, label: str = "assert_eq") -> None: ...
        def assert_bool(self, a: Operand, label: str = "assert_bool") -> None: ...

    def to_bits(self, x: "Operand", n: int, label: str = "to_bits") -> list["LC"]:
        """Decompose x into n boolean wires, least significant first; constrains sum(b_i 2^i) = x.

        Fails (unsatisfied) when x >= 2^n. n <= 254 so the decomposition is unique.
        Costs n + 1 constraints.
        """
        if not 1 <= n <= MAX_BITS:
            raise self._error(f"to_bits: n must be in [1, {MAX_BITS}], got {n}")
        lx = self._lc(x)
        with self.scope(label):
            bits = self.hint(n, _bits_of(n), lx, label="bits")
            for i, b in enumerate(bits):
                self.assert_bool(b, f"bit[{i}] is boolean")
            self.assert_eq(self.from_bits(bits), lx, f"value fits in {n} bits")
        return bits

    def from_bits(self, bits: "list[LC]") -> "LC":
        """sum(b_i 2^i) as a linear combination (no constraint; booleanity is the caller's)."""
        acc = self.constant(0)
        for i, b in enumerate(bits):
            acc = acc + self._lc(b).scale(1 << i)
        return acc

    def range_check(self, x: "Operand", n: int, label: str = "range_check") -> None:
        """Constrain 0 <= x < 2^n (as an integer representative in [0, r)). n + 1 constraints."""
        self.to_bits(x, n, label=f"{label}({n} bits)")

    def is_zero(self, x: "Operand", label: str = "is_zero") -> "LC":
        """1 if x == 0 else 0. Two constraints: m = x * inv, x * (1 - m) = 0 (inv is a hint)."""
        lx = self._lc(x)
        if lx.is_constant():
            return self.constant(1 if lx.constant_value() == 0 else 0)
        with self.scope(label):
            (inv,) = self.hint(1, _inverse_or_zero, lx, label="inverse")
            out = 1 - self.mul(lx, inv, "x*inv")
            self.constrain(lx, out, 0, "x * is_zero(x) = 0")
        return out

    def is_equal(self, a: "Operand", b: "Operand", label: str = "is_equal") -> "LC":
        """1 if a == b else 0 (two constraints)."""
        return self.is_zero(self._lc(a) - self._lc(b), label)

    def select(self, s: "Operand", a: "Operand", b: "Operand", label: str = "select") -> "LC":
        """a if s == 1 else b: b + s * (a - b), one constraint. Precondition: s is constrained boolean."""
        ls, la, lb = self._lc(s), self._lc(a), self._lc(b)
        return lb + self.mul(ls, la - lb, label)

    def less_than(self, a: "Operand", b: "Operand", n: int, label: str = "less_than") -> "LC":
        """1 if a < b else 0, for a and b in [0, 2^n). n + 2 constraints.

        Precondition (not checked): a and b are n-bit, e.g. by range_check. Otherwise a - b may wrap around the
        field and the result means nothing.
        """
        if not 1 <= n <= MAX_CMP_BITS:
            raise self._error(f"{label}: n must be in [1, {MAX_CMP_BITS}], got {n}")
        with self.scope(label):
            # a < b  <=>  a - b + 2^n < 2^n  <=>  bit n of (a - b + 2^n) is 0
            bits = self.to_bits(self._lc(a) - self._lc(b) + (1 << n), n + 1, label="diff")
        return 1 - bits[n]

    def greater_eq(self, a: "Operand", b: "Operand", n: int, label: str = "greater_eq") -> "LC":
        """1 if a >= b else 0, for n-bit a and b (same precondition as less_than)."""
        return 1 - self.less_than(a, b, n, label)

    def less_eq(self, a: "Operand", b: "Operand", n: int, label: str = "less_eq") -> "LC":
        """1 if a <= b else 0, for n-bit a and b."""
        return 1 - self.less_than(b, a, n, label)

    def greater_than(self, a: "Operand", b: "Operand", n: int, label: str = "greater_than") -> "LC":
        """1 if a > b else 0, for n-bit a and b."""
        return self.less_than(b, a, n, label)

    def assert_less_eq(self, a: "Operand", b: "Operand", n: int, label: str = "assert_less_eq") -> None:
        """Constrain a <= b for n-bit a and b: b - a must be an n-bit value (n + 1 constraints).

        Sound because for n-bit a > b the difference b - a wraps to r - (a - b) >= r - 2^n, which has no n-bit
        representation (n <= 253).
        """
        if not 1 <= n <= MAX_CMP_BITS:
            raise self._error(f"{label}: n must be in [1, {MAX_CMP_BITS}], got {n}")
        self.to_bits(self._lc(b) - self._lc(a), n, label=f"{label}(b - a fits in {n} bits)")

    def assert_less_than(self, a: "Operand", b: "Operand", n: int, label: str = "assert_less_than") -> None:
        """Constrain a < b for n-bit a and b (n + 1 constraints)."""
        if not 1 <= n <= MAX_CMP_BITS:
            raise self._error(f"{label}: n must be in [1, {MAX_CMP_BITS}], got {n}")
        self.to_bits(self._lc(b) - self._lc(a) - 1, n, label=f"{label}(b - a - 1 fits in {n} bits)")

    # -- Poseidon (zkcred.circuit.poseidon) -------------------------------------------------------------------------
    def poseidon_permutation(self, state: "Sequence[Operand]", label: str = "poseidon") -> "list[LC]":
        """The Poseidon permutation (t = 3) on three linear combinations; 243 constraints."""
        from .poseidon import permutation_gadget
        return permutation_gadget(cast("Circuit", self), state, label)

    def poseidon_hash(self, inputs: "Sequence[Operand]", label: str = "poseidon_hash") -> "LC":
        """zkcred's Poseidon sponge hash (see zkcred.circuit.poseidon) of 1..2^32 values."""
        from .poseidon import hash_gadget
        return hash_gadget(cast("Circuit", self), inputs, label)

    def merkle_root(self, leaf: "Operand", siblings: "Sequence[Operand]", index_bits: "Sequence[Operand]",
                    label: str = "merkle_path") -> "LC":
        """The Poseidon Merkle root reached from a hashed leaf along a path (index bits constrained boolean)."""
        from .poseidon import merkle_root_gadget
        return merkle_root_gadget(cast("Circuit", self), leaf, siblings, index_bits, label)

    def _error(self, msg: str) -> Exception:
        from .builder import CircuitError
        return CircuitError(msg)
