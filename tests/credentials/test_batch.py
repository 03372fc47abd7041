"""Batch verification names every bad presentation: in a batch of presentations (each under its own request and
nonce), one with a single part tampered — a Schnorr response, a proof point, a disclosed value, the nonce, a
signature that does not verify (only the batch's multi-pairing sees it), a point outside the subgroup — fails the
batch, and the message names exactly that position, whichever it is. The batch's random weights (GLV-shaped:
w1 + w2 * lambda) are checked against their definition, and a weighted batch with one false equation among many
true ones never holds."""
from __future__ import annotations

import json
import random

import pytest

from zkcred.bls12_381 import G1, G2, Fr, pairing_check
from zkcred.credentials import Credential, PresentationRequest
from zkcred.errors import DecodeError, VerificationError
from zkcred.proofs import PairingBatch
from zkcred.proofs import _pairings

from .conftest import get, mutate

R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
N = 5


def _b64(data: bytes) -> str:
    import base64
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture(scope="module")
def batch(world):
    """N presentations by Alice of her card, each answering its own request (own nonce)."""
    items = []
    for _ in range(N):
        req = PresentationRequest.create([world.card_request()], verifier="batch-test")
        items.append((req, world.alice.present(req, [world.alice_card]).to_json()))
    return items


def _off_subgroup_g1(rng: random.Random) -> bytes:
    """The uncompressed encoding of a point of E(Fp) outside G1 (py_ecc decides membership)."""
    from py_ecc.fields import optimized_bls12_381_FQ as FQ
    from py_ecc.optimized_bls12_381 import field_modulus as P, multiply
    while True:
        x = rng.randrange(P)
        rhs = (x ** 3 + 4) % P
        y = pow(rhs, (P + 1) // 4, P)
        if y * y % P == rhs and multiply((FQ(x), FQ(y), FQ.one()), R)[2] != FQ.zero():
            return x.to_bytes(48, "big") + y.to_bytes(48, "big")


def _tamper(kind: str, doc: dict, other: dict, rng: random.Random) -> dict:
    """``doc`` with one part replaced (``other``: another valid presentation of the same statement)."""
    sig, osig = ("credentials", 0, "signature"), ("credentials", 0, "signature")
    if kind == "schnorr e_hat":
        return mutate(doc, sig + ("e_hat",), get(other, osig + ("e_hat",)))
    if kind == "schnorr attribute response":
        name = sorted(get(doc, sig + ("attributes",)))[0]
        return mutate(doc, sig + ("attributes", name), get(other, osig + ("attributes", name)))
    if kind == "schnorr predicate blinding":
        return mutate(doc, ("credentials", 0, "predicates", 1, "blinding"),
                      get(other, ("credentials", 0, "predicates", 1, "blinding")))
    if kind == "schnorr response + 1":
        r = Fr.from_bytes(_unb64(get(doc, sig + ("r3_hat",)))) + 1
        return mutate(doc, sig + ("r3_hat",), _b64(r.to_bytes()))
    if kind == "signature point":
        return mutate(doc, sig + ("Abar",), get(other, osig + ("Abar",)))
    if kind == "predicate point":
        return mutate(doc, ("credentials", 0, "predicates", 0, "proof", "C"),
                      get(other, ("credentials", 0, "predicates", 0, "proof", "C")))
    if kind == "predicate G2 point":
        B = G2.from_bytes(_unb64(get(doc, ("credentials", 0, "predicates", 2, "proof", "B"))))
        return mutate(doc, ("credentials", 0, "predicates", 2, "proof", "B"), _b64((B + B).to_bytes(compressed=False)))
    if kind == "point outside the subgroup":
        return mutate(doc, sig + ("D",), _b64(_off_subgroup_g1(rng)))
    if kind == "disclosed value":
        return mutate(doc, ("credentials", 0, "disclosed", "given_name"), "Mallory")
    if kind == "challenge":
        return mutate(doc, ("challenge",), other["challenge"])
    raise AssertionError(kind)


def _unb64(text: str) -> bytes:
    import base64
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


KINDS = ["schnorr e_hat", "schnorr attribute response", "schnorr predicate blinding", "schnorr response + 1",
         "signature point", "predicate point", "predicate G2 point", "point outside the subgroup", "disclosed value",
         "challenge"]


def test_batch_accepts_good(world, batch):
    out = world.verifier.verify_batch(batch)
    assert out == [{"idcard": {"given_name": "Alice"}}] * N
    assert out == [world.verifier.verify(r, p) for r, p in batch]


@pytest.mark.parametrize("kind", KINDS)
def test_one_tampered_part_is_named(world, batch, kind, rng):
    k = rng.randrange(N)
    doc = json.loads(batch[k][1])
    other = json.loads(batch[(k + 1) % N][1])
    bad = list(batch)
    bad[k] = (batch[k][0], json.dumps(_tamper(kind, doc, other, rng)))
    with pytest.raises(VerificationError) as exc:
        world.verifier.verify_batch(bad)
    msg = str(exc.value)
    assert msg.startswith("batch verification failed: ")
    named = {int(part.split(":")[0][1:]) for part in msg[len("batch verification failed: "):].split("; ")}
    assert named == {k}, msg
    with pytest.raises((VerificationError, DecodeError)):        # and on its own
        world.verifier.verify(*bad[k])


def test_nonce_replay_is_named(world, batch, rng):
    """A presentation answered under another request's nonce (the same statement otherwise)."""
    k = rng.randrange(N)
    bad = list(batch)
    bad[k] = (batch[k][0], batch[(k + 1) % N][1])
    with pytest.raises(VerificationError, match=rf"^batch verification failed: #{k}: the presentation answers "
                                                r"another request"):
        world.verifier.verify_batch(bad)


def test_pairing_only_forgery_is_named(world, batch, rng):
    """Alice's attributes with Bob's signature (A, e): every Schnorr equation holds, only the signature's pairing
    equation fails, and only the batch's weighted multi-pairing sees it; the split names the position."""
    forged = Credential(world.alice_card.issuer, world.alice_card.schema, world.alice_card.attributes,
                        world.bob_card.signature, world.alice_card.prover_blind)
    for k in sorted(rng.sample(range(N), 2)):
        bad = list(batch)
        bad[k] = (batch[k][0], world.alice.present(batch[k][0], [forged]).to_json())
        with pytest.raises(VerificationError, match=rf"^batch verification failed: #{k}: pairing check failed$"):
            world.verifier.verify_batch(bad)


def test_two_bad_are_both_named(world, batch, rng):
    i, j = sorted(rng.sample(range(N), 2))
    bad = list(batch)
    for k in (i, j):
        doc = json.loads(batch[k][1])
        bad[k] = (batch[k][0], json.dumps(_tamper("disclosed value", doc, doc, rng)))
    with pytest.raises(VerificationError) as exc:
        world.verifier.verify_batch(bad)
    assert f"#{i}:" in str(exc.value) and f"#{j}:" in str(exc.value)
    assert all(f"#{k}:" not in str(exc.value) for k in range(N) if k not in (i, j))


# ---------------------------------------------------------------- the weights

def test_weights_are_glv_shaped_nonzero_and_distinct():
    lam = 0xAC45A4010001A40200000000FFFFFFFF
    z = -0xD201000000010000
    assert lam == z * z - 1
    # lambda is sigma^2's eigenvalue on G1: a cube root of unity mod r (z^2 - 1 and -z^2 are the two)
    assert pow(lam, 3, R) == 1 and lam != 1
    seen = set()
    for _ in range(300):
        w = int(_pairings.random_weight())
        assert 0 < w < R
        w2, w1 = divmod(w, lam)            # the GLV split of w is (w1, w2): both halves 64 bits
        assert w1 < 2 ** 64 and w2 < 2 ** 64
        seen.add(w)
    assert len(seen) == 300


def test_weighted_batch_with_one_false_equation_fails(rng):
    """Many true equations e(aP, bQ) e(-abP, Q) = 1 and one false one (an exponent off by one): the weighted
    product is never 1, and the false one is named."""
    g1, g2 = G1.generator(), G2.generator()
    for trial in range(3):
        b = PairingBatch()
        bad = rng.randrange(12)
        for k in range(12):
            a, c = Fr(rng.randrange(1, R)), Fr(rng.randrange(1, R))
            off = 1 if k == bad else 0
            b.add([(g1 * a, g2 * c), (-(g1 * (a * c + off)), g2)], f"eq{k}")
        assert not b.holds()
        assert b.failing_indexes() == [bad]
        with pytest.raises(VerificationError, match=f"eq{bad}"):
            b.check()
        assert pairing_check([(g1, g2), (-g1, g2)])
