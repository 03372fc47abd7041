"""Review findings on malicious issuer documents: predicate keys whose SHAPE breaks zero knowledge.

A malicious issuer published a 'range' key made by an honest setup, but for the range circuit with the hidden
value v declared a PUBLIC input (3 public inputs; the next wire "committed"). Such a key is well formed
(``lego.check_keys`` passes: it is a genuine key of another R1CS) and the holder proved with it: the proof then
verifies as a Groth16 proof with public inputs (lo, hi, v), so anyone holding the verifying key recovered the
hidden birth date by testing guesses against the presentation (a year of dates: 366 pairings). Fix: a predicate
key must have its circuit's shape (``predicates.key_shape``), checked when the issuer document is decoded, when
the holder first uses the proving key, and by every LegoGroth16 statement (public-input count = the key's).
"""
from __future__ import annotations

import datetime
import hashlib
import json
import os

import pytest

from zkcred.bbs import _api
from zkcred.credentials import Holder, Issuer, IssuerPublic, PresentationRequest
from zkcred.credentials.issuer import SUITE, PredicateKey
from zkcred.credentials.predicates import circuit_for, key_shape
from zkcred.errors import DecodeError, VerificationError
from zkcred.groth16 import lego
from zkcred.groth16.r1cs import R1CS

from .conftest import ALICE


@pytest.fixture(scope="module")
def evil_range_key():
    r = circuit_for("range").to_r1cs()
    evil = R1CS(r.n_wires, r.n_pub_out, r.n_pub_in + 1, 1, r.constraints, list(r.labels))   # v made public
    return lego.setup(evil, 1)


def _evil_issuer(world, lpk) -> Issuer:
    data = lpk.to_bytes()
    keys = dict(world.A.public().predicate_keys)
    keys["range"] = PredicateKey("range", lpk.verifying_key(), data, hashlib.sha256(data).digest())
    sk = _api.keygen(os.urandom(32), suite=SUITE)
    return Issuer(sk, IssuerPublic(world.id_schema, _api.sk_to_pk(sk, suite=SUITE), keys, (10,)))


def _recover_birth_date(world, pres, req, vk) -> str | None:
    """The attack: test every date of ALICE's birth year against the predicate proof's public inputs."""
    pred = pres.decoded()[0]["predicates"][0]
    proof = lego.LegoProof(pred["A"], pred["B"], pred["C"], pred["D"])
    lo, hi = req.credentials[0].resolve(world.id_schema)[0].public
    attr = world.id_schema.attributes["birth_date"]
    year = int(ALICE["birth_date"][:4])
    d = datetime.date(year, 1, 1)
    while d.year == year:
        try:
            lego.verify(vk, [lo, hi, attr.order_value(d.isoformat(), "guess")], proof)
            return d.isoformat()
        except (VerificationError, DecodeError):
            d += datetime.timedelta(days=1)
    return None


def test_key_shapes_are_the_circuits():
    """The shape table against the circuits themselves (public signals; the committed wire is one private input)."""
    for name in ("range", "set16", "merkle1", "merkle10"):
        c = circuit_for(name)
        assert key_shape(name) == (len(c.public_names()), 1)
    with pytest.raises(DecodeError, match="unknown predicate key"):
        key_shape("merkle21")


def test_issuer_document_with_a_key_that_publishes_the_attribute_is_rejected(world, evil_range_key):
    assert evil_range_key.verifying_key().n_public == 3
    evil = _evil_issuer(world, evil_range_key)
    with pytest.raises(DecodeError, match=r"issuer\.predicate_keys\.range\.vk: a 'range' key has 2 public"):
        IssuerPublic.from_json(evil.public().to_json())


def test_holder_never_proves_with_a_key_that_publishes_the_attribute(world, evil_range_key):
    """Even when the document object reaches the holder without decoding, no presentation is made (before the
    fix one was, and the hidden birth date was recovered from it)."""
    evil = _evil_issuer(world, evil_range_key)
    holder = Holder.create()
    offer = holder.request_credential(evil.public())
    cred = holder.store(evil.issue(offer, ALICE), offer)
    req = PresentationRequest.create([{"id": "c", "schema": world.id_schema.id, "issuers": [evil.id],
                                       "predicates": [{"attribute": "birth_date", "op": "<=",
                                                       "value": "2000-01-01"}]}], verifier="v")
    pres = None
    with pytest.raises(DecodeError, match="public input"):
        pres = holder.present(req, [cred])
    if pres is not None:    # what the attack did with it before the fix
        assert _recover_birth_date(world, pres, req, evil_range_key.verifying_key()) is None


def test_lego_statement_public_count_is_the_keys(world):
    from zkcred.proofs.legogroth16 import LegoPredicate
    vk = world.A.public().predicate_key("range").vk
    LegoPredicate(vk, [1, 2])
    for public in ([1], [1, 2, 3]):
        with pytest.raises(DecodeError, match="public inputs, the key expects 2"):
            LegoPredicate(vk, public)


def test_holder_checks_the_shape_of_a_proving_key_before_use(evil_range_key):
    data = evil_range_key.to_bytes()
    key = PredicateKey("range", evil_range_key.verifying_key(), data, hashlib.sha256(data).digest())
    with pytest.raises(DecodeError, match="predicate key 'range': a 'range' key has 2 public input"):
        key.proving_key()
    other = PredicateKey("set16", evil_range_key.verifying_key(), data, hashlib.sha256(data).digest())
    with pytest.raises(DecodeError, match="a 'set16' key has 16 public input"):
        other.proving_key()
