"""The EIP-2537 encodings and gas schedule of the EVM's BLS12-381 precompiles (EIP-2537, final; Prague).

An Fp element is 64 bytes big-endian: 16 zero bytes, then the 48-byte value, which must be < p. A G1 point is
x || y (128 bytes), a G2 point x.c0 || x.c1 || y.c0 || y.c1 (256 bytes; c0 first, unlike EIP-197's BN254 order);
the point at infinity is all zeros. As 32-byte words (Solidity ``uint256``) a G1 point is [x_hi, x_lo, y_hi, y_lo]
with x = x_hi * 2^256 + x_lo and x_hi < 2^128, a G2 point the eight words of its four Fp elements.

The precompiles check that points are on the curve (G1ADD 0x0b, G2ADD 0x0d) and, for the MSMs (0x0c, 0x0e) and
PAIRING_CHECK (0x0f), also that they are in the prime-order subgroup; any failure makes the call fail.
``g1_from_words`` / ``g2_from_words`` apply the same rules (DecodeError naming the rule), so that a Python verifier
of calldata accepts exactly what the precompiles accept.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..errors import DecodeError
from ._curve import G1, G2
from ._fr import FIELD_MODULUS

__all__ = ["G1ADD", "G1MSM", "G2ADD", "G2MSM", "PAIRING_CHECK", "MAP_FP_TO_G1", "MAP_FP2_TO_G2",
           "G1ADD_GAS", "G2ADD_GAS", "g1msm_gas", "pairing_gas", "g1_to_words", "g2_to_words", "g1_from_words",
           "g2_from_words", "g1_to_padded", "g2_to_padded", "words_to_bytes"]

G1ADD, G1MSM, G2ADD, G2MSM, PAIRING_CHECK, MAP_FP_TO_G1, MAP_FP2_TO_G2 = range(0x0b, 0x12)
G1ADD_GAS = 375
G2ADD_GAS = 600
_G1MUL_GAS = 12000
_MSM_MAX_DISCOUNT = 519
# EIP-2537 "Discounts table for G1 MSM", k = 1..128 (per-mille)
_G1_DISCOUNT = (
    1000, 949, 848, 797, 764, 750, 738, 728, 719, 712, 705, 698, 692, 687, 682, 677, 673, 669, 665, 661, 658, 654,
    651, 648, 645, 642, 640, 637, 635, 632, 630, 627, 625, 623, 621, 619, 617, 615, 613, 611, 609, 608, 606, 604,
    603, 601, 599, 598, 596, 595, 593, 592, 591, 589, 588, 586, 585, 584, 582, 581, 580, 579, 577, 576, 575, 574,
    573, 572, 570, 569, 568, 567, 566, 565, 564, 563, 562, 561, 560, 559, 558, 557, 556, 555, 554, 553, 552, 551,
    550, 549, 548, 547, 547, 546, 545, 544, 543, 542, 541, 540, 540, 539, 538, 537, 536, 536, 535, 534, 533, 532,
    532, 531, 530, 529, 528, 528, 527, 526, 525, 525, 524, 523, 522, 522, 521, 520, 520, 519)

P = FIELD_MODULUS
_LO = (1 << 256) - 1


def g1msm_gas(k: int) -> int:
    """G1MSM's price for k (point, scalar) pairs: k * 12000 * discount(k) // 1000 (EIP-2537 "Gas schedule")."""
    if k <= 0:
        return 0
    d = _G1_DISCOUNT[k - 1] if k <= len(_G1_DISCOUNT) else _MSM_MAX_DISCOUNT
    return k * _G1MUL_GAS * d // 1000


def pairing_gas(k: int) -> int:
    """PAIRING_CHECK's price for k pairs: 32600 * k + 37700."""
    return 32600 * k + 37700


def _fp_words(v: int) -> list[int]:
    return [v >> 256, v & _LO]


def g1_to_words(p: G1) -> list[int]:
    """The four 32-byte words of a G1 point's EIP-2537 encoding (infinity: zeros)."""
    if p.is_identity():
        return [0] * 4
    b = p.to_bytes(compressed=False)
    return _fp_words(int.from_bytes(b[:48], "big")) + _fp_words(int.from_bytes(b[48:], "big"))


def g2_to_words(p: G2) -> list[int]:
    """The eight words of a G2 point's EIP-2537 encoding: x.c0, x.c1, y.c0, y.c1 (infinity: zeros)."""
    if p.is_identity():
        return [0] * 8
    b = p.to_bytes(compressed=False)       # ZCash order: x.c1, x.c0, y.c1, y.c0
    x1, x0, y1, y0 = (int.from_bytes(b[i:i + 48], "big") for i in range(0, 192, 48))
    return [w for v in (x0, x1, y0, y1) for w in _fp_words(v)]


def words_to_bytes(words: Sequence[int]) -> bytes:
    return b"".join(w.to_bytes(32, "big") for w in words)


def g1_to_padded(p: G1) -> bytes:
    """The 128-byte EIP-2537 encoding of a G1 point."""
    return words_to_bytes(g1_to_words(p))


def g2_to_padded(p: G2) -> bytes:
    """The 256-byte EIP-2537 encoding of a G2 point."""
    return words_to_bytes(g2_to_words(p))


def _fp(words: Sequence[int], i: int, what: str) -> int:
    hi, lo = words[i], words[i + 1]
    for w in (hi, lo):
        if isinstance(w, bool) or not isinstance(w, int) or not 0 <= w <= _LO:
            raise DecodeError(f"{what}: a word is not a uint256")
    if hi >> 128:
        raise DecodeError(f"{what}: the top 16 bytes of a 64-byte field element are not zero (EIP-2537)")
    v = (hi << 256) | lo
    if v >= P:
        raise DecodeError(f"{what}: field element is not < p (EIP-2537)")
    return v


def g1_from_words(words: Sequence[int], what: str = "G1 point", *, subgroup: bool = True) -> G1:
    """A G1 point from its four words, by the rules of G1MSM/PAIRING_CHECK: canonical coordinates, all zeros for
    infinity, on the curve, and in the subgroup (``subgroup=False``: G1ADD's rules, on the curve only: then a
    point outside the subgroup raises DecodeError too, as zkcred builds no such G1 value)."""
    if len(words) != 4:
        raise DecodeError(f"{what}: expected 4 words")
    x, y = _fp(words, 0, what), _fp(words, 2, what)
    if x == 0 and y == 0:
        return G1.identity()
    try:
        return G1.from_bytes(x.to_bytes(48, "big") + y.to_bytes(48, "big"))
    except DecodeError as e:
        raise DecodeError(f"{what}: {e}") from None


def g2_from_words(words: Sequence[int], what: str = "G2 point") -> G2:
    """A G2 point from its eight words, by the rules of PAIRING_CHECK (canonical, on the curve, in the subgroup;
    all zeros for infinity)."""
    if len(words) != 8:
        raise DecodeError(f"{what}: expected 8 words")
    x0, x1, y0, y1 = (_fp(words, i, what) for i in range(0, 8, 2))
    if not (x0 or x1 or y0 or y1):
        return G2.identity()
    try:
        return G2.from_bytes(b"".join(v.to_bytes(48, "big") for v in (x1, x0, y1, y0)))
    except DecodeError as e:
        raise DecodeError(f"{what}: {e}") from None
