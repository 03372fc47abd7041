"""zkcred.proofs: the composite proof model attacked as a cheating prover would.

Statements are plain BBS signatures (``_core.core_sign`` over the suite's generators) and LegoGroth16 range
predicates (``zkcred.circuits.in_range``: lo <= v <= hi, v committed in D). Covered:
- equalities hold (and a false equality does not verify);
- a linked response carried by a non-owner sub-proof is rejected, even when it is the right value;
- an equality whose first member cannot own responses, and a predicate whose committed wire is not linked
  ("a predicate proof about a value that was not signed"), are rejected when the ProofSpec is built;
- hyperledger/anoncreds-v2-rs#42: a valid LegoGroth16 proof with a valid Schnorr proof of its opening, about a
  value other than the signed one, spliced into a proof about the signed value, is rejected, both with the
  predicate carrying its own response for the linked value and without it;
- the transcript binds the context, every statement's public data and every sub-proof field;
- PairingBatch: one failing equation among good ones is named; compensating bad equations do not cancel.
"""
from __future__ import annotations

import os

import pytest

from zkcred.bbs import _api, _core
from zkcred.bbs._suite import BLS12_381_SHA_256
from zkcred.bls12_381 import G1, G2, Fr
from zkcred.circuits import in_range
from zkcred.errors import DecodeError, VerificationError
from zkcred.groth16 import lego
from zkcred.proofs import (BBSProofPart, BBSSignaturePoK, BBSWitness, CompositeProof, PairingBatch, ProofSpec,
                           Transcript, prove, verify)
from zkcred.proofs.legogroth16 import LegoPredicate, LegoProofPart, LegoWitness

SUITE = BLS12_381_SHA_256
API = SUITE.api_id
L = 5
HEADER = b"composite-test-header"
U64 = (1 << 64) - 1


@pytest.fixture(scope="module")
def range_key():
    pk = lego.setup(in_range.circuit().to_r1cs(), 1)
    return pk, pk.verifying_key()


@pytest.fixture(scope="module")
def signers():
    """Two BBS key pairs (sk as Fr, pk bytes) and the suite's generators for L messages."""
    out = []
    for _ in range(2):
        sk = _api.keygen(os.urandom(32), suite=SUITE)
        out.append((Fr.from_bytes(sk), _api.sk_to_pk(sk, suite=SUITE)))
    return out, SUITE.create_generators(L + 1, API)


def sign(signer, gens, msgs):
    sk, pk = signer
    return _core.core_sign(sk, pk, gens, HEADER, msgs, API, SUITE)


def bbs_stmt(pk, gens, msgs, disclosed=(), header=HEADER):
    return BBSSignaturePoK(pk, gens, header, API, SUITE, {i: msgs[i] for i in disclosed})


def lego_witness(range_key, v: int, lo: int, hi: int) -> LegoWitness:
    pk, _vk = range_key
    proof, public, opening = lego.prove(pk, in_range.circuit().witness_bytes(in_range.inputs(v, lo, hi)))
    assert public == in_range.public_inputs(lo, hi)
    return LegoWitness(proof, opening)


def messages(rng, n=L, small=()):
    """n random message scalars; indexes in ``small`` get a 64-bit value (for range predicates)."""
    return [Fr(rng.randrange(1 << 64)) if i in small else Fr(rng.randrange(1, 1 << 255)) for i in range(n)]


def rebuild(rec, **changes):
    """A Record with some fields changed (Records are immutable)."""
    fields = {k: getattr(rec, k) for k in rec.__slots__}
    fields.update(changes)
    return type(rec)(**fields)


def challenge_form(proof: CompositeProof) -> CompositeProof:
    """The same proof without the carried commitments (T1, T2, T): the verifier then recomputes them."""
    parts = [rebuild(p, T1=None, T2=None) if isinstance(p, BBSProofPart) else rebuild(p, T=None)
             for p in proof.proofs]
    return CompositeProof(proof.challenge, parts)


def both_forms(proof: CompositeProof):
    """(form, proof, the error a tampered response gives in that form): the commitment form the prover makes,
    whose Schnorr equations fail, and the challenge form, whose recomputed commitments change the challenge."""
    return [("commitment", proof, "Schnorr equation fails"), ("challenge", challenge_form(proof), "challenge mismatch")]


@pytest.fixture
def linked(signers, range_key, rng):
    """Two signatures sharing message 2 (= their message 3 for the second), and a range predicate on message 1 of
    the first: the spec, the witnesses and a valid proof."""
    (s1, s2), gens = signers
    m1 = messages(rng, small={1})
    m2 = messages(rng)
    m2[3] = m1[2]
    v = int(m1[1])
    lo, hi = rng.randrange(0, v + 1), rng.randrange(v, U64 + 1)
    stmts = [bbs_stmt(s1[1], gens, m1, disclosed=(0,)), bbs_stmt(s2[1], gens, m2, disclosed=(4,)),
             LegoPredicate(range_key[1], in_range.public_inputs(lo, hi))]
    spec = ProofSpec(stmts, [[(0, 2), (1, 3)], [(0, 1), (2, 0)]], b"context")
    wits = [BBSWitness.from_signature(sign(s1, gens, m1), m1), BBSWitness.from_signature(sign(s2, gens, m2), m2),
            lego_witness(range_key, v, lo, hi)]
    return spec, wits, prove(spec, wits), (m1, m2, v, lo, hi)


# ---------------------------------------------------------------- equalities


def test_equalities_hold(linked):
    spec, _wits, proof, _ = linked
    assert verify(spec, proof) is None
    # the linked responses appear once, in the owner (statement 0); the others carry none for those slots
    assert 2 in proof.proofs[0].m_hat and 1 in proof.proofs[0].m_hat
    assert 3 not in proof.proofs[1].m_hat and set(proof.proofs[1].m_hat) == {0, 1, 2}
    assert set(proof.proofs[2].responses) == {1}          # only the blinding v of D
    assert spec.owner[(1, 3)] == (0, 2) and spec.owner[(2, 0)] == (0, 1)


def test_sub_proofs_commit_in_shared_rounds(linked, range_key, monkeypatch):
    """The prover runs every statement's constant-time sums round by round (Statement.commit_rounds): two BBS
    proofs, a predicate whose proof is re-randomised inside the prover (LegoWitness.rerandomize) -- all in two
    msm_ct_multi calls, not one or two per sub-proof. The re-randomised predicate proof is a new one (A, B, C, D
    all changed) and the presentation verifies."""
    spec, wits, _proof, _ = linked
    calls = []
    real = G1.msm_ct_multi.__func__
    monkeypatch.setattr(G1, "msm_ct_multi", classmethod(lambda cls, groups: calls.append(len(groups))
                                                         or real(cls, groups)))
    fresh = LegoWitness(wits[2].proof, wits[2].opening, rerandomize=range_key[0])
    proof = prove(spec, [wits[0], wits[1], fresh])
    assert calls == [2 + 2 + 1, 3 + 3 + 3]     # round 1: D, Abar twice, T; round 2: Bbar, T1, T2 twice, A', C', D'
    monkeypatch.undo()
    assert verify(spec, proof) is None
    old, new = wits[2].proof, proof.proofs[2].proof
    assert old.a != new.a and old.b != new.b and old.c != new.c and old.d != new.d


def test_false_equality_does_not_verify(signers, rng):
    """The prover does not check equalities: a proof claiming m1[2] == m2[3] when they differ must fail."""
    (s1, s2), gens = signers
    m1, m2 = messages(rng), messages(rng)
    assert m1[2] != m2[3]
    spec = ProofSpec([bbs_stmt(s1[1], gens, m1), bbs_stmt(s2[1], gens, m2)], [[(0, 2), (1, 3)]], b"ctx")
    proof = prove(spec, [BBSWitness.from_signature(sign(s1, gens, m1), m1),
                         BBSWitness.from_signature(sign(s2, gens, m2), m2)])
    for _form, p, error in both_forms(proof):
        with pytest.raises(VerificationError, match=error):
            verify(spec, p)
    # the same two signatures without the false claim verify
    spec2 = ProofSpec(spec.statements, [], b"ctx")
    assert verify(spec2, prove(spec2, [BBSWitness.from_signature(sign(s1, gens, m1), m1),
                                       BBSWitness.from_signature(sign(s2, gens, m2), m2)])) is None


def test_linked_response_from_non_owner_is_rejected(linked):
    spec, _wits, proof, _ = linked
    owner_resp = proof.proofs[0].m_hat
    # the predicate carries the (correct!) response for its committed wire: rejected, the owner answers for it
    lp = proof.proofs[2]
    bad = CompositeProof(proof.challenge, [proof.proofs[0], proof.proofs[1],
                                           LegoProofPart(lp.proof, {**lp.responses, 0: owner_resp[1]})])
    with pytest.raises(VerificationError, match=r"statement #2 \(legogroth16\) carries its own response.*\[0\]"):
        verify(spec, bad)
    # the second signature carries the response for its linked message 3
    bp = proof.proofs[1]
    bad = CompositeProof(proof.challenge, [proof.proofs[0], rebuild(bp, m_hat={**bp.m_hat, 3: owner_resp[2]}),
                                           proof.proofs[2]])
    with pytest.raises(VerificationError, match=r"statement #1 \(bbs-signature\) carries its own response.*\[3\]"):
        verify(spec, bad)
    # the owner lacks it
    op = proof.proofs[0]
    bad = CompositeProof(proof.challenge, [rebuild(op, m_hat={k: r for k, r in op.m_hat.items() if k != 2}),
                                           *proof.proofs[1:]])
    with pytest.raises(VerificationError, match="lacks the response for linked slot 2|responses do not match"):
        verify(spec, bad)


def test_owner_must_be_able_to_own(signers, range_key, rng):
    (s1, _), gens = signers
    m = messages(rng, small={1})
    pred = LegoPredicate(range_key[1], in_range.public_inputs(0, U64))
    with pytest.raises(DecodeError, match=r"equality #0: its first member \(statement #0, legogroth16\) cannot own"):
        ProofSpec([pred, bbs_stmt(s1[1], gens, m)], [[(0, 0), (1, 1)]], b"")
    # the same statements in the other order are fine
    assert ProofSpec([bbs_stmt(s1[1], gens, m), pred], [[(0, 1), (1, 0)]], b"").owner[(1, 0)] == (0, 1)
    # two predicates linked only to each other: the first cannot own
    with pytest.raises(DecodeError, match="cannot own"):
        ProofSpec([bbs_stmt(s1[1], gens, m), pred, pred], [[(1, 0), (2, 0)]], b"")


def test_equality_rules(signers, rng):
    (s1, s2), gens = signers
    m = messages(rng)
    a, b = bbs_stmt(s1[1], gens, m, disclosed=(0,)), bbs_stmt(s2[1], gens, m)
    for eqs, msg in [([[(0, 1)]], "at least two distinct"), ([[(0, 1), (0, 1)]], "at least two distinct"),
                     ([[(0, 1), (2, 1)]], "no statement #2"), ([[(0, 0), (1, 0)]], "statement #0 has no witness slot 0"),
                     ([[(0, 1), (1, 1)], [(1, 1), (0, 2)]], r"\(1, 1\) is already in equality #0")]:
        with pytest.raises(DecodeError, match=msg):
            ProofSpec([a, b], eqs, b"")


def test_predicate_must_be_linked(signers, range_key, rng):
    """A predicate whose committed value is linked to nothing would speak about a value that was not signed."""
    (s1, _), gens = signers
    m = messages(rng, small={1})
    pred = LegoPredicate(range_key[1], in_range.public_inputs(0, U64))
    with pytest.raises(DecodeError, match=r"statement #1 \(legogroth16\): slot 0 must be linked"):
        ProofSpec([bbs_stmt(s1[1], gens, m), pred], [], b"")
    # linking the blinding v (slot 1) instead of the committed wire does not count
    with pytest.raises(DecodeError, match="slot 0 must be linked"):
        ProofSpec([bbs_stmt(s1[1], gens, m), pred], [[(0, 1), (1, 1)]], b"")


# ---------------------------------------------------------------- anoncreds-v2-rs#42


@pytest.fixture
def underage(signers, range_key, rng):
    """A signature on an age of 15 at message 1; the verifier wants message 1 in [18, 2^64 - 1]."""
    (s1, s2), gens = signers
    m = messages(rng)
    m[1] = Fr(15)
    spec = ProofSpec([bbs_stmt(s1[1], gens, m, disclosed=(0,)), LegoPredicate(range_key[1],
                                                                          in_range.public_inputs(18, U64))],
                     [[(0, 1), (1, 0)]], b"age >= 18")
    return spec, BBSWitness.from_signature(sign(s1, gens, m), m), m


def test_42_honest_prover_cannot_prove_false_predicate(underage, range_key):
    from zkcred.circuit.builder import UnsatisfiedError
    with pytest.raises(UnsatisfiedError):             # the witness builder refuses 15 >= 18
        lego_witness(range_key, 15, 18, U64)
    # a hand-made witness (the one for 20 with the committed wire v, wire 3, set to 15): lego.prove verifies the
    # proof before releasing it and refuses
    c = in_range.circuit()
    assert c.wire_names()[3] == "v"
    w = bytearray(c.witness_bytes(in_range.inputs(20, 18, U64)))
    w[3 * 32:4 * 32] = (15).to_bytes(32, "little")
    with pytest.raises(VerificationError, match="does not verify"):
        lego.prove(range_key[0], bytes(w))


def test_42_predicate_about_another_value_through_the_model(underage, range_key, rng):
    """The cheater proves the predicate on 20 (a valid LegoGroth16 proof and opening) and runs the model with it:
    the shared blinding makes the Schnorr response answer for 20, the verifier uses the signature's response for
    15, and the challenge does not match."""
    spec, wbbs, _m = underage
    fake = lego_witness(range_key, 20, 18, U64)
    assert lego.verify(range_key[1], in_range.public_inputs(18, U64), fake.proof) is None   # valid on its own
    proof = prove(spec, [wbbs, fake])
    with pytest.raises(VerificationError, match=r"Schnorr equation fails: statement #1 \(legogroth16\): opening of D"):
        verify(spec, proof)
    with pytest.raises(VerificationError, match="challenge mismatch"):
        verify(spec, challenge_form(proof))


def test_42_spliced_predicate_with_its_own_response(underage, signers, range_key, rng):
    """The #42 attack itself: a predicate sub-proof carrying its own Schnorr response for the committed value
    (a complete, valid proof of knowledge of D's opening (20, v)) next to a signature proof about 15. The cheater
    runs the transcript by hand with independent blindings so that every part is internally consistent."""
    spec, wbbs, m = underage
    fake = lego_witness(range_key, 20, 18, U64)
    bbs, pred = spec.statements
    t = spec._transcript()
    st_bbs = bbs.commit(wbbs, {})             # fresh blinding for message 1: not shared with the predicate
    st_pred = pred.commit(fake, {})
    t.append(b"commitment", st_bbs.commitment_bytes())
    t.append(b"commitment", st_pred.commitment_bytes())
    c = t.challenge()
    part_bbs = st_bbs.respond(c, frozenset())
    part_pred = st_pred.respond(c, frozenset())          # responses for slot 0 (= 20) and slot 1 (v)
    assert set(part_pred.responses) == {0, 1}
    # its Schnorr proof is valid on its own terms: T recomputed from its own responses is the committed T
    from zkcred.proofs.pedersen import schnorr_recompute
    assert schnorr_recompute(pred.bases, fake.proof.d, [part_pred.responses[0], part_pred.responses[1]], c) \
        == st_pred.T
    with pytest.raises(VerificationError, match=r"statement #1 \(legogroth16\) carries its own response"):
        verify(spec, CompositeProof(c, [part_bbs, part_pred]))
    # without the response: the verifier fills in the signature's response (for 15): T differs
    with pytest.raises(VerificationError, match="challenge mismatch"):
        verify(spec, CompositeProof(c, [rebuild(part_bbs, T1=None, T2=None),
                                        LegoProofPart(part_pred.proof, {1: part_pred.responses[1]})]))
    # the same in the commitment form: the carried T is the transcript's, but its equation fails with 15
    with pytest.raises(VerificationError, match=r"Schnorr equation fails: statement #1 \(legogroth16\)"):
        verify(spec, CompositeProof(c, [part_bbs, LegoProofPart(part_pred.proof, {1: part_pred.responses[1]},
                                                                part_pred.T)]))


def test_42_splice_predicate_from_another_proof(underage, signers, range_key, rng):
    """A proof about another signature whose message 1 is 20 verifies; its predicate part spliced into a proof
    about the signature on 15 (with the same challenge or the other one) does not."""
    spec, wbbs, m = underage
    (s1, _), gens = signers
    m20 = list(m)
    m20[1] = Fr(20)
    spec20 = ProofSpec([bbs_stmt(s1[1], gens, m20, disclosed=(0,)), spec.statements[1]], [[(0, 1), (1, 0)]],
                       b"age >= 18")
    proof20 = prove(spec20, [BBSWitness.from_signature(sign(s1, gens, m20), m20), lego_witness(range_key, 20, 18,
                                                                                               U64)])
    assert verify(spec20, proof20) is None
    # a proof for m (15) needs its own BBS part: take one from a proof of a true statement about m
    spec_true = ProofSpec([spec.statements[0], LegoPredicate(range_key[1], in_range.public_inputs(0, 15))],
                          [[(0, 1), (1, 0)]], b"age >= 18")
    proof15 = prove(spec_true, [wbbs, lego_witness(range_key, 15, 0, 15)])
    assert verify(spec_true, proof15) is None
    for c in (proof15.challenge, proof20.challenge):
        with pytest.raises(VerificationError):
            verify(spec, CompositeProof(c, [proof15.proofs[0], proof20.proofs[1]]))


# ---------------------------------------------------------------- the transcript


def test_transcript_framing():
    def ch(*parts):
        t = Transcript(b"p")
        for label, data in parts:
            t.append(label, data)
        return t.challenge()
    base = ch((b"ab", b"c"))
    assert base != ch((b"a", b"bc")) and base != ch((b"abc", b"")) and base != ch((b"ab", b"c"), (b"", b""))
    assert base == ch((b"ab", b"c"))
    assert Transcript(b"p").challenge() != Transcript(b"q").challenge()


def test_context_and_public_data_are_bound(linked, signers, range_key):
    spec, _wits, proof, (m1, m2, v, lo, hi) = linked
    (s1, s2), gens = signers
    st = spec.statements
    eqs = [list(e) for e in spec.equalities]

    def fails(statements, context=b"context", equalities=eqs, match="challenge mismatch"):
        # the challenge is checked before any pairing: a changed statement must change the challenge itself
        # (the LegoGroth16 public inputs, for one, enter no Schnorr equation: only the transcript binds them)
        with pytest.raises((VerificationError, DecodeError), match=match):
            verify(ProofSpec(statements, equalities, context), proof)
    assert verify(ProofSpec(st, eqs, b"context"), proof) is None      # the rebuilt spec is the same
    fails(st, b"context!")
    fails(st, b"")
    m1x = list(m1)
    m1x[0] = m1[0] + Fr(1)
    fails([bbs_stmt(s1[1], gens, m1x, disclosed=(0,)), st[1], st[2]])                 # a disclosed value
    fails([bbs_stmt(s1[1], gens, m1, disclosed=(0,), header=HEADER + b"x"), st[1], st[2]])   # the header
    fails([bbs_stmt(s2[1], gens, m1, disclosed=(0,)), st[1], st[2]])                  # the public key
    fails([bbs_stmt(s1[1], gens, m1, disclosed=(0, 3)), st[1], st[2]],
          match="responses do not match the hidden messages")                       # one more disclosed
    fails([st[0], st[1], LegoPredicate(range_key[1], in_range.public_inputs(lo, hi + 1 if hi < U64 else hi - 1))])
    other = lego.setup(in_range.circuit().to_r1cs(), 1).verifying_key()
    fails([st[0], st[1], LegoPredicate(other, in_range.public_inputs(lo, hi))])     # another verifying key
    fails([st[1], st[0], st[2]], equalities=[[(0, 3), (1, 2)], [(1, 1), (2, 0)]],    # statements reordered
          match="carries its own response")


def _bumped(x):
    if isinstance(x, Fr):
        return x + Fr(1)
    if isinstance(x, G1):
        return x + G1.generator()
    if isinstance(x, G2):
        return x + G2.generator()
    raise TypeError(type(x))


@pytest.mark.parametrize("form", ["commitment", "challenge"])
def test_every_sub_proof_field_is_bound(linked, form):
    spec, _wits, proof, _ = linked
    if form == "challenge":
        proof = challenge_form(proof)
    variants = [("challenge", CompositeProof(proof.challenge + Fr(1), proof.proofs))]
    bbs_fields = ("Abar", "Bbar", "D", "e_hat", "r1_hat", "r3_hat") + (("T1", "T2") if form == "commitment" else ())
    for s in (0, 1):
        part = proof.proofs[s]
        for f in bbs_fields:
            variants.append((f"#{s}.{f}", CompositeProof(proof.challenge, [
                *proof.proofs[:s], rebuild(part, **{f: _bumped(getattr(part, f))}), *proof.proofs[s + 1:]])))
        for j in part.m_hat:
            variants.append((f"#{s}.m_hat[{j}]", CompositeProof(proof.challenge, [
                *proof.proofs[:s], rebuild(part, m_hat={**part.m_hat, j: part.m_hat[j] + Fr(1)}),
                *proof.proofs[s + 1:]])))
    lp = proof.proofs[2]
    for f in ("a", "b", "c", "d"):
        variants.append((f"#2.{f}", CompositeProof(proof.challenge, [
            *proof.proofs[:2], LegoProofPart(rebuild(lp.proof, **{f: _bumped(getattr(lp.proof, f))}),
                                             lp.responses, lp.T)])))
    variants.append(("#2.blinding", CompositeProof(proof.challenge, [
        *proof.proofs[:2], LegoProofPart(lp.proof, {1: lp.responses[1] + Fr(1)}, lp.T)])))
    if form == "commitment":
        variants.append(("#2.T", CompositeProof(proof.challenge, [*proof.proofs[:2], rebuild(lp, T=_bumped(lp.T))])))
    assert len(variants) == 1 + 2 * len(bbs_fields) + 4 + 3 + 4 + 1 + (form == "commitment")
    hashed = {"challenge", "#0.Abar", "#0.Bbar", "#0.D", "#0.T1", "#0.T2", "#1.Abar", "#1.Bbar", "#1.D", "#1.T1",
              "#1.T2", "#2.a", "#2.b", "#2.c", "#2.d", "#2.T"}
    for name, bad in variants:
        # in the commitment form a changed response leaves the transcript alone and breaks its Schnorr equation;
        # everything hashed changes the challenge in both forms
        want = "challenge mismatch" if form == "challenge" or name in hashed else "Schnorr equation fails"
        with pytest.raises(VerificationError, match=want):
            verify(spec, bad)


def test_sub_proof_count_and_identity_points(linked):
    spec, _wits, proof, _ = linked
    with pytest.raises(VerificationError, match="expected 3 sub-proofs, got 2"):
        verify(spec, CompositeProof(proof.challenge, proof.proofs[:2]))
    part = proof.proofs[0]
    with pytest.raises(VerificationError, match="Abar is the identity"):
        verify(spec, CompositeProof(proof.challenge, [rebuild(part, Abar=G1.identity()), *proof.proofs[1:]]))


# ---------------------------------------------------------------- pairings


def test_pairing_failure_is_named_and_batched(signers, range_key, rng):
    """Schnorr-consistent proofs whose pairing equation fails: a BBS 'signature' that is not one (a random A),
    and a LegoGroth16 proof for other public inputs. Each is named; in a shared batch, the bad one is found."""
    (s1, _), gens = signers
    m = messages(rng)
    m[1] = Fr(rng.randrange(1 << 63))
    v = int(m[1])
    good_sig = sign(s1, gens, m)
    A, e = _core.octets_to_signature(good_sig)
    forged = BBSWitness(A + G1.generator(), e, tuple(m))
    spec = ProofSpec([bbs_stmt(s1[1], gens, m)], [], b"pairing")
    with pytest.raises(VerificationError, match=r"statement #0 \(bbs-signature\): BBS signature: pairing check"):
        verify(spec, prove(spec, [forged]))
    # LegoGroth16 proof valid for [0, v] used under the statement [0, v + 1]
    pred_spec = ProofSpec([bbs_stmt(s1[1], gens, m), LegoPredicate(range_key[1], in_range.public_inputs(0, v + 1))],
                          [[(0, 1), (1, 0)]], b"pairing")
    good = BBSWitness.from_signature(good_sig, m)
    bad_proof = prove(pred_spec, [good, lego_witness(range_key, v, 0, v)])
    with pytest.raises(VerificationError, match=r"^pairing check failed: statement #1 \(legogroth16\): LegoGroth16$"):
        verify(pred_spec, bad_proof)          # the BBS equation holds: only the predicate is named
    ok_proof = prove(pred_spec, [good, lego_witness(range_key, v, 0, v + 1)])
    # one batch over three proofs: the failure is named by statement and equation
    batch = PairingBatch()
    verify(pred_spec, ok_proof, batch=batch)
    verify(pred_spec, bad_proof, batch=batch)
    verify(pred_spec, ok_proof, batch=batch)
    assert len(batch) == 6
    assert batch.failing_indexes() == [3]
    with pytest.raises(VerificationError, match=r"pairing check failed: statement #1 \(legogroth16\): LegoGroth16$"):
        batch.check()
    good_batch = PairingBatch()
    verify(pred_spec, ok_proof, batch=good_batch)
    verify(pred_spec, ok_proof, batch=good_batch)
    assert good_batch.check() is None


def test_pairing_batch_weights_stop_cancellation(rng):
    """e(P, Q) * e(-P, Q) = 1: two equations that each fail but whose product is 1 must not pass the batch."""
    P = G1.generator() * Fr(rng.randrange(1, 1 << 64))
    Q = G2.generator()
    b = PairingBatch()
    b.add([(P, Q)], "first")
    b.add([(-P, Q)], "second")
    with pytest.raises(VerificationError, match="pairing check failed: first, second"):
        b.check()
    one = PairingBatch()
    one.add([(P, Q)], "alone")
    with pytest.raises(VerificationError, match="^alone: pairing check failed$"):
        one.check()
    fine = PairingBatch()
    fine.add([(P, Q), (-P, Q)], "balanced")
    fine.add([(P, Q), (P, -Q)], "balanced too")
    assert fine.check() is None and fine.failing() == []


def test_pairing_batch_known_pairing_constants(rng):
    """A KnownPairing constant e(P0, Q0) is its pairing, and a batch that raises it to a sum of weights (it moves it
    into the Miller loop as (s P0, Q0)) accepts exactly what each equation accepts alone: equations
    e(a P0, Q0)^-1... written as gt^a-style pairs; a wrong one among them is named, and a wrong constant (another
    pair's) fails the whole batch."""
    from zkcred.bls12_381 import G2Prepared, pairing
    from zkcred.proofs._pairings import KnownPairing
    P0 = G1.generator() * Fr(rng.randrange(1, 1 << 200))
    Q0 = G2.generator() * Fr(rng.randrange(1, 1 << 200))
    known = KnownPairing(P0, G2Prepared(Q0))
    assert known.value == pairing(P0, Q0)
    with pytest.raises(TypeError):
        KnownPairing(P0, Q0)

    def equation(b, k, ok=True, gt=known):
        # gt * e(-P0, Q0) * e(x G, y H) * e(-(x y) G, H) == 1 for random x, y; wrong: one point off by G
        x, y = rng.randrange(1, 1 << 128), rng.randrange(1, 1 << 128)
        X = G1.generator() * Fr(x) + (G1.identity() if ok else G1.generator())
        b.add([(-P0, Q0), (X, G2.generator() * Fr(y)), (-(G1.generator() * Fr(x * y)), G2.generator())], f"eq{k}",
              gt)

    good = PairingBatch()
    for k in range(6):
        equation(good, k)
    assert good.check() is None
    bad = PairingBatch()
    for k in range(6):
        equation(bad, k, ok=(k != 4))
    assert bad.failing_indexes() == [4]
    with pytest.raises(VerificationError, match="pairing check failed: eq4$"):
        bad.check()
    other = KnownPairing(P0 + G1.generator(), G2Prepared(Q0))
    mixed = PairingBatch()
    for k in range(5):
        equation(mixed, k, gt=other if k == 2 else known)
    assert mixed.failing_indexes() == [2]
    with pytest.raises(VerificationError):
        mixed.check()


def test_a_rejected_proof_leaves_no_equation_in_the_callers_batches(linked):
    """verify(..., linear=L, batch=B) adds a proof's Schnorr and pairing equations to the caller's batches only once
    its challenge holds: a rejected proof must not leave false equations that a later check would blame on the
    good proofs of the batch (review finding)."""
    from zkcred.proofs import LinearBatch
    spec, _wits, proof, _ = linked
    L, B = LinearBatch(), PairingBatch()
    bad = CompositeProof(proof.challenge + Fr(1), proof.proofs)
    with pytest.raises(VerificationError, match="challenge mismatch"):
        verify(spec, bad, linear=L, batch=B)
    assert len(L) == 0 and len(B) == 0
    assert verify(spec, proof, linear=L, batch=B) is None
    assert len(L) == 5 and len(B) == 3          # T1, T2 twice and the opening; two BBS and one LegoGroth16 equation
    L.check()
    B.check()
