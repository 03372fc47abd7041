"""One multi-pairing for every pairing equation of one or many composite proofs.

Each sub-protocol states its pairing equations as (G1, G2) pairs, optionally with a constant factor in GT (a
precomputed pairing such as e(alpha, beta)), whose product must be 1 in GT. ``PairingBatch.check`` leaves one
equation unweighted (the first with a GT constant, else the one with the most pairs) and multiplies every other
one by a fresh random 128-bit weight w (public: variable-time arithmetic; its GT constant is raised to w), sums
the G1 sides that meet the same G2 point, and checks everything with one multi-Miller loop and one final
exponentiation. If any equation fails, the product is 1 with probability at most 2^-128 over the weights.

A G2 side may be given as ``G2Prepared`` (the lines of a fixed point: an issuer key, -BP2, a verifying key's
gamma and delta, an accumulator key; the statements keep them per key): the Miller loop then skips its G2
arithmetic for that pair and only evaluates its lines. One Miller loop runs over both kinds
(``multi_pairing_mixed``): a batch of many proofs has few merged fixed keys (lines) and many B (points).
"""
from __future__ import annotations

import os
from collections.abc import Sequence

from ..bbs import _group as grp
from ..bls12_381 import (CURVE_ORDER, G1, G2, GT, Fr, G2Prepared, multi_pairing_mixed, multi_pairing_prepared,
                         pairing_check_mixed)
from ..errors import VerificationError

__all__ = ["PairingBatch", "KnownPairing"]

WEIGHT_BITS = 128
GLV_LAMBDA = 0xac45a4010001a40200000000ffffffff      # z^2 - 1 (csrc/consts.h GLV_LAMBDA): sigma^2 on G1


def random_weight() -> Fr:
    """A fresh batch weight w1 + w2 * lambda (module docstring): uniform over 2^128 - 1 distinct non-zero values
    modulo r, from the OS CSPRNG."""
    while True:
        b = os.urandom(WEIGHT_BITS // 8)
        w1, w2 = int.from_bytes(b[:8], "big"), int.from_bytes(b[8:], "big")
        if w1 or w2:
            return Fr(w1 + w2 * GLV_LAMBDA)


def _split(pairs: Sequence[tuple]) -> tuple[list[tuple], list[tuple]]:
    """(the pairs over G2 points, the pairs over prepared lines): one Miller loop runs over both kinds."""
    points: list[tuple] = []
    lines: list[tuple] = []
    for pq in pairs:
        (lines if type(pq[1]) is G2Prepared else points).append(pq)
    return points, lines


def _product(pairs: Sequence[tuple]) -> GT:
    return multi_pairing_mixed(*_split(pairs))        # either kind may be empty: the same native loop


def _check(pairs: Sequence[tuple]) -> bool:
    return pairing_check_mixed(*_split(pairs))


class KnownPairing:
    """A constant of GT given with the pair it is the pairing of: ``value`` = e(P, Q), Q prepared (e(alpha, beta)
    of a verifying key). A batch that raises such a constant to a sum of weights s moves it into the Miller loop as
    the pair (s P, Q) instead: one G1 multiplication and one more line pair of the loop, for a GT exponentiation by
    a 255-bit s (several times as much). Immutable, public."""

    __slots__ = ("value", "P", "Q")

    def __init__(self, P: G1, Q: G2Prepared) -> None:
        if type(P) is not G1 or type(Q) is not G2Prepared:
            raise TypeError("KnownPairing takes a G1 point and a G2Prepared")
        self.P, self.Q = P, Q
        self.value = multi_pairing_prepared([(P, Q)])


def _value(gt: GT | KnownPairing) -> GT:
    return gt.value if isinstance(gt, KnownPairing) else gt


class PairingBatch:
    """Collects pairing equations; ``check()`` verifies them all at once (module docstring)."""

    __slots__ = ("_equations",)

    def __init__(self) -> None:
        self._equations: list[tuple[str, list[tuple[G1, G2 | G2Prepared]], GT | KnownPairing | None]] = []

    def __len__(self) -> int:
        return len(self._equations)

    def add(self, pairs: Sequence[tuple[G1, G2 | G2Prepared]], label: str, gt: GT | KnownPairing | None = None) \
            -> None:
        """Add one equation: gt * prod e(P_i, Q_i) == 1 (gt: a constant of GT, or a ``KnownPairing``, or None for
        1; Q_i a G2 point or its ``G2Prepared`` lines). ``label`` names it when it fails."""
        self._equations.append((label, list(pairs), gt))

    def truncate(self, n: int) -> None:
        """Drop the equations added after the first ``n`` (a caller whose proof failed half-way through adding)."""
        del self._equations[n:]

    def _product_is_one(self) -> bool:
        eqs = self._equations
        free = next((k for k, e in enumerate(eqs) if e[2] is not None),
                    max(range(len(eqs)), key=lambda k: len(eqs[k][1])))
        groups: dict[int, list] = {}          # id(G2) -> [G2, [G1], [weight]]; G2 objects are held, so ids stay valid
        gts: dict[int, list] = {}             # id(GT) -> [GT, sum of weights]: one power per distinct constant
        for k, (_label, pairs, gt) in enumerate(eqs):
            w = None if k == free else random_weight()
            for P, Q in pairs:
                g = groups.get(id(Q))
                if g is None:
                    g = groups[id(Q)] = [Q, [], []]
                g[1].append(P)
                g[2].append(w)
            if gt is not None:
                e = gts.get(id(gt))
                if e is None:
                    e = gts[id(gt)] = [gt, 0]
                e[1] += 1 if w is None else int(w)
        terms: list[GT] = []
        for gt, e in gts.values():
            e %= CURVE_ORDER
            if type(gt) is KnownPairing and e != 1:      # gt^e = e(e P, Q): into the Miller loop
                g = groups.get(id(gt.Q))
                if g is None:
                    g = groups[id(gt.Q)] = [gt.Q, [], []]
                g[1].append(gt.P)
                g[2].append(Fr(e))
            else:
                value = _value(gt)
                terms.append(value if e == 1 else value ** e)
        merged = []
        for Q, points, weights in groups.values():
            if len(points) == 1 and weights[0] is None:
                merged.append((points[0], Q))
            else:
                merged.append((grp.g1_msm_var(points, [Fr(1) if w is None else w for w in weights]), Q))
        if not terms:
            return _check(merged)
        gt_total = terms[0]
        for term in terms[1:]:
            gt_total = gt_total * term
        return (_product(merged) * gt_total).is_one()

    def holds(self) -> bool:
        """True when the product of all equations is 1 (``check`` without naming the failing equations: a caller
        that splits a failed batch itself, such as the verifier service, needs only this bit)."""
        return not self._equations or self._product_is_one()

    def check(self) -> None:
        """Raise VerificationError when the product of all equations is not 1, naming the failing equations."""
        if self._equations and not self._product_is_one():
            if len(self._equations) == 1:
                raise VerificationError(f"{self._equations[0][0]}: pairing check failed")
            raise VerificationError("pairing check failed: " + ", ".join(self.failing()))

    def failing_indexes(self) -> list[int]:
        """The positions of the equations that fail on their own (to name them after a failed batch)."""
        out = []
        for k, (_label, pairs, gt) in enumerate(self._equations):
            ok = _check(pairs) if gt is None else (_product(pairs) * _value(gt)).is_one()
            if not ok:
                out.append(k)
        return out

    def failing(self) -> list[str]:
        """The labels of the equations that fail on their own."""
        return [self._equations[k][0] for k in self.failing_indexes()]
