"""One multi-scalar multiplication for the Schnorr equations of one or many composite proofs.

A sub-proof that carries its Schnorr commitments (the "commitment form": T in the proof, the challenge derived
from it) leaves the verifier, for each commitment, a linear equation over public points to check:

    sum_i s_i * P_i + sum_j f_j * G_j == identity

where T is one of the P_i with coefficient -1 and the G_j are the points of a fixed-base table (the BBS
generators, a LegoGroth16 key's commitment bases). ``LinearBatch.check`` leaves the first equation unweighted,
multiplies every other one by a fresh random 128-bit weight (``_pairings.random_weight``, from the OS CSPRNG),
sums the scalars of each point object met more than once and of each table's points, and checks the total with
one variable-time MSM per table (all variable points in one of them). Every point is in the prime-order subgroup
(the decoders check it), so if any equation fails, the weighted total is the identity with probability at most
2^-128 over the weights. A batch of many presentations thus pays one MSM over their variable points (Abar, Bbar,
D, T1, T2, ...) and one fixed-base MSM per issuer key, instead of several MSMs each: this is what makes batch
verification cheaper than verifying one by one (``Verifier.verify_batch``, the verifier service).
"""
from __future__ import annotations

from collections.abc import Sequence

from ..bbs import _group as grp
from ..bls12_381 import G1, Fr
from ..errors import VerificationError
from ._pairings import random_weight

__all__ = ["LinearBatch", "MINUS_ONE"]

MINUS_ONE = -Fr(1)
_ZERO = Fr(0)
_IDENTITY = G1.identity()

# above this many variable points the batch's MSM goes through Pippenger (G1.msm_var) and the tables through
# their own fixed-base calls; below it, one fixed-base call takes the variable points too (Straus, one doubling
# chain), which is faster for the few points of one presentation
_PIPPENGER_FROM = 64


class LinearBatch:
    """Collects linear equations over G1; ``check()`` verifies them all with one MSM (module docstring)."""

    __slots__ = ("_equations",)

    def __init__(self) -> None:
        self._equations: list[tuple] = []

    def __len__(self) -> int:
        return len(self._equations)

    def add(self, label: str, points: Sequence[G1], scalars: Sequence[Fr], table=None,
            fixed: Sequence[Fr | None] | None = None) -> None:
        """Add sum scalars[i] * points[i] (+ sum fixed[j] * table.points[j] over the table's first len(fixed) points, None entries skipped) == identity.
        ``label`` names the equation when it fails."""
        if len(points) != len(scalars):
            raise ValueError(f"{label}: {len(points)} points but {len(scalars)} scalars")
        if (table is None) != (fixed is None) or (table is not None and fixed is not None and len(fixed) > table.n):
            raise ValueError(f"{label}: a table needs one fixed scalar (or None) per point it uses, at most "
                             "one per point it holds")
        self._equations.append((label, list(points), list(scalars), table, None if fixed is None else list(fixed)))

    def extend(self, other: "LinearBatch") -> None:
        """Add every equation of ``other`` (the verifier service merges the batches of many requests)."""
        self._equations += other._equations

    def _total(self, equations: Sequence[tuple], weighted: bool) -> G1:
        index: dict[int, int] = {}
        pts: list[G1] = []
        scs: list[Fr] = []
        tables: dict[int, list] = {}
        for k, (_label, points, scalars, table, fixed) in enumerate(equations):
            w = random_weight() if weighted and k else None
            for P, s in zip(points, scalars):
                if w is not None:
                    s = s * w
                i = index.get(id(P))
                if i is None:
                    index[id(P)] = len(pts)
                    pts.append(P)
                    scs.append(s)
                else:
                    scs[i] = scs[i] + s
            if table is not None:
                entry = tables.get(id(table))
                if entry is None:
                    entry = tables[id(table)] = [table, []]
                acc = entry[1]
                if len(acc) < len(fixed):
                    acc += [_ZERO] * (len(fixed) - len(acc))
                for j, f in enumerate(fixed):
                    if f is None:
                        continue
                    if w is not None:
                        f = f * w
                    acc[j] = acc[j] + f
        if not tables:
            return grp.g1_msm_var(pts, scs)
        groups = list(tables.values())
        if len(pts) >= _PIPPENGER_FROM:
            total = G1.msm_var(pts, scs)
            for table, fixed in groups:
                total = total + grp.g1_msm_fixed(table, fixed)
            return total
        total = grp.g1_msm_fixed(groups[0][0], groups[0][1], pts, scs)
        for table, fixed in groups[1:]:
            total = total + grp.g1_msm_fixed(table, fixed)
        return total

    def holds(self) -> bool:
        """True when the weighted sum of all equations is the identity (``check`` without naming failures)."""
        return not self._equations or self._total(self._equations, True) == _IDENTITY

    def failing_indexes(self) -> list[int]:
        """The positions of the equations that fail on their own (to name them after a failed batch)."""
        return [k for k, eq in enumerate(self._equations) if self._total([eq], False) != _IDENTITY]

    def check(self) -> None:
        """Raise VerificationError when the equations do not all hold, naming the failing ones."""
        if not self.holds():
            bad = [self._equations[k][0] for k in self.failing_indexes()]
            raise VerificationError("Schnorr equation fails: " + ", ".join(bad or ["(the weighted sum)"]))
