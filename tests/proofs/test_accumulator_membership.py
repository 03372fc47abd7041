"""zkcred.proofs.accumulator: the KB21 membership proof linked to a BBS signature's hidden rev_handle, attacked as
a cheating prover would.

Statements: a BBS signature (``_core.core_sign`` over the suite's generators) whose message REV is the
rev_handle, and AccumulatorMembership(Q~, V) with slot 0 linked to it. Covered: a valid proof verifies (alone and
in a shared PairingBatch); a removed element, another epoch's value, a y that is a member but not the signed
rev_handle (with and without its own response spliced in), the C' = identity forgery (which passes everything
else), swapped and tampered sub-proof fields, a missing link, and the encoding of the sub-proof.
"""
from __future__ import annotations

import os

import pytest

from zkcred.bbs import _api, _core
from zkcred.bbs._suite import BLS12_381_SHA_256
from zkcred.bls12_381 import G1, Fr
from zkcred.errors import DecodeError, VerificationError
from zkcred.proofs import BBSSignaturePoK, BBSWitness, CompositeProof, PairingBatch, ProofSpec, prove, verify
from zkcred.proofs import _model
from zkcred.proofs.accumulator import AccumulatorMembership, MembershipProofPart, _State
from zkcred.proofs.pedersen import schnorr_commit
from zkcred.registry import Accumulator, Witness

SUITE = BLS12_381_SHA_256
API = SUITE.api_id
L = 4
REV = 2                      # the rev_handle's message index
HEADER = b"accumulator-test-header"


@pytest.fixture(scope="module")
def signer():
    sk = _api.keygen(os.urandom(32), suite=SUITE)
    return Fr.from_bytes(sk), _api.sk_to_pk(sk, suite=SUITE), SUITE.create_generators(L + 1, API)


def credential(signer, rng, rev: Fr):
    sk, pk, gens = signer
    msgs = [Fr(rng.randrange(1, Fr.ORDER)) for _ in range(L)]
    msgs[REV] = rev
    return msgs, BBSWitness.from_signature(_core.core_sign(sk, pk, gens, HEADER, msgs, API, SUITE), msgs)


def spec_for(signer, msgs, acc_public, value, disclosed=(0,), link=True, context=b"ctx") -> ProofSpec:
    _sk, pk, gens = signer
    bbs = BBSSignaturePoK(pk, gens, HEADER, API, SUITE, {i: msgs[i] for i in disclosed})
    return ProofSpec([bbs, AccumulatorMembership(acc_public, value)], [[(0, REV), (1, 0)]] if link else [], context)


@pytest.fixture
def setup(signer, rng):
    """An accumulator with three members; the holder's credential carries member ys[0] as its rev_handle."""
    ys = [Fr(rng.randrange(1, Fr.ORDER)) for _ in range(3)]
    acc = Accumulator.create(ys)
    msgs, bw = credential(signer, rng, ys[0])
    w = acc.witness(ys[0])
    spec = spec_for(signer, msgs, acc.public, acc.value)
    return acc, ys, msgs, bw, w, spec


def rebuild(rec, **changes):
    fields = {k: getattr(rec, k) for k in rec.__slots__}
    fields.update(changes)
    return type(rec)(**fields)


def with_part(proof: CompositeProof, part) -> CompositeProof:
    return CompositeProof(proof.challenge, [proof.proofs[0], part])


# ---------------------------------------------------------------- completeness


def test_linked_membership_verifies(setup):
    acc, _ys, _msgs, bw, w, spec = setup
    proof = prove(spec, [bw, w])
    assert verify(spec, proof) is None
    part = proof.proofs[1]
    assert set(part.responses) == {1}                      # y's response comes from the BBS proof
    assert REV in proof.proofs[0].m_hat
    assert not part.C_prime.is_identity() and part.C_bar != part.C_prime
    assert spec.owner[(1, 0)] == (0, REV)


def test_two_presentations_share_one_pairing_batch(setup, signer, rng):
    acc, ys, _msgs, bw, w, spec = setup
    msgs2, bw2 = credential(signer, rng, ys[1])
    spec2 = spec_for(signer, msgs2, acc.public, acc.value, disclosed=(1, 3))
    batch = PairingBatch()
    verify(spec, prove(spec, [bw, w]), batch=batch)
    verify(spec2, prove(spec2, [bw2, acc.witness(ys[1])]), batch=batch)
    assert batch.check() is None


def test_after_updates(setup, signer, rng):
    """The holder updates across epochs and proves against the current value."""
    acc, ys, msgs, bw, w, _spec = setup
    u1 = acc.batch_update([Fr(rng.randrange(Fr.ORDER))], [ys[1]])
    u2 = acc.batch_remove([ys[2]])
    spec = spec_for(signer, msgs, acc.public, acc.value)
    assert verify(spec, prove(spec, [bw, w.update([u1, u2])])) is None


# ---------------------------------------------------------------- soundness


def test_removed_element(setup, signer):
    """After the removal the holder cannot update; its old witness, claimed for the new value, fails."""
    acc, ys, msgs, bw, w, _spec = setup
    upd = acc.remove(ys[0])
    with pytest.raises(ValueError, match="removed"):
        w.update([upd])
    spec = spec_for(signer, msgs, acc.public, acc.value)
    with pytest.raises(DecodeError, match="another accumulator value"):
        prove(spec, [bw, w])
    stale = Witness(w.y, w.C, acc.value)                   # lie about the value the witness is for
    with pytest.raises(VerificationError, match="pairing"):
        verify(spec, prove(spec, [bw, stale]))


def test_other_epoch(setup, signer, rng):
    """A proof made against one epoch's value does not verify against another's (the value is bound)."""
    acc, ys, msgs, bw, w, spec_old = setup
    proof = prove(spec_old, [bw, w])
    acc.batch_remove([ys[2]])
    spec_new = spec_for(signer, msgs, acc.public, acc.value)
    with pytest.raises(VerificationError, match="challenge"):
        verify(spec_new, proof)
    other = Accumulator.create(ys)                          # same members, another key
    with pytest.raises(VerificationError):
        verify(spec_for(signer, msgs, other.public, other.value), proof)


def test_member_that_is_not_the_signed_rev_handle(setup):
    """The holder holds a valid witness for ys[1] (a member) but its credential's rev_handle is ys[0]."""
    acc, ys, _msgs, bw, _w, spec = setup
    w1 = acc.witness(ys[1])
    assert w1.verify(acc.public) is None
    with pytest.raises(VerificationError):
        verify(spec, prove(spec, [bw, w1]))


def test_response_splice_rejected(setup):
    """The membership sub-proof carrying its own response for y (even the right one) is rejected by the model;
    with a proof for another member's y, the spliced response cannot rescue it either."""
    acc, ys, _msgs, bw, w, spec = setup
    proof = prove(spec, [bw, w])
    own = dict(proof.proofs[1].responses)
    own[0] = proof.proofs[0].m_hat[REV]
    with pytest.raises(VerificationError, match="carries its own response"):
        verify(spec, with_part(proof, rebuild(proof.proofs[1], responses=own)))
    # unlinked spec (each proves its own y): ProofSpec refuses it (must_link)
    with pytest.raises(DecodeError, match="must be linked"):
        ProofSpec(spec.statements, [], b"ctx")


def test_identity_forgery(setup, monkeypatch):
    """C' = Cbar = identity with r = 0 satisfies the Schnorr relation and the pairing equation for ANY y: the
    verifier must reject C' = identity (this forged proof passes every other check)."""
    acc, ys, _msgs, bw, _w, spec = setup

    class Forger(AccumulatorMembership):
        def commit(self, witness, blindings):
            ident = G1.identity()
            T, b = schnorr_commit([-ident, self.value], blindings)
            return _State(ident, ident, T, b, [witness.y, Fr(0)])

    forged_spec = ProofSpec([spec.statements[0], Forger(acc.public, acc.value)], [[(0, REV), (1, 0)]], b"ctx")
    # y = ys[0] is the signed value; the forger has no witness for it (any C works: it is never used)
    proof = prove(forged_spec, [bw, Witness(ys[0], G1.generator(), acc.value)])
    with pytest.raises(VerificationError, match="identity"):
        verify(spec, proof)
    # the same proof passes the transcript and the pairing equation once the identity check is skipped: the
    # check is what stops it (so this test fails if the check goes)
    with monkeypatch.context() as mp:
        mp.setattr(G1, "is_identity", lambda self: False)
        assert verify(spec, proof) is None


@pytest.mark.parametrize("field", ["C_prime", "C_bar", "s_r", "swap", "negate"])
def test_tampered_sub_proof(setup, field):
    acc, _ys, _msgs, bw, w, spec = setup
    proof = prove(spec, [bw, w])
    p = proof.proofs[1]
    g = G1.generator()
    bad = {
        "C_prime": lambda: rebuild(p, C_prime=p.C_prime + g),
        "C_bar": lambda: rebuild(p, C_bar=p.C_bar + g),
        "s_r": lambda: rebuild(p, responses={1: p.responses[1] + 1}),
        "swap": lambda: rebuild(p, C_prime=p.C_bar, C_bar=p.C_prime),
        "negate": lambda: rebuild(p, C_prime=-p.C_prime, C_bar=-p.C_bar),
    }[field]()
    with pytest.raises(VerificationError):
        verify(spec, with_part(proof, bad))


def test_sub_proofs_swapped_between_presentations(setup, signer, rng):
    """The membership part of one presentation in another's (same accumulator, both members) fails."""
    acc, ys, _msgs, bw, w, spec = setup
    msgs2, bw2 = credential(signer, rng, ys[1])
    spec2 = spec_for(signer, msgs2, acc.public, acc.value)
    p1, p2 = prove(spec, [bw, w]), prove(spec2, [bw2, acc.witness(ys[1])])
    with pytest.raises(VerificationError):
        verify(spec, with_part(p1, p2.proofs[1]))
    with pytest.raises(VerificationError, match="not a MembershipProofPart"):
        verify(spec, CompositeProof(p1.challenge, [p1.proofs[0], p1.proofs[0]]))


def test_missing_response_rejected(setup):
    acc, _ys, _msgs, bw, w, spec = setup
    proof = prove(spec, [bw, w])
    with pytest.raises(VerificationError):
        verify(spec, with_part(proof, rebuild(proof.proofs[1], responses={})))


def test_statement_checks(setup):
    acc, *_ = setup
    with pytest.raises(DecodeError):
        AccumulatorMembership(acc.public, G1.identity())
    with pytest.raises(TypeError):
        AccumulatorMembership(acc.public.Q, acc.value)
    assert AccumulatorMembership.kind in _model.REGISTRY
    st = AccumulatorMembership(acc.public, acc.value)
    assert st.must_link() == (0,) and not st.owns_responses


# ---------------------------------------------------------------- encoding


def test_part_encoding(setup, rng):
    acc, _ys, _msgs, bw, w, spec = setup
    proof = prove(spec, [bw, w])
    p = proof.proofs[1]
    for compressed, size in ((True, 128), (False, 224)):
        data = p.to_bytes(compressed)
        assert len(data) == size
        q = MembershipProofPart.from_bytes(data)
        assert q == rebuild(p, T=None)        # the challenge form: a carried T is not in these bytes
        # next to the BBS part in the commitment form: each sub-proof is verified in the form it comes in
        assert verify(spec, with_part(proof, q)) is None
    data = p.to_bytes()
    r_bytes = Fr.ORDER.to_bytes(32, "big")
    for bad, field in ((data[:-1], "MembershipProofPart"),
                       (data[:96] + r_bytes, r"MembershipProofPart\.s_r"),
                       (bytes([0x80]) + bytes(47) + data[48:], r"MembershipProofPart\.C_prime"),
                       (data[:48] + bytes([0x80]) + bytes(47) + data[96:], r"MembershipProofPart\.C_bar")):
        with pytest.raises(DecodeError, match=field):
            MembershipProofPart.from_bytes(bad)
