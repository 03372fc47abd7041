"""Review: what a holder's presentations and objects reveal.

- Linkability: two presentations of the same credential (predicate proofs cached and re-randomised, a
  non-revocation proof each time) share no point and no scalar: every proof value (Abar, Bbar, D, the responses,
  the LegoGroth16 A, B, C, D and blinding response, C', Cbar, r^, the challenge) is fresh, for the same request
  answered twice and for two requests.
- Secrets never appear in repr/str of the holder's objects nor in the messages of the errors a holder gets.
"""
from __future__ import annotations

import json

import pytest

from zkcred.credentials import PredicateFalse, PresentationRequest
from zkcred.errors import DecodeError

from .conftest import ALICE, obtain
from .test_review_revocation import revocable_issuer

PUBLIC_KEYS = {"id", "issuer", "schema", "disclosed", "attribute", "op", "epoch"}


def proof_values(doc) -> list[str]:
    """Every proof value of a presentation (strings under any key but the public labels)."""
    out = []

    def walk(node, key=None):
        if isinstance(node, dict):
            for k, v in node.items():
                if k not in PUBLIC_KEYS:
                    walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key not in ("type", "request"):
            out.append(node)
    walk(doc["credentials"])
    out.append(doc["challenge"])
    return out


def _requests(world, issuer_id, revocation: bool):
    preds = [{"attribute": "birth_date", "op": "<=", "value": "2007-01-01"},
             {"attribute": "score", "op": "between", "value": [-100, 100]},
             {"attribute": "nationality", "op": "in", "value": ["DE", "FR", "NL"]},
             {"attribute": "given_name", "op": "in", "value": [f"name{i}" for i in range(20)] + ["Alice"]}]
    entry = {"id": "idcard", "schema": world.id_schema.id, "issuers": [issuer_id], "disclose": ["over_18"],
             "predicates": preds}
    if revocation:
        entry["not_revoked"] = True
    return entry


@pytest.mark.parametrize("revocation", [False, True])
def test_presentations_of_one_credential_share_no_value(world, revocation):
    if revocation:
        issuer = revocable_issuer(world)
    else:
        issuer = world.A
    holder = world.alice
    cred = obtain(issuer, holder, ALICE)
    entry = _requests(world, issuer.id, revocation)
    same = PresentationRequest.create([entry], verifier="v", nonce=b"n" * 16)
    other = PresentationRequest.create([entry], verifier="v")
    docs = [json.loads(holder.present(r, [cred]).to_json()) for r in (same, same, other)]
    values = [proof_values(d) for d in docs]
    n = len(values[0])
    assert n >= 30 and all(len(v) == n for v in values)
    for i in range(3):
        assert len(set(values[i])) == n, "a value repeats inside one presentation"
        for j in range(i):
            shared = set(values[i]) & set(values[j])
            assert not shared, f"presentations {j} and {i} share {len(shared)} value(s)"


def test_no_secret_in_reprs_and_errors(world):
    holder = world.alice
    cred = world.alice_card
    secrets = [holder._link.to_bytes().hex(), str(int(holder._link)), cred.prover_blind.to_bytes().hex(),
               str(int(cred.prover_blind)), *[str(v) for k, v in ALICE.items() if k != "over_18"]]
    texts = [repr(holder), str(holder), repr(cred), str(cred), repr(holder.request_credential(world.A.public()))]
    req = PresentationRequest.create([world.card_request(disclose=[], predicates=[
        {"attribute": "score", "op": ">", "value": 0}])], verifier="v")
    with pytest.raises(PredicateFalse) as e1:
        holder.present(req, [cred])
    texts.append(str(e1.value))
    req2 = PresentationRequest.create([world.card_request(disclose=[], predicates=[
        {"attribute": "nationality", "op": "in", "value": ["DE"]}])], verifier="v")
    with pytest.raises(PredicateFalse) as e2:
        holder.present(req2, [cred])
    texts.append(str(e2.value))
    bad = json.loads(cred.to_json())
    bad["attributes"]["birth_date"] = "1961-02-30"
    from zkcred.credentials import Credential
    with pytest.raises(DecodeError) as e3:
        holder.present(req, [Credential.from_json(json.dumps(bad))])
    texts.append(str(e3.value))
    for t in texts:
        for s in secrets:
            assert s not in t, f"secret {s!r} in {t!r}"
