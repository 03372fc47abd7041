"""Sub-protocol: membership in a positive VB accumulator (``zkcred.registry.accumulator``), with the
pairing-free prover of Karantaidou–Baldimtsi 2021 ("Efficient Constructions of Pairing Based Accumulators", CSF
2021, the proof of knowledge of a weak-BB signature in the style of Camenisch et al.; docknetwork's
``vb_accumulator/src/proofs_cdh.rs``), linked to a signed value.

Statement: the accumulator value V (the registry state's) and the public key Q~ = alpha P~. Witness: the element
y and its witness C with (y + alpha) C = V.

Prover: random r != 0; C' = r C and Cbar = r V - y C' (= r (y + alpha) C - y r C = alpha C'); a Schnorr proof of
knowledge of (y, r) with Cbar = y (-C') + r V: T = b_y (-C') + b_r V, responses s = b + c * witness (the
convention of ``bbs_pok`` and ``pedersen``). Slot 0 is y and MUST be linked (``must_link``) to the value another
statement owns (the credential's hidden ``rev_handle``): its response is the signature proof's, filled in by the
verifier; slot 1 is r (the sub-proof carries its response; never linked). The sub-proof is (C', Cbar, s_r): two
points and one scalar.

Verifier: C' is not the identity (otherwise r = 0 and Cbar = 0 would hold for every y); T = s_y (-C') + s_r V -
c Cbar, bound through the composite transcript; and ONE pairing equation e(Cbar, -P~) e(C', Q~) == 1, i.e.
Cbar = alpha C', which joins the presentation's multi-pairing (-P~ is the object the BBS equation uses, so the
batch sums both G1 sides into one pair). Knowledge of (y, r) with r V = (y + alpha) C' and C' != 0 gives the
witness C'/r for y: membership of the signed value. C' is uniform in G1 and Cbar is determined by it, so the proof
reveals nothing about y or C.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from .._record import Record
from ..bbs import _group as grp
from ..bls12_381 import G1, Fr
from ..errors import DecodeError, VerificationError
from ..registry.accumulator import AccumulatorPublic, Witness
from ._linear import MINUS_ONE
from ._model import ProverState, Statement, register
from .pedersen import schnorr_blindings, schnorr_recompute, schnorr_respond

__all__ = ["AccumulatorMembership", "MembershipProofPart"]

SLOT_Y, SLOT_R = 0, 1


class MembershipProofPart(Record):
    """The sub-proof: C' (randomized witness), Cbar (= alpha C'), and the responses it owns, by slot (only r's)."""

    C_prime: G1
    C_bar: G1
    responses: dict
    T: G1 | None = None

    def to_bytes(self, compressed: bool = True) -> bytes:
        """C' || Cbar || s_r: 128 bytes (compressed points) or 224 (uncompressed, decoded without a square
        root): the challenge form (a carried commitment T is not included). Public data: one batched inversion."""
        return G1.batch_to_bytes_var([self.C_prime, self.C_bar], compressed) + self.responses[SLOT_R].to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> "MembershipProofPart":
        """Decode 128 or 224 bytes strictly (points fully validated); DecodeError naming the field."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"MembershipProofPart.from_bytes takes bytes, not {type(data).__name__}")
        data = bytes(data)
        if len(data) not in (128, 224):
            raise DecodeError(f"MembershipProofPart: wrong length: expected 128 or 224 bytes, got {len(data)}")
        size = (len(data) - 32) // 2
        pts = []
        for name, chunk in (("C_prime", data[:size]), ("C_bar", data[size:2 * size])):
            try:
                pts.append(G1.from_bytes(chunk))
            except DecodeError as e:
                raise DecodeError(f"MembershipProofPart.{name}: {e}") from None
        try:
            s_r = Fr.from_bytes(data[2 * size:])
        except DecodeError as e:
            raise DecodeError(f"MembershipProofPart.s_r: {e}") from None
        return cls(pts[0], pts[1], {SLOT_R: s_r})


class _State(ProverState):
    __slots__ = ("C_prime", "C_bar", "T", "blindings", "witness")

    def __init__(self, C_prime, C_bar, T, blindings, witness) -> None:
        self.C_prime, self.C_bar, self.T, self.blindings, self.witness = C_prime, C_bar, T, blindings, witness

    def commitment_bytes(self) -> bytes:
        # C' and Cbar are published; T is bound; constant-time encodings all the same (prover side), one batch
        return G1.batch_to_bytes([self.C_prime, self.C_bar, self.T])

    def respond(self, c: Fr, omit: frozenset[int]) -> MembershipProofPart:
        s = schnorr_respond(self.blindings, self.witness, c)
        self.blindings = self.witness = None
        return MembershipProofPart(self.C_prime, self.C_bar, {j: r for j, r in enumerate(s) if j not in omit},
                                   self.T)


def _check_structure(proof: MembershipProofPart, responses: Mapping[int, Fr]) -> None:
    """The checks both verifier forms make first: a response for each slot, and C' not the identity (otherwise
    r = 0 and Cbar = 0 would hold for every y)."""
    if set(responses) != {SLOT_Y, SLOT_R}:
        raise VerificationError("accumulator sub-proof: responses do not match the slots (y, r)")
    if proof.C_prime.is_identity():
        raise VerificationError("accumulator sub-proof: C' is the identity point")


@register
class AccumulatorMembership(Statement):
    """Membership of a linked value in the accumulator with value ``value`` under ``public`` (module docstring)."""

    kind = "vb-accumulator-membership"
    owns_responses = False

    def __init__(self, public: AccumulatorPublic, value: G1) -> None:
        if type(public) is not AccumulatorPublic or type(value) is not G1:
            raise TypeError("AccumulatorMembership(public: AccumulatorPublic, value: G1)")
        if value.is_identity():
            raise DecodeError("AccumulatorMembership: the accumulator value is the identity")
        self.public = public
        self.value = value
        self._bytes: bytes | None = None

    def slots(self) -> Sequence[int]:
        return (SLOT_Y, SLOT_R)

    def must_link(self) -> Sequence[int]:
        return (SLOT_Y,)

    # Q~ || V compressed, per (public key, value) objects: every presentation against one registry state repeats
    # them (a verifier keeps the state's objects), and encoding V and Q~ costs two inversions. The entry holds
    # both objects, so an id is never confused with a later object's. Bounded.
    _encoded: dict = {}

    def statement_bytes(self) -> bytes:
        if self._bytes is None:
            key = (id(self.public), id(self.value))
            entry = AccumulatorMembership._encoded.get(key)
            if entry is None or entry[0] is not self.public or entry[1] is not self.value:
                if len(AccumulatorMembership._encoded) >= 256:
                    AccumulatorMembership._encoded.clear()
                entry = AccumulatorMembership._encoded[key] = (self.public, self.value,
                                                               self.public.Q.to_bytes() + self.value.to_bytes())
            self._bytes = entry[2]
        return self._bytes

    def commit_rounds(self, witness: Witness, blindings: Mapping[int, Fr]):
        if type(witness) is not Witness:
            raise TypeError(f"the witness must be a registry Witness, not {type(witness).__name__}")
        if witness.value != self.value:
            raise DecodeError("the accumulator witness is for another accumulator value (update it first)")
        while True:
            r = Fr.random()
            if not r.is_zero():
                break
        b = schnorr_blindings(2, blindings)          # slots SLOT_Y = 0, SLOT_R = 1
        # C' = r C, Cbar = r V - y C' = r V - (y r) C and T = b_y (-C') + b_r V = b_r V - (b_y r) C: three
        # constant-time sums over the two bases (C, V), in one round (C, r, y, b are secret)
        y, V = witness.y, self.value
        yr, byr = y * r, b[0] * r
        C_prime, C_bar, T = yield [([witness.C], [r]), ([V, witness.C], [r, -yr]), ([V, witness.C], [b[1], -byr])]
        return _State(C_prime, C_bar, T, b, [y, r])

    def responses(self, proof: MembershipProofPart) -> Mapping[int, Fr]:
        if type(proof) is not MembershipProofPart:
            raise VerificationError(f"accumulator sub-proof: a {type(proof).__name__} is not a MembershipProofPart")
        return proof.responses

    def recompute(self, proof: MembershipProofPart, c: Fr, responses: Mapping[int, Fr]) -> bytes:
        _check_structure(proof, responses)
        T = schnorr_recompute([-proof.C_prime, self.value], proof.C_bar,
                              [responses[SLOT_Y], responses[SLOT_R]], c)
        return grp.g1_batch_to_bytes_var([proof.C_prime, proof.C_bar, T])

    def carried_commitments(self, proof: MembershipProofPart) -> bytes | None:
        if type(proof) is not MembershipProofPart:
            raise VerificationError(f"accumulator sub-proof: a {type(proof).__name__} is not a MembershipProofPart")
        return None if proof.T is None else grp.g1_batch_to_bytes_var([proof.C_prime, proof.C_bar, proof.T])

    def linear_equations(self, proof: MembershipProofPart, c: Fr, responses: Mapping[int, Fr]) -> list[tuple]:
        """s_y (-C') + s_r V - c Cbar - T = 0."""
        _check_structure(proof, responses)
        return [("membership", [proof.C_prime, self.value, proof.C_bar, proof.T],
                 [-responses[SLOT_Y], responses[SLOT_R], -c, MINUS_ONE], None, None)]

    def pairing_equations(self, proof: MembershipProofPart) -> list[tuple]:
        """e(Cbar, -P~) e(C', Q~) == 1, i.e. Cbar = alpha C'."""
        if proof.C_prime.is_identity():
            raise VerificationError("accumulator sub-proof: C' is the identity point")
        return [("accumulator membership",
                 [(proof.C_bar, grp.bp2_neg_prepared()), (proof.C_prime, self._q_lines())])]

    # per accumulator public key: Q~'s prepared Miller-loop lines; the entry holds the key. Bounded.
    _lines: dict = {}

    def _q_lines(self):
        entry = AccumulatorMembership._lines.get(id(self.public))
        if entry is None or entry[0] is not self.public:
            from ..bls12_381 import G2Prepared
            if len(AccumulatorMembership._lines) >= 256:
                AccumulatorMembership._lines.clear()
            entry = AccumulatorMembership._lines[id(self.public)] = (self.public, G2Prepared(self.public.Q))
        return entry[1]
