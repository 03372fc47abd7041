"""Soundness of presentations, attacked as a cheating holder would (issue 8, item 6).

- every part of a valid presentation (every leaf of its JSON and every sub-object) swapped with the same part of
  another valid presentation (the same holder's next one, and another holder's) is rejected;
- predicate proofs spliced from another holder's or another credential's presentation are rejected;
- credentials with different link secrets cannot be combined, even by a prover who builds the composite proof
  without the link equality;
- replays under another nonce or another request (disclose list, predicate bound), issuer A's credential
  presented as issuer B's, another schema, and a lie about a disclosed value are rejected;
- a false predicate gives PredicateFalse and no presentation;
- a presentation lacking anything requested or carrying anything else is rejected, naming it.
"""
from __future__ import annotations

import json

import pytest

from zkcred.credentials import Credential, Holder, PredicateFalse, Presentation, PresentationRequest
from zkcred.credentials.presentation import build_statements
from zkcred.errors import DecodeError, VerificationError
from zkcred.proofs import BBSWitness, ProofSpec, prove

from .conftest import get, mutate, obtain

REJECT = (VerificationError, DecodeError)


def pj(pres) -> dict:
    return json.loads(pres.to_json())


@pytest.fixture(scope="module")
def two(world):
    """A request for idcard + diploma and three valid presentations: Alice twice, Bob once."""
    req = world.two_request()
    a1 = world.alice.present(req, [world.alice_card, world.alice_diploma])
    a2 = world.alice.present(req.to_json(), [world.alice_card, world.alice_diploma])
    b1 = world.bob.present(req, [world.bob_card, world.bob_diploma])
    for p in (a1, a2, b1):
        world.verifier.verify(req, p.to_json())
    return req, pj(a1), pj(a2), pj(b1)


def paths(doc, prefix=()):
    """Every path to a leaf or a sub-object (dict or list) of a JSON document, the root excluded."""
    if isinstance(doc, dict):
        items = doc.items()
    elif isinstance(doc, list):
        items = enumerate(doc)
    else:
        return
    for k, v in items:
        yield prefix + (k,)
        yield from paths(v, prefix + (k,))


def swaps(mine: dict, other: dict):
    """(path, presentation with that part of ``other`` in place of ``mine``'s) where the two differ."""
    for p in paths(mine):
        try:
            theirs = get(other, p)
        except (KeyError, IndexError):
            continue
        if theirs != get(mine, p):
            yield p, mutate(mine, p, theirs)


def test_valid_presentations_verify(world, two):
    req, a1, a2, b1 = two
    assert world.verifier.verify(req, json.dumps(a1)) == {"idcard": {"given_name": "Alice"},
                                                          "diploma": {"degree": "MSc"}}
    assert world.verifier.verify(req, json.dumps(b1)) == {"idcard": {"given_name": "Bob"},
                                                          "diploma": {"degree": "PhD"}}
    assert a1 != a2                   # a fresh proof each time (re-randomised predicates, fresh BBS blinding)


@pytest.mark.parametrize("other_name", ["same holder, next presentation", "another holder"])
def test_every_part_swapped_is_rejected(world, two, other_name):
    req, a1, a2, b1 = two
    other = a2 if other_name.startswith("same") else b1
    swapped = []
    for p, doc in swaps(a1, other):
        with pytest.raises(REJECT):
            world.verifier.verify(req, json.dumps(doc))
        swapped.append(p)
    leaves = {p for p in swapped if not isinstance(get(a1, p), (dict, list))}
    # every proof element of both credentials was swapped: the challenge, 8 signature fields (T1, T2 among them)
    # + responses, every predicate proof point, commitment T and blinding
    cred0, cred1 = a1["credentials"]
    expected = {("challenge",)}
    for k, cred in enumerate(a1["credentials"]):
        sig = cred["signature"]
        expected |= {("credentials", k, "signature", f) for f in sig if f != "attributes"}
        expected |= {("credentials", k, "signature", "attributes", a) for a in sig["attributes"]}
        for i, _ in enumerate(cred["predicates"]):
            expected |= {("credentials", k, "predicates", i, "proof", f) for f in "ABCD"}
            expected.add(("credentials", k, "predicates", i, "blinding"))
            expected.add(("credentials", k, "predicates", i, "T"))
    if other is b1:
        expected |= {("credentials", 0, "disclosed", "given_name"), ("credentials", 1, "disclosed", "degree")}
    assert expected <= leaves, sorted(expected - leaves)
    assert ("credentials", 0, "signature", "link_secret") in leaves and "link_secret" not in cred1["signature"]
    assert len(leaves) == len(expected)       # nothing else differs (ids, types, names are equal)


def test_challenge_of_another_presentation(world, two):
    req, a1, a2, _ = two
    with pytest.raises(VerificationError, match="challenge mismatch"):
        world.verifier.verify(req, json.dumps(mutate(a1, ("challenge",), a2["challenge"])))


def test_predicate_proof_from_another_holder(world, two):
    req, a1, _, b1 = two
    for k in (0, 1):
        for i, pred in enumerate(b1["credentials"][k]["predicates"]):
            doc = mutate(a1, ("credentials", k, "predicates", i), pred)
            with pytest.raises(VerificationError, match="challenge mismatch"):
                world.verifier.verify(req, json.dumps(doc))


def test_predicate_proof_from_another_credential(world):
    """Alice holds two identity cards (issuers A and B, same schema and values) and a second card from A with
    another score; the range proof on one credential's score spliced into the other's place is rejected."""
    other_card = obtain(world.A, world.alice, {**world.alice_card.attributes, "score": 55})
    entry = {"schema": world.id_schema.id, "issuers": [world.A.id, world.B.id],
             "predicates": [{"attribute": "score", "op": ">=", "value": -50}]}
    req = PresentationRequest.create([{"id": "one", **entry}, {"id": "two", **entry}], verifier="v")
    for pair in ([world.alice_card, other_card], [world.alice_card, world.alice_card_b]):
        doc = pj(world.alice.present(req, pair))
        assert world.verifier.verify(req, json.dumps(doc)) == {"one": {}, "two": {}}
        p0, p1 = (doc["credentials"][k]["predicates"][0] for k in (0, 1))
        swapped = mutate(mutate(doc, ("credentials", 0, "predicates", 0), p1), ("credentials", 1, "predicates", 0), p0)
        with pytest.raises(VerificationError, match="challenge mismatch"):
            world.verifier.verify(req, json.dumps(swapped))
        # the proof points alone (the blindings kept)
        swapped = mutate(mutate(doc, ("credentials", 0, "predicates", 0, "proof"), p1["proof"]),
                         ("credentials", 1, "predicates", 0, "proof"), p0["proof"])
        with pytest.raises(VerificationError, match="challenge mismatch"):
            world.verifier.verify(req, json.dumps(swapped))


# ---------------------------------------------------------------- link secrets


def test_credentials_of_two_holders_cannot_be_combined(world):
    req = world.two_request()
    # Alice presents Bob's diploma with her card (she has Bob's credential file): the proof cannot verify
    try:
        pres = world.alice.present(req, [world.alice_card, world.bob_diploma])
    except REJECT:
        pres = None
    if pres is not None:
        with pytest.raises(VerificationError):
            world.verifier.verify(req, pres.to_json())
    # the same with family names made equal: a diploma issued to Bob's link secret under Alice's family name
    bob_as_doe = obtain(world.D, world.bob, {**world.bob_diploma.attributes, "family_name": "Doe"})
    pres = world.alice.present(req, [world.alice_card, bob_as_doe])
    # Alice's link secret is not the one Bob's diploma signs: the signature proof's pairing fails
    with pytest.raises(VerificationError, match=r"statement #1 \(bbs-signature\): BBS signature"):
        world.verifier.verify(req, pres.to_json())
    # and Bob presenting it with his own card fails on family_name ("same"): Roe != Doe
    pres = world.bob.present(req, [world.bob_card, bob_as_doe])
    with pytest.raises(VerificationError, match=r"Schnorr equation fails: statement #1 \(bbs-signature\): T2"):
        world.verifier.verify(req, pres.to_json())


def _witnesses(holder_of, layouts, creds):
    out = []
    for lay, cred in zip(layouts, creds):
        scalars = [*lay.issuer.schema.encode_attributes(cred.attributes), cred.prover_blind, holder_of[id(cred)]._link]
        out.append(BBSWitness.from_signature(cred.signature, scalars))
    for lay, cred in zip(layouts, creds):
        for pred in lay.predicates:
            out.append(holder_of[id(cred)]._predicate_witness(cred, lay.issuer, pred))
    return out


def test_cheating_composite_without_the_link_equality(world):
    """Alice and Bob collude (each knows his own link secret): they build the composite proof with the honest
    statements but WITHOUT the link-secret equality, each credential proving its own link secret. The verifier,
    which rebuilds the statements with the link equality, rejects it however it is dressed."""
    bob_as_doe = obtain(world.D, world.bob, {**world.bob_diploma.attributes, "family_name": "Doe"})
    req = world.two_request()
    creds = [world.alice_card, bob_as_doe]
    holder_of = {id(world.alice_card): world.alice, id(bob_as_doe): world.bob}
    pubs = [world.A.public(), world.D.public()]
    spec, layouts = build_statements(req, pubs, [{"given_name": "Alice"}, {"degree": "PhD"}])
    link = sorted([(lay.stmt, lay.link) for lay in layouts])
    assert link in spec.equalities
    cheat = ProofSpec(spec.statements, [e for e in spec.equalities if e != link], spec.context)
    proof = prove(cheat, _witnesses(holder_of, layouts, creds))
    from zkcred.proofs import verify as verify_composite
    assert verify_composite(cheat, proof) is None      # a valid proof of the weaker statement
    doc = pj(Presentation.from_proof(req, layouts, proof))
    assert "link_secret" in doc["credentials"][1]["signature"]
    with pytest.raises(VerificationError, match="credential 'diploma': the signature proof carries the link_secret"):
        world.verifier.verify(req, json.dumps(doc))
    doc = mutate(doc, ("credentials", 1, "signature", "link_secret"), delete=True)
    with pytest.raises(VerificationError, match="challenge mismatch"):
        world.verifier.verify(req, json.dumps(doc))
    # control: the same construction with the honest spec and both credentials of Alice verifies
    honest = {id(world.alice_card): world.alice, id(world.alice_diploma): world.alice}
    spec2, layouts2 = build_statements(req, pubs, [{"given_name": "Alice"}, {"degree": "MSc"}])
    proof2 = prove(spec2, _witnesses(honest, layouts2, [world.alice_card, world.alice_diploma]))
    assert world.verifier.verify(req, Presentation.from_proof(req, layouts2, proof2).to_json())


# ---------------------------------------------------------------- replays and substitutions


def test_replay_under_another_nonce_or_request(world, two):
    req, a1, _, _ = two
    text = json.dumps(a1)
    base = [world.card_request(), world.diploma_request()]
    same = [["idcard.family_name", "diploma.family_name"]]
    others = {
        "nonce": PresentationRequest.create(base, verifier="shop", same=same),
        "same nonce, same content": None,
        "verifier": PresentationRequest.create(base, verifier="shop2", same=same, nonce=req.nonce),
        "disclose": PresentationRequest.create([world.card_request(disclose=["given_name", "over_18"]),
                                                world.diploma_request()], verifier="shop", same=same,
                                               nonce=req.nonce),
        "bound": PresentationRequest.create([world.card_request(predicates=[
            {"attribute": "birth_date", "op": "<=", "value": "2007-01-02"},
            {"attribute": "score", "op": "between", "value": [-100, 100]},
            {"attribute": "nationality", "op": "in", "value": ["DE", "FR", "NL"]}]), world.diploma_request()],
            verifier="shop", same=same, nonce=req.nonce),
        "no same": PresentationRequest.create(base, verifier="shop", nonce=req.nonce),
        "issuers": PresentationRequest.create([world.card_request(issuers=[world.A.id]), world.diploma_request()],
                                              verifier="shop", same=same, nonce=req.nonce),
    }
    same_req = PresentationRequest.create(base, verifier="shop", same=same, nonce=req.nonce)
    assert same_req.digest == req.digest and world.verifier.verify(same_req, text)
    del others["same nonce, same content"]
    for name, other in others.items():
        assert other.digest != req.digest, name
        with pytest.raises(VerificationError, match="answers another request"):
            world.verifier.verify(other, text)
        # the replayer rewrites the request digest too: the challenge binds the request
        doc = mutate(a1, ("request",), other.digest.hex())
        if name == "disclose":
            doc = mutate(doc, ("credentials", 0, "disclosed", "over_18"), True)
            doc = mutate(doc, ("credentials", 0, "signature", "attributes"),
                         {k: v for k, v in a1["credentials"][0]["signature"]["attributes"].items() if k != "over_18"})
        if name == "no same":
            doc = mutate(doc, ("credentials", 1, "signature", "attributes", "family_name"),
                         a1["credentials"][0]["signature"]["attributes"]["family_name"])
        with pytest.raises(VerificationError, match="challenge mismatch"):
            world.verifier.verify(other, json.dumps(doc))


def test_issuer_a_credential_presented_as_issuer_b(world):
    req = PresentationRequest.create([world.card_request()], verifier="v")
    doc = pj(world.alice.present(req, [world.alice_card]))
    assert doc["credentials"][0]["issuer"] == world.A.id
    with pytest.raises(VerificationError, match="challenge mismatch"):
        world.verifier.verify(req, json.dumps(mutate(doc, ("credentials", 0, "issuer"), world.B.id)))
    only_b = PresentationRequest.create([world.card_request(issuers=[world.B.id])], verifier="v", nonce=req.nonce)
    with pytest.raises(VerificationError, match="is not one the request accepts|not accepted"):
        world.alice.present(only_b, [world.alice_card])
    doc_b = mutate(mutate(doc, ("credentials", 0, "issuer"), world.B.id), ("request",), only_b.digest.hex())
    with pytest.raises(VerificationError, match="challenge mismatch"):
        world.verifier.verify(only_b, json.dumps(doc_b))
    # a verifier that does not know issuer A
    from zkcred.credentials import Verifier
    with pytest.raises(VerificationError, match="unknown issuer"):
        Verifier([world.B.public()]).verify(req, json.dumps(doc))


def test_wrong_schema(world):
    req = PresentationRequest.create([world.card_request()], verifier="v")
    doc = pj(world.alice.present(req, [world.alice_card]))
    with pytest.raises(VerificationError, match="schema does not match"):
        world.verifier.verify(req, json.dumps(mutate(doc, ("credentials", 0, "schema"), world.dip_schema.id)))
    # the request names the diploma schema for the identity-card issuers: neither side goes along
    wrong = PresentationRequest.create([world.card_request(schema=world.dip_schema.id, disclose=[], predicates=[])],
                                       verifier="v")
    with pytest.raises(DecodeError, match="schema"):
        world.alice.present(wrong, [world.alice_card])
    doc2 = pj(world.alice.present(PresentationRequest.create([world.card_request(disclose=[], predicates=[])],
                                                             verifier="v", nonce=wrong.nonce), [world.alice_card]))
    doc2 = mutate(mutate(doc2, ("request",), wrong.digest.hex()), ("credentials", 0, "schema"), world.dip_schema.id)
    with pytest.raises(VerificationError, match="schema does not match"):
        world.verifier.verify(wrong, json.dumps(doc2))


@pytest.mark.parametrize("attr,lie", [("given_name", "Alicia"), ("over_18", False), ("birth_date", "1961-03-05"),
                                      ("score", -16), ("nationality", "DE"), ("family_name", "Doe ")])
def test_lie_about_a_disclosed_value(world, attr, lie):
    """The holder rewrites a disclosed value in the JSON, or builds the proof with the lie as its witness: the
    signature does not cover the lie."""
    req = PresentationRequest.create([world.card_request(disclose=[attr], predicates=[])], verifier="v")
    doc = pj(world.alice.present(req, [world.alice_card]))
    assert world.verifier.verify(req, json.dumps(doc)) == {"idcard": {attr: world.alice_card.attributes[attr]}}
    with pytest.raises(VerificationError):
        world.verifier.verify(req, json.dumps(mutate(doc, ("credentials", 0, "disclosed", attr), lie)))
    liar = Credential(world.alice_card.issuer, world.alice_card.schema, {**world.alice_card.attributes, attr: lie},
                      world.alice_card.signature, world.alice_card.prover_blind)
    pres = world.alice.present(req, [liar])
    assert pres.disclosed() == [{attr: lie}]
    with pytest.raises(VerificationError):
        world.verifier.verify(req, pres.to_json())


@pytest.mark.parametrize("pred", [
    {"attribute": "birth_date", "op": ">=", "value": "1961-03-05"},     # born 1961-03-04
    {"attribute": "birth_date", "op": ">", "value": "1961-03-04"},
    {"attribute": "birth_date", "op": "<", "value": "1961-03-04"},
    {"attribute": "score", "op": "<=", "value": -18},                    # score -17
    {"attribute": "score", "op": "between", "value": [-16, 100]},
    {"attribute": "over_18", "op": "<=", "value": False},
    {"attribute": "nationality", "op": "in", "value": ["DE", "NL"]},
    {"attribute": "family_name", "op": "in", "value": ["Doe2", "doe"]},
])
def test_false_predicate_gives_no_presentation(world, pred):
    req = PresentationRequest.create([world.card_request(disclose=[], predicates=[pred])], verifier="v")
    result = "unset"
    with pytest.raises(PredicateFalse, match=repr(pred["attribute"])):
        result = world.alice.present(req, [world.alice_card])
    assert result == "unset"
    # the holder's state is not poisoned: a true predicate right after works
    ok = PresentationRequest.create([world.card_request(disclose=[], predicates=[
        {"attribute": "score", "op": "between", "value": [-17, -17]}])], verifier="v")
    assert world.verifier.verify(ok, world.alice.present(ok, [world.alice_card]).to_json()) == {"idcard": {}}


# ---------------------------------------------------------------- missing and extra parts


@pytest.fixture(scope="module")
def one(world, two):
    req, a1, _, _ = two
    return req, a1


def _reject(world, req, doc, exc, match):
    with pytest.raises(exc, match=match):
        world.verifier.verify(req, json.dumps(doc))


def test_lacks_something_requested(world, one):
    req, doc = one
    _reject(world, req, mutate(doc, ("credentials", 0, "predicates", 1), delete=True), VerificationError,
            r"credential 'idcard': 2 predicate proofs, the request asks for 3")
    _reject(world, req, mutate(doc, ("credentials", 0, "disclosed", "given_name"), delete=True), REJECT,
            r"credential 'idcard'.*missing \['given_name'\]")
    _reject(world, req, mutate(doc, ("credentials", 1), delete=True), VerificationError,
            "the presentation has 1 credentials, the request asks for 2")
    _reject(world, req, mutate(doc, ("credentials", 0, "signature", "attributes", "score"), delete=True),
            VerificationError, r"credential 'idcard': signature responses for .*expected .*'score'")
    _reject(world, req, mutate(doc, ("credentials", 0, "signature", "link_secret"), delete=True),
            VerificationError, "credential 'idcard': the signature proof lacks the link_secret response")
    _reject(world, req, mutate(doc, ("credentials", 0, "signature", "prover_blind"), delete=True),
            VerificationError, "credential 'idcard': the signature proof lacks the prover_blind response")
    for field in ("challenge", "request", "type"):
        _reject(world, req, mutate(doc, (field,), delete=True), DecodeError, rf"presentation\.{field}: missing")
    _reject(world, req, mutate(doc, ("credentials", 0, "predicates", 0, "proof", "C"), delete=True), DecodeError,
            r"presentation\.credentials\[0\]\.predicates\[0\]\.proof\.C: missing")
    _reject(world, req, mutate(doc, ("credentials", 1, "signature", "e_hat"), delete=True), DecodeError,
            r"presentation\.credentials\[1\]\.signature\.e_hat: missing")


def test_carries_something_else(world, one):
    req, doc = one
    sig0 = doc["credentials"][0]["signature"]
    resp = sig0["e_hat"]
    for path in [("extra",), ("credentials", 0, "extra"), ("credentials", 0, "signature", "extra"),
                 ("credentials", 1, "predicates", 0, "extra"), ("credentials", 1, "predicates", 0, "proof", "E")]:
        _reject(world, req, mutate(doc, path, resp), DecodeError, rf"unexpected field\(s\) '{path[-1]}'")
    # a response for a disclosed attribute
    _reject(world, req, mutate(doc, ("credentials", 0, "signature", "attributes", "given_name"), resp),
            VerificationError, r"credential 'idcard': signature responses for .*'given_name'")
    # a response for a linked attribute in the non-owner (diploma.family_name is answered by the idcard's)
    _reject(world, req, mutate(doc, ("credentials", 1, "signature", "attributes", "family_name"),
                               sig0["attributes"]["family_name"]),
            VerificationError, r"credential 'diploma': signature responses for .*'family_name'")
    # a link secret response in the second credential (answered by the first)
    _reject(world, req, mutate(doc, ("credentials", 1, "signature", "link_secret"), sig0["link_secret"]),
            VerificationError, "credential 'diploma': the signature proof carries the link_secret response")
    # a disclosed attribute the request did not ask for
    _reject(world, req, mutate(doc, ("credentials", 0, "disclosed", "over_18"), True), REJECT,
            r"credential 'idcard'.*not requested \['over_18'\]")
    # an attribute that is not in the schema at all
    _reject(world, req, mutate(doc, ("credentials", 0, "disclosed", "height"), 180), REJECT,
            r"not requested \['height'\]")
    # one predicate proof too many
    preds = doc["credentials"][1]["predicates"]
    _reject(world, req, mutate(doc, ("credentials", 1, "predicates"), preds + preds), VerificationError,
            r"credential 'diploma': 2 predicate proofs, the request asks for 1")
    # a third credential
    _reject(world, req, mutate(doc, ("credentials",), doc["credentials"] + doc["credentials"][:1]),
            VerificationError, "the presentation has 3 credentials, the request asks for 2")
    # predicates in another order / about another attribute
    p = doc["credentials"][0]["predicates"]
    _reject(world, req, mutate(doc, ("credentials", 0, "predicates"), [p[1], p[0], p[2]]), VerificationError,
            r"credential 'idcard': predicate #0 is about score between, the request asks birth_date <=")
    _reject(world, req, mutate(doc, ("credentials", 0, "predicates", 0, "op"), "<"), VerificationError,
            r"predicate #0 is about birth_date <")
    # credentials in another order
    _reject(world, req, mutate(doc, ("credentials",), doc["credentials"][::-1]), VerificationError,
            r"credential 'diploma' where the request has 'idcard'")


def test_holder_refuses_mismatched_inputs(world):
    req = world.two_request()
    with pytest.raises(DecodeError, match="asks for 2 credentials, 1 given"):
        world.alice.present(req, [world.alice_card])
    with pytest.raises(DecodeError, match="credential for 'idcard': schema"):
        world.alice.present(req, [world.alice_diploma, world.alice_card])
    stranger = Holder.create()
    with pytest.raises(DecodeError, match="unknown issuer"):
        stranger.present(req, [world.alice_card, world.alice_diploma])


@pytest.mark.parametrize("bounds", [(R_MINUS_1 := 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000000, 5),
                                    (0, 1 << 64), (1 << 64, (1 << 64) + 5)])
def test_verifier_rejects_range_bounds_beyond_64_bits(world, bounds, monkeypatch):
    """The range circuit (zkcred.circuits.range64) is sound only for lo, hi < 2^64: decoded bounds altered past
    that (lo = r - 1 is -1 mod r: v = 0 would "satisfy" lo <= v) are refused by the verifier before any proof is
    looked at, and by the holder before anything is proved."""
    from zkcred.credentials.predicates import Predicate
    req = PresentationRequest.create([world.card_request(disclose=[], predicates=[
        {"attribute": "score", "op": "between", "value": [-100, 100]}])], verifier="v")
    pres = world.alice.present(req, [world.alice_card])
    world.verifier.verify(req, pres)                                  # control
    init = Predicate.__init__

    def altered(self, *a, **kw):
        init(self, *a, **kw)
        if self.key == "range":
            self.lo, self.hi = bounds
            self.public = bounds
    monkeypatch.setattr(Predicate, "__init__", altered)
    with pytest.raises(DecodeError, match="range64 public input"):
        world.verifier.verify(req, pres)
    with pytest.raises(DecodeError, match="range64 public input"):
        world.alice.present(req, [world.alice_card])
