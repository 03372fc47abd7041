"""The accumulator's hot loops (``accumulator`` module docstring for the algebra).

- ``update_points``: the issuer's W_1..W_d for one epoch (secret alpha: constant time);
- ``witness_update``: the holder's fold of several epochs into one witness (secret y and C: constant time);
- ``decode_points_on_curve``: Omega's points, checked on the curve (no subgroup test: h_eff clears it).
"""
from __future__ import annotations

from collections.abc import Sequence

from ..bls12_381 import G1, Fr
from ..errors import DecodeError

__all__ = ["update_points", "witness_update", "decode_points_on_curve"]

H_EFF = 0xD201000000010001
H_EFF_INV = Fr(pow(H_EFF, -1, Fr.ORDER))


def update_points(v_old: G1, alpha: Fr, added: Sequence[Fr], removed: Sequence[Fr]) -> tuple[tuple[G1, ...], G1]:
    """(Omega_1..Omega_{d-1}, V_new) for additions then removals: W_i = P_i V_old with P_i the prefix products of
    (a + alpha) and (b + alpha)^-1; Omega_i = (P_i h_eff^-1) V_old. ValueError when an element equals -alpha."""
    adds = [a + alpha for a in added]
    dels = [b + alpha for b in removed]
    prod = Fr.one()
    for t in adds + dels:
        prod = prod * t
    if prod.is_zero():          # reveals only that some element is -alpha (probability 2^-255)
        raise ValueError("batch_update: an element equals -alpha")
    factors = adds + Fr.batch_inverse(dels)
    scalars = []
    p = Fr.one()
    for f in factors:
        p = p * f
        scalars.append(p)
    d = len(scalars)
    pts = [v_old * (s * H_EFF_INV if i < d - 1 else s) for i, s in enumerate(scalars)]
    return tuple(pts[:-1]), pts[-1]


def witness_update(y: Fr, C: G1, v_old: G1, updates: Sequence) -> G1:
    """C after every change of every update (``Witness.update``): C_new = lambda C + h_eff * X with
    X = sum over Omega points of mu_i Omega_i + sum over the epochs' values of (mu_i h_eff^-1) W_i."""
    points: list[G1] = [v_old]
    scaled: list[bool] = [False]
    kinds: list[bool] = []          # True: removal
    elems: list[Fr] = []
    for u in updates:
        for a in u.added:
            kinds.append(False)
            elems.append(a)
        for b in u.removed:
            kinds.append(True)
            elems.append(b)
        points += list(u.omega)
        scaled += [True] * len(u.omega)
        points.append(u.value)
        scaled.append(False)
    D = len(elems)
    diffs = [e - y for e in elems]
    prod = Fr.one()
    for k, t in zip(kinds, diffs):
        if k:
            prod = prod * t
    if prod.is_zero():
        raise ValueError("accumulator witness: its element was removed (the credential is revoked)")
    invs = iter(Fr.batch_inverse([t for k, t in zip(kinds, diffs) if k]))
    factor = [next(invs) if k else t for k, t in zip(kinds, diffs)]
    mu = [Fr.zero() for _ in range(D + 1)]
    S = Fr.one()
    for i in range(D, 0, -1):
        if kinds[i - 1]:
            mu[i] = mu[i] - S * factor[i - 1]
        else:
            mu[i - 1] = mu[i - 1] + S
        S = S * factor[i - 1]
    coeffs = [m if s else m * H_EFF_INV for m, s in zip(mu, scaled)]
    X = G1.msm_ct(points, coeffs)
    return C * S + X * H_EFF


def decode_points_on_curve(blob: bytes, count: int, field: str) -> tuple[G1, ...]:
    """``count`` compressed points; DecodeError naming ``field[i]`` and the rule."""
    if len(blob) != 48 * count:
        raise DecodeError(f"{field}: wrong length: expected {48 * count} bytes, got {len(blob)}")
    try:
        return tuple(G1.batch_from_bytes(blob))
    except DecodeError as e:
        raise DecodeError(f"{field}: {e}") from None
