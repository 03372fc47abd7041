"""The holder's full check of the issuer's predicate keys (lego.check_keys against the circuit's R1CS, once per
key) and what it buys: fresh predicate proofs are released without the per-proof self-check (prove(...,
check=False)) for fully checked keys, and only for them."""
from __future__ import annotations

import hashlib
import os

import pytest

from zkcred.bbs import _api
from zkcred.credentials import Holder, Issuer, IssuerPublic, PresentationRequest, Verifier
from zkcred.credentials.issuer import SUITE, PredicateKey
from zkcred.credentials.predicates import circuit_for
from zkcred.errors import VerificationError
from zkcred.groth16 import lego
from zkcred.groth16.keys import g1_from_zkey, g1_to_zkey

from .conftest import ALICE


def _issuer_with_range_key(world, lpk: lego.LegoProvingKey) -> Issuer:
    data = lpk.to_bytes()
    keys = dict(world.A.public().predicate_keys)
    keys["range"] = PredicateKey("range", lpk.verifying_key(), data, hashlib.sha256(data).digest())
    sk = _api.keygen(os.urandom(32), suite=SUITE)
    return Issuer(sk, IssuerPublic(world.id_schema, _api.sk_to_pk(sk, suite=SUITE), keys, (10,)))


def _holder_side(issuer: Issuer):
    """A holder that received the issuer's document as JSON (nothing cached from the issuer's process) and a
    credential from it."""
    holder = Holder.create()
    pub = IssuerPublic.from_json(issuer.public().to_json())
    offer = holder.request_credential(pub)
    cred = holder.store(issuer.issue(offer, ALICE), offer)
    return holder, pub, cred


def _request(pub: IssuerPublic) -> PresentationRequest:
    return PresentationRequest.create([{"id": "c", "schema": pub.schema.id, "issuers": [pub.id],
                                        "predicates": [{"attribute": "score", "op": "between", "value": [-17, 5]},
                                                       {"attribute": "nationality", "op": "in",
                                                        "value": ["DE", "FR"]}]}], verifier="v")


@pytest.fixture
def prove_calls(monkeypatch):
    calls = []
    real = lego.prove

    def spy(*args, **kw):
        calls.append(kw.get("check", True))
        return real(*args, **kw)
    monkeypatch.setattr(lego, "prove", spy)
    return calls


def test_fully_checked_keys_prove_without_the_self_check(world, prove_calls):
    holder, pub, cred = _holder_side(world.A)
    req = _request(pub)
    pres = holder.present(req, [cred])
    assert prove_calls == [False, False]                     # range and set16: fresh proofs, no self-check
    assert pub.predicate_key("range").fully_checked and pub.predicate_key("set16").fully_checked
    Verifier([pub]).verify(req, pres)
    holder.present(req, [cred])                              # later presentations re-randomise
    assert len(prove_calls) == 2


def test_version_1_keys_keep_the_self_check(world, prove_calls):
    """A key without the powers of tau (lego section version 1) is only partly checkable: the holder keeps
    prove's self-check."""
    pk = lego.setup(circuit_for("range").to_r1cs(), 1)
    v1 = lego.LegoProvingKey(pk.groth16, pk.n_committed, pk.eta_delta1, pk.eta_gamma1)
    holder, pub, cred = _holder_side(_issuer_with_range_key(world, v1))
    req = _request(pub)
    Verifier([pub]).verify(req, holder.present(req, [cred]))
    assert prove_calls == [True, False]                      # range (v1 key): checked; set16 (v2): not
    assert not pub.predicate_key("range").fully_checked


def test_subverted_h_query_is_refused_before_any_proof(world, prove_calls):
    """One H point moved by G1: passes the partial check (rules 1-5) but makes proofs fail for some witnesses;
    the holder's full check names it before anything is proved."""
    pk = lego.setup(circuit_for("range").to_r1cs(), 1)
    h = pk.groth16.h
    from dataclasses import replace

    from zkcred.bls12_381 import G1
    moved = h[:96 * 7] + g1_to_zkey(g1_from_zkey(h[96 * 7:96 * 8]) + G1.generator()) + h[96 * 8:]
    bad = lego.LegoProvingKey(replace(pk.groth16, h=moved), pk.n_committed, pk.eta_delta1, pk.eta_gamma1,
                              pk.tau1, pk.tau2)
    assert lego.check_keys(bad, bad.verifying_key()) is False
    holder, pub, cred = _holder_side(_issuer_with_range_key(world, bad))
    with pytest.raises(VerificationError, match="check_keys: the H query"):
        holder.present(_request(pub), [cred])
    assert prove_calls == []
