"""Rank-1 constraint systems: the interchange type between ``zkcred.circuit`` (and .r1cs files) and Groth16.

Wire layout follows circom/snarkjs: wire 0 is the constant ONE, then the public outputs, then the public
inputs, then the private inputs, then internal wires. Constraint i states <A_i, w> * <B_i, w> = <C_i, w>.
Coefficients are canonical integers in [0, r) (circuit structure is public); the witness is secret and is
carried as bytes: n_wires x 32-byte little-endian canonical scalars (the .wtns section-2 layout), w[0] = 1.
"""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["R1CS", "LinearCombination", "Constraint"]

LinearCombination = list[tuple[int, int]]   # [(wire, coefficient), ...]; order is not significant
Constraint = tuple[LinearCombination, LinearCombination, LinearCombination]


@dataclass
class R1CS:
    n_wires: int
    n_pub_out: int
    n_pub_in: int
    n_prv_in: int
    constraints: list[Constraint]
    labels: list[int] = field(default_factory=list)   # wire -> label id (optional, .r1cs section 3)

    @property
    def n_public(self) -> int:
        """Public signals, ONE excluded (snarkjs's nPublic)."""
        return self.n_pub_out + self.n_pub_in
