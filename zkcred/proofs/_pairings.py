"""One multi-pairing for every pairing equation of one or many composite proofs.

Each sub-protocol states its pairing equations as lists of (G1, G2) pairs whose product must be 1 in GT.
``PairingBatch`` multiplies the G1 side of every equation but the first by a fresh random 128-bit weight (the
weights are public: variable-time arithmetic), sums the G1 sides that meet the same G2 point, and checks the whole
product with one multi-Miller loop and one final exponentiation. If any equation fails, the product is 1 with
probability at most 2^-128 over the weights.
"""
from __future__ import annotations

import os
from collections.abc import Sequence

from ..bbs import _group as grp
from ..bls12_381 import G1, G2, Fr, pairing_check
from ..errors import VerificationError

__all__ = ["PairingBatch"]

WEIGHT_BITS = 128


class PairingBatch:
    """Collects pairing equations; ``check()`` verifies them all at once (module docstring)."""

    __slots__ = ("_terms", "_order", "_labels", "_equations")

    def __init__(self) -> None:
        self._terms: dict[bytes, list] = {}     # G2 encoding -> [G2, [G1 ...], [weight ...]]
        self._order: list[bytes] = []
        self._labels: list[str] = []
        self._equations: list[tuple[str, list[tuple[G1, G2]]]] = []

    def __len__(self) -> int:
        return len(self._equations)

    def add(self, pairs: Sequence[tuple[G1, G2]], label: str) -> None:
        """Add one equation: prod e(P_i, Q_i) == 1. ``label`` names it in the error when the batch fails alone."""
        weight = None
        if self._equations:
            weight = Fr(int.from_bytes(os.urandom(WEIGHT_BITS // 8), "big") | 1)
        self._equations.append((label, list(pairs)))
        for P, Q in pairs:
            key = Q.to_bytes()
            entry = self._terms.get(key)
            if entry is None:
                entry = self._terms[key] = [Q, [], []]
                self._order.append(key)
            entry[1].append(P)
            entry[2].append(weight)

    def check(self) -> None:
        """Raise VerificationError when the product of all equations is not 1 (naming the equation when there is
        only one)."""
        if not self._equations:
            return
        pairs = []
        for key in self._order:
            Q, points, weights = self._terms[key]
            if all(w is None for w in weights):
                P = points[0] if len(points) == 1 else grp.g1_msm_var(points, [Fr(1)] * len(points))
            else:
                P = grp.g1_msm_var(points, [Fr(1) if w is None else w for w in weights])
            pairs.append((P, Q))
        if not pairing_check(pairs):
            if len(self._equations) == 1:
                raise VerificationError(f"{self._equations[0][0]}: pairing check failed")
            raise VerificationError("pairing check failed: " + ", ".join(self.failing()))

    def failing_indexes(self) -> list[int]:
        """The positions of the equations that fail on their own (to name them after a failed batch)."""
        return [k for k, (_label, pairs) in enumerate(self._equations) if not pairing_check(pairs)]

    def failing(self) -> list[str]:
        """The labels of the equations that fail on their own."""
        return [self._equations[k][0] for k in self.failing_indexes()]
