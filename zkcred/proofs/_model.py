"""The composite proof model: statements, witnesses, equalities, and the three-phase Fiat–Shamir protocol.

A ``Statement`` is one relation with public data (knowledge of a BBS signature with some messages hidden, a
LegoGroth16 proof whose commitment opens to committed wires, ...). Its secret ``witness`` exposes numbered
*slots*: the scalars a Schnorr-style sub-protocol answers for (a hidden BBS message, a committed wire).
An *equality* is a set of (statement index, slot) pairs that must hold the same value.

Protocol (one Fiat–Shamir transcript, three phases, as docknetwork's composite proofs):
1. commit: every sub-protocol commits; all members of one equality use ONE shared random blinding (the
   sub-protocols' constant-time sums run together, round by round: ``Statement.commit_rounds``);
2. challenge: c = H(context, every statement's public data and commitments, the equalities);
3. respond: every sub-protocol answers s = blinding + c * witness for each slot.
All members of an equality therefore have the same response, which is the proof that they are equal. Each
equality has one *owner*: its member in the lowest-numbered statement, whose sub-protocol must be allowed to own
responses (``Statement.owns_responses``; a signature proof is, a predicate proof is not). Only the owner's
sub-proof carries the response; the others carry nothing for that slot, and the verifier fills the owner's
response in. So a predicate's committed value is always answered for by the signature's proof: a predicate proof
cannot speak about a value other than the signed one (the bug of hyperledger/anoncreds-v2-rs#42 cannot be
written). Slots a statement lists in ``must_link()`` (a predicate's committed wires) must belong to an equality.

Two forms of sub-proof. In the challenge form (the BBS draft's) a sub-proof carries responses only and the
verifier recomputes its commitments from them and c (``recompute``) to rebuild the transcript. In the commitment
form a sub-proof also carries its commitments T: the verifier hashes those (``carried_commitments``), checks the
challenge, and then checks the linear equations T = f(responses, c) (``linear_equations``), which go into one
``LinearBatch``: one MSM per proof, or per batch of proofs when the caller passes its own batch (many proofs then
share the MSM; in the challenge form every proof pays its own). The provers here always make the commitment form;
both verify, and soundness is the same (the transcript binds T either way).

Every pairing equation of every sub-protocol goes into one ``PairingBatch``: one multi-pairing per proof, or per
batch of proofs when the caller passes its own batch.
"""
from __future__ import annotations

from collections.abc import Generator, Mapping, Sequence
from typing import Any, ClassVar

from ..bbs._group import run_ct_rounds, run_ct_rounds_alone
from ..bls12_381 import Fr
from ..errors import DecodeError, VerificationError
from ._linear import LinearBatch
from ._pairings import PairingBatch
from ._transcript import Transcript

__all__ = ["Statement", "ProverState", "ProofSpec", "CompositeProof", "prove", "verify", "register", "REGISTRY"]

PROTOCOL = b"zkcred/composite-proof/v1"

REGISTRY: dict[str, type["Statement"]] = {}


def register(cls: type["Statement"]) -> type["Statement"]:
    """Class decorator: make a sub-protocol findable by its ``kind`` (for decoding proofs)."""
    if cls.kind in REGISTRY and REGISTRY[cls.kind] is not cls:
        raise ValueError(f"statement kind {cls.kind!r} registered twice")
    REGISTRY[cls.kind] = cls
    return cls


class ProverState:
    """What a sub-protocol keeps between commit and respond (secret: blindings and witness)."""

    def commitment_bytes(self) -> bytes:   # pragma: no cover - interface
        raise NotImplementedError

    def respond(self, c: Fr, omit: frozenset[int]) -> Any:   # pragma: no cover - interface
        """The sub-proof for challenge c, without responses for the slots in ``omit`` (owned elsewhere)."""
        raise NotImplementedError


class Statement:
    """One relation (module docstring). Subclasses implement the sub-protocol; instances hold public data."""

    kind: ClassVar[str] = ""
    owns_responses: ClassVar[bool] = False

    def slots(self) -> Sequence[int]:   # pragma: no cover - interface
        """The witness slots that can be linked by equalities."""
        raise NotImplementedError

    def must_link(self) -> Sequence[int]:
        """Slots that must be members of an equality owned by another statement."""
        return ()

    def statement_bytes(self) -> bytes:   # pragma: no cover - interface
        """The public statement, as bound into the transcript."""
        raise NotImplementedError

    def commit(self, witness: Any, blindings: Mapping[int, Fr]) -> ProverState:
        """Phase 1 (prover): commit with the given shared blindings for linked slots (fresh ones for the rest).
        A sub-protocol implements this or ``commit_rounds``; by default this runs ``commit_rounds`` alone."""
        if type(self).commit_rounds is Statement.commit_rounds:   # pragma: no cover - interface
            raise NotImplementedError(f"{type(self).__name__} implements neither commit nor commit_rounds")
        return run_ct_rounds_alone(self.commit_rounds(witness, blindings))

    def commit_rounds(self, witness: Any, blindings: Mapping[int, Fr]) -> Generator[list, list, ProverState]:
        """``commit`` as rounds of constant-time sums (``zkcred.bbs._group.run_ct_rounds``): a generator that
        yields each round's (points, scalars) sums, receives their values and returns the ProverState.
        ``prove`` runs the rounds of all statements together, so that their sums share the passes of the
        constant-time lane kernel. By default: ``commit`` in no round."""
        return self.commit(witness, blindings)
        yield   # pragma: no cover - makes this a generator

    def responses(self, proof: Any) -> Mapping[int, Fr]:   # pragma: no cover - interface
        """The responses the sub-proof carries, by slot."""
        raise NotImplementedError

    def recompute(self, proof: Any, c: Fr, responses: Mapping[int, Fr]) -> bytes:   # pragma: no cover
        """Phase 1 (verifier, challenge form): the commitments implied by the sub-proof, c and the full responses
        (own and filled in); raises VerificationError on a structurally invalid sub-proof."""
        raise NotImplementedError

    def carried_commitments(self, proof: Any) -> bytes | None:
        """Commitment form: the transcript bytes of the commitments the sub-proof carries (the same bytes the
        prover's ``commitment_bytes`` appended), or None when it carries none (then ``recompute`` is used)."""
        return None

    def linear_equations(self, proof: Any, c: Fr, responses: Mapping[int, Fr]) -> list[tuple]:
        """Commitment form: the equations that tie the carried commitments to c and the full responses, as
        (label, points, scalars, table, fixed) for ``LinearBatch.add``; raises VerificationError on a
        structurally invalid sub-proof (the checks ``recompute`` makes)."""
        raise NotImplementedError   # pragma: no cover - only for statements whose carried_commitments is not None

    def pairing_equations(self, proof: Any) -> list[tuple]:
        """The sub-proof's pairing equations as (label, [(G1, G2), ...]) or (label, pairs, gt): gt * the pairs'
        product must be 1 (gt: a precomputed constant of GT)."""
        return []


class ProofSpec:
    """Statements, equalities between their witness slots, and the context (request, nonce, key digests) that the
    challenge binds. Validates the equalities on construction (DecodeError naming the problem)."""

    __slots__ = ("statements", "equalities", "context", "owner", "omit")

    def __init__(self, statements: Sequence[Statement], equalities: Sequence[Sequence[tuple[int, int]]],
                 context: bytes) -> None:
        self.statements = list(statements)
        self.context = bytes(context)
        seen: dict[tuple[int, int], int] = {}
        classes = []
        for k, eq in enumerate(equalities):
            members = sorted({(int(s), int(j)) for s, j in eq})
            if len(members) < 2:
                raise DecodeError(f"equality #{k} needs at least two distinct members")
            for s, j in members:
                if not 0 <= s < len(self.statements):
                    raise DecodeError(f"equality #{k}: no statement #{s}")
                if j not in self.statements[s].slots():
                    raise DecodeError(f"equality #{k}: statement #{s} has no witness slot {j}")
                if (s, j) in seen:
                    raise DecodeError(f"equality #{k}: ({s}, {j}) is already in equality #{seen[(s, j)]}")
                seen[(s, j)] = k
            if not self.statements[members[0][0]].owns_responses:
                raise DecodeError(f"equality #{k}: its first member (statement #{members[0][0]}, "
                                  f"{self.statements[members[0][0]].kind}) cannot own a shared response")
            classes.append(members)
        self.equalities = classes
        # owner of each linked (statement, slot); omit: per statement, the slots answered elsewhere
        self.owner: dict[tuple[int, int], tuple[int, int]] = {}
        self.omit: list[set[int]] = [set() for _ in self.statements]
        for members in classes:
            for m in members:
                self.owner[m] = members[0]
            for s, j in members[1:]:
                self.omit[s].add(j)
        for s, st in enumerate(self.statements):
            for j in st.must_link():
                if j not in self.omit[s]:
                    raise DecodeError(f"statement #{s} ({st.kind}): slot {j} must be linked to a value another "
                                      "statement owns (a predicate must speak about a signed value)")

    def _transcript(self) -> Transcript:
        t = Transcript(PROTOCOL)
        t.append(b"context", self.context)
        eq = b"".join(len(m).to_bytes(4, "big") + b"".join(s.to_bytes(4, "big") + j.to_bytes(4, "big")
                                                            for s, j in m) for m in self.equalities)
        t.append(b"equalities", eq)
        for s, st in enumerate(self.statements):
            t.append(b"statement", s.to_bytes(4, "big") + st.kind.encode())
            t.append(b"public", st.statement_bytes())
        return t


class CompositeProof:
    """The challenge and one sub-proof per statement (in statement order)."""

    __slots__ = ("challenge", "proofs")

    def __init__(self, challenge: Fr, proofs: Sequence[Any]) -> None:
        self.challenge = challenge
        self.proofs = list(proofs)


def _commit_rounds(st: Statement, witness: Any, blindings: Mapping[int, Fr]) -> Generator[list, list, ProverState]:
    """``st.commit_rounds``, or ``st.commit`` in no round when the most derived of the two is ``commit`` (a
    subclass that overrides ``commit`` of a sub-protocol written in rounds is obeyed)."""
    for cls in type(st).__mro__:
        if "commit_rounds" in cls.__dict__:
            return st.commit_rounds(witness, blindings)
        if "commit" in cls.__dict__:
            return Statement.commit_rounds(st, witness, blindings)
    raise AssertionError("unreachable: Statement defines both")   # pragma: no cover


def prove(spec: ProofSpec, witnesses: Sequence[Any]) -> CompositeProof:
    """Prove every statement of ``spec`` with ``witnesses`` (same order), linked by its equalities."""
    if len(witnesses) != len(spec.statements):
        raise ValueError(f"{len(spec.statements)} statements but {len(witnesses)} witnesses")
    shared = [Fr.random() for _ in spec.equalities]
    blind_of = {m: shared[k] for k, members in enumerate(spec.equalities) for m in members}
    t = spec._transcript()
    states = run_ct_rounds([_commit_rounds(st, w, {j: b for (s2, j), b in blind_of.items() if s2 == s})
                            for s, (st, w) in enumerate(zip(spec.statements, witnesses))])
    for state in states:
        t.append(b"commitment", state.commitment_bytes())
    c = t.challenge()
    return CompositeProof(c, [state.respond(c, frozenset(spec.omit[s])) for s, state in enumerate(states)])


def verify(spec: ProofSpec, proof: CompositeProof, *, batch: PairingBatch | None = None,
           linear: LinearBatch | None = None) -> None:
    """Verify ``proof`` against ``spec``: None, or VerificationError naming what failed.

    With ``batch``, the pairing equations are added to it and the caller must call ``batch.check()``;
    otherwise they are checked here with one multi-pairing. Likewise ``linear`` for the Schnorr equations of the
    sub-proofs in commitment form (module docstring): a caller that passes one must call ``linear.check()``."""
    if len(proof.proofs) != len(spec.statements):
        raise VerificationError(f"expected {len(spec.statements)} sub-proofs, got {len(proof.proofs)}")
    carried = []
    for s, (st, p) in enumerate(zip(spec.statements, proof.proofs)):
        r = dict(st.responses(p))
        extra = set(r) & spec.omit[s]
        if extra:      # a linked response must come from its owner, never from this sub-proof
            raise VerificationError(f"statement #{s} ({st.kind}) carries its own response for linked slot(s) "
                                    f"{sorted(extra)}")
        carried.append(r)
    t = spec._transcript()
    c = proof.challenge
    lin = LinearBatch()       # joins the caller's batch only once the challenge holds (never a rejected proof's)
    for s, (st, p) in enumerate(zip(spec.statements, proof.proofs)):
        full = dict(carried[s])
        for j in spec.omit[s]:
            os_, oj = spec.owner[(s, j)]
            try:
                full[j] = carried[os_][oj]
            except KeyError:
                raise VerificationError(f"statement #{os_} lacks the response for linked slot {oj}") from None
        octets = st.carried_commitments(p)
        if octets is None:
            t.append(b"commitment", st.recompute(p, c, full))
            continue
        t.append(b"commitment", octets)
        for label, points, scalars, table, fixed in st.linear_equations(p, c, full):
            lin.add(f"statement #{s} ({st.kind}): {label}", points, scalars, table, fixed)
    if t.challenge() != c:
        raise VerificationError("composite proof does not verify (challenge mismatch)")
    if linear is None:
        lin.check()
    else:
        linear.extend(lin)
    own = batch if batch is not None else PairingBatch()
    for s, (st, p) in enumerate(zip(spec.statements, proof.proofs)):
        for label, pairs, *gt in st.pairing_equations(p):
            own.add(pairs, f"statement #{s} ({st.kind}): {label}", *gt)
    if batch is None:
        own.check()
