"""bbs-2023 round trips, tampering, malformed input and the VC 2.0 data model checks."""
from __future__ import annotations

import base64
import copy
from datetime import datetime, timezone

import pytest

from zkcred import vc
from zkcred.errors import DecodeError, VerificationError
from zkcred.vc import _cbor, _multikey

from ._gen import random_credential, random_pointers

V2 = "https://www.w3.org/ns/credentials/v2"


@pytest.fixture(scope="module")
def key():
    return vc.Multikey.generate()


def employee(issuer: str) -> dict:
    return {"@context": [V2, "https://www.w3.org/ns/credentials/examples/v2"],
            "type": ["VerifiableCredential", "EmployeeCredential"], "issuer": issuer,
            "validFrom": "2024-01-01T00:00:00Z", "validUntil": "2099-01-01T00:00:00Z",
            "credentialSubject": {"givenName": "Zoë", "familyName": "Doe", "employer": "ACME",
                                  "address": {"city": "Berlin", "zip": "10115"},
                                  "skills": ["python", "rust", "bls"], "level": 5, "active": True}}


@pytest.fixture(scope="module")
def signed(key):
    return vc.issue(employee(key.did), key, ["/issuer", "/validFrom", "/credentialSubject/employer"])


@pytest.fixture(scope="module")
def derived(signed):
    return vc.derive(signed, ["/credentialSubject/givenName", "/credentialSubject/address/city"], b"nonce-1")


def test_round_trip(signed, derived):
    vc.verify_base(signed)
    vc.verify(derived, b"nonce-1")
    assert derived["credentialSubject"] == {"givenName": "Zoë", "employer": "ACME", "address": {"city": "Berlin"}}
    assert "familyName" not in derived["credentialSubject"]
    assert derived["issuer"] == signed["issuer"] and "validUntil" not in derived


def test_random_round_trips(key, rng):
    for _ in range(8):
        cred = random_credential(rng, key.did)
        mandatory, selective = random_pointers(rng, cred)
        s = vc.issue(cred, key, mandatory)
        vc.verify_base(s)
        ph = rng.randbytes(rng.randrange(0, 40))
        vc.verify(vc.derive(s, selective, ph), ph)


def _paths(doc, prefix=()):
    if isinstance(doc, dict):
        for k, v in doc.items():
            if k in ("@context", "proof"):
                continue
            yield from _paths(v, prefix + (k,))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _paths(v, prefix + (i,))
    else:
        yield prefix


def _tampered(doc, path):
    d = copy.deepcopy(doc)
    x = d
    for p in path[:-1]:
        x = x[p]
    v = x[path[-1]]
    x[path[-1]] = (v + "!") if isinstance(v, str) else (not v) if isinstance(v, bool) else \
        (v + 1) if isinstance(v, (int, float)) else v
    return d


def test_tampering_any_disclosed_or_mandatory_value_fails(derived):
    paths = [p for p in _paths(derived) if p != ("type", 0)]
    assert len(paths) >= 5
    for path in paths:
        with pytest.raises((VerificationError, DecodeError)):
            vc.verify(_tampered(derived, path), b"nonce-1")


def test_tampering_the_signed_credential_fails(signed):
    for path in _paths(signed):
        if path[:1] == ("type",):
            continue
        with pytest.raises((VerificationError, DecodeError)):
            vc.verify_base(_tampered(signed, path))


def test_removing_or_adding_statements_fails(derived):
    d = copy.deepcopy(derived)
    del d["credentialSubject"]["address"]
    with pytest.raises(VerificationError):
        vc.verify(d, b"nonce-1")
    d = copy.deepcopy(derived)
    d["credentialSubject"]["familyName"] = "Doe"
    with pytest.raises(VerificationError):
        vc.verify(d, b"nonce-1")


def test_presentation_header_is_bound(derived):
    with pytest.raises(VerificationError, match="presentationHeader"):
        vc.verify(derived, b"nonce-2")
    vc.verify(derived, None)


def test_data_model_checks(key, signed):
    other = vc.Multikey.generate()
    s = vc.issue(employee(other.did), key, ["/issuer"])
    with pytest.raises(VerificationError, match="issuer"):
        vc.verify_base(s)
    vc.verify_base(s, data_model=False)
    with pytest.raises(VerificationError, match="validUntil"):
        vc.verify_base(signed, now=datetime(2100, 1, 1, tzinfo=timezone.utc))
    with pytest.raises(VerificationError, match="validFrom"):
        vc.verify_base(signed, now=datetime(2023, 1, 1, tzinfo=timezone.utc))
    d = vc.derive(signed, [], b"")
    with pytest.raises(VerificationError, match="validFrom"):
        vc.verify(d, now=datetime(2023, 1, 1, tzinfo=timezone.utc))
    bad = copy.deepcopy(signed)
    bad["proof"]["proofPurpose"] = "authentication"
    with pytest.raises(VerificationError, match="proofPurpose"):
        vc.verify_base(bad)


def test_issuer_object_form(key):
    cred = employee(key.did)
    cred["issuer"] = {"id": key.did, "name": "ACME HR"}
    s = vc.issue(cred, key, ["/issuer"])
    vc.verify(vc.derive(s, ["/credentialSubject/level"]), b"")


def _pv(doc, raw: bytes):
    d = copy.deepcopy(doc)
    d["proof"]["proofValue"] = "u" + base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    return d


def test_malformed_proof_values(signed, derived):
    raw = base64.urlsafe_b64decode(derived["proof"]["proofValue"][1:] + "==")
    base = base64.urlsafe_b64decode(signed["proof"]["proofValue"][1:] + "==")
    cases = {
        "z-multibase": ("z" + derived["proof"]["proofValue"][1:], "multibase"),
        "base-as-derived": (base, "d95d03"),
        "truncated": (raw[:-5], "truncated"),
        "trailing": (raw + b"\0", "trailing"),
        "indefinite": (raw[:3] + b"\x9f" + raw[4:], "indefinite"),
        "wrong-header": (b"\xd9\x5d\x07" + raw[3:], "d95d03"),
    }
    for name, (value, match) in cases.items():
        d = copy.deepcopy(derived)
        if isinstance(value, str):
            d["proof"]["proofValue"] = value
        else:
            d = _pv(derived, value)
        with pytest.raises(DecodeError, match=match):
            vc.verify(d, b"nonce-1")
    with pytest.raises(DecodeError, match="d95d02"):
        vc.derive(_pv(signed, raw), [])
    items = _cbor.decode(base[3:])
    items[1] = items[1][:63]
    with pytest.raises(DecodeError, match="bbsHeader"):
        vc.derive(_pv(signed, base[:3] + _cbor.encode(items)), [])
    nonminimal = base[:3] + b"\x98\x05" + base[4:]
    with pytest.raises(DecodeError, match="shortest"):
        vc.derive(_pv(signed, nonminimal), [])


def test_pointers_that_select_nothing(key, signed):
    with pytest.raises(DecodeError, match="/credentialSubject/nope"):
        vc.issue(employee(key.did), key, ["/credentialSubject/nope"])
    with pytest.raises(DecodeError, match="/credentialSubject/skills/7"):
        vc.derive(signed, ["/credentialSubject/skills/7"])
    with pytest.raises(DecodeError, match="must start with"):
        vc.derive(signed, ["credentialSubject"])
    with pytest.raises(DecodeError, match="literal"):
        vc.derive(signed, ["/credentialSubject/level/x"])


def test_unknown_context_names_the_url(key):
    cred = employee(key.did)
    cred["@context"] = [V2, "https://example.org/unknown-context/v1"]
    with pytest.raises(DecodeError, match="https://example.org/unknown-context/v1"):
        vc.issue(cred, key, ["/issuer"])


def test_extra_documents_extend_the_loader(key):
    url = "https://example.org/ctx/v1"
    ctx = {"@context": {"shoeSize": "https://example.org/vocab#shoeSize"}}
    cred = employee(key.did)
    cred["@context"] = [V2, url]
    cred["credentialSubject"] = {"shoeSize": 44}
    s = vc.issue(cred, key, ["/issuer"], document_loader={url: ctx})
    vc.verify(vc.derive(s, ["/credentialSubject/shoeSize"], document_loader={url: ctx}), document_loader={url: ctx})


def test_safe_mode_rejections(key):
    cred = employee(key.did)
    cred["@context"] = ["https://www.w3.org/2018/credentials/v1", "https://w3id.org/security/data-integrity/v2"]
    cred["credentialSubject"] = {"undefinedTerm": 1}
    with pytest.raises(DecodeError, match="undefinedTerm"):
        vc.issue(cred, key, ["/issuer"])
    for bad, match in ((2 ** 60, "2\\^53"), (1e-7, "below 1e-6"), (1e22, "1e21")):
        cred = employee(key.did)
        cred["credentialSubject"]["n"] = bad
        with pytest.raises(DecodeError, match=match):
            vc.issue(cred, key, ["/issuer"])


def test_control_characters_are_escaped_like_rdf_canonize():
    from zkcred.vc._rdfc import escape_literal
    assert escape_literal("a\bb\fc\x07d\x0be\x7ff\x00") == "a\\bb\\fc\\u0007d\\u000Be\\u007Ff\\u0000"
    assert escape_literal('t\tn\nr\r"\\') == 't\\tn\\nr\\r\\"\\\\'


def test_cbor_round_trip_and_rules():
    value = [b"\x01" * 80, {0: 2, 1: 4, 30: 300}, [0, 1, 23, 24, 255, 256, 65536], ["/a", "é"], b""]
    assert _cbor.decode(_cbor.encode(value)) == value
    assert _cbor.encode({3: 1, 1: 2}) == bytes.fromhex("a2 01 02 03 01")
    assert _cbor.decode(bytes.fromhex("d8 40 43 01 02 03")) == b"\x01\x02\x03"          # tag 64
    for bad, match in (("a2 02 00 01 00", "ascending"), ("18 05", "shortest"), ("5f", "indefinite"),
                       ("62 ff fe", "UTF-8"), ("f5", "major type 7"), ("20", "major type 1"), ("83 01", "exceeds the data"), ("82 01", "exceeds the data"), ("42 01", "truncated string"), ("19 01", "truncated")):
        with pytest.raises(DecodeError, match=match):
            _cbor.decode(bytes.fromhex(bad))


def test_base58_and_multikey(key):
    for data in (b"", b"\0", b"\0\0\x01", b"hello world", bytes(range(40))):
        assert _multikey.b58decode(_multikey.b58encode(data)) == data
    assert _multikey.b58encode(b"hello world") == "StV1DL6CwTryKyV"
    k2 = vc.Multikey.from_json(key.to_json(include_secret=True))
    assert (k2.public_key, k2.secret_key, k2.did, k2.verification_method) == \
        (key.public_key, key.secret_key, key.did, key.verification_method)
    assert k2.did.startswith("did:key:zUC7")
    pub = vc.Multikey.from_json(key.to_json())
    assert pub.secret_key is None and pub.verification_method == key.verification_method
    doc = vc.resolve_did_key(key.did)
    assert doc["assertionMethod"] == [key.verification_method]
    with pytest.raises(DecodeError, match="multicodec"):
        vc.Multikey.from_json({"type": "Multikey", "publicKeyMultibase": "z" + _multikey.b58encode(b"\xed\x01" + key.public_key)})
    bad = bytearray(key.public_key)
    bad[5] ^= 1
    with pytest.raises(DecodeError):
        vc.Multikey.from_json({"type": "Multikey", "publicKeyMultibase": _multikey.encode_public_key_multibase(bytes(bad))})
    other = vc.Multikey.generate()
    with pytest.raises(DecodeError, match="does not belong"):
        vc.Multikey.from_json({**key.to_json(), "secretKeyMultibase": other.secret_key_multibase})
