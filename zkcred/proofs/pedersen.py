"""Schnorr proof of knowledge of the opening of a Pedersen commitment C = sum_i w_i * B_i (Schnorr 1991;
the linear-relation form of Camenisch–Stadler), as a piece of composite sub-protocols.

Prover: T = sum_i b_i * B_i with blindings b_i (shared ones for linked slots), responses s_i = b_i + c * w_i.
Verifier: T = sum_i s_i * B_i - c * C, recomputed and bound through the composite transcript.
The prover's side is constant time (secret w_i, b_i); the verifier's is variable time (public data).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..bbs import _core
from ..bbs import _group as grp
from ..bls12_381 import G1, Fr

__all__ = ["schnorr_blindings", "schnorr_commit", "schnorr_respond", "schnorr_recompute"]


def schnorr_blindings(n: int, blindings: Mapping[int, Fr]) -> list[Fr]:
    """The full blinding list of n slots: the given ones for linked slots, fresh random ones for the others."""
    return [blindings[i] if i in blindings else _core.calculate_random_scalars(1)[0] for i in range(n)]


def schnorr_commit(bases: Sequence[G1], blindings: Mapping[int, Fr]) -> tuple[G1, list[Fr]]:
    """T and the full blinding list (``schnorr_blindings``)."""
    b = schnorr_blindings(len(bases), blindings)
    return grp.g1_msm_ct(list(bases), b), b


def schnorr_respond(blindings: Sequence[Fr], witness: Sequence[Fr], c: Fr) -> list[Fr]:
    """s_i = b_i + c * w_i (constant-time Fr arithmetic)."""
    return [b + c * w for b, w in zip(blindings, witness)]


def schnorr_recompute(bases: Sequence[G1], commitment: G1, responses: Sequence[Fr], c: Fr) -> G1:
    """T = sum_i s_i * B_i - c * C (variable time: public data)."""
    return grp.g1_msm_var([*bases, commitment], [*responses, -c])
