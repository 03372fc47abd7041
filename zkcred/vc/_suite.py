"""The bbs-2023 cryptosuite (W3C Data Integrity BBS Cryptosuites v1.0, baseline feature) and the VC 2.0 checks
a verifier makes (W3C Verifiable Credentials Data Model v2.0 section 4, VC Data Integrity v1.0 section 4).

Section references are to the editor's draft pinned by the W3C test vectors (tests/vectors/bbs-2023/README.md):
3.3.1 createShuffledIdLabelMapFunction, 3.3.2-3.3.5 base proof (de)serialization, 3.3.6-3.3.7 disclosure data and
derived proof (de)serialization, 3.4.x the instantiation algorithms (transformation, hashing, serialization,
verification) for base and derived proofs.
"""
from __future__ import annotations

import base64
import copy
import hashlib
import os
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone

from .. import bbs
from ..errors import DecodeError, VerificationError
from . import _cbor, _jsonld, _rdfc, _sd
from ._loader import DocumentLoader, as_loader
from ._multikey import Multikey, decode_public_key_multibase

CRYPTOSUITE = "bbs-2023"
BASE_HEADER = b"\xd9\x5d\x02"
DERIVED_HEADER = b"\xd9\x5d\x03"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
VC_V1 = "https://www.w3.org/2018/credentials/v1"
DI_V2 = "https://w3id.org/security/data-integrity/v2"
_SUITE = bbs.BLS12_381_SHA_256


# ------------------------------------------------------------------------------------------------ helpers

def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64url(text: str, what: str) -> bytes:
    if any(c not in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_" for c in text) \
            or len(text) % 4 == 1:
        raise DecodeError(f"{what}: not base64url without padding")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError:
        raise DecodeError(f"{what}: not base64url") from None


def _sha256(lines: Sequence[str]) -> bytes:
    return hashlib.sha256("".join(lines).encode("utf-8")).digest()


def _now_xsd() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _split(signed: object, what: str) -> tuple[dict, dict]:
    """(document without proof, the one bbs-2023 proof)."""
    if not isinstance(signed, dict):
        raise DecodeError(f"{what} must be a JSON object")
    _jsonld.check_json(signed)
    proof = signed.get("proof")
    if isinstance(proof, list):
        mine = [p for p in proof if isinstance(p, dict) and p.get("cryptosuite") == CRYPTOSUITE]
        if len(mine) != 1:
            raise DecodeError(f"{what}: expected exactly one bbs-2023 proof (found {len(mine)})")
        proof = mine[0]
    if not isinstance(proof, dict):
        raise DecodeError(f"{what}: no proof object")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        raise DecodeError(f"{what}: proof must be a DataIntegrityProof with cryptosuite 'bbs-2023'")
    for k in ("verificationMethod", "proofPurpose", "proofValue"):
        if not isinstance(proof.get(k), str):
            raise DecodeError(f"{what}: proof.{k} must be a string")
    doc = {k: v for k, v in signed.items() if k != "proof"}
    if "@context" not in doc:
        raise DecodeError(f"{what}: no @context")
    return doc, proof


def _proof_hash(doc: dict, proof: dict, loader: DocumentLoader) -> bytes:
    """Base/derived proof configuration (3.4.3 / 3.4.x): SHA-256 of the canonical proof options with the
    document's @context, without proofValue."""
    config = {"@context": doc["@context"], **{k: v for k, v in proof.items() if k not in ("proofValue", "@context")}}
    quads = _jsonld.to_quads(_jsonld.expand(config, loader, "proof configuration"), loader, "proof configuration")
    nquads, _ = _rdfc.canonicalize(quads)
    return _sha256(nquads)


def _check_pointers(pointers: object, what: str) -> list[str]:
    if isinstance(pointers, str) or not isinstance(pointers, Sequence):
        raise DecodeError(f"{what} must be a list of JSON pointer strings")
    out = list(pointers)
    for p in out:
        _sd.parse_pointer(p)
    return out


# ------------------------------------------------------------------------------------------------ proofValue

def serialize_base_proof_value(signature: bytes, header: bytes, public_key: bytes, hmac_key: bytes,
                               mandatory_pointers: Sequence[str]) -> str:
    """serializeBaseProofValue (3.3.2): "u" + base64url(0xd95d02 || CBOR[...])."""
    return "u" + _b64url(BASE_HEADER + _cbor.encode([signature, header, public_key, hmac_key,
                                                      list(mandatory_pointers)]))


def parse_base_proof_value(proof_value: object) -> tuple[bytes, bytes, bytes, bytes, list[str]]:
    """parseBaseProofValue (3.3.3): (signature, bbs header, public key, hmac key, mandatory pointers)."""
    raw = _multibase_u(proof_value)
    if raw[:3] != BASE_HEADER:
        raise DecodeError(f"proofValue: a base proof starts with d95d02 (got {raw[:3].hex()})")
    items = _cbor.decode(raw[3:], "proofValue")
    if not isinstance(items, list) or len(items) != 5:
        raise DecodeError("proofValue: a base proof is a CBOR array of 5 items")
    sig, header, pk, hmac_key, pointers = items
    for v, n, name in ((sig, 80, "signature"), (header, 64, "bbsHeader"), (pk, 96, "publicKey"),
                       (hmac_key, 32, "hmacKey")):
        if not isinstance(v, bytes) or len(v) != n:
            raise DecodeError(f"proofValue: {name} must be a {n}-byte string")
    if not isinstance(pointers, list) or not all(isinstance(p, str) for p in pointers):
        raise DecodeError("proofValue: mandatoryPointers must be an array of strings")
    return sig, header, pk, hmac_key, pointers


def serialize_derived_proof_value(bbs_proof: bytes, label_map: Mapping[str, str], mandatory_indexes: Sequence[int],
                                  selective_indexes: Sequence[int], presentation_header: bytes) -> str:
    """serializeDerivedProofValue (3.3.6): the label map compressed to int -> int (c14nN -> bM)."""
    compressed = {int(k[4:]): int(v[1:]) for k, v in label_map.items()}
    return "u" + _b64url(DERIVED_HEADER + _cbor.encode([bbs_proof, compressed, list(mandatory_indexes),
                                                         list(selective_indexes), presentation_header]))


def parse_derived_proof_value(proof_value: object) -> tuple[bytes, dict[str, str], list[int], list[int], bytes]:
    """parseDerivedProofValue (3.3.7): (bbs proof, label map c14nN -> bM, mandatory indexes, selective indexes,
    presentation header)."""
    raw = _multibase_u(proof_value)
    if raw[:3] != DERIVED_HEADER:
        raise DecodeError(f"proofValue: a derived proof starts with d95d03 (got {raw[:3].hex()})")
    items = _cbor.decode(raw[3:], "proofValue")
    if not isinstance(items, list) or len(items) != 5:
        raise DecodeError("proofValue: a derived proof is a CBOR array of 5 items")
    proof, labels, mandatory, selective, ph = items
    if not isinstance(proof, bytes):
        raise DecodeError("proofValue: bbsProof must be a byte string")
    if not isinstance(labels, dict) or not all(isinstance(v, int) for v in labels.values()):
        raise DecodeError("proofValue: the label map must map integers to integers")
    for idx, name in ((mandatory, "mandatoryIndexes"), (selective, "selectiveIndexes")):
        if not isinstance(idx, list) or not all(isinstance(i, int) for i in idx):
            raise DecodeError(f"proofValue: {name} must be an array of integers")
        if any(b <= a for a, b in zip(idx, idx[1:])):
            raise DecodeError(f"proofValue: {name} must be strictly ascending")
    if not isinstance(ph, bytes):
        raise DecodeError("proofValue: presentationHeader must be a byte string")
    return proof, {f"c14n{k}": f"b{v}" for k, v in labels.items()}, mandatory, selective, ph


def _multibase_u(proof_value: object) -> bytes:
    if not isinstance(proof_value, str) or not proof_value.startswith("u"):
        raise DecodeError("proofValue must be a multibase base64url string (starting with 'u')")
    return _unb64url(proof_value[1:], "proofValue")


# ------------------------------------------------------------------------------------------------ issuer

def issue(credential: object, key: Multikey, mandatory_pointers: Sequence[str] = (), *, created: str | None = "now",
          hmac_key: bytes | None = None, document_loader=None) -> dict:
    """Add a bbs-2023 base proof (3.4.2 transformation, 3.4.3 hashing, 3.4.4 serialization; VC Data Integrity
    "Add Proof"). ``created``: "now" (default), an XML Schema dateTime string, or None to omit it (as Digital
    Bazaar does). ``hmac_key`` (32 bytes) defaults to a fresh random key; ``document_loader`` extends the bundled
    contexts (a mapping url -> document or a DocumentLoader)."""
    loader = as_loader(document_loader)
    if key.secret_key is None:
        raise DecodeError("issue needs a Multikey with a secret key")
    if not isinstance(credential, dict):
        raise DecodeError("the credential must be a JSON object")
    if "proof" in credential:
        raise DecodeError("the credential already has a proof")
    _jsonld.check_json(credential)
    if "@context" not in credential:
        raise DecodeError("the credential has no @context")
    pointers = _check_pointers(mandatory_pointers, "mandatory_pointers")
    hmac_key = os.urandom(32) if hmac_key is None else bytes(hmac_key)
    if len(hmac_key) != 32:
        raise DecodeError("hmac_key must be 32 bytes")
    proof = {"type": "DataIntegrityProof", "cryptosuite": CRYPTOSUITE}
    if created is not None:
        proof["created"] = _now_xsd() if created == "now" else created
    proof["verificationMethod"] = key.verification_method
    proof["proofPurpose"] = "assertionMethod"

    proof_hash = _proof_hash(credential, proof, loader)
    grouped = _sd.canonicalize_and_group(credential, _sd.hmac_label_map(hmac_key), {"mandatory": pointers}, loader)
    mandatory, non_mandatory, _ = grouped["groups"]["mandatory"]
    header = proof_hash + _sha256(list(mandatory.values()))
    messages = [nq.encode("utf-8") for nq in non_mandatory.values()]
    signature = bbs.sign(key.secret_key, key.public_key, header, messages, suite=_SUITE)
    proof["proofValue"] = serialize_base_proof_value(signature, header, key.public_key, hmac_key, pointers)
    return {**copy.deepcopy(credential), "proof": proof}


# ------------------------------------------------------------------------------------------------ checks

def _resolve_key(proof: dict, loader: DocumentLoader) -> tuple[bytes, str]:
    """(public key, controller) of proof.verificationMethod, with the controller's assertionMethod check."""
    vm_id = proof["verificationMethod"]
    vm = loader.load(vm_id)
    if not isinstance(vm, dict):
        raise DecodeError(f"verification method {vm_id!r} is not a JSON object")
    if vm.get("id") not in (None, vm_id):
        raise VerificationError(f"verification method: document id {vm.get('id')!r} is not {vm_id!r}")
    if vm.get("type") != "Multikey":
        raise DecodeError(f"verification method {vm_id!r}: type must be Multikey")
    pk = decode_public_key_multibase(vm.get("publicKeyMultibase"), f"{vm_id}: publicKeyMultibase")
    controller = vm.get("controller")
    if not isinstance(controller, str):
        raise DecodeError(f"verification method {vm_id!r} has no controller")
    if proof["proofPurpose"] != "assertionMethod":
        raise VerificationError(f"proofPurpose: expected 'assertionMethod' (got {proof['proofPurpose']!r})")
    cdoc = loader.load(controller)
    methods = cdoc.get("assertionMethod", []) if isinstance(cdoc, dict) else []
    methods = methods if isinstance(methods, list) else [methods]
    ids = {m if isinstance(m, str) else m.get("id") for m in methods if isinstance(m, (str, dict))}
    if vm_id not in ids:
        raise VerificationError(f"proofPurpose: {vm_id!r} is not an assertionMethod of its controller {controller!r}")
    return pk, controller


def _parse_time(value: object, name: str) -> datetime:
    if not isinstance(value, str):
        raise DecodeError(f"{name} must be an XML Schema dateTime string")
    text = value.replace("Z", "+00:00") if value.endswith("Z") else value
    try:
        t = datetime.fromisoformat(text)
    except ValueError:
        raise DecodeError(f"{name} {value!r} is not an XML Schema dateTime") from None
    if "T" not in value:
        raise DecodeError(f"{name} {value!r} is not an XML Schema dateTime (no time)")
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)


def check_data_model(doc: dict, controller: str, now: datetime | None = None) -> None:
    """The VC Data Model v2.0 checks a verifier makes on a (possibly partially disclosed) credential: the base
    context first (section 4.3), type VerifiableCredential (4.5), issuer = controller of the proof's verification
    method (4.7 + Data Integrity "assertionMethod"), and validity period (4.9: validFrom <= now <= validUntil;
    VCDM 1.1 issuanceDate / expirationDate)."""
    ctx = doc.get("@context")
    first = ctx[0] if isinstance(ctx, list) and ctx else ctx
    if first not in (VC_V2, VC_V1):
        raise VerificationError(f"@context: the first context must be {VC_V2!r} (got {first!r})")
    types = doc.get("type")
    types = types if isinstance(types, list) else [types]
    if "VerifiableCredential" not in types:
        raise VerificationError("type: must include 'VerifiableCredential'")
    issuer = doc.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_id != controller:
        raise VerificationError(f"issuer: {issuer_id!r} is not the controller of the verification method "
                                f"({controller!r})")
    now = now or datetime.now(timezone.utc)
    for name in ("validFrom", "issuanceDate"):
        if name in doc and now < _parse_time(doc[name], name):
            raise VerificationError(f"{name}: the credential is not valid before {doc[name]}")
    for name in ("validUntil", "expirationDate"):
        if name in doc and now > _parse_time(doc[name], name):
            raise VerificationError(f"{name}: the credential expired at {doc[name]}")


# ------------------------------------------------------------------------------------------------ holder

def verify_base(signed: object, *, document_loader=None, now: datetime | None = None, data_model: bool = True) -> None:
    """Check a credential with a bbs-2023 base proof as a holder receives it: the proof header is the hash of the
    proof configuration and of the mandatory N-Quads, the public key is the verification method's, and the BBS
    signature verifies on the non-mandatory N-Quads (bbs-2023 3.4.2-3.4.3 run by the holder, BBS Verify).
    None, or VerificationError naming the failed check (DecodeError for malformed input)."""
    loader = as_loader(document_loader)
    doc, proof = _split(signed, "signed credential")
    sig, header, pk, hmac_key, pointers = parse_base_proof_value(proof["proofValue"])
    vm_pk, controller = _resolve_key(proof, loader)
    if vm_pk != pk:
        raise VerificationError("publicKey: the proofValue's key is not the verification method's")
    if data_model:
        check_data_model(doc, controller, now)
    proof_hash = _proof_hash(doc, proof, loader)
    grouped = _sd.canonicalize_and_group(doc, _sd.hmac_label_map(hmac_key), {"mandatory": pointers}, loader)
    mandatory, non_mandatory, _ = grouped["groups"]["mandatory"]
    if header[:32] != proof_hash:
        raise VerificationError("proofHash: the proof options do not match the signed header")
    if header[32:] != _sha256(list(mandatory.values())):
        raise VerificationError("mandatoryHash: the mandatory statements do not match the signed header")
    try:
        bbs.verify(pk, sig, header, [nq.encode("utf-8") for nq in non_mandatory.values()], suite=_SUITE)
    except VerificationError:
        raise VerificationError("bbs signature: does not verify on the credential's statements") from None


def derive(signed: object, selective_pointers: Sequence[str] = (), presentation_header: bytes = b"", *,
           document_loader=None, random_scalars=None) -> dict:
    """Derive a selectively disclosed credential (bbs-2023 3.4.6 createDisclosureData, 3.3.6
    serializeDerivedProofValue; VC Data Integrity "derive"). ``random_scalars`` is the BBS mocked-randomness test
    hook (zkcred.bbs.mocked_random_scalars); leave it None."""
    loader = as_loader(document_loader)
    doc, proof = _split(signed, "signed credential")
    sig, header, pk, hmac_key, mandatory_pointers = parse_base_proof_value(proof["proofValue"])
    selective = _check_pointers(selective_pointers, "selective_pointers")
    if not (mandatory_pointers or selective):
        raise DecodeError("derive: nothing selected for disclosure (no mandatory or selective pointers)")
    ph = bytes(presentation_header)
    combined = mandatory_pointers + selective
    grouped = _sd.canonicalize_and_group(
        doc, _sd.hmac_label_map(hmac_key),
        {"mandatory": mandatory_pointers, "selective": selective, "combined": combined}, loader)
    m_match, m_non, _ = grouped["groups"]["mandatory"]
    s_match, _, _ = grouped["groups"]["selective"]
    c_match, _, c_quads = grouped["groups"]["combined"]
    mandatory_indexes = [i for i, abs_i in enumerate(c_match) if abs_i in m_match]
    selective_indexes = [i for i, abs_i in enumerate(m_non) if abs_i in s_match]
    messages = [nq.encode("utf-8") for nq in m_non.values()]
    reveal = _sd.select_json(doc, combined)
    assert reveal is not None               # combined is not empty (checked above)
    canonical = _rdfc.canonical_labels(c_quads)
    labels = grouped["label_map"]
    verifier_labels = {c: labels[inp[2:]] for inp, c in canonical.items()}
    bbs_proof = bbs.proof_gen(pk, sig, header, ph, messages, selective_indexes, suite=_SUITE,
                              random_scalars=random_scalars)
    new_proof = {k: v for k, v in proof.items() if k != "@context"}
    new_proof["proofValue"] = serialize_derived_proof_value(bbs_proof, verifier_labels, mandatory_indexes,
                                                            selective_indexes, ph)
    reveal["proof"] = new_proof
    return reveal


# ------------------------------------------------------------------------------------------------ verifier

def verify(derived: object, presentation_header: bytes | None = b"", *, document_loader=None,
           now: datetime | None = None, data_model: bool = True) -> None:
    """Verify a derived bbs-2023 credential (bbs-2023 3.4.7 createVerifyData, 3.3.7 parseDerivedProofValue, BBS
    ProofVerify) and the VC 2.0 data model checks (``check_data_model``; ``data_model=False`` skips them).
    ``presentation_header`` must equal the proof's (None accepts any). None, or VerificationError naming the
    failed check; DecodeError for malformed input."""
    loader = as_loader(document_loader)
    doc, proof = _split(derived, "derived credential")
    bbs_proof, label_map, mandatory_indexes, selective_indexes, ph = parse_derived_proof_value(proof["proofValue"])
    if presentation_header is not None and ph != bytes(presentation_header):
        raise VerificationError("presentationHeader: the proof was made for another presentation header")
    pk, controller = _resolve_key(proof, loader)
    if data_model:
        check_data_model(doc, controller, now)
    proof_hash = _proof_hash(doc, proof, loader)
    quads = _jsonld.to_quads(_jsonld.expand(doc, loader, "derived credential"), loader, "derived credential")
    canonical = _rdfc.canonical_labels(quads)
    try:
        labels = {inp: label_map[c] for inp, c in canonical.items()}
    except KeyError as e:
        raise VerificationError(f"label map: no label for blank node _:{e.args[0]}") from None
    if len(set(labels.values())) != len(labels):
        raise DecodeError("proofValue: the label map is not one-to-one")
    nquads = _sd.relabeled_nquads(quads, labels)
    if mandatory_indexes and mandatory_indexes[-1] >= len(nquads) or any(i < 0 for i in mandatory_indexes):
        raise VerificationError("mandatoryIndexes: out of range for the disclosed statements")
    mset = set(mandatory_indexes)
    mandatory = [nq for i, nq in enumerate(nquads) if i in mset]
    disclosed = [nq.encode("utf-8") for i, nq in enumerate(nquads) if i not in mset]
    if len(disclosed) != len(selective_indexes):
        raise VerificationError(f"selectiveIndexes: {len(disclosed)} disclosed statements but "
                                f"{len(selective_indexes)} selective indexes")
    header = proof_hash + _sha256(mandatory)
    try:
        bbs.proof_verify(pk, bbs_proof, header, ph, disclosed, selective_indexes, suite=_SUITE)
    except VerificationError:
        raise VerificationError("bbs proof: does not verify on the disclosed statements") from None
