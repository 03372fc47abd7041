"""Review: order predicates at their edges (< and > off by one, the signed 64-bit and date limits, booleans), with
the truth computed here on the raw JSON values (never from the engine's encoding): a true predicate is proved and
verified, a false one gives PredicateFalse; and a cheating holder who skips that check gets no proof (the circuit
is unsatisfiable for the verifier's bounds: no witness, so no proof)."""
from __future__ import annotations

import datetime
import operator

import pytest

from zkcred.circuit.builder import UnsatisfiedError
from zkcred.credentials import PredicateFalse, PresentationRequest, Schema, Verifier
from zkcred.credentials.predicates import Predicate
from zkcred.errors import DecodeError

from .conftest import issuer_like, obtain

MIN, MAX = -(1 << 63), (1 << 63) - 1
OPS = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt}


def truth(value, op, bound) -> bool:
    key = (lambda x: datetime.date.fromisoformat(x)) if isinstance(value, str) else (lambda x: x)
    if op == "between":
        return key(bound[0]) <= key(value) <= key(bound[1])
    return OPS[op](key(value), key(bound))


CASES = [
    ("n", MIN, "<=", MIN), ("n", MIN, "<", MIN + 1), ("n", MIN + 1, "<", MIN + 1), ("n", MIN, ">", MIN),
    ("n", MAX, ">=", MAX), ("n", MAX, ">", MAX - 1), ("n", MAX - 1, ">", MAX - 1), ("n", MAX, "<", MAX),
    ("n", 0, "between", [0, 0]), ("n", 1, "between", [0, 0]), ("n", -1, "between", [0, 0]),
    ("n", -1, "<", 0), ("n", 0, "<", 0), ("n", 0, ">", -1), ("n", -1, ">", -1), ("n", MIN, "between", [MIN, MAX]),
    ("d", "1969-12-31", "<", "1970-01-01"), ("d", "1970-01-01", "<", "1970-01-01"),
    ("d", "0001-01-01", "<=", "0001-01-01"), ("d", "9999-12-31", ">", "9999-12-30"),
    ("d", "2000-02-29", "between", ["2000-02-28", "2000-03-01"]),
    ("b", True, ">", False), ("b", False, ">", False), ("b", True, "<=", False), ("b", False, "<", True),
    ("b", True, "between", [True, True]),
]
SCHEMA = {"name": "Edges", "version": "1", "attributes": {"n": "integer", "d": "date", "b": "boolean"}}
BASE = {"n": 0, "d": "2000-01-01", "b": False}


@pytest.fixture(scope="module")
def edges(world):
    schema = Schema.from_json(SCHEMA)
    issuer = issuer_like(world.A, schema)
    return schema, issuer, Verifier([issuer.public()])


@pytest.mark.parametrize("attr,value,op,bound", CASES)
def test_edge(world, edges, attr, value, op, bound, monkeypatch):
    schema, issuer, verifier = edges
    cred = obtain(issuer, world.bob, {**BASE, attr: value})
    req = PresentationRequest.create([{"id": "e", "schema": schema.id, "issuers": [issuer.id],
                                       "predicates": [{"attribute": attr, "op": op, "value": bound}]}], verifier="v")
    if truth(value, op, bound):
        assert verifier.verify(req, world.bob.present(req, [cred])) == {"e": {}}
        return
    with pytest.raises(PredicateFalse):
        world.bob.present(req, [cred])
    monkeypatch.setattr(Predicate, "holds", lambda self, x: True)     # the cheating holder
    pres = None
    with pytest.raises(UnsatisfiedError, match="range64/(v - lo|hi - v) is 64-bit"):
        pres = world.bob.present(req, [cred])
    assert pres is None, "a proof was made for a false predicate"


@pytest.mark.parametrize("attr,op,bound", [("n", "<", MIN), ("n", ">", MAX), ("n", "between", [1, 0]),
                                           ("b", "<", False), ("b", ">", True), ("b", "between", [True, False]),
                                           ("d", "between", ["2000-01-02", "2000-01-01"]), ("d", "<", "0001-01-01"),
                                           ("d", ">", "9999-12-31")])
def test_unsatisfiable_predicates_rejected_on_decoding(edges, attr, op, bound):
    """The documented rule "a predicate that no value can satisfy is rejected when the request is decoded" held
    for the encoding's range but not the type's: '< false', '> true', '< 0001-01-01' were accepted."""
    schema, issuer, _ = edges
    req = PresentationRequest.create([{"id": "e", "schema": schema.id, "issuers": [issuer.id],
                                       "predicates": [{"attribute": attr, "op": op, "value": bound}]}], verifier="v")
    with pytest.raises(DecodeError, match="no value can satisfy"):
        req.credentials[0].resolve(schema)
