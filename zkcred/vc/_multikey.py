"""BLS12-381 G2 Multikey (W3C Controlled Identifiers v1.0, "Multikey"; multicodec `bls12_381-g2-pub` 0xeb and
`bls12_381-g2-priv` 0x130a) and the did:key method (W3C CCG did:key v0.7) for such keys, offline.

- ``publicKeyMultibase`` = "z" + base58btc(0xeb 0x01 || 96-byte compressed G2 point)
- ``secretKeyMultibase`` = "z" + base58btc(0x8a 0x26 || 32-byte big-endian scalar)
- did:key = "did:key:" + publicKeyMultibase; its verification method is "<did>#<publicKeyMultibase>".
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..errors import DecodeError

PUBLIC_KEY_PREFIX = b"\xeb\x01"      # varint(0xeb): bls12_381-g2-pub
SECRET_KEY_PREFIX = b"\x8a\x26"      # varint(0x130a): bls12_381-g2-priv
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
DID_CONTEXT = "https://www.w3.org/ns/did/v1"

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58)}


def b58encode(data: bytes) -> str:
    """base58btc (draft-msporny-base58): leading zero bytes become '1'. Public data only (variable time)."""
    zeros = len(data) - len(data.lstrip(b"\0"))
    n = int.from_bytes(data, "big")
    out = []
    while n:
        n, r = divmod(n, 58)
        out.append(_B58[r])
    return "1" * zeros + "".join(reversed(out))


def b58decode(text: str, what: str = "base58btc") -> bytes:
    """Inverse of b58encode; DecodeError on a character outside the alphabet."""
    n = 0
    for c in text:
        try:
            n = n * 58 + _B58_INDEX[c]
        except KeyError:
            raise DecodeError(f"{what}: {c!r} is not a base58btc character") from None
    zeros = len(text) - len(text.lstrip("1"))
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * zeros + body


def _multibase(value: object, prefix: bytes, length: int, what: str) -> bytes:
    if not isinstance(value, str) or not value.startswith("z"):
        raise DecodeError(f"{what} must be a base58btc multibase string starting with 'z'")
    raw = b58decode(value[1:], what)
    if raw[:2] != prefix:
        raise DecodeError(f"{what}: multicodec header must be {prefix.hex()} (got {raw[:2].hex()})")
    if len(raw) != 2 + length:
        raise DecodeError(f"{what}: the key must be {length} bytes (got {len(raw) - 2})")
    return raw[2:]


def decode_public_key_multibase(value: object, what: str = "publicKeyMultibase") -> bytes:
    """The 96-byte compressed G2 public key in a BLS12-381 G2 ``publicKeyMultibase`` (validated as a point)."""
    pk = _multibase(value, PUBLIC_KEY_PREFIX, 96, what)
    from ..bbs import octets_to_pubkey
    octets_to_pubkey(pk)          # on the curve, in the subgroup, not the identity: DecodeError otherwise
    return pk


def encode_public_key_multibase(pk: bytes) -> str:
    return "z" + b58encode(PUBLIC_KEY_PREFIX + bytes(pk))


@dataclass(frozen=True)
class Multikey:
    """A BLS12-381 G2 key pair (or a public key alone) for bbs-2023, identified by did:key unless ``id`` and
    ``controller`` say otherwise."""
    public_key: bytes
    secret_key: bytes | None = field(default=None, repr=False)
    controller: str | None = None
    id: str | None = None

    @classmethod
    def generate(cls) -> Multikey:
        """A fresh key pair: BBS KeyGen (draft-irtf-cfrg-bbs-signatures "Secret Key") on 32 random bytes."""
        from .. import bbs
        sk = bbs.keygen(os.urandom(32))
        return cls(public_key=bbs.sk_to_pk(sk), secret_key=sk)

    @classmethod
    def from_secret_key(cls, secret_key: bytes) -> Multikey:
        """The key pair of a 32-byte secret scalar."""
        from .. import bbs
        return cls(public_key=bbs.sk_to_pk(secret_key), secret_key=bytes(secret_key))

    @classmethod
    def from_json(cls, doc: object) -> Multikey:
        """A Multikey document ({"type": "Multikey", "publicKeyMultibase", ["secretKeyMultibase"], ["id"],
        ["controller"]}) as written by ``to_json`` or by Digital Bazaar's bls12-381-multikey ``export``."""
        if not isinstance(doc, dict):
            raise DecodeError("a Multikey must be a JSON object")
        if doc.get("type", "Multikey") != "Multikey":
            raise DecodeError(f"Multikey: type must be 'Multikey' (got {doc.get('type')!r})")
        pk = decode_public_key_multibase(doc.get("publicKeyMultibase"))
        sk = None
        if doc.get("secretKeyMultibase") is not None:
            sk = _multibase(doc["secretKeyMultibase"], SECRET_KEY_PREFIX, 32, "secretKeyMultibase")
            from .. import bbs
            if bbs.sk_to_pk(sk) != pk:
                raise DecodeError("Multikey: secretKeyMultibase does not belong to publicKeyMultibase")
        for k in ("id", "controller"):
            if doc.get(k) is not None and not isinstance(doc[k], str):
                raise DecodeError(f"Multikey: {k} must be a string")
        return cls(public_key=pk, secret_key=sk, controller=doc.get("controller"), id=doc.get("id"))

    @property
    def public_key_multibase(self) -> str:
        return encode_public_key_multibase(self.public_key)

    @property
    def secret_key_multibase(self) -> str:
        if self.secret_key is None:
            raise DecodeError("this Multikey has no secret key")
        return "z" + b58encode(SECRET_KEY_PREFIX + self.secret_key)

    @property
    def did(self) -> str:
        """The controller: did:key:<publicKeyMultibase> unless the key was loaded with another controller."""
        return self.controller or "did:key:" + self.public_key_multibase

    @property
    def verification_method(self) -> str:
        """The verification method id a proof names: <did>#<publicKeyMultibase> for did:key."""
        if self.id:
            return self.id
        return f"{self.did}#{self.public_key_multibase}"

    def to_json(self, include_secret: bool = False) -> dict:
        """The Multikey document (the secret only when asked for)."""
        doc = {"@context": MULTIKEY_CONTEXT, "id": self.verification_method, "type": "Multikey",
               "controller": self.did, "publicKeyMultibase": self.public_key_multibase}
        if include_secret:
            doc["secretKeyMultibase"] = self.secret_key_multibase
        return doc


def resolve_did_key(did: str) -> dict:
    """The DID document of a BLS12-381 G2 did:key (did:key v0.7 "Document Creation Algorithm"), offline.
    DecodeError for anything that is not such a did:key."""
    if not isinstance(did, str) or not did.startswith("did:key:"):
        raise DecodeError(f"not a did:key: {did!r}")
    did = did.split("#", 1)[0]
    mb = did[len("did:key:"):]
    decode_public_key_multibase(mb, f"{did}: key")
    vm_id = f"{did}#{mb}"
    return {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "verificationMethod": [{"id": vm_id, "type": "Multikey", "controller": did, "publicKeyMultibase": mb}],
        "authentication": [vm_id],
        "assertionMethod": [vm_id],
        "capabilityDelegation": [vm_id],
        "capabilityInvocation": [vm_id],
    }
