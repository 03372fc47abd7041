"""range64: a private value v lies in a public interval, lo <= v <= hi, for bounds the VERIFIER has checked to
be 64-bit. The lean circuit of the credential predicate key "range" (zkcred.credentials.predicates).

Public inputs (wire order): lo, hi. Private input: v (the committed attribute). Then the 64 bits of a = v - lo
and the 64 bits of b = hi - v, least significant first (wires 4..67 and 68..131).
Constraints: 2 x (64 booleanity + 1 recomposition) = 130 (in_range, which range checks lo, hi and v inside the
circuit, has 325), so the QAP domain is 256 instead of 512.

Soundness. The circuit alone proves only a = v - lo (mod r) and b = hi - v (mod r) with a, b in [0, 2^64).
The verifier adds, outside the circuit, that lo and hi (which it computes itself from the request) are integers
in [0, 2^64): ``check_bounds`` / ``public_inputs`` raise DecodeError otherwise. Then, writing v for the
canonical representative in [0, r):
  a + b = hi - lo (mod r), with 0 <= a + b < 2^65 and -2^64 < hi - lo < 2^64, so |(a + b) - (hi - lo)| < 2^66
  < r and the congruence is an equality of integers; and lo + a < 2^65 < r is v's representative, so
  v = lo + a >= lo and v = hi - b <= hi as integers (no wrap-around mod r is possible).
A wrap-around witness (v < lo, with a = v - lo + r) has a >= r - 2^64 and fails the 64-bit decomposition.
Completeness: for integers lo <= v <= hi < 2^64 both differences are in [0, 2^64).
"""
from __future__ import annotations

from functools import lru_cache

from zkcred.bls12_381 import Fr
from zkcred.circuit import Circuit
from zkcred.errors import DecodeError

__all__ = ["build", "circuit", "inputs", "public_inputs", "check_bounds", "witness_bytes", "BITS", "N_WIRES",
           "BOOLEAN_WIRES"]

BITS = 64
#: ONE, lo, hi, v, the bits of v - lo, the bits of hi - v
N_WIRES = 4 + 2 * BITS
#: per wire, 1 if the circuit constrains it to be boolean (the bits): the flags of the constant-time prover
#: (``lego.prove(..., boolean_wires=BOOLEAN_WIRES)``)
BOOLEAN_WIRES = bytes(4) + b"\x01" * (2 * BITS)


def build() -> Circuit:
    """A fresh range64 circuit."""
    c = Circuit("range64")
    lo = c.public_input("lo")
    hi = c.public_input("hi")
    v = c.private_input("v")
    c.range_check(v - lo, BITS, label="v - lo is 64-bit")
    c.range_check(hi - v, BITS, label="hi - v is 64-bit")
    return c


@lru_cache(maxsize=1)
def circuit() -> Circuit:
    """The range64 circuit, built once."""
    return build()


def inputs(v: object, lo: int, hi: int) -> dict[str, object]:
    """Witness inputs for the generic evaluator: v (secret; int or Fr), lo and hi (public ints)."""
    return {"v": v, "lo": lo, "hi": hi}


def check_bounds(lo: object, hi: object) -> None:
    """DecodeError unless lo and hi are integers in [0, 2^64): the verifier's half of the soundness argument
    (module docstring). A verifier must call it (``public_inputs`` does) before it accepts a proof."""
    for name, x in (("lo", lo), ("hi", hi)):
        if isinstance(x, bool) or not isinstance(x, int) or not 0 <= x < 1 << BITS:
            raise DecodeError(f"range64 public input {name}: expected an integer in [0, 2^64)")


def public_inputs(lo: int, hi: int) -> list[int]:
    """The verifier's public-input vector (wire order: lo, hi), after ``check_bounds``."""
    check_bounds(lo, hi)
    return [lo, hi]


def witness_bytes(v: Fr, lo: int, hi: int) -> bytes:
    """The .wtns-layout witness (secret) computed in constant-time C (zk_range64_witness_ct) from v as an Fr: no
    Python integer of v and no generic evaluator; equal to ``circuit().witness_bytes(inputs(v, lo, hi))``.
    Raises UnsatisfiedError naming the difference that is not 64-bit when not lo <= v <= hi (after
    ``check_bounds``: DecodeError for bounds outside [0, 2^64))."""
    from zkcred.circuit import UnsatisfiedError
    from zkcred.groth16 import _ntt
    check_bounds(lo, hi)
    if type(v) is not Fr:
        raise TypeError("range64.witness_bytes: v must be an Fr")
    data, failed = _ntt.range64_witness(v._c, lo, hi)
    if data is None:
        index = BITS if failed & 1 else 2 * BITS + 1        # the recomposition row the generic evaluator names
        raise UnsatisfiedError(index, circuit().labels[index])
    return data
