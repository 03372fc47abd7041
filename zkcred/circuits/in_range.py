"""in_range: a private 64-bit value v lies in a public interval, lo <= v <= hi.

Public inputs (wire order): lo, hi. Private input: v. All three are range checked to 64 bits (so the two
comparisons cannot wrap around the field), then ``hi - v`` and ``v - lo`` must be 64-bit values.
Constraints: 5 x 65 = 325.
"""
from __future__ import annotations

from functools import lru_cache

from zkcred.circuit import R, Circuit

__all__ = ["build", "circuit", "inputs", "public_inputs", "BITS"]

BITS = 64


def build() -> Circuit:
    """A fresh in_range circuit."""
    c = Circuit("in_range")
    lo = c.public_input("lo")
    hi = c.public_input("hi")
    v = c.private_input("v")
    c.range_check(lo, BITS, label="lo is 64-bit")
    c.range_check(hi, BITS, label="hi is 64-bit")
    c.range_check(v, BITS, label="v is 64-bit")
    c.assert_less_eq(lo, v, BITS, label="lo <= v")
    c.assert_less_eq(v, hi, BITS, label="v <= hi")
    return c


@lru_cache(maxsize=1)
def circuit() -> Circuit:
    """The in_range circuit, built once."""
    return build()


def inputs(v: object, lo: int, hi: int) -> dict[str, object]:
    """Witness inputs: v (secret; int or Fr), lo and hi (public ints)."""
    return {"v": v, "lo": lo, "hi": hi}


def public_inputs(lo: int, hi: int) -> list[int]:
    """The verifier's public-input vector (wire order: lo, hi)."""
    return [lo % R, hi % R]
