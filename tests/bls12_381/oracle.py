"""py_ecc as the independent, slow oracle: conversions between its points and zkcred's, the ZCash encodings
computed from py_ecc's affine coordinates, and points built deliberately outside the subgroup or the curve."""
from __future__ import annotations

import random

from py_ecc.bls.point_compression import compress_G1, compress_G2, modular_squareroot_in_FQ2
from py_ecc.fields import optimized_bls12_381_FQ as FQ
from py_ecc.fields import optimized_bls12_381_FQ2 as FQ2
from py_ecc.optimized_bls12_381 import (
    G1 as PG1, G2 as PG2, Z1, Z2, add, b, b2, curve_order, field_modulus, is_on_curve, multiply, neg, normalize,
)

from zkcred.bls12_381 import G1, G2

P = field_modulus
R = curve_order
assert R == 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001

__all__ = ["PG1", "PG2", "Z1", "Z2", "add", "multiply", "neg", "P", "R", "FQ", "FQ2"]


def is_inf(pt) -> bool:
    return pt[2] == pt[2].__class__.zero()


# ---- encodings computed independently from affine coordinates (ZCash format) ---------------------------------
def enc_g1(pt, compressed: bool = True) -> bytes:
    if compressed:
        return compress_G1(pt).to_bytes(48, "big")
    if is_inf(pt):
        return bytes([0x40]) + bytes(95)
    x, y = normalize(pt)
    return int(x).to_bytes(48, "big") + int(y).to_bytes(48, "big")


def enc_g2(pt, compressed: bool = True) -> bytes:
    if compressed:
        z1, z2 = compress_G2(pt)
        return z1.to_bytes(48, "big") + z2.to_bytes(48, "big")
    if is_inf(pt):
        return bytes([0x40]) + bytes(191)
    x, y = normalize(pt)
    return b"".join(int(c).to_bytes(48, "big") for c in (x.coeffs[1], x.coeffs[0], y.coeffs[1], y.coeffs[0]))


def to_zk(pt):
    """py_ecc point (G1 over FQ or G2 over FQ2) -> zkcred value, through the uncompressed encoding."""
    if isinstance(pt[0], FQ):
        return G1.from_bytes(enc_g1(pt, compressed=False))
    return G2.from_bytes(enc_g2(pt, compressed=False))


def from_zk(p):
    """zkcred value -> py_ecc point, through affine integer coordinates."""
    if isinstance(p, G1):
        a = p.affine()
        return Z1 if a is None else (FQ(a[0]), FQ(a[1]), FQ.one())
    a = p.affine()
    if a is None:
        return Z2
    (x0, x1), (y0, y1) = a
    return (FQ2([x0, x1]), FQ2([y0, y1]), FQ2.one())


def same(p, pt) -> bool:
    """zkcred value equals py_ecc point (compared through py_ecc's own compression)."""
    return p.to_bytes() == (enc_g1(pt) if isinstance(p, G1) else enc_g2(pt))


# ---- points outside the subgroup / off the curve ---------------------------------------------------------------
def g1_off_subgroup(rng: random.Random):
    """A point of E(Fp) that is not in G1 (the cofactor is > 1, so almost every curve point qualifies)."""
    while True:
        x = rng.randrange(P)
        rhs = (x ** 3 + 4) % P
        y = pow(rhs, (P + 1) // 4, P)
        if y * y % P != rhs:
            continue
        pt = (FQ(x), FQ(y), FQ.one())
        assert is_on_curve(pt, b)
        if not is_inf(multiply(pt, R)):
            return pt


def g1_x_not_on_curve(rng: random.Random) -> int:
    """An x < p such that x^3 + 4 is not a square: no point of E(Fp) has it."""
    while True:
        x = rng.randrange(P)
        rhs = (x ** 3 + 4) % P
        if pow(rhs, (P - 1) // 2, P) == P - 1:
            return x


def g2_off_subgroup(rng: random.Random):
    """A point of E'(Fp2) that is not in G2."""
    while True:
        x = FQ2([rng.randrange(P), rng.randrange(P)])
        y = modular_squareroot_in_FQ2(x ** 3 + b2)
        if y is None:
            continue
        pt = (x, y, FQ2.one())
        assert is_on_curve(pt, b2)
        if not is_inf(multiply(pt, R)):
            return pt


def g2_x_not_on_curve(rng: random.Random) -> tuple[int, int]:
    """(x0, x1) such that x^3 + 4(1 + u) is not a square in Fp2."""
    while True:
        x = FQ2([rng.randrange(P), rng.randrange(P)])
        if modular_squareroot_in_FQ2(x ** 3 + b2) is None:
            return int(x.coeffs[0]), int(x.coeffs[1])


def raw_enc_g1(x: int, y: int | None = None, *, flags: int = 0) -> bytes:
    """Encoding from raw coordinates with the given flag bits (0x80 compression, 0x40 infinity, 0x20 sort)
    OR-ed into the first byte, without any validation."""
    body = x.to_bytes(48, "big") + (b"" if y is None else y.to_bytes(48, "big"))
    return bytes([body[0] | flags]) + body[1:]


def raw_enc_g2(x: tuple[int, int], y: tuple[int, int] | None = None, *, flags: int = 0) -> bytes:
    coords = [x[1], x[0]] + ([] if y is None else [y[1], y[0]])
    body = b"".join(c.to_bytes(48, "big") for c in coords)
    return bytes([body[0] | flags]) + body[1:]
