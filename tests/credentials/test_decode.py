"""Every malformed JSON field of every credential-layer document gives DecodeError naming the field.

Documents: schema, presentation request, issuer document (the verifier's copy; the holder's copy with proving
keys for the ``pk`` field), credential offer, issued credential, credential, holder, issuer secret, presentation.
For each, the test walks every field of a valid document and applies the mutations that fit its kind: missing,
wrong JSON type, and for byte strings bad base64url, non-canonical base64url (trailing bits set), wrong length,
and for points/scalars off-curve, off-subgroup, identity (where forbidden) and scalar >= r. Every object gets an
unknown field. Whole documents: duplicate keys (top level and nested), deep nesting, not JSON, not an object.

Each document is decoded AND used (a request resolved against its schema, an offer issued, an issued credential
stored, a credential presented, a presentation verified), because some fields are only typed against the schema
there; the error must still be a DecodeError whose message contains the field's path
(``presentation.credentials[0].signature.Abar``).
"""
from __future__ import annotations

import base64
import json
import re

import pytest

from zkcred.credentials import (Credential, CredentialOffer, Holder, IssuedCredential, Issuer, IssuerPublic,
                                Presentation, PresentationRequest, Schema)
from zkcred.errors import DecodeError, VerificationError

from .conftest import ID_SCHEMA, get, mutate

P = 0x1A0111EA397FE69A4B1BA7B6434BACD764774B84F38512BF6730D2A0F6B0F6241EABFFFEB153FFFFB9FEFFFFFFFFAAAB
R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _g1_on_curve(square: bool) -> bytes:
    """A compressed x on y^2 = x^3 + 4 (square: a point, which for x this small is outside the subgroup) or off
    it (no y exists)."""
    x = 5
    while True:
        rhs = (x ** 3 + 4) % P
        if (pow(rhs, (P - 1) // 2, P) == 1) == square:
            b = bytearray(x.to_bytes(48, "big"))
            b[0] |= 0x80
            return bytes(b)
        x += 1


G1_OFF_CURVE = _g1_on_curve(False)
G1_OFF_SUBGROUP = _g1_on_curve(True)
G1_IDENTITY = bytes([0xC0]) + bytes(47)
G2_IDENTITY = bytes([0xC0]) + bytes(95)
G2_BAD = bytes([0x80]) + bytes(46) + b"\x05" + bytes(48)      # x = 5 (in Fp2: c1 = 0, c0 = 5): not a G2 point


# ---------------------------------------------------------------- the documents and how each is used


@pytest.fixture(scope="module")
def docs(world):
    """name -> (valid document as a dict, function(text) that decodes and uses it)."""
    w = world
    req = w.two_request()
    pres = w.alice.present(req, [w.alice_card, w.alice_diploma])
    offer = w.alice.request_credential(w.A.public())
    issued = w.A.issue(offer, w.alice_card.attributes)
    cred_req = PresentationRequest.create([w.card_request()], verifier="v")

    def use_schema(t):
        Schema.from_json(t)

    def use_request(t):
        r = PresentationRequest.from_json(t)
        for c in r.credentials:
            c.resolve(w.id_schema if c.schema == w.id_schema.id else w.dip_schema)

    def use_issuer(t):
        pub = IssuerPublic.from_json(t)
        for k in pub.predicate_keys.values():
            if k.pk_bytes is not None:
                k.proving_key()

    def use_offer(t):
        w.A.issue(t, w.alice_card.attributes)

    def use_issued(t):
        w.alice.store(t, offer)

    def use_credential(t):
        w.alice.present(cred_req, [Credential.from_json(t)])

    def use_holder(t):
        Holder.from_json(t).request_credential(w.A.public())

    def use_issuer_secret(t):
        Issuer.from_json(t)

    def use_presentation(t):
        w.verifier.verify(req, t)

    # "issuer" is the verifier's copy (no proving keys: 17 KB instead of 7 MB); the proving-key field of the
    # holder's copy is tested in test_issuer_proving_key_fields
    return {
        "schema": (json.loads(w.id_schema.to_json()), use_schema),
        "request": (json.loads(req.to_json()), use_request),
        "issuer": (json.loads(w.D.public().to_json(proving_keys=False)), use_issuer),
        "offer": (json.loads(offer.to_json()), use_offer),
        "issued credential": (json.loads(issued.to_json()), use_issued),
        "credential": (json.loads(w.alice_card.to_json()), use_credential),
        "holder": (json.loads(w.alice.to_json()), use_holder),
        "issuer secret": (json.loads(w.D.to_json()), use_issuer_secret),
        "presentation": (json.loads(pres.to_json()), use_presentation),
    }


def pathstr(name: str, path: tuple) -> str:
    out = name
    for k in path:
        out += f"[{k}]" if isinstance(k, int) else f".{k}"
    return out


# fields whose JSON type is only checked against the schema when used, or are free-form, or optional
ANY_VALUE = {("credentials", 0, "predicates", 0, "value"), ("credentials", 0, "predicates", 1, "value"),
             ("credentials", 0, "predicates", 2, "value"), ("credentials", 1, "predicates", 0, "value")}
OPTIONAL = {"request": {("credentials", 0, "disclose"), ("credentials", 1, "disclose"), ("credentials", 0, "predicates"),
                        ("credentials", 1, "predicates"), ("same",)},
            "issuer": {("predicate_keys", k, "vk", "vk_alphabeta_12") for k in ("range", "set16", "merkle10")}}
SCALARS = {"challenge", "e_hat", "r1_hat", "r3_hat", "prover_blind", "link_secret", "blinding", "secret_key"}
G1_FIELDS = {"Abar", "Bbar", "D", "A", "C", "T1", "T2"}


def kind_of(name: str, path: tuple, value) -> str:
    """What a leaf is: 'fr', 'g1', 'g2', 'bytes<n>' (base64url of n bytes), 'bytes' (variable), or its JSON type."""
    last = path[-1]
    if name == "presentation":
        if last in SCALARS or (len(path) >= 2 and path[-2] == "attributes" and path[-3] == "signature"):
            return "fr"
        if path[-2:-1] == ("proof",):
            return "g2" if last == "B" else "g1"
        if last in G1_FIELDS and "signature" in path:
            return "g1"
        if last == "T" and ("predicates" in path or "revocation" in path):
            return "g1"
    if name in ("credential", "offer", "holder") and last in ("prover_blind", "link_secret"):
        return "fr"
    if name in ("credential", "issued credential") and last == "signature":
        return "bytes80"
    if name == "offer" and last == "commitment":
        return "bytes"
    if name == "issuer secret" and last == "secret_key":
        return "fr"
    if name in ("issuer", "issuer secret") and last == "public_key":
        return "g2"
    if last == "pk_digest":
        return "bytes32"
    if name == "request" and last == "nonce":
        return "bytes"
    return type(value).__name__


def leaves(doc, prefix=()):
    items = doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else ()
    for k, v in items:
        yield prefix + (k,), v
        yield from leaves(v, prefix + (k,))


def _skip_vk(name, path) -> bool:
    """The issuer document's LegoGroth16 keys: their own decoder is tested in tests/groth16; here only the vk
    object itself and its top-level fields of the range key (their error must name the issuer path too)."""
    if name in ("issuer", "issuer secret") and "vk" in path:
        i = path.index("vk")
        return path[i - 1] != "range" or len(path) > i + 2
    return False


def last_is(path: tuple, key: str) -> bool:
    return path[-1] == key


def names_field(msg: str, name: str, path: tuple) -> bool:
    """Whether ``msg`` names the field at ``path``: its full path, or (for a list element) its list's path, or
    its key as a word together with its parent's path or its parent's key (``issuer.predicate_keys.range.vk:
    ... field IC``, ``credential 'idcard'.disclosed.given_name``)."""
    if pathstr(name, path) in msg:
        return True
    parent, key = pathstr(name, path[:-1]), path[-1]
    if isinstance(key, int):
        return parent in msg
    if not re.search(rf"\b{re.escape(key)}\b", msg):
        return False
    return parent in msg or (len(path) >= 2 and re.search(rf"\b{re.escape(str(path[-2]))}\b", msg) is not None)


def wrong_type(value):
    if isinstance(value, bool):
        return "true"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return 12345
    if isinstance(value, list):
        return {"x": 1}
    return [1]


DELETE = object()


def mutations(name: str, doc: dict):
    """(path, mutated value or DELETE, label) for every field of ``doc`` (module docstring)."""
    for path, value in leaves(doc):
        if _skip_vk(name, path):
            continue
        if name == "issuer secret" and path[0] == "public":
            continue                 # the embedded issuer document is covered as "issuer"
        parent = get(doc, path[:-1])
        schema_attr = path[-2:-1] == ("attributes",) and "schema" in (name, *path)
        if isinstance(parent, dict) and path not in OPTIONAL.get(name, set()) and not schema_attr:
            yield path, DELETE, "missing"         # (a schema without one attribute is another valid schema)
        if path in ANY_VALUE or (name == "presentation" and "disclosed" in path) \
                or (name in ("credential", "issued credential") and path[0] == "attributes" and len(path) > 1):
            if name in ("credential", "issued credential", "presentation") and len(path) > 1 \
                    and path[-2] in ("attributes", "disclosed"):
                yield path, [value], "wrong type (checked against the schema when used)"
            continue
        yield path, wrong_type(value), "wrong type"
        if isinstance(value, dict):
            yield path + ("zz_unknown",), 1, "unknown field"
        kind = kind_of(name, path, value)
        if kind in ("fr", "g1", "g2") or kind.startswith("bytes"):
            yield path, value[:-1] + "!" if value else "!", "bad base64url"
            yield path, value + "=" * (-len(value) % 4 or 4), "padding"
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
            if len(raw) % 3:        # unused low bits in the last character: set one
                alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                last = alphabet.index(value[-1])
                yield path, value[:-1] + alphabet[last | 1], "non-canonical base64url"
            if kind != "bytes":              # the nonce and the commitment have variable lengths
                yield path, b64(raw + b"\x00"), "wrong length (long)"
                yield path, b64(raw[:-1]), "wrong length (short)"
        if name == "offer" and last_is(path, "commitment"):
            yield path, b64(raw + bytes(1)), "wrong length (not 48 + 32k)"
            yield path, b64(raw[:-32]), "wrong length (a commitment to no message)"
            yield path, b64(G1_OFF_CURVE + raw[48:]), "commitment point off curve"
            yield path, b64(G1_OFF_SUBGROUP + raw[48:]), "commitment point off subgroup"
            yield path, b64(G1_IDENTITY + raw[48:]), "commitment point identity"
            yield path, b64(raw[:48] + R.to_bytes(32, "big") + raw[80:]), "commitment scalar >= r"
        if kind == "fr":
            yield path, b64(R.to_bytes(32, "big")), "scalar = r"
            yield path, b64(b"\xff" * 32), "scalar >= r"
        if kind == "g1":
            yield path, b64(G1_OFF_CURVE), "off curve"
            yield path, b64(G1_OFF_SUBGROUP), "off subgroup"
            yield path, b64(b"\xc1" + bytes(47)), "bad identity encoding"
        if kind == "g2":
            yield path, b64(G2_BAD), "off curve"
            if name != "presentation":
                yield path, b64(G2_IDENTITY), "identity"
    yield ("zz_unknown",), 1, "unknown top-level field"


NAMES = ["schema", "request", "issuer", "offer", "issued credential", "credential", "holder", "issuer secret",
         "presentation"]


@pytest.mark.parametrize("name", NAMES)
def test_field_mutations(docs, name):
    doc, use = docs[name]
    use(json.dumps(doc))                # the valid document is accepted
    n = 0
    failures = []
    for path, value, label in mutations(name, doc):
        bad = mutate(doc, path, delete=True) if value is DELETE else mutate(doc, path, value)
        where = pathstr(name, path if label != "unknown field" and not label.startswith("unknown top") else path[:-1])
        try:
            use(json.dumps(bad))
        except DecodeError as e:
            msg = str(e)
            if label.startswith("unknown"):      # named with its object (maps of attributes say "not in the schema")
                ok = "zz_unknown" in msg and where in msg
            else:
                ok = names_field(msg, name, path)
            if not ok:
                failures.append(f"{where} ({label}): message does not name it: {msg!r}")
        except VerificationError as e:
            # a presentation's responses are optional for the decoder (which do not know the schema): a missing
            # one is "lacking something requested", a VerificationError that must name it
            msg = str(e)
            if not (name == "presentation" and value is DELETE and "signature" in path
                    and (f"missing [{path[-1]!r}]" in msg or f"lacks the {path[-1]} response" in msg)):
                failures.append(f"{where} ({label}): VerificationError: {e}")
        except Exception as e:     # noqa: BLE001 - any other outcome is a failure of the rule
            failures.append(f"{where} ({label}): {type(e).__name__}: {e}")
        else:
            failures.append(f"{where} ({label}): accepted")
        n += 1
    assert n >= 5
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("name", NAMES)
def test_document_level(docs, name):
    doc, use = docs[name]
    text = json.dumps(doc)
    first = next(iter(doc))
    # a duplicate key at the top level, and in the first nested object
    dup = text.replace("{", "{" + json.dumps(first) + ": " + json.dumps(doc[first]) + ", ", 1)
    with pytest.raises(DecodeError, match=f"duplicate key {first!r}"):
        use(dup)
    nested = next(((p, v) for p, v in leaves(doc) if isinstance(v, dict) and v), None)
    if nested is not None:
        path, sub = nested
        k0 = next(iter(sub))
        marked = mutate(doc, path + ("__DUP__",), sub[k0])
        dup2 = json.dumps(marked).replace('"__DUP__"', json.dumps(k0))
        with pytest.raises(DecodeError, match=f"duplicate key {k0!r}"):
            use(dup2)
    # deep nesting inside a field, and as the whole document
    deep = mutate(doc, (first,), None)
    deep_text = json.dumps(deep).replace("null", "[" * 200 + "]" * 200, 1)
    with pytest.raises(DecodeError, match="deep|nest"):
        use(deep_text)
    with pytest.raises(DecodeError, match="deep|nest"):
        use("[" * 10000 + "]" * 10000)
    for junk in ("", "{", "not json", "[]", "1", "null", '"text"', b"\xff\xfe"):
        with pytest.raises(DecodeError, match=r"expected a JSON object|JSON|UTF-8"):
            use(junk)
    with pytest.raises(DecodeError, match="NaN|not a JSON number"):
        use(text.replace("{", '{"zz_nan": NaN, ', 1))


def test_issuer_proving_key_fields(world):
    """The holder's copy of an issuer document carries base64url proving keys; malformed ones are DecodeError
    naming the key, on decoding or on first use (the digest check)."""
    full = json.loads(world.D.public().to_json())
    path = ("predicate_keys", "set16", "pk")
    good = full["predicate_keys"]["set16"]["pk"]

    def use(doc):
        pub = IssuerPublic.from_json(json.dumps(doc))
        pub.predicate_key("set16").proving_key()
    use(full)
    for value, rule in [(12345, "expected base64url"), (good[:-1] + "!", "expected base64url"),
                        (good + "==", "expected base64url"), (b64(b"\x00" * 10), "does not match its digest"),
                        (good[:-4] + "AAAA", "does not match its digest")]:
        with pytest.raises(DecodeError, match="set16") as exc:
            use(mutate(full, path, value))
        assert rule in str(exc.value) or "issuer.predicate_keys.set16.pk" in str(exc.value)


def test_issuer_vk_points_named(world):
    """The issuer document's verifying keys are decoded from the parsed document (not written out and parsed
    again), their points in one batch per group: a point of any key made off the curve, or the pairing field
    changed, is still a DecodeError naming the issuer path, the key and the field; a key holding a value no JSON
    parser gives (a document passed as a dict) is a DecodeError too, not a TypeError."""
    doc = json.loads(world.D.public().to_json(proving_keys=False))
    assert IssuerPublic.from_json(doc).id == world.D.id
    cases = []
    for k in ("range", "set16", "merkle10"):
        vk = doc["predicate_keys"][k]["vk"]
        x = vk["vk_alpha_1"][1]
        cases.append(((k, "vk_alpha_1", 1), str(int(x) ^ 1), "vk_alpha_1: G1: point is not on the curve"))
        x = vk["vk_delta_2"][1][0]
        cases.append(((k, "vk_delta_2", 1, 0), str(int(x) ^ 1), "vk_delta_2: G2: point is not on the curve"))
        x = vk["IC"][-1][0]
        cases.append(((k, "IC", len(vk["IC"]) - 1, 0), str(int(x) ^ 2),
                      f"IC[{len(vk['IC']) - 1}]: G1: point is not on the curve"))
        cases.append(((k, "vk_eta_gamma_1"), ["0", "1", "0"], "vk_eta_gamma_1 is the point at infinity"))
        cases.append(((k, "vk_alphabeta_12", 0, 0, 0), "5", "vk_alphabeta_12 is not e(vk_alpha_1, vk_beta_2)"))
        cases.append(((k, "IC"), [b"\x00"] * len(vk["IC"]), "IC[0]: a G1 point is"))
        cases.append(((k, "IC", 0), [1.5, "1", "1"], "IC[0]"))
    for (k, *rest), value, want in cases:
        bad = mutate(doc, ("predicate_keys", k, "vk", *rest), value)
        with pytest.raises(DecodeError) as exc:
            IssuerPublic.from_json(bad)
        msg = str(exc.value)
        assert msg.startswith(f"issuer.predicate_keys.{k}.vk: ") and want in msg, (k, rest, msg)


def test_schema_rules():
    base = json.loads(json.dumps(ID_SCHEMA))
    for path, value, where in [
        (("name",), "", "schema.name"),
        (("attributes",), {}, "schema.attributes"),
        (("attributes", "given_name"), "str", "schema.attributes.given_name"),
        (("attributes", "given_name"), "enum", "schema.attributes.given_name"),
        (("attributes", "nationality"), {"enum": []}, "schema.attributes.nationality.enum"),
        (("attributes", "nationality"), {"enum": ["DE", "DE"]}, "schema.attributes.nationality.enum"),
        (("attributes", "nationality"), {"enum": ["DE", 1]}, "schema.attributes.nationality.enum"),
        (("attributes", "nationality"), {"enum": ["DE"], "x": 1}, "schema.attributes.nationality"),
        (("attributes", "1bad"), "string", "schema.attributes.1bad"),
        (("attributes", "bad-name"), "string", "schema.attributes.bad-name"),
        (("attributes", "a" * 65), "string", "schema.attributes." + "a" * 65),
        (("attributes", "given_name"), None, "schema.attributes.given_name"),
    ]:
        with pytest.raises(DecodeError) as exc:
            Schema.from_json(json.dumps(mutate(base, path, value)))
        assert where in str(exc.value), (path, str(exc.value))
    too_many = {f"a{i}": "integer" for i in range(129)}
    with pytest.raises(DecodeError, match="schema.attributes: more than 128"):
        Schema.from_json(json.dumps({**base, "attributes": too_many}))


def test_request_rules(world):
    good = [world.card_request(), world.diploma_request()]

    def req(creds=good, **kw):
        return {"nonce": b64(bytes(32)), "verifier": "v", "credentials": creds, **kw}
    cases = [
        (mutate(req(), ("nonce",), b64(bytes(15))), "request.nonce"),
        (mutate(req(), ("verifier",), ""), "request.verifier"),
        (req(creds=[]), "request.credentials"),
        (req(creds=[good[0], {**good[1], "id": "idcard"}]), "request.credentials[1].id"),
        (req(creds=[{**good[0], "id": "has space"}]), "request.credentials[0].id"),
        (req(creds=[{**good[0], "issuers": []}]), "request.credentials[0].issuers"),
        (req(creds=[{**good[0], "issuers": [world.A.id, world.A.id]}]), "request.credentials[0].issuers"),
        (req(creds=[{**good[0], "disclose": ["given_name", "given_name"]}]), "request.credentials[0].disclose"),
        (req(creds=[{**good[0], "disclose": ["score"]}]), "request.credentials[0].predicates[1].attribute"),
        (req(same=[["idcard.family_name"]]), "request.same[0]"),
        (req(same=[["idcard.family_name", "idcard.family_name"]]), "request.same[0]"),
        (req(same=[["idcard.family_name", "nope.family_name"]]), "request.same[0][1]"),
        (req(same=[["idcard.given_name", "diploma.family_name"]]), "request.same[0][0]"),
        (req(same=[["idcardfamily_name", "diploma.family_name"]]), "request.same[0][0]"),
        (req(same=["idcard.family_name"]), "request.same[0]"),
    ]
    for doc, where in cases:
        with pytest.raises(DecodeError) as exc:
            PresentationRequest.from_json(json.dumps(doc))
        assert where in str(exc.value), (where, str(exc.value))


@pytest.mark.parametrize("pred,where", [
    ({"attribute": "nope", "op": "<=", "value": 1}, "predicates[0].attribute"),
    ({"attribute": "score", "op": "=<", "value": 1}, "predicates[0].op"),
    ({"attribute": "score", "op": "<=", "value": "1"}, "predicates[0].value"),
    ({"attribute": "score", "op": "<=", "value": 1.0}, "predicates[0].value"),
    ({"attribute": "score", "op": "<=", "value": 1 << 63}, "predicates[0].value"),
    ({"attribute": "score", "op": "<", "value": -(1 << 63)}, "predicates[0]"),       # nothing is < min
    ({"attribute": "score", "op": ">", "value": (1 << 63) - 1}, "predicates[0]"),    # nothing is > max
    ({"attribute": "score", "op": "between", "value": [5, 4]}, "predicates[0]"),
    ({"attribute": "score", "op": "between", "value": [5]}, "predicates[0].value"),
    ({"attribute": "score", "op": "between", "value": [1, "2"]}, "predicates[0].value[1]"),
    ({"attribute": "birth_date", "op": "<=", "value": "2001-02-30"}, "predicates[0].value"),
    ({"attribute": "birth_date", "op": "<=", "value": "2001-2-3"}, "predicates[0].value"),
    ({"attribute": "birth_date", "op": "<=", "value": 20010203}, "predicates[0].value"),
    ({"attribute": "over_18", "op": ">=", "value": 1}, "predicates[0].value"),
    ({"attribute": "given_name", "op": "<=", "value": "x"}, "predicates[0].op"),
    ({"attribute": "nationality", "op": ">=", "value": "DE"}, "predicates[0].op"),
    # an enum's "in" list may name strings outside the enum (they never match), but only strings
    ({"attribute": "nationality", "op": "in", "value": ["DE", 7]}, "predicates[0].value[1]"),
    ({"attribute": "nationality", "op": "in", "value": []}, "predicates[0].value"),
    ({"attribute": "nationality", "op": "in", "value": "DE"}, "predicates[0].value"),
    ({"attribute": "given_name", "op": "in", "value": ["a", 1]}, "predicates[0].value[1]"),
    ({"attribute": "score", "op": "in", "value": list(range(2000))}, "predicates[0].value"),   # > 2^10
])
def test_predicate_rules(world, pred, where):
    """Predicates are typed against the schema when the request is resolved (holder and verifier both)."""
    r = PresentationRequest.create([world.card_request(disclose=[], predicates=[pred])], verifier="v")
    with pytest.raises(DecodeError) as exc:
        r.credentials[0].resolve(world.id_schema, world.A.public().merkle_depths)
    assert "request.credentials[0]." + where in str(exc.value)
    with pytest.raises(DecodeError) as exc:
        world.alice.present(r, [world.alice_card])
    assert where in str(exc.value)


def test_attribute_values_at_issuance(world):
    """The issuer's attribute values: every attribute, typed, nothing else (DecodeError naming the attribute)."""
    offer = world.alice.request_credential(world.A.public())
    good = dict(world.alice_card.attributes)
    for attrs, where in [({**good, "score": "1"}, "attributes.score"), ({**good, "score": True}, "attributes.score"),
                         ({**good, "score": 1 << 63}, "attributes.score"),
                         ({**good, "score": -(1 << 63) - 1}, "attributes.score"),
                         ({**good, "over_18": 1}, "attributes.over_18"),
                         ({**good, "birth_date": "1999-13-01"}, "attributes.birth_date"),
                         ({**good, "birth_date": "99-01-01"}, "attributes.birth_date"),
                         ({**good, "nationality": "de"}, "attributes.nationality"),
                         ({**good, "given_name": None}, "attributes.given_name"),
                         ({**good, "given_name": "x" * 4097}, "attributes.given_name"),
                         ({**good, "given_name": "\ud800"}, "attributes.given_name"),
                         ({**good, "height": 1}, "height"),
                         ({k: v for k, v in good.items() if k != "score"}, "score")]:
        with pytest.raises(DecodeError) as exc:
            world.A.issue(offer, attrs)
        assert where in str(exc.value), (where, str(exc.value))
