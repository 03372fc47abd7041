"""Property tests over random schemas, attribute values and requests (hypothesis).

Schemas: 1-6 attributes with random names and every type (enum with random non-ASCII values). Values: edge
values on purpose (int64 min/max, dates of year 1 and 9999 and before 1970, empty and non-ASCII strings).
Requests: a random disclose subset and random predicates of every op on the other attributes, with bounds near
the value (so they hold or not). The expected outcome is computed here from the plain values with Python's own
comparisons (datetime.date for dates): a predicate no value can satisfy -> DecodeError, a false one ->
PredicateFalse (and no presentation), else the presentation verifies and returns exactly the disclosed values.
Every object goes through to_json/from_json unchanged.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from zkcred.credentials import (Credential, CredentialOffer, Holder, IssuedCredential, IssuerPublic, PredicateFalse,
                                Presentation, PresentationRequest, Schema, Verifier)
from zkcred.errors import DecodeError

from .conftest import issuer_like

I64_MIN, I64_MAX = -(1 << 63), (1 << 63) - 1
D_MIN, D_MAX = dt.date(1, 1, 1), dt.date(9999, 12, 31)
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.data_too_large])

names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,15}", fullmatch=True)
texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
TYPES = ("string", "integer", "date", "boolean", "enum")


@st.composite
def schemas(draw):
    attrs = draw(st.dictionaries(names, st.sampled_from(TYPES + ("integer", "date")), min_size=1, max_size=6))
    out = {}
    for k, t in attrs.items():
        out[k] = {"enum": draw(st.lists(texts, min_size=1, max_size=5, unique=True))} if t == "enum" else t
    return {"name": draw(texts.filter(bool)), "version": draw(texts), "attributes": out}


def ints():
    return st.one_of(st.sampled_from([I64_MIN, I64_MAX, 0, -1, 1, I64_MIN + 1, I64_MAX - 1]),
                     st.integers(I64_MIN, I64_MAX), st.integers(-1000, 1000))


def dates():
    return st.one_of(st.sampled_from([D_MIN, D_MAX, dt.date(1970, 1, 1), dt.date(1969, 12, 31), dt.date(1900, 2, 28)]),
                     st.dates(D_MIN, D_MAX))


def value_of(attr_type, enum_values=()):
    """A strategy of plain Python values (date objects for dates)."""
    return {"string": st.one_of(st.just(""), texts, st.sampled_from(["Ünïcødé", "名前", "a\u0000b", "😀"])),
            "integer": ints(), "date": dates(), "boolean": st.booleans(),
            "enum": st.sampled_from(list(enum_values) or [""])}[attr_type]


def to_json_value(t, v):
    return v.isoformat() if t == "date" else v


def near(t, v, draw):
    """A bound close to v (so that predicates are about as often true as false), inside the type's range."""
    if t == "integer":
        return max(I64_MIN, min(I64_MAX, v + draw(st.integers(-2, 2)))) if draw(st.booleans()) else draw(ints())
    if t == "date":
        if draw(st.booleans()):
            try:
                return v + dt.timedelta(days=draw(st.integers(-2, 2)))
            except OverflowError:
                return v
        return draw(dates())
    return draw(st.booleans())


def order_key(t, v):
    return int(v) if t == "boolean" else v


def holds(t, op, v, bound) -> bool:
    k = order_key(t, v)
    if op == "in":
        return v in bound
    if op == "between":
        return order_key(t, bound[0]) <= k <= order_key(t, bound[1])
    b = order_key(t, bound)
    return {"<=": k <= b, "<": k < b, ">=": k >= b, ">": k > b}[op]


def satisfiable(t, op, bound) -> bool:
    """Whether some encoded value satisfies an order predicate (the request is rejected otherwise)."""
    if op == "between":
        return order_key(t, bound[0]) <= order_key(t, bound[1])
    if t == "integer":
        return not ((op == "<" and bound == I64_MIN) or (op == ">" and bound == I64_MAX))
    if t == "date":      # the type's own range: 0001-01-01 .. 9999-12-31 (Python's datetime.date)
        return not ((op == "<" and bound == dt.date.min) or (op == ">" and bound == dt.date.max))
    if t == "boolean":
        return not ((op == "<" and bound is False) or (op == ">" and bound is True))
    return True


@st.composite
def scenarios(draw):
    schema_doc = draw(schemas())
    attrs = schema_doc["attributes"]
    types = {k: ("enum" if isinstance(t, dict) else t) for k, t in attrs.items()}
    plain = {k: draw(value_of(types[k], attrs[k]["enum"] if types[k] == "enum" else ())) for k in attrs}
    keys = sorted(attrs)
    disclose = [k for k in keys if draw(st.integers(0, 2)) == 0]
    preds = []
    for k in [k for k in keys if k not in disclose]:
        for _ in range(draw(st.sampled_from([0, 1, 1, 2]))):
            t = types[k]
            ops = ["in"] if t in ("string", "enum") else ["<=", "<", ">=", ">", "between", "in"]
            op = draw(st.sampled_from(ops))
            if op == "in":
                pool = value_of(t, attrs[k]["enum"] if t == "enum" else ())
                vals = draw(st.lists(pool, min_size=1, max_size=16 if draw(st.integers(0, 9)) else 40))
                if draw(st.booleans()):
                    vals.insert(draw(st.integers(0, len(vals))), plain[k])
                bound = vals
            elif op == "between":
                bound = [near(t, plain[k], draw), near(t, plain[k], draw)]
                if draw(st.integers(0, 4)):
                    bound.sort(key=lambda b: order_key(t, b))
            else:
                bound = near(t, plain[k], draw)
            preds.append((k, op, bound))
    return schema_doc, types, plain, disclose, preds


def json_bound(t, op, bound):
    if op in ("in", "between"):
        return [to_json_value(t, b) for b in bound]
    return to_json_value(t, bound)


@pytest.fixture(scope="module")
def base(world):
    return world.A


@SETTINGS
@given(sc=scenarios())
def test_random_presentations(base, sc):
    schema_doc, types, plain, disclose, preds = sc
    schema = Schema.from_json(json.dumps(schema_doc))
    assert Schema.from_json(schema.to_json()) == schema and Schema.from_json(schema.to_json()).id == schema.id
    issuer = issuer_like(base, schema)
    holder = Holder.create()
    values = {k: to_json_value(types[k], v) for k, v in plain.items()}
    # every object of the flow through its JSON
    pub = IssuerPublic.from_json(issuer.public().to_json(proving_keys=False))
    assert pub.id == issuer.id
    offer = holder.request_credential(issuer.public())
    assert CredentialOffer.from_json(offer.to_json()).to_json() == offer.to_json()
    private = CredentialOffer.from_json(offer.to_json(private=True))
    assert private.to_json(private=True) == offer.to_json(private=True)
    issued = issuer.issue(CredentialOffer.from_json(offer.to_json()), values)
    assert IssuedCredential.from_json(issued.to_json()).to_json() == issued.to_json()
    cred = holder.store(issued.to_json(), private)
    assert Credential.from_json(cred.to_json()).to_json() == cred.to_json()
    assert Holder.from_json(holder.to_json()).to_json() == holder.to_json()
    request = PresentationRequest.create(
        [{"id": "c", "schema": schema.id, "issuers": [issuer.id], "disclose": disclose,
          "predicates": [{"attribute": k, "op": op, "value": json_bound(types[k], op, b)} for k, op, b in preds]}],
        verifier="prop")
    again = PresentationRequest.from_json(request.to_json())
    assert again.digest == request.digest and again.to_json() == request.to_json()

    event(f"{len(preds)} predicates, ops: {sorted({op for _, op, _ in preds})}")
    if not all(op == "in" or satisfiable(types[k], op, b) for k, op, b in preds):
        event("outcome: unsatisfiable request")
        with pytest.raises(DecodeError, match="no value can satisfy"):
            holder.present(request, [Credential.from_json(cred.to_json())])
        return
    if not all(holds(types[k], op, plain[k], b) for k, op, b in preds):
        event("outcome: PredicateFalse")
        with pytest.raises(PredicateFalse):
            holder.present(request, [Credential.from_json(cred.to_json())])
        return
    event("outcome: verified")
    pres = holder.present(request, [Credential.from_json(cred.to_json())])
    text = pres.to_json()
    assert Presentation.from_json(text).to_json() == text
    disclosed = Verifier([pub]).verify(request.to_json(), text)
    assert disclosed == {"c": {k: values[k] for k in disclose}}
    # a second presentation (re-randomised predicate proofs) from the same credential object also verifies
    cred2 = Credential.from_json(cred.to_json())
    holder.present(request, [cred2])
    assert Verifier([pub]).verify(request, holder.present(request, [cred2]).to_json()) == disclosed


@SETTINGS
@given(sc=scenarios())
def test_requests_round_trip(sc):
    """Requests with random contents (schema id, disclose lists, predicate values of any type) round-trip
    through JSON with the same digest, and a different nonce gives a different digest."""
    schema_doc, types, plain, disclose, preds = sc
    sid = Schema.from_json(json.dumps(schema_doc)).id
    entry = {"id": "x", "schema": sid, "issuers": ["i1", "i2"], "disclose": disclose,
             "predicates": [{"attribute": k, "op": op, "value": json_bound(types[k], op, b)} for k, op, b in preds]}
    r = PresentationRequest.create([entry], verifier="v", nonce=b"\x01" * 16)
    r2 = PresentationRequest.from_json(r.to_json())
    assert r2.to_json() == r.to_json() and r2.digest == r.digest
    assert PresentationRequest.create([entry], verifier="v", nonce=b"\x02" * 16).digest != r.digest
