"""Groth16 keys and proofs on BLS12-381, in the shape snarkjs uses (gamma = 1, the odd-coset H bases).

``VerifyingKey`` and ``Proof`` hold ``zkcred.bls12_381`` points; this module also has the coordinate codecs
(plain affine and .zkey Montgomery) shared by the file formats. ``ProvingKey`` (the .zkey sections, decoded into
C memory on first use) lives in ``_proving_key`` and is re-exported here on first access: verification, which
only needs this module, does not pay for loading the prover's code (``zkcred groth16 verify`` start-up time).
"""
from __future__ import annotations

from .._record import Record
from ..bls12_381._fr import CURVE_ORDER, FIELD_MODULUS
from ..errors import DecodeError

TYPE_CHECKING = False   # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:  # pragma: no cover
    from typing import TypeGuard

    from ..bls12_381 import G1, G2

__all__ = ["VerifyingKey", "Proof", "ProvingKey", "NativeProvingKey", "check_vk", "is_canonical_decimal",
           "g1_from_xy", "g2_from_xy", "g1_xy", "g2_xy", "g1_from_zkey", "g2_from_zkey", "g1_to_zkey", "g2_to_zkey",
           "Q", "R", "RQ", "RQ_INV"]


def _curve():
    from .. import bls12_381  # imported on first use: the file codecs below work without the value layer
    return bls12_381

Q = FIELD_MODULUS
R = CURVE_ORDER
RQ = pow(2, 384, Q)
RQ_INV = pow(RQ, -1, Q)

# ---------------------------------------------------------------- coordinates <-> points


def is_canonical_decimal(v: object) -> TypeGuard[str]:
    """True for what snarkjs writes for a number: a str of ASCII digits, no sign, no spaces, no leading zero
    (``str.isdigit`` alone admits "١٠" and full-width digits, which ``int`` reads as 10)."""
    return isinstance(v, str) and v.isascii() and v.isdigit() and (len(v) == 1 or v[0] != "0")



def g1_from_xy(xy: tuple[int, int] | None) -> G1:
    """Affine plain coordinates (None = infinity) -> G1, checked (range, curve, subgroup) by G1.from_bytes."""
    if xy is None:
        return _curve().G1.identity()
    x, y = xy
    if not (0 <= x < Q and 0 <= y < Q):
        raise DecodeError("G1 coordinate out of range [0, q)")
    return _curve().G1.from_bytes(x.to_bytes(48, "big") + y.to_bytes(48, "big"))


def g2_from_xy(xy: tuple[tuple[int, int], tuple[int, int]] | None) -> G2:
    """((x.c0, x.c1), (y.c0, y.c1)) plain (None = infinity) -> G2, fully checked."""
    if xy is None:
        return _curve().G2.identity()
    (x0, x1), (y0, y1) = xy
    if not all(0 <= v < Q for v in (x0, x1, y0, y1)):
        raise DecodeError("G2 coordinate out of range [0, q)")
    return _curve().G2.from_bytes(b"".join(v.to_bytes(48, "big") for v in (x1, x0, y1, y0)))


def g1_xy(p: G1) -> tuple[int, int] | None:
    if p.is_identity():
        return None
    b = p.to_bytes(compressed=False)
    return int.from_bytes(b[:48], "big"), int.from_bytes(b[48:], "big")


def g2_xy(p: G2) -> tuple[tuple[int, int], tuple[int, int]] | None:
    if p.is_identity():
        return None
    b = p.to_bytes(compressed=False)
    x1, x0, y1, y0 = (int.from_bytes(b[i:i + 48], "big") for i in range(0, 192, 48))
    return (x0, x1), (y0, y1)


def _zkey_fq(b: bytes | memoryview) -> int:
    v = int.from_bytes(b, "little")
    if v >= Q:
        raise DecodeError("zkey coordinate is not < q")
    return v * RQ_INV % Q


def g1_from_zkey(b: bytes | memoryview) -> G1:
    if len(b) != 96:
        raise DecodeError("zkey G1 point must be 96 bytes")
    if not any(b):
        return _curve().G1.identity()
    return g1_from_xy((_zkey_fq(b[:48]), _zkey_fq(b[48:])))


def g2_from_zkey(b: bytes | memoryview) -> G2:
    if len(b) != 192:
        raise DecodeError("zkey G2 point must be 192 bytes")
    if not any(b):
        return _curve().G2.identity()
    c = [_zkey_fq(b[i:i + 48]) for i in range(0, 192, 48)]
    return g2_from_xy(((c[0], c[1]), (c[2], c[3])))


def g1_to_zkey(p: G1) -> bytes:
    xy = g1_xy(p)
    if xy is None:
        return bytes(96)
    return b"".join((v * RQ % Q).to_bytes(48, "little") for v in xy)


def g2_to_zkey(p: G2) -> bytes:
    xy = g2_xy(p)
    if xy is None:
        return bytes(192)
    (x0, x1), (y0, y1) = xy
    return b"".join((v * RQ % Q).to_bytes(48, "little") for v in (x0, x1, y0, y1))


# ---------------------------------------------------------------- keys and proofs


class VerifyingKey(Record):
    """e(A, B) = e(alpha1, beta2) e(sum_i pub_i IC_i, gamma2) e(C, delta2), with pub_0 = 1.

    Fields: ``alpha1`` (G1), ``beta2``, ``gamma2``, ``delta2`` (G2), ``ic`` (tuple of G1)."""
    alpha1: G1
    beta2: G2
    gamma2: G2
    delta2: G2
    ic: tuple[G1, ...]

    @property
    def n_public(self) -> int:
        return len(self.ic) - 1


def check_vk(vk: VerifyingKey) -> None:
    """Reject a verifying key under which proofs cannot be sound (DecodeError naming the rule):

    - alpha1, beta2, gamma2 or delta2 is the identity: e.g. with gamma2 = identity the public inputs drop out of
      the equation, and (A, B, C) = (alpha1, beta2, identity) verifies for any inputs;
    - gamma2 == delta2 (what snarkjs writes before any phase-2 contribution, both being the generator): then
      (A, B, C) = (alpha1, beta2, -sum pub_i IC_i) verifies for any inputs.
    Called when keys are read (JSON, .zkey export) and by every verifier."""
    from .. import bls12_381 as curve
    if not isinstance(vk, VerifyingKey):
        raise TypeError(f"expected a Groth16 VerifyingKey, not {type(vk).__name__}")
    for name, want in (("alpha1", curve.G1), ("beta2", curve.G2), ("gamma2", curve.G2), ("delta2", curve.G2)):
        p = getattr(vk, name)
        if not isinstance(p, want):
            raise DecodeError(f"verifying key: {name} must be a {want.__name__} point")
        if p.is_identity():
            raise DecodeError(f"verifying key: {name} is the identity (no proof under this key is sound)")
    if vk.gamma2 == vk.delta2:
        raise DecodeError("verifying key: gamma2 == delta2 (a key without a phase-2 contribution; no proof under "
                          "it is sound)")
    if not isinstance(vk.ic, tuple) or not vk.ic or not all(isinstance(p, curve.G1) for p in vk.ic):
        raise DecodeError("verifying key: ic must be a non-empty tuple of G1 points")


class Proof(Record):
    """A Groth16 proof: ``a`` (G1), ``b`` (G2), ``c`` (G1)."""
    a: G1
    b: G2
    c: G1


def __getattr__(name: str):
    # PEP 562: the proving key's module is loaded on first use (module docstring)
    if name in ("ProvingKey", "NativeProvingKey"):
        from . import _proving_key
        return getattr(_proving_key, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
