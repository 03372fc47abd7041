"""The core layer's verifiers take decoded objects (``Proof``, ``(A, e)``) as well as octets: every rule of the
byte decoders must hold for the objects too (issue 12, item 7: a ``Proof`` with Abar = Bbar = identity, built
directly, verified for messages nobody signed under any public key).

The forgery is built honestly through the prover's own phases with A = identity and r1 = 0, so that
Abar = A * r1 * r2 = identity and Bbar = D * r1 - Abar * e = identity: the challenge is consistent and the final
pairing check h(Abar, W) * h(Bbar, -BP2) == 1 holds for every W. Each verifier entry point must reject it.
"""
from __future__ import annotations

import pytest

from zkcred import bbs
from zkcred.bbs import _core
from zkcred.bbs.batch import BatchVerificationError, ProofItem, SignatureItem
from zkcred.bls12_381 import G1, Fr
from zkcred.errors import DecodeError, VerificationError

SUITES = [bbs.BLS12_381_SHA_256, bbs.BLS12_381_SHAKE_256]


def _with(p, **changes):
    """A copy of the record ``p`` with some fields changed."""
    fields = dict(zip(p.__slots__, p._values()))
    fields.update(changes)
    return type(p)(**fields)


def _someone_elses_key(rng) -> bytes:
    return bbs.sk_to_pk(bbs.keygen(rng.randbytes(32)))


def _forge(pk: bytes, suite, msgs: list[bytes], disclosed: list[int], header: bytes, ph: bytes) -> _core.Proof:
    """A Proof object with Abar = Bbar = identity whose challenge matches (no signature involved)."""
    api_id = suite.api_id
    scalars = suite.messages_to_scalars(msgs, api_id)
    gens = suite.create_generators(len(msgs) + 1, api_id)
    undisclosed = [j for j in range(len(msgs)) if j not in disclosed]
    rs = _core.calculate_random_scalars(5 + len(undisclosed))
    rs[0] = Fr(0)                                   # r1 = 0
    init = _core.proof_init(pk, G1.identity(), Fr(1), gens, rs, header, scalars, undisclosed, api_id, suite)
    c = _core.proof_challenge_calculate(init, [scalars[i] for i in disclosed], disclosed, ph, api_id, suite)
    return _core.proof_finalize(init, c, Fr(1), rs, [scalars[j] for j in undisclosed])


@pytest.mark.parametrize("suite", SUITES, ids=lambda s: s.name)
def test_identity_proof_rejected_by_every_verifier(rng, suite):
    pk = _someone_elses_key(rng)
    msgs = [b"name=Mallory", b"age=99", b"role=admin"]
    disclosed = [0, 2]
    header, ph = b"hdr", b"nonce"
    proof = _forge(pk, suite, msgs, disclosed, header, ph)
    assert proof.Abar.is_identity() and proof.Bbar.is_identity()
    api_id = suite.api_id
    scalars = suite.messages_to_scalars([msgs[i] for i in disclosed], api_id)
    gens = suite.create_generators(len(msgs) + 1, api_id)
    # the byte decoder has always rejected it
    with pytest.raises(DecodeError, match="identity"):
        bbs.proof_verify(pk, _core.proof_to_octets(proof), header, ph, [msgs[i] for i in disclosed], disclosed,
                         suite=suite)
    # core_proof_verify with the Proof object
    with pytest.raises(DecodeError, match="Abar must not be the identity"):
        bbs.core_proof_verify(pk, proof, gens, header, ph, scalars, disclosed, api_id, suite)
    # the exported verification phase the credential layer builds on
    with pytest.raises(DecodeError, match="Abar must not be the identity"):
        bbs.proof_verify_init(pk, proof, gens, header, scalars, disclosed, api_id, suite)
    # batch verification with the object
    with pytest.raises(BatchVerificationError) as ei:
        bbs.batch_verify([ProofItem(pk, proof, header, ph, [msgs[i] for i in disclosed], disclosed, suite)])
    assert ei.value.bad_indexes == [0] and "identity" in ei.value.failures[0]


@pytest.mark.parametrize("field", ["Abar", "Bbar", "D"])
def test_each_identity_point_rejected(rng, field):
    suite = bbs.BLS12_381_SHA_256
    sk = bbs.keygen(rng.randbytes(32))
    pk = bbs.sk_to_pk(sk)
    msgs = [b"a", b"b"]
    sig = bbs.sign(sk, pk, b"", msgs)
    good = bbs.octets_to_proof(bbs.proof_gen(pk, sig, b"", b"", msgs, [0]))
    bad = _with(good, **{field: G1.identity(), "point_octets": None})
    api_id = suite.api_id
    gens = suite.create_generators(3, api_id)
    scalars = suite.messages_to_scalars([b"a"], api_id)
    bbs.core_proof_verify(pk, good, gens, b"", b"", scalars, [0], api_id, suite)
    with pytest.raises(DecodeError, match=f"{field} must not be the identity"):
        bbs.proof_verify_init(pk, bad, gens, b"", scalars, [0], api_id, suite)


def test_zero_scalar_in_proof_object_rejected(rng):
    suite = bbs.BLS12_381_SHA_256
    sk = bbs.keygen(rng.randbytes(32))
    pk = bbs.sk_to_pk(sk)
    sig = bbs.sign(sk, pk, b"", [b"a", b"b"])
    good = bbs.octets_to_proof(bbs.proof_gen(pk, sig, b"", b"", [b"a", b"b"], [0]))
    api_id = suite.api_id
    gens = suite.create_generators(3, api_id)
    scalars = suite.messages_to_scalars([b"a"], api_id)
    for bad in (_with(good, e_hat=Fr(0)), _with(good, challenge=Fr(0)), _with(good, commitments=(Fr(0),))):
        with pytest.raises(DecodeError, match="must not be zero"):
            bbs.proof_verify_init(pk, bad, gens, b"", scalars, [0], api_id, suite)
    with pytest.raises(DecodeError, match="must be G1 points"):
        bbs.proof_verify_init(pk, _with(good, D=None), gens, b"", scalars, [0], api_id, suite)


def test_identity_signature_tuple_rejected(rng):
    """CoreVerify takes a decoded (A, e) pair too: A = identity or e = 0 is refused as octets_to_signature does."""
    suite = bbs.BLS12_381_SHA_256
    sk = bbs.keygen(rng.randbytes(32))
    pk = bbs.sk_to_pk(sk)
    sig = bbs.sign(sk, pk, b"", [b"a"])
    A, e = bbs.octets_to_signature(sig)
    api_id = suite.api_id
    gens = suite.create_generators(2, api_id)
    scalars = suite.messages_to_scalars([b"a"], api_id)
    bbs.core_verify(pk, (A, e), gens, b"", scalars, api_id, suite)
    with pytest.raises(DecodeError, match="identity"):
        bbs.core_verify(pk, (G1.identity(), e), gens, b"", scalars, api_id, suite)
    with pytest.raises(DecodeError, match="must not be zero"):
        bbs.core_verify(pk, (A, Fr(0)), gens, b"", scalars, api_id, suite)
    with pytest.raises(BatchVerificationError):
        bbs.batch_verify([SignatureItem(pk, (G1.identity(), e), b"", [b"a"], suite)])
    with pytest.raises(VerificationError):
        bbs.core_verify(pk, (A, e + 1), gens, b"", scalars, api_id, suite)
