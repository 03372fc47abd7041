"""Sub-protocol: knowledge of a BBS signature with some messages hidden (draft-irtf-cfrg-bbs-signatures,
"Proof Generation" / "Proof Verification"), run inside a composite proof.

The draft's ProofInit / ProofFinalize / ProofVerifyInit (``zkcred.bbs._core``) are used unchanged; only the
challenge differs: it is the composite proof's challenge, computed over this proof's (Abar, Bbar, D, T1, T2,
domain) together with every other sub-proof, instead of the draft's ProofChallengeCalculate. The hidden messages
m_j are the witness slots (slot = message index); a hidden message in an equality uses the equality's shared
blinding as its m~_j, so its response m^_j = m~_j + c * m_j is the shared response. This sub-protocol owns the
responses of its equalities: predicate proofs never carry their own.
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from .._record import Record
from ..bbs import _core
from ..bbs import _group as grp
from ..bbs._suite import Ciphersuite
from ..bls12_381 import G1, Fr
from ..errors import DecodeError, VerificationError
from ._linear import MINUS_ONE
from ._model import ProverState, Statement, register

__all__ = ["BBSSignaturePoK", "BBSWitness", "BBSProofPart"]


class BBSWitness(Record):
    """The prover's secret: the signature (A, e) and every message scalar (disclosed ones included)."""
    A: G1
    e: Fr
    messages: tuple[Fr, ...]

    @classmethod
    def from_signature(cls, signature: bytes, messages: Sequence[Fr]) -> "BBSWitness":
        A, e = _core.octets_to_signature(signature)
        return cls(A, e, tuple(messages))

    def __repr__(self) -> str:          # never show secrets
        return f"BBSWitness(<{len(self.messages)} messages>)"


class BBSProofPart(Record):
    """The sub-proof: Abar, Bbar, D and the responses e^, r1^, r3^ and m^_j (by message index) for the hidden
    messages it owns (linked messages owned elsewhere are absent); in the commitment form (``_model``) also the
    draft's commitments T1 and T2 (both or neither)."""
    Abar: G1
    Bbar: G1
    D: G1
    e_hat: Fr
    r1_hat: Fr
    r3_hat: Fr
    m_hat: dict[int, Fr]
    T1: G1 | None = None
    T2: G1 | None = None


class _State(ProverState):
    __slots__ = ("init", "rs", "e", "hidden", "messages")

    def __init__(self, init, rs, e, hidden, messages) -> None:
        self.init, self.rs, self.e, self.hidden, self.messages = init, rs, e, hidden, messages

    def commitment_bytes(self) -> bytes:
        i = self.init
        return i.point_octets + grp.g1_batch_to_bytes_var([i.T1, i.T2]) + i.domain.to_bytes()

    def respond(self, c: Fr, omit: frozenset[int]) -> BBSProofPart:
        p = _core.proof_finalize(self.init, c, self.e, self.rs, [self.messages[j] for j in self.hidden])
        m_hat = {j: r for j, r in zip(self.hidden, p.commitments) if j not in omit}
        self.rs = self.messages = None      # drop the secrets as soon as they are used
        return BBSProofPart(p.Abar, p.Bbar, p.D, p.e_hat, p.r1_hat, p.r3_hat, m_hat, self.init.T1, self.init.T2)


@register
class BBSSignaturePoK(Statement):
    """Knowledge of a BBS signature under ``pk`` on L messages, of which ``disclosed`` (index -> scalar) are
    public. ``generators`` = (Q_1, H_1, ..., H_L) and ``api_id`` as for ``_core.core_verify``."""

    kind = "bbs-signature"
    owns_responses = True

    def __init__(self, pk: bytes, generators: Sequence[G1], header: bytes, api_id: bytes, suite: Ciphersuite,
                 disclosed: Mapping[int, Fr]) -> None:
        self.pk = bytes(pk)
        self.W = _core.octets_to_pubkey(self.pk)
        self.generators = generators if type(generators) is tuple else tuple(generators)   # cached by the suite
        self.L = len(self.generators) - 1
        self.header, self.api_id, self.suite = bytes(header), bytes(api_id), suite
        self.disclosed = dict(sorted(disclosed.items()))
        for i in self.disclosed:
            if not 0 <= i < self.L:
                raise DecodeError(f"disclosed message index {i} is outside 0..{self.L - 1}")
        self.hidden = [j for j in range(self.L) if j not in self.disclosed]

    # per (pk, header, api_id, generators): the generators' digest and calculate_domain's value. Public values
    # that every presentation under one issuer key repeats; the entry holds the generators, compared by identity.
    _derived: dict = {}

    def _key_derived(self) -> tuple:
        key = (self.pk, self.header, self.api_id, self.suite.ciphersuite_id, self.L)
        entry = BBSSignaturePoK._derived.get(key)
        if entry is None or entry[0] is not self.generators:
            octets = self.suite.generator_octets(self.generators, self.api_id)
            domain = _core.calculate_domain(self.pk, self.generators[0], self.generators[1:], self.header,
                                            self.api_id, self.suite, generator_octets=octets)
            if len(BBSSignaturePoK._derived) >= 256:
                BBSSignaturePoK._derived.clear()
            entry = BBSSignaturePoK._derived[key] = (self.generators, hashlib.sha256(octets).digest(), domain)
        return entry

    def slots(self) -> Sequence[int]:
        return self.hidden

    def statement_bytes(self) -> bytes:
        gens = self._key_derived()[1]
        parts = [self.pk, self.L.to_bytes(8, "big"), gens, len(self.api_id).to_bytes(8, "big"), self.api_id,
                 len(self.header).to_bytes(8, "big"), self.header, len(self.disclosed).to_bytes(8, "big")]
        for i, m in self.disclosed.items():
            parts += [i.to_bytes(8, "big"), m.to_bytes()]
        return b"".join(parts)

    def commit_rounds(self, witness: BBSWitness, blindings: Mapping[int, Fr]):
        """ProofInit's two rounds of constant-time sums (``_core.proof_init_rounds``)."""
        if len(witness.messages) != self.L:
            raise DecodeError(f"the witness has {len(witness.messages)} messages, the statement {self.L}")
        for i, m in self.disclosed.items():
            if witness.messages[i] != m:
                raise DecodeError(f"disclosed message {i} differs from the signed one")
        rs = list(_core.calculate_random_scalars(5))
        rs += [blindings[j] if j in blindings else _core.calculate_random_scalars(1)[0] for j in self.hidden]
        init = yield from _core.proof_init_rounds(self.pk, witness.A, witness.e, self.generators, rs, self.header,
                                                  list(witness.messages), self.hidden, self.api_id, self.suite)
        return _State(init, rs, witness.e, self.hidden, list(witness.messages))

    def responses(self, proof: BBSProofPart) -> Mapping[int, Fr]:
        if type(proof) is not BBSProofPart:
            raise VerificationError(f"a BBS sub-proof is expected, not a {type(proof).__name__}")
        return proof.m_hat

    def recompute(self, proof: BBSProofPart, c: Fr, responses: Mapping[int, Fr]) -> bytes:
        if set(responses) != set(self.hidden):
            raise VerificationError("BBS sub-proof: responses do not match the hidden messages")
        for name in ("Abar", "Bbar"):
            if getattr(proof, name).is_identity():
                raise VerificationError(f"BBS sub-proof: {name} is the identity point")
        p = _core.Proof(proof.Abar, proof.Bbar, proof.D, proof.e_hat, proof.r1_hat, proof.r3_hat,
                        tuple(responses[j] for j in self.hidden), c, None)
        init = _core.proof_verify_init(self.pk, p, self.generators, self.header, list(self.disclosed.values()),
                                       list(self.disclosed), self.api_id, self.suite, domain=self._key_derived()[2])
        t_octets = init.t_octets
        if t_octets is None:    # proof_verify_init always encodes (T1, T2)
            t_octets = grp.g1_batch_to_bytes_var([init.T1, init.T2])
        return grp.g1_batch_to_bytes_var([proof.Abar, proof.Bbar, proof.D]) + t_octets + init.domain.to_bytes()

    def carried_commitments(self, proof: BBSProofPart) -> bytes | None:
        if type(proof) is not BBSProofPart:
            raise VerificationError(f"a BBS sub-proof is expected, not a {type(proof).__name__}")
        if proof.T1 is None and proof.T2 is None:
            return None
        if proof.T1 is None or proof.T2 is None:
            raise VerificationError("BBS sub-proof: it carries one of the commitments T1, T2 without the other")
        # the prover's commitment_bytes: (Abar, Bbar, D) || (T1, T2) compressed, || domain
        return grp.g1_batch_to_bytes_var([proof.Abar, proof.Bbar, proof.D, proof.T1, proof.T2]) + \
            self._key_derived()[2].to_bytes()

    def linear_equations(self, proof: BBSProofPart, c: Fr, responses: Mapping[int, Fr]) -> list[tuple]:
        """ProofVerifyInit's two sums with the carried T1, T2 moved to the left:
        c Bbar + e^ Abar + r1^ D - T1 = 0 and c P1 + c domain Q_1 + sum_disclosed c m_i H_i + sum_hidden m^_j H_j
        + r3^ D - T2 = 0 (the generators from the suite's fixed-base table when it has one)."""
        if set(responses) != set(self.hidden):
            raise VerificationError("BBS sub-proof: responses do not match the hidden messages")
        for name in ("Abar", "Bbar"):
            if getattr(proof, name).is_identity():
                raise VerificationError(f"BBS sub-proof: {name} is the identity point")
        # octets_to_proof's rules (no identity point, no zero scalar) whoever built the object, as recompute
        _core.check_proof(_core.Proof(proof.Abar, proof.Bbar, proof.D, proof.e_hat, proof.r1_hat, proof.r3_hat,
                                      tuple(responses[j] for j in self.hidden), c, None))
        domain = self._key_derived()[2]
        eq1 = ("T1", [proof.Bbar, proof.Abar, proof.D, proof.T1], [c, proof.e_hat, proof.r1_hat, MINUS_ONE],
               None, None)
        fixed = _core.t2_generator_scalars(c, domain, self.L, self.disclosed.items(),
                                           ((j, responses[j]) for j in self.hidden))
        table = self.suite.generator_table(self.generators, self.api_id)
        if table is not None:
            return [eq1, ("T2", [proof.D, proof.T2], [proof.r3_hat, MINUS_ONE], table, fixed)]
        bases = [self.suite.P1, *self.generators]
        return [eq1, ("T2", [*bases, proof.D, proof.T2], [*fixed, proof.r3_hat, MINUS_ONE], None, None)]

    # per public key: W's Miller-loop lines (G2Prepared), for every presentation under that key. Bounded.
    _lines: dict = {}

    def _w_lines(self):
        lines = BBSSignaturePoK._lines.get(self.pk)
        if lines is None:
            from ..bls12_381 import G2Prepared
            if len(BBSSignaturePoK._lines) >= 256:
                BBSSignaturePoK._lines.clear()
            lines = BBSSignaturePoK._lines[self.pk] = G2Prepared(self.W)
        return lines

    def pairing_equations(self, proof: BBSProofPart) -> list[tuple[str, list]]:
        """e(Abar, W) e(Bbar, -BP2) == 1, W and -BP2 as their prepared lines (``PairingBatch``)."""
        return [("BBS signature", [(proof.Abar, self._w_lines()), (proof.Bbar, grp.bp2_neg_prepared())])]
