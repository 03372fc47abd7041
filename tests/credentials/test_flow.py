"""The issue's API flow end to end, every predicate kind, two credentials tied to one holder, batch verification,
and the holder's check of the issuer's predicate keys.

Independent references: the schema id is recomputed here with hashlib over json.dumps(sort_keys); the ordered
encodings with datetime (days since 1970-01-01) plus the documented 2^63 offset; predicate truth with Python's
own comparisons on the plain values.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from zkcred.credentials import Holder, Issuer, IssuerPublic, PredicateFalse, PresentationRequest, Schema, Verifier
from zkcred._fields import b64u
from zkcred.credentials.issuer import PredicateKey
from zkcred.errors import DecodeError, VerificationError

from .conftest import ALICE, ID_SCHEMA, mutate, obtain

ISSUE_SCHEMA = ('{"name": "IdentityCard", "version": "1.0", "attributes": {"given_name": "string", '
                '"birth_date": "date", "score": "integer", "over_18": "boolean", '
                '"nationality": {"enum": ["DE", "FR", "NL"]}}}')


def test_schema_id_and_encodings():
    schema = Schema.from_json(ISSUE_SCHEMA)
    canon = json.dumps(json.loads(ISSUE_SCHEMA), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert schema.id == "urn:zkcred:schema:sha256:" + hashlib.sha256(canon.encode()).hexdigest()
    assert Schema.from_json(schema.to_json()).id == schema.id
    # key order and whitespace do not change the id; a type or a name does
    assert Schema.from_json(json.dumps(json.loads(ISSUE_SCHEMA), indent=3)).id == schema.id
    assert Schema.from_json(ISSUE_SCHEMA.replace('"score": "integer"', '"score": "date"')).id != schema.id
    assert Schema.from_json(ISSUE_SCHEMA.replace("1.0", "1.1")).id != schema.id
    assert schema.attribute_names == sorted(json.loads(ISSUE_SCHEMA)["attributes"])
    a = schema.attributes
    for d in ("1970-01-01", "1969-12-31", "0001-01-01", "9999-12-31", "2001-05-17"):
        days = (dt.date.fromisoformat(d) - dt.date(1970, 1, 1)).days
        assert int(a["birth_date"].encode(d, "x")) == days + (1 << 63)
    for v in (0, -1, 1, -(1 << 63), (1 << 63) - 1):
        assert int(a["score"].encode(v, "x")) == v + (1 << 63)
    assert [int(a["over_18"].encode(b, "x")) - (1 << 63) for b in (False, True)] == [0, 1]
    assert a["nationality"].encode("DE", "x") != a["nationality"].encode("FR", "x")
    # a string and an enum value with the same text are different scalars (domain tags)
    s2 = Schema.from_json({"name": "S", "version": "1", "attributes": {"s": "string", "e": {"enum": ["DE"]}}})
    assert s2.attributes["s"].encode("DE", "x") != s2.attributes["e"].encode("DE", "x")


def test_the_issue_flow(world):
    """The API of the issue, every object through its JSON."""
    schema = Schema.from_json(json.dumps(ID_SCHEMA))
    assert schema == world.id_schema
    issuer = world.A                                     # Issuer.create(schema), made once per session
    assert issuer.public().schema == schema
    holder = Holder.create()
    holder = Holder.from_json(holder.to_json())
    offer = holder.request_credential(IssuerPublic.from_json(issuer.public().to_json()))
    issued = issuer.issue(offer.to_json(), ALICE)
    cred = holder.store(issued.to_json(), offer)
    request = PresentationRequest.from_json(json.dumps({
        "nonce": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", "verifier": "bar",
        "credentials": [{"id": "idcard", "schema": schema.id, "issuers": [issuer.public().id],
                         "disclose": ["given_name"],
                         "predicates": [{"attribute": "birth_date", "op": "<=", "value": "2008-12-02"},
                                        {"attribute": "score", "op": "between", "value": [-20, 20]},
                                        {"attribute": "nationality", "op": "in", "value": ["DE", "FR", "NL"]}]}]}))
    presentation = holder.present(request, [cred])
    verifier = Verifier([IssuerPublic.from_json(issuer.public().to_json(proving_keys=False))])
    assert verifier.verify(request, presentation.to_json()) == {"idcard": {"given_name": "Alice"}}
    assert verifier.verify(request.to_json(), presentation) == {"idcard": {"given_name": "Alice"}}
    # the presentation names its parts
    doc = json.loads(presentation.to_json())
    c = doc["credentials"][0]
    assert (c["id"], c["issuer"], c["schema"], c["disclosed"]) == ("idcard", issuer.id, schema.id,
                                                                  {"given_name": "Alice"})
    assert [(p["attribute"], p["op"]) for p in c["predicates"]] == [("birth_date", "<="), ("score", "between"),
                                                                    ("nationality", "in")]
    assert sorted(c["signature"]["attributes"]) == ["birth_date", "family_name", "nationality", "over_18", "score"]
    # the stored credential survives its JSON and presents again
    from zkcred.credentials import Credential
    again = holder.present(request, [Credential.from_json(cred.to_json())])
    assert verifier.verify(request, again.to_json()) == {"idcard": {"given_name": "Alice"}}
    # a credential issued to another holder's commitment is refused by store (the link secret differs)
    other = Holder.create()
    other.add_issuer(issuer.public())
    with pytest.raises(VerificationError):
        other.store(issued, offer)


def test_two_credentials_tied_to_one_holder(world):
    req = world.two_request()
    pres = world.alice.present(req, [world.alice_card, world.alice_diploma])
    assert world.verifier.verify(req, pres.to_json()) == {"idcard": {"given_name": "Alice"},
                                                          "diploma": {"degree": "MSc"}}
    # Alice's own diploma under another family name: the "same" equality is false, the verifier rejects
    smith = obtain(world.D, world.alice, {**world.alice_diploma.attributes, "family_name": "Smith"})
    pres = world.alice.present(req, [world.alice_card, smith])
    # the diploma's proof answers with the card's response for family_name (the owner's): its T2 equation fails
    with pytest.raises(VerificationError, match=r"Schnorr equation fails: statement #1 \(bbs-signature\): T2"):
        world.verifier.verify(req, pres.to_json())
    # in a batch, the one MSM over every presentation's equations finds it and names its position
    good = world.alice.present(req, [world.alice_card, world.alice_diploma]).to_json()
    with pytest.raises(VerificationError, match=r"^batch verification failed: #1: Schnorr equation fails$"):
        world.verifier.verify_batch([(req, good), (req, pres.to_json()), (req, good)])
    # without "same" it is a valid presentation
    req2 = PresentationRequest.create([world.card_request(), world.diploma_request()], verifier="shop")
    assert world.verifier.verify(req2, world.alice.present(req2, [world.alice_card, smith]).to_json())


def _holds(value, op, bound) -> bool:
    return {"<=": lambda: value <= bound, "<": lambda: value < bound, ">=": lambda: value >= bound,
            ">": lambda: value > bound, "between": lambda: bound[0] <= value <= bound[1],
            "in": lambda: value in bound}[op]()


DATE = dt.date.fromisoformat
NAMES = [f"name{i}" for i in range(40)]
PREDICATES = [   # (attribute, op, value, typed for _holds); Alice: born 1961-03-04, score -17, over_18, FR
    ("birth_date", "<", "1970-01-01"), ("birth_date", ">", "1900-01-01"), ("birth_date", ">=", "1961-03-04"),
    ("birth_date", "<=", "1961-03-03"), ("birth_date", "between", ["1961-03-04", "1961-03-04"]),
    ("birth_date", "between", ["0001-01-01", "1961-03-03"]), ("birth_date", ">", "1961-03-04"),
    ("score", "<", 0), ("score", "<", -17), ("score", "<=", -17), ("score", ">", -18), ("score", ">=", -16),
    ("score", "between", [-20, -17]), ("score", "between", [-(1 << 63), (1 << 63) - 1]),
    ("score", "between", [-16, 10]), ("score", ">=", -(1 << 63)), ("score", "<=", (1 << 63) - 1),
    ("over_18", ">=", True), ("over_18", "<", True), ("over_18", "between", [False, True]), ("over_18", "<=", False),
    ("nationality", "in", ["FR"]), ("nationality", "in", ["DE", "NL", "US"]),
    ("given_name", "in", ["Bob", "Alice"]), ("given_name", "in", ["alice"]),
    ("given_name", "in", NAMES + ["Alice"]), ("given_name", "in", NAMES),                         # Merkle (> 16)
    ("score", "in", list(range(-30, 0))), ("score", "in", list(range(-16, 20))),                   # Merkle (> 16)
    ("score", "in", list(range(-17, -1))), ("birth_date", "in", ["1961-03-04", "1961-03-05"]),    # set16
]


def _typed(attr, v):
    if attr == "birth_date":
        return [DATE(x) for x in v] if isinstance(v, list) else DATE(v)
    return v


@pytest.mark.parametrize("attr,op,value", PREDICATES, ids=[f"{a} {o} {str(v)[:30]}" for a, o, v in PREDICATES])
def test_every_predicate_kind(world, attr, op, value):
    plain = _typed(attr, ALICE[attr])
    expected = _holds(plain, op, _typed(attr, value))
    req = PresentationRequest.create([world.card_request(disclose=[], predicates=[
        {"attribute": attr, "op": op, "value": value}])], verifier="v")
    pred = req.credentials[0].resolve(world.id_schema, world.A.public().merkle_depths)[0]
    if op == "in":
        n = len(set(value))
        assert pred.key == ("set16" if n <= 16 else "merkle10")
    if not expected:
        with pytest.raises(PredicateFalse):
            world.alice.present(req, [world.alice_card])
        return
    pres = world.alice.present(req, [world.alice_card])
    assert world.verifier.verify(req, pres.to_json()) == {"idcard": {}}
    # and the same proof does not answer the request with the predicate's value moved
    doc = json.loads(pres.to_json())
    with pytest.raises(VerificationError):
        world.verifier.verify(req, json.dumps(mutate(doc, ("challenge",), doc["credentials"][0]["signature"]["e_hat"])))


def test_batch_verification(world):
    reqs = [world.two_request(), PresentationRequest.create([world.card_request()], verifier="a"),
            PresentationRequest.create([world.card_request(disclose=["nationality"], predicates=[])], verifier="b"),
            world.two_request()]
    items = [(reqs[0], world.alice.present(reqs[0], [world.alice_card, world.alice_diploma]).to_json()),
             (reqs[1], world.bob.present(reqs[1], [world.bob_card]).to_json()),
             (reqs[2], world.alice.present(reqs[2], [world.alice_card_b]).to_json()),
             (reqs[3], world.bob.present(reqs[3], [world.bob_card, world.bob_diploma]).to_json())]
    out = world.verifier.verify_batch(items)
    assert out == [{"idcard": {"given_name": "Alice"}, "diploma": {"degree": "MSc"}}, {"idcard": {"given_name": "Bob"}},
                   {"idcard": {"nationality": "FR"}}, {"idcard": {"given_name": "Bob"}, "diploma": {"degree": "PhD"}}]
    assert out == [world.verifier.verify(r, p) for r, p in items]
    # a transcript-level forgery (another presentation's challenge) in position 2
    bad = list(items)
    doc = json.loads(items[2][1])
    bad[2] = (reqs[2], json.dumps(mutate(doc, ("challenge",), json.loads(items[1][1])["challenge"])))
    with pytest.raises(VerificationError, match=r"^batch verification failed: #2: .*\(challenge mismatch\)$"):
        world.verifier.verify_batch(bad)
    # a pairing-level forgery in position 1: Alice's attributes with Bob's signature (A, e): every Schnorr
    # equation holds, only the signature's pairing fails, and only the batch's multi-pairing sees it
    from zkcred.credentials import Credential
    forged = Credential(world.alice_card.issuer, world.alice_card.schema, world.alice_card.attributes,
                        world.bob_card.signature, world.alice_card.prover_blind)
    bad = list(items)
    bad[1] = (reqs[1], world.alice.present(reqs[1], [forged]).to_json())
    with pytest.raises(VerificationError, match=r"^batch verification failed: #1: pairing check failed$"):
        world.verifier.verify_batch(bad)
    with pytest.raises(VerificationError, match=r"pairing check failed: statement #0 \(bbs-signature\): BBS sig"):
        world.verifier.verify(*bad[1])
    # both at once, and a request/presentation mix-up (#0's presentation under #3's request)
    bad[2] = (reqs[2], json.dumps(mutate(doc, ("challenge",), json.loads(items[1][1])["challenge"])))
    bad[3] = (reqs[3], items[0][1])
    with pytest.raises(VerificationError) as exc:
        world.verifier.verify_batch(bad)
    msg = str(exc.value)
    assert "#1: pairing check failed" in msg and "#2:" in msg and "#3: the presentation answers another request" \
        in msg and "#0" not in msg
    assert world.verifier.verify_batch([]) == []


# ---------------------------------------------------------------- the holder checks the issuer's keys


@pytest.fixture(scope="module")
def other_range_key():
    from zkcred.credentials.predicates import circuit_for
    from zkcred.groth16 import lego
    return lego.setup(circuit_for("range").to_r1cs(), 1)


def _issuer_with_range_key(world, vk, pk_bytes) -> Issuer:
    """An issuer (fresh BBS key) whose published range key is (vk, pk_bytes) with pk_bytes' own digest."""
    import os

    from zkcred.bbs import _api
    from zkcred.credentials.issuer import SUITE
    keys = dict(world.A.public().predicate_keys)
    keys["range"] = PredicateKey("range", vk, pk_bytes, hashlib.sha256(pk_bytes).digest())
    sk = _api.keygen(os.urandom(32), suite=SUITE)
    return Issuer(sk, IssuerPublic(world.id_schema, _api.sk_to_pk(sk, suite=SUITE), keys, (10,)))


def _refuses(issuer: Issuer, exc, match):
    """A holder who received the issuer's document as JSON gets a credential and is asked for a range predicate:
    it must refuse (no presentation); without predicates it presents."""
    holder = Holder.create()
    pub = IssuerPublic.from_json(issuer.public().to_json())
    offer = holder.request_credential(pub)
    cred = holder.store(issuer.issue(offer, ALICE), offer)
    req = PresentationRequest.create([{"id": "c", "schema": pub.schema.id, "issuers": [pub.id],
                                       "predicates": [{"attribute": "score", "op": "<=", "value": 0}]}], verifier="v")
    result = None
    with pytest.raises(exc, match=match):
        result = holder.present(req, [cred])
    assert result is None
    with pytest.raises(exc, match=match):          # and again: a refused key is never accepted later
        holder.present(req, [cred])
    plain = PresentationRequest.create([{"id": "c", "schema": pub.schema.id, "issuers": [pub.id],
                                         "disclose": ["given_name"]}], verifier="v")
    assert Verifier([pub]).verify(plain, holder.present(plain, [cred])) == {"c": {"given_name": "Alice"}}


def test_holder_refuses_proving_key_not_matching_its_digest(world, other_range_key):
    """The document's pk bytes are swapped for another key's (the id pins the digest, not the bytes)."""
    doc = json.loads(world.A.public().to_json())
    doc["predicate_keys"]["range"]["pk"] = b64u(other_range_key.to_bytes())
    pub = IssuerPublic.from_json(json.dumps(doc))
    assert pub.id == world.A.id                      # the document still decodes under A's id
    holder = Holder.create()
    offer = holder.request_credential(pub)
    cred = holder.store(world.A.issue(offer, ALICE), offer)
    req = PresentationRequest.create([world.card_request(disclose=[], predicates=[
        {"attribute": "score", "op": "<=", "value": 0}])], verifier="v")
    with pytest.raises(DecodeError, match="predicate key 'range': proving key does not match its digest"):
        holder.present(req, [cred])


def test_holder_refuses_a_vk_that_is_not_the_pks(world, other_range_key):
    """A malicious issuer publishes A's range verifying key with another proving key (each self-consistent)."""
    bad = _issuer_with_range_key(world, world.A.public().predicate_key("range").vk, other_range_key.to_bytes())
    _refuses(bad, VerificationError, "check_keys: verifying key field")


def test_holder_refuses_subverted_eta(world, other_range_key):
    """A subverted key: eta_delta1 doubled (the verifying key is unchanged, so it matches): the trapdoor relation
    e(eta_gamma1, gamma2) = e(eta_delta1, delta2) fails."""
    from zkcred.groth16 import lego
    pk = other_range_key
    sub = lego.LegoProvingKey(pk.groth16, pk.n_committed, pk.eta_delta1 + pk.eta_delta1, pk.eta_gamma1)
    assert sub.verifying_key() == pk.verifying_key()
    bad = _issuer_with_range_key(world, pk.verifying_key(), sub.to_bytes())
    _refuses(bad, VerificationError, r"check_keys: e\(eta_gamma1, gamma2\) = e\(eta_delta1, delta2\) fails")


def test_honest_issuer_keys_accepted_from_json(world, other_range_key):
    """Control for the two tests above: the same construction with the honest key pair presents."""
    good = _issuer_with_range_key(world, other_range_key.verifying_key(), other_range_key.to_bytes())
    holder = Holder.create()
    pub = IssuerPublic.from_json(good.public().to_json())
    offer = holder.request_credential(pub)
    cred = holder.store(good.issue(offer, ALICE), offer)
    req = PresentationRequest.create([{"id": "c", "schema": pub.schema.id, "issuers": [pub.id],
                                       "predicates": [{"attribute": "score", "op": "<=", "value": 0}]}], verifier="v")
    assert Verifier([pub]).verify(req, holder.present(req, [cred])) == {"c": {}}


def test_cached_predicate_proofs_are_per_attribute(world):
    """Regression: the holder cached predicate proofs by (predicate key, public inputs) only, so 'birth_date <
    1970-01-01' and 'score < 0' (both the range [0, 2^63 - 1] once encoded) shared one cached proof, committed to
    the first attribute's value: the second presentation failed (and, in one request, the second predicate)."""
    card = obtain(world.A, world.alice, dict(world.alice_card.attributes))
    preds = [{"attribute": "birth_date", "op": "<", "value": "1970-01-01"}, {"attribute": "score", "op": "<", "value": 0}]
    r1, r2 = (PresentationRequest.create([world.card_request(disclose=[], predicates=[p])], verifier="v")
              for p in preds)
    assert r1.credentials[0].resolve(world.id_schema)[0].public == r2.credentials[0].resolve(world.id_schema)[0].public
    for r in (r1, r2, r1):
        assert world.verifier.verify(r, world.alice.present(r, [card])) == {"idcard": {}}
    both = PresentationRequest.create([world.card_request(disclose=[], predicates=preds)], verifier="v")
    fresh = obtain(world.A, world.alice, dict(world.alice_card.attributes))
    for _ in range(2):
        assert world.verifier.verify(both, world.alice.present(both, [fresh])) == {"idcard": {}}


def test_presentation_object_verifies_and_round_trips(world):
    """Regression: a Presentation object from holder.present (the issue's API passes it to verify as is) failed
    in the verifier (its credentials were JSON text where the verifier expected decoded points), and a decoded
    presentation could not be written back to JSON."""
    from zkcred.credentials import Presentation
    req = world.two_request()
    pres = world.alice.present(req, [world.alice_card, world.alice_diploma])
    expected = {"idcard": {"given_name": "Alice"}, "diploma": {"degree": "MSc"}}
    assert world.verifier.verify(req, pres) == expected
    decoded = Presentation.from_json(pres.to_json())
    assert decoded.to_json() == pres.to_json()
    assert world.verifier.verify(req, decoded) == expected
    assert world.verifier.verify_batch([(req, pres), (req, decoded)]) == [expected, expected]
