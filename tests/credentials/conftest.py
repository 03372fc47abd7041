"""Shared credential-layer fixtures: issuers are created ONCE per session (Issuer.create runs the LegoGroth16
setups, about 2 s); holders and credentials once per session too. Tests that need their own randomness use the
``rng`` fixture; the session objects here draw their keys from os.urandom inside the engine, and the
attribute values below are fixed (edge values on purpose: a birth date before 1970, a negative score)."""
from __future__ import annotations

import copy
import json

import pytest

from zkcred.credentials import Holder, Issuer, IssuerPublic, PresentationRequest, Schema, Verifier

ID_SCHEMA = {"name": "IdentityCard", "version": "1.0",
             "attributes": {"given_name": "string", "family_name": "string", "birth_date": "date",
                            "score": "integer", "over_18": "boolean",
                            "nationality": {"enum": ["DE", "FR", "NL", "US"]}}}
DIPLOMA_SCHEMA = {"name": "Diploma", "version": "2.0",
                  "attributes": {"family_name": "string", "degree": {"enum": ["BSc", "MSc", "PhD"]},
                                 "year": "integer", "awarded": "date"}}

ALICE = {"given_name": "Alice", "family_name": "Doe", "birth_date": "1961-03-04", "score": -17, "over_18": True,
         "nationality": "FR"}
BOB = {"given_name": "Bob", "family_name": "Roe", "birth_date": "1990-12-31", "score": 40, "over_18": True,
       "nationality": "NL"}
ALICE_DIPLOMA = {"family_name": "Doe", "degree": "MSc", "year": 1985, "awarded": "1985-07-01"}
BOB_DIPLOMA = {"family_name": "Roe", "degree": "PhD", "year": 2015, "awarded": "2015-06-30"}


def obtain(issuer: Issuer, holder: Holder, attributes: dict):
    """The issue's flow, through JSON at every hop (offer -> issuer, issued credential -> holder)."""
    offer = holder.request_credential(IssuerPublic.from_json(issuer.public().to_json()))
    issued = issuer.issue(offer.to_json(), attributes)
    return holder.store(issued.to_json(), offer)


def issuer_like(base: Issuer, schema: Schema) -> Issuer:
    """A new issuer (fresh BBS key) for ``schema`` that reuses ``base``'s predicate keys: the predicate circuits
    do not depend on the schema, so this is what Issuer.create makes, without the 2 s of setups (tests with
    random schemas need many issuers)."""
    import os

    from zkcred.bbs import _api
    from zkcred.credentials.issuer import SUITE
    sk = _api.keygen(os.urandom(32), suite=SUITE)
    pub = base.public()
    return Issuer(sk, IssuerPublic(schema, _api.sk_to_pk(sk, suite=SUITE), pub.predicate_keys, pub.merkle_depths))


class World:
    """Three issuers (A and B: identity cards, D: diplomas) and two holders with their credentials."""

    def __init__(self) -> None:
        self.id_schema = Schema.from_json(json.dumps(ID_SCHEMA))
        self.dip_schema = Schema.from_json(json.dumps(DIPLOMA_SCHEMA))
        self.A = Issuer.create(self.id_schema)
        self.B = issuer_like(self.A, self.id_schema)
        self.D = issuer_like(self.A, self.dip_schema)
        self.alice, self.bob = Holder.create(), Holder.create()
        self.alice_card = obtain(self.A, self.alice, ALICE)
        self.alice_card_b = obtain(self.B, self.alice, ALICE)
        self.alice_diploma = obtain(self.D, self.alice, ALICE_DIPLOMA)
        self.bob_card = obtain(self.A, self.bob, BOB)
        self.bob_diploma = obtain(self.D, self.bob, BOB_DIPLOMA)
        self.verifier = Verifier([self.A.public(), self.B.public(), self.D.public()])

    def card_request(self, **kw) -> dict:
        entry = {"id": "idcard", "schema": self.id_schema.id, "issuers": [self.A.id, self.B.id],
                 "disclose": ["given_name"],
                 "predicates": [{"attribute": "birth_date", "op": "<=", "value": "2007-01-01"},
                                {"attribute": "score", "op": "between", "value": [-100, 100]},
                                {"attribute": "nationality", "op": "in", "value": ["DE", "FR", "NL"]}]}
        entry.update(kw)
        return entry

    def diploma_request(self, **kw) -> dict:
        entry = {"id": "diploma", "schema": self.dip_schema.id, "issuers": [self.D.id], "disclose": ["degree"],
                 "predicates": [{"attribute": "year", "op": ">=", "value": 1980}]}
        entry.update(kw)
        return entry

    def two_request(self, nonce: bytes | None = None) -> PresentationRequest:
        """idcard + diploma tied by the link secret and by family_name (``same``)."""
        return PresentationRequest.create([self.card_request(), self.diploma_request()], verifier="shop",
                                          same=[["idcard.family_name", "diploma.family_name"]], nonce=nonce)


@pytest.fixture(scope="session")
def world() -> World:
    return World()


def mutate(doc: dict, path: tuple, value=..., delete: bool = False) -> dict:
    """A deep copy of ``doc`` with the element at ``path`` replaced (or deleted)."""
    out = copy.deepcopy(doc)
    node = out
    for k in path[:-1]:
        node = node[k]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return out


def get(doc, path: tuple):
    for k in path:
        doc = doc[k]
    return doc
