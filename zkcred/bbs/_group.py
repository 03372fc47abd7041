"""The few curve operations BBS needs, named by what they promise (constant time or public-data only).

Every call into ``zkcred.bls12_381`` made by the BBS package goes through here, so the split between
constant-time paths (secrets: sk, e, the proof's random scalars, undisclosed messages) and variable-time paths
(verification, generators, anything public) is visible in one place.
"""
from __future__ import annotations

from collections.abc import Generator, Sequence

from ..bls12_381 import G1, G2, Fr, pairing_check  # noqa: F401  (re-exported for the BBS modules)
from ..bls12_381 import hash_to_curve as _h2c

TYPE_CHECKING = False   # typing.TYPE_CHECKING without importing typing (start-up time of the BBS CLI)
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any
    from ..bls12_381._curve import G1FixedTable
    from ..bls12_381.hash_to_curve import Expand


def expand_message(msg: bytes, dst: bytes, len_in_bytes: int, kind: Expand) -> bytes:
    """RFC 9380 section 5.3: expand_message_xmd (SHA-256) or expand_message_xof (SHAKE-256)."""
    if kind == "xmd":
        return _h2c.expand_message_xmd(msg, dst, len_in_bytes)
    return _h2c.expand_message_xof(msg, dst, len_in_bytes)


def hash_to_g1(msg: bytes, dst: bytes, kind: Expand) -> G1:
    """hash_to_curve into G1 (SSWU, random oracle) with the given expand_message. Inputs are public."""
    return _h2c.hash_to_g1(msg, dst, expand=kind)


def fr_from_wide(uniform: bytes) -> Fr:
    """OS2IP(uniform) mod r, in constant-time C (the input may be derived from secrets)."""
    return Fr.from_bytes_wide(uniform)


def fr_from_canonical(b: bytes) -> Fr:
    """Decode 32 big-endian bytes as a scalar; DecodeError when the value is >= r. Constant time in C."""
    return Fr.from_bytes(b)


def fr_batch_from_canonical(b: bytes) -> list:
    """Decode back-to-back 32-byte big-endian scalars in one C call; DecodeError when one is >= r. Constant
    time in C."""
    return Fr.batch_from_bytes(b)


def g1_from_bytes(b: bytes) -> G1:
    """Decode a compressed G1 point with every check (flags, range, on curve, subgroup). Public input."""
    return G1.from_bytes(b)


def g1_batch_from_bytes(b: bytes) -> list:
    """Decode back-to-back compressed G1 points, fully validated, in one C call. Public input."""
    return G1.batch_from_bytes(b)


def g1_batch_to_bytes(points: Sequence[G1]) -> bytes:
    """The compressed encodings of the points back to back, one constant-time inversion for all (prover side:
    points computed from secrets)."""
    return G1.batch_to_bytes(points)


def g1_batch_to_bytes_var(points: Sequence[G1]) -> bytes:
    """The compressed encodings of public points back to back, one inversion for all. Variable time: the
    points must be public (verification: T1, T2 recomputed from the proof)."""
    return G1.batch_to_bytes_var(points)


def g2_from_bytes(b: bytes) -> G2:
    """Decode a compressed G2 point with every check (flags, range, on curve, subgroup). Public input."""
    return G2.from_bytes(b)


def g1_msm_ct(points: Sequence[G1], scalars: Sequence[Fr]) -> G1:
    """sum scalars[i] * points[i], constant time in points and scalars (fixed windows, masked lookups)."""
    return G1.msm_ct(points, scalars)


def g1_msm_ct_multi(groups: Sequence[tuple[Sequence[G1], Sequence[Fr]]]) -> list:
    """[sum scalars[i] * points[i] for (points, scalars) in groups], constant time in points and scalars, in one
    C call (small sums share one pass of the lane kernel where the CPU has it)."""
    return G1.msm_ct_multi(groups)


def run_ct_rounds(provers: Sequence[Generator[list, list, Any]]) -> list:
    """Several provers' constant-time sums, round by round, each round's sums in one pass set
    (``G1.run_ct_rounds``); returns each prover's result."""
    return G1.run_ct_rounds(provers)


def run_ct_rounds_alone(prover: Generator[list, list, Any]) -> Any:
    """``run_ct_rounds`` for one prover."""
    return G1.run_ct_rounds_alone(prover)


# A single point goes through one GLV+wNAF multiplication; from 2 points on, the MSM's Straus path (shared
# doublings) wins: 2 points 123 vs 158 us, 3 points 148 vs 237 us, 4 points 182 vs 320 us through the Python
# layer (tools: benchmarks/bbs.py; re-measured on a quiet machine, the earlier crossover at 4 was load noise).
SMALL_MSM = 2


def g1_msm_var(points: Sequence[G1], scalars: Sequence[Fr]) -> G1:
    """sum scalars[i] * points[i]. Variable time: inputs must be public."""
    if not points:
        return G1.identity()
    if len(points) < SMALL_MSM:
        acc = points[0].mul_var(scalars[0])
        for p, k in zip(points[1:], scalars[1:]):
            acc = acc + p.mul_var(k)
        return acc
    return G1.msm_var(points, scalars)


def g1_fixed_table(points: Sequence[G1]) -> G1FixedTable:
    """Fixed-base tables of public points reused across MSMs (the generators). Variable time: public points."""
    return G1.fixed_table(points)


def g1_msm_fixed(table: G1FixedTable, fixed_scalars: Sequence[Fr | int], points: Sequence[G1] = (),
                 scalars: Sequence[Fr] = ()) -> G1:
    """sum fixed_scalars[i] * table.points[i] + sum scalars[i] * points[i], one C call, the table's points read
    from their precomputed tables. Variable time: inputs must be public."""
    return G1.msm_fixed_var(table, fixed_scalars, points, scalars)


def g1_mul_ct(p: G1, k: Fr) -> G1:
    """k * p, constant time in p and k."""
    return p * k


def g2_mul_ct(p: G2, k: Fr) -> G2:
    """k * p, constant time in p and k."""
    return p * k


_ZERO = None
_BP2 = None
_BP2_NEG = None


def fr_is_zero(x: Fr) -> bool:
    """x == 0, compared in constant-time C."""
    global _ZERO
    if _ZERO is None:
        _ZERO = Fr(0)
    return x == _ZERO


def bp2() -> G2:
    """BP2, the base point of G2."""
    global _BP2
    if _BP2 is None:
        _BP2 = G2.generator()
    return _BP2


def bp2_neg() -> G2:
    """-BP2."""
    global _BP2_NEG
    if _BP2_NEG is None:
        _BP2_NEG = -G2.generator()
    return _BP2_NEG


_BP2_NEG_PREPARED = None


def bp2_neg_prepared():
    """-BP2's Miller-loop lines (``G2Prepared``), made once: one object, so that a ``PairingBatch`` sums every G1
    point that meets it."""
    global _BP2_NEG_PREPARED
    if _BP2_NEG_PREPARED is None:
        from ..bls12_381 import G2Prepared
        _BP2_NEG_PREPARED = G2Prepared(bp2_neg())
    return _BP2_NEG_PREPARED
