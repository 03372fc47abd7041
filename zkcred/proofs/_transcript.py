"""The Fiat–Shamir transcript of a composite proof.

Every part is framed as I2OSP(len(label), 1) || label || I2OSP(len(data), 8) || data, so two different
sequences of (label, data) never produce the same bytes. The challenge is
``hash_to_scalar(transcript, DST)`` with expand_message_xmd over SHA-256 (the BBS ciphersuite's hash_to_scalar,
draft-irtf-cfrg-bbs-signatures "Hash to Scalar"), under zkcred's own domain-separation tag, so a composite
challenge can never be confused with a plain BBS proof's challenge.
"""
from __future__ import annotations

from ..bbs._suite import BLS12_381_SHA_256
from ..bls12_381 import Fr

__all__ = ["Transcript", "CHALLENGE_DST"]

CHALLENGE_DST = b"ZKCRED_COMPOSITE_PROOF_V1_BLS12381_XMD:SHA-256_CHALLENGE_"


class Transcript:
    """An append-only list of framed (label, data) parts; ``challenge()`` hashes them to a scalar."""

    __slots__ = ("_parts",)

    def __init__(self, protocol: bytes) -> None:
        self._parts: list[bytes] = []
        self.append(b"protocol", protocol)

    def append(self, label: bytes, data: bytes) -> None:
        if len(label) > 255:
            raise ValueError("transcript label longer than 255 bytes")
        self._parts.append(bytes((len(label),)) + label + len(data).to_bytes(8, "big") + bytes(data))

    def to_bytes(self) -> bytes:
        return b"".join(self._parts)

    def challenge(self) -> Fr:
        """The Fiat–Shamir challenge over everything appended so far."""
        return BLS12_381_SHA_256.hash_to_scalar(self.to_bytes(), CHALLENGE_DST)
