"""The BBS Signatures Interface (draft-irtf-cfrg-bbs-signatures, "BBS Signatures Interface" and "Key
Generation Operations"): bytes in, bytes out.

Every function takes ``suite=`` (a ciphersuite object or its name); the default is BLS12-381-SHA-256.
Malformed keys, signatures and proofs raise ``DecodeError``; well-formed ones that do not verify raise
``VerificationError``; verifiers return None on success.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..errors import DecodeError
from . import _core
from . import _group as grp
from ._suite import BLS12_381_SHA_256, OCTET_SCALAR_LENGTH, _octets, get_suite


def _messages(messages: Sequence[bytes] | None, what: str = "messages") -> list[bytes]:
    if messages is None:
        return []
    if isinstance(messages, (bytes, bytearray, memoryview, str)):
        raise TypeError(f"{what} must be a sequence of byte strings, not a single {type(messages).__name__}")
    return [_octets(m, f"{what}[{i}]") for i, m in enumerate(messages)]


def _indexes(indexes) -> list[int]:
    if indexes is None:
        return []
    return list(indexes)


def decode_secret_key(sk: bytes):
    """A secret key: 32 bytes big-endian, 0 < SK < r. The value never appears in an error message."""
    sk = _octets(sk, "secret key")
    if len(sk) != OCTET_SCALAR_LENGTH:
        raise DecodeError(f"a BBS secret key is {OCTET_SCALAR_LENGTH} bytes (got {len(sk)})")
    try:
        x = grp.fr_from_canonical(sk)
    except (DecodeError, ValueError):
        raise DecodeError("secret key must be a canonical scalar (below the group order r)") from None
    if grp.fr_is_zero(x):
        raise DecodeError("secret key must not be zero")
    return x


def keygen(key_material: bytes, key_info: bytes = b"", key_dst: bytes | None = None,
           suite=BLS12_381_SHA_256) -> bytes:
    """KeyGen (draft "Secret Key"): SK = hash_to_scalar(key_material || I2OSP(len(key_info), 2) || key_info,
    key_dst), returned as 32 bytes. key_dst defaults to ciphersuite_id || "KEYGEN_DST_" as the draft's KeyGen
    says (the draft's keypair fixtures pass api_id || "KEYGEN_DST_" explicitly)."""
    suite = get_suite(suite)
    key_material = _octets(key_material, "key_material")
    key_info = _octets(key_info, "key_info")
    if len(key_material) < 32:
        raise DecodeError("key_material must be at least 32 bytes")
    if len(key_info) > 65535:
        raise DecodeError("key_info must be at most 65535 bytes")
    if key_dst is None:
        key_dst = suite.ciphersuite_id + b"KEYGEN_DST_"
    key_dst = _octets(key_dst, "key_dst")
    sk = suite.hash_to_scalar(key_material + len(key_info).to_bytes(2, "big") + key_info, key_dst)
    if grp.fr_is_zero(sk):
        raise DecodeError("KeyGen produced SK = 0; use other key material")
    return sk.to_bytes()


def sk_to_pk(sk: bytes, suite=BLS12_381_SHA_256) -> bytes:
    """SkToPk (draft "Public Key"): W = SK * BP2 as 96 compressed bytes. Constant time in SK."""
    get_suite(suite)
    x = decode_secret_key(sk)
    return grp.g2_mul_ct(grp.bp2(), x).to_bytes(compressed=True)


def sign(sk: bytes, pk: bytes, header: bytes = b"", messages: Sequence[bytes] | None = None,
         suite=BLS12_381_SHA_256) -> bytes:
    """Sign (draft "Signature Generation"): an 80-byte deterministic signature on header and messages."""
    suite = get_suite(suite)
    x = decode_secret_key(sk)
    msgs = _messages(messages)
    api_id = suite.api_id
    scalars = suite.messages_to_scalars(msgs, api_id)
    gens = suite.create_generators(len(msgs) + 1, api_id)
    return _core.core_sign(x, _octets(pk, "public key"), gens, header, scalars, api_id, suite)


def verify(pk: bytes, signature: bytes, header: bytes = b"", messages: Sequence[bytes] | None = None,
           suite=BLS12_381_SHA_256) -> None:
    """Verify (draft "Signature Verification"): None when valid, else VerificationError (DecodeError for a
    malformed key or signature)."""
    suite = get_suite(suite)
    msgs = _messages(messages)
    api_id = suite.api_id
    sig = _core.octets_to_signature(signature)     # malformed input is reported before any hashing
    scalars = suite.messages_to_scalars(msgs, api_id)
    gens = suite.create_generators(len(msgs) + 1, api_id)
    _core.core_verify(_octets(pk, "public key"), sig, gens, header, scalars, api_id, suite)


def proof_gen(pk: bytes, signature: bytes, header: bytes = b"", ph: bytes = b"",
              messages: Sequence[bytes] | None = None, disclosed_indexes: Sequence[int] | None = None,
              suite=BLS12_381_SHA_256, *, random_scalars=None) -> bytes:
    """ProofGen (draft "Proof Generation"): a proof disclosing messages[i] for i in disclosed_indexes (strictly
    ascending, 0-based). ``random_scalars`` is the draft's mocked-randomness test hook; leave it None."""
    suite = get_suite(suite)
    msgs = _messages(messages)
    api_id = suite.api_id
    scalars = suite.messages_to_scalars(msgs, api_id)
    gens = suite.create_generators(len(msgs) + 1, api_id)
    return _core.core_proof_gen(_octets(pk, "public key"), signature, gens, header, ph, scalars,
                                _indexes(disclosed_indexes), api_id, suite, random_scalars=random_scalars)


def proof_verify(pk: bytes, proof: bytes, header: bytes = b"", ph: bytes = b"",
                 disclosed_messages: Sequence[bytes] | None = None, disclosed_indexes: Sequence[int] | None = None,
                 suite=BLS12_381_SHA_256) -> None:
    """ProofVerify (draft "Proof Verification"): None when valid, else VerificationError (DecodeError for a
    malformed key or proof, or inconsistent arguments)."""
    suite = get_suite(suite)
    msgs = _messages(disclosed_messages, "disclosed_messages")
    idx = _indexes(disclosed_indexes)
    p = _core.octets_to_proof(proof)      # malformed input is reported before any hashing
    idx = _core.check_proof_counts(p, len(msgs), idx)     # and inconsistent counts before any generator
    api_id = suite.api_id
    scalars = suite.messages_to_scalars(msgs, api_id)
    gens = suite.create_generators(len(p.commitments) + len(idx) + 1, api_id)
    _core.core_proof_verify(_octets(pk, "public key"), p, gens, header, ph, scalars, idx, api_id, suite)


def hash_to_scalar(msg: bytes, dst: bytes, suite=BLS12_381_SHA_256) -> bytes:
    """hash_to_scalar (draft "Hash to Scalar") as 32 bytes."""
    return get_suite(suite).hash_to_scalar(_octets(msg, "msg"), _octets(dst, "dst")).to_bytes()


def messages_to_scalars(messages: Sequence[bytes], api_id: bytes | None = None,
                        suite=BLS12_381_SHA_256) -> list:
    """messages_to_scalars (draft "Messages to Scalars"): a list of Fr."""
    return get_suite(suite).messages_to_scalars(_messages(messages), api_id)


def create_generators(count: int, api_id: bytes | None = None, suite=BLS12_381_SHA_256) -> list:
    """create_generators (draft "Generators Calculation"): a list of G1 points, cached per suite and api_id."""
    return get_suite(suite).create_generators(count, api_id)
