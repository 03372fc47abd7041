"""Sub-protocol: a LegoGroth16 proof (LegoSNARK, Campanelli–Fiore–Querol 2019; docknetwork's legogroth16) whose
commitment D opens to the circuit's committed wires, linked to values other statements own.

Statement: a LegoGroth16 verifying key and the circuit's public inputs. Witness: a proof (A, B, C, D) and its
opening (the committed wire values w_k and the blinding v) with D = sum_k w_k * commit_base_k + v * (eta/gamma)G1.
The sub-proof is (A, B, C, D) and a Schnorr proof of knowledge of that opening (``pedersen``); the slots are the
committed wires 0..n-1 (and slot n, the blinding v, which is never linked). Every committed wire must be linked
(``must_link``): its response is the signature proof's response for the signed value, filled in by the verifier,
so the circuit's committed input is provably the signed attribute. The pairing equation
e(A, B) = e(alpha, beta) e(PI + D, gamma) e(C, delta) joins the presentation's single multi-pairing.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from .._record import Record
from ..bbs import _group as grp
from ..bls12_381 import G1, Fr
from ..errors import DecodeError, VerificationError
from ._linear import MINUS_ONE
from ._model import ProverState, Statement, register
from .pedersen import schnorr_blindings, schnorr_respond

TYPE_CHECKING = False   # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:  # pragma: no cover
    from ..groth16.lego import LegoProof, LegoProvingKey, Opening

__all__ = ["LegoPredicate", "LegoWitness", "LegoProofPart"]


class LegoWitness(Record):
    """The prover's secret: a LegoGroth16 proof and its opening (``zkcred.groth16.lego.Opening``). With
    ``rerandomize`` (the proof's ``LegoProvingKey``), the sub-proof re-randomises the proof first
    (``lego.rerandomize``), its products in the composite prover's rounds of constant-time sums."""
    proof: LegoProof
    opening: Opening
    rerandomize: LegoProvingKey | None = None

    def __repr__(self) -> str:
        return "LegoWitness(<secret>)"


class LegoProofPart(Record):
    """The sub-proof: the LegoGroth16 proof and the Schnorr responses it owns, by slot (only the blinding's); in
    the commitment form (``_model``) also the Schnorr proof's commitment T."""
    proof: LegoProof
    responses: dict[int, Fr]
    T: G1 | None = None


def _proof_bytes(p, T) -> bytes:
    """A || B || C || D || T, compressed (prover side: constant-time encoding, one inversion for the G1 points)."""
    g1 = grp.g1_batch_to_bytes([p.a, p.c, p.d, T])
    return g1[:48] + p.b.to_bytes() + g1[48:]


def _proof_bytes_var(p, T) -> bytes:
    """The same bytes from public data, with one batched inversion for the G1 points (verifier side)."""
    g1 = grp.g1_batch_to_bytes_var([p.a, p.c, p.d, T])
    return g1[:48] + p.b.to_bytes() + g1[48:]


class _KeyCache:
    """What verification derives from a verifying key, computed once per key object: its digest, e(alpha, beta),
    PI = IC_0 + sum x_j IC_j per public-input vector (requests repeat them) and the fixed-base table of the
    commitment's bases (the Schnorr proof's T is recomputed from it; the bases are public). Bounded; the entry
    holds the key, so an id is never confused with a later object's."""

    __slots__ = ("vk", "digest", "alpha_beta", "pi", "_table", "_lines")

    _all: dict = {}

    def __init__(self, vk) -> None:
        from ..groth16 import lego
        from ..bls12_381 import G2Prepared
        from ._pairings import KnownPairing
        self.vk, self.digest = vk, vk.digest()
        # e(alpha, beta) with its pair: a batch moves it into the Miller loop instead of raising it to a power
        self.alpha_beta = KnownPairing(vk.alpha1, G2Prepared(vk.beta2))
        self.pi: dict = {}
        self._table = None
        self._lines = None

    def bases_table(self):
        """The fixed-base table of (commit_base_0, ..., commit_base_{n-1}, eta_gamma1), built on first use."""
        if self._table is None:
            self._table = grp.g1_fixed_table([*self.vk.commit_bases, self.vk.eta_gamma1])
        return self._table

    def lines(self):
        """The prepared Miller-loop lines of (gamma2, delta2), made on first use."""
        if self._lines is None:
            from ..bls12_381 import G2Prepared
            self._lines = (G2Prepared(self.vk.gamma2), G2Prepared(self.vk.delta2))
        return self._lines

    @classmethod
    def of(cls, vk) -> "_KeyCache":
        entry = cls._all.get(id(vk))
        if entry is None or entry.vk is not vk:
            if len(cls._all) >= 256:
                cls._all.clear()
            entry = cls._all[id(vk)] = cls(vk)
        return entry

    def public_point(self, public: tuple[int, ...]):
        """PI for these public inputs (checked as lego.verify checks them)."""
        P = self.pi.get(public)
        if P is None:
            from ..groth16 import core
            P = core._cpub(self.vk, core._check_public(self.vk, public))
            if len(self.pi) >= 1024:
                self.pi.clear()
            self.pi[public] = P
        return P


class _State(ProverState):
    __slots__ = ("proof", "T", "blindings", "witness")

    def __init__(self, proof, T, blindings, witness) -> None:
        self.proof, self.T, self.blindings, self.witness = proof, T, blindings, witness

    def commitment_bytes(self) -> bytes:
        return _proof_bytes(self.proof, self.T)

    def respond(self, c: Fr, omit: frozenset[int]) -> LegoProofPart:
        s = schnorr_respond(self.blindings, self.witness, c)
        self.blindings = self.witness = None
        return LegoProofPart(self.proof, {j: r for j, r in enumerate(s) if j not in omit}, self.T)


@register
class LegoPredicate(Statement):
    """A LegoGroth16 proof under ``vk`` for ``public`` inputs, its committed wires linked elsewhere."""

    kind = "legogroth16"
    owns_responses = False

    def __init__(self, vk, public: Sequence[int]) -> None:
        self.vk = vk
        self.public = [int(x) for x in public]
        if len(self.public) != vk.n_public:
            # checked before anything is proved: a key with more public inputs than the statement names would
            # make the prover publish a secret wire (a committed value read as a public input)
            raise DecodeError(f"LegoGroth16 statement: {len(self.public)} public inputs, the key expects "
                              f"{vk.n_public}")
        self.n = len(vk.commit_bases)
        self.bases = [*vk.commit_bases, vk.eta_gamma1]

    def slots(self) -> Sequence[int]:
        return range(self.n + 1)

    def must_link(self) -> Sequence[int]:
        return range(self.n)

    def statement_bytes(self) -> bytes:
        return _KeyCache.of(self.vk).digest + len(self.public).to_bytes(8, "big") + b"".join(
            x.to_bytes(32, "big") for x in self.public)

    def commit_rounds(self, witness: LegoWitness, blindings: Mapping[int, Fr]):
        """Round 1: the Schnorr commitment T; round 2 (with ``witness.rerandomize``): the re-randomisation."""
        values = list(witness.opening.values)
        if len(values) != self.n:
            raise DecodeError(f"the opening has {len(values)} committed values, the key {self.n}")
        b = schnorr_blindings(len(self.bases), blindings)
        (T,) = yield [(list(self.bases), b)]
        proof, opening = witness.proof, witness.opening
        if witness.rerandomize is not None:
            from ..groth16 import lego
            proof, opening = yield from lego.rerandomize_rounds(witness.rerandomize, proof, opening)
        return _State(proof, T, b, [*values, opening.v])

    def responses(self, proof: LegoProofPart) -> Mapping[int, Fr]:
        if type(proof) is not LegoProofPart:
            raise VerificationError(f"a LegoGroth16 sub-proof is expected, not a {type(proof).__name__}")
        return proof.responses

    def _checked(self, proof: LegoProofPart, responses: Mapping[int, Fr]):
        """The checks both verifier forms make first; returns the LegoGroth16 proof."""
        if set(responses) != set(range(self.n + 1)):
            raise VerificationError("LegoGroth16 sub-proof: responses do not match the committed wires")
        p = proof.proof
        if p.a.is_identity() or p.b.is_identity():
            raise VerificationError("LegoGroth16 sub-proof: A or B is the identity point")
        return p

    def recompute(self, proof: LegoProofPart, c: Fr, responses: Mapping[int, Fr]) -> bytes:
        p = self._checked(proof, responses)
        # T = sum_j s_j * base_j - c * D (pedersen.schnorr_recompute), the bases read from the key's fixed table
        T = grp.g1_msm_fixed(_KeyCache.of(self.vk).bases_table(), [responses[j] for j in range(self.n + 1)],
                             [p.d], [-c])
        return _proof_bytes_var(p, T)

    def carried_commitments(self, proof: LegoProofPart) -> bytes | None:
        if type(proof) is not LegoProofPart:
            raise VerificationError(f"a LegoGroth16 sub-proof is expected, not a {type(proof).__name__}")
        return None if proof.T is None else _proof_bytes_var(proof.proof, proof.T)

    def linear_equations(self, proof: LegoProofPart, c: Fr, responses: Mapping[int, Fr]) -> list[tuple]:
        """sum_j s_j base_j - c D - T = 0 (``pedersen``'s equation), the bases from the key's fixed table."""
        p = self._checked(proof, responses)
        return [("opening of D", [p.d, proof.T], [-c, MINUS_ONE], _KeyCache.of(self.vk).bases_table(),
                 [responses[j] for j in range(self.n + 1)])]

    def pairing_equations(self, proof: LegoProofPart) -> list[tuple]:
        """e(A, B)^-1 e(PI + D, gamma) e(C, delta) e(alpha, beta) == 1 (lego.pairing_terms' equation), with
        e(alpha, beta), PI and the lines of gamma and delta (``G2Prepared``) cached per key."""
        p, vk = proof.proof, self.vk
        kc = _KeyCache.of(vk)
        if p.a.is_identity() or p.b.is_identity():
            raise VerificationError("LegoGroth16 proof: A or B is the point at infinity")
        gamma2, delta2 = kc.lines()
        return [("LegoGroth16", [(-p.a, p.b), (kc.public_point(tuple(self.public)) + p.d, gamma2),
                                 (p.c, delta2)], kc.alpha_beta)]
