"""Blind BBS signatures (draft-irtf-cfrg-bbs-blind-signatures, the -01/-02 text of early 2025 whose fixtures are in
tests/vectors/bbs-blind).

The holder (the draft's Prover) commits to messages the issuer (Signer) must not see; the issuer checks the
commitment's proof of knowledge and signs the commitment together with its own messages; the result is a plain BBS
signature under the Blind BBS Interface (api_id = ciphersuite_id || "BLIND_H2G_HM2S_") that the holder checks and
proves knowledge of with the ordinary BBS proof::

    from zkcred.bbs import blind
    cwp, prover_blind = blind.commit([link_secret_bytes])                 # holder -> issuer: cwp
    blind.verify_commitment(cwp)                                          # issuer (blind_sign does it too)
    sig = blind.blind_sign(sk, pk, cwp, header, [b"name", b"2001-05-17"]) # issuer -> holder: sig, messages
    blind.verify(pk, sig, header, [b"name", b"2001-05-17"], [link_secret_bytes], prover_blind)
    proof = blind.proof_gen(pk, sig, header, ph, messages, committed, [0], [], prover_blind)
    blind.proof_verify(pk, proof, header, ph, 2, [b"name"], [], [0], [])

Signed message order (the draft's ``prepare_parameters``): with L issuer messages and M committed messages the
signature is a BBS signature on the L + 1 + M scalars

    (msg_1, ..., msg_L, secret_prover_blind, committed_1, ..., committed_M)

over the generators (Q_1, H_1, ..., H_L, Q_2, J_1, ..., J_M), where (Q_1, H_1, ...) = create_generators(L + 1, api_id)
and (Q_2, J_1, ...) = create_generators(M + 1, "BLIND_" || api_id). ``signature_material`` returns exactly these
lists (``SignedMaterial``, with index helpers), so that ``zkcred.bbs._core``'s CoreVerify and proof phases work on
the blind signature unchanged. A signature made without a commitment carries secret_prover_blind = 0 (the draft's
default) and M = 0.

Where the draft text and its fixtures disagree, the fixtures are followed (every commit, signature and proof
fixture of both suites is reproduced byte for byte):

- FinalizeBlindSign: every version of the text computes e = hash_to_scalar(serialize((SK, B, domain)),
  api_id || "H2S_"); the signature fixtures use e = hash_to_scalar(serialize((SK, B)), api_id || "H2S_"). B
  already contains Q_1 * domain, so the domain is bound either way.
- B = P1 + Q_1 * domain + sum H_i * msg_i + commitment, with domain over (H_1..H_L, Q_2, J_1..J_M) (the text was
  fixed to this in May 2026, commit a0d54e1 of the draft's repository).
- The number of committed messages is M = (len(commitment_with_proof) - octet_point_length - 2 *
  octet_scalar_length) / octet_scalar_length (the -02 text subtracts one scalar only; fixed in a9343d7).
- No ``signer_blind``: it was removed from the API (and the fixtures regenerated) in February 2025.
- Proofs: the -02 BlindProofGen / BlindProofVerify, i.e. the plain BBS CoreProofGen / CoreProofVerify over the list
  above. The 2026 editor's copy (commitment extensions in the proof challenge) is not implemented.

Secrets (committed messages, secret_prover_blind, the commitment proof's random scalars, SK) meet only
constant-time code: Fr arithmetic, ``g1_msm_ct`` and ``g1_mul_ct``. The issuer's checks work on public data.
"""
from __future__ import annotations

import operator
from collections.abc import Sequence

from .._record import Record
from ..errors import DecodeError, VerificationError, ZkcredError
from . import _core
from . import _group as grp
from ._api import _indexes, _messages, decode_secret_key
from ._suite import (BLS12_381_SHA_256, OCTET_POINT_LENGTH, OCTET_SCALAR_LENGTH, Ciphersuite, _octets,
                     get_suite)

from ._group import G1, Fr

# The identifier of the Blind BBS Interface: api_id = ciphersuite_id || INTERFACE_TAG (draft "Blind BBS
# Signatures Interface"); the blind generators use "BLIND_" || api_id.
INTERFACE_TAG = b"BLIND_H2G_HM2S_"
BLIND_GENERATORS_PREFIX = b"BLIND_"

# octets_to_commitment_with_proof: C, s^, challenge at least.
COMMIT_LEN_FLOOR = OCTET_POINT_LENGTH + 2 * OCTET_SCALAR_LENGTH


def api_id(suite=BLS12_381_SHA_256) -> bytes:
    """The Blind BBS Interface identifier ciphersuite_id || "BLIND_H2G_HM2S_"."""
    return get_suite(suite).ciphersuite_id + INTERFACE_TAG


def create_blind_generators(count: int, suite=BLS12_381_SHA_256) -> list:
    """(Q_2, J_1, ..., J_{count-1}) = create_generators(count, "BLIND_" || api_id) (draft "Commitment
    Computation" step 2), cached by the suite."""
    suite = get_suite(suite)
    return suite.create_generators(count, BLIND_GENERATORS_PREFIX + api_id(suite))


def create_signature_generators(L: int, M: int, suite=BLS12_381_SHA_256) -> list:
    """The generators of a blind signature on L issuer and M committed messages: (Q_1, H_1, ..., H_L) ||
    (Q_2, J_1, ..., J_M) (draft "Prepare Parameters" steps 5-7). Public."""
    suite = get_suite(suite)
    L = _count(L, "L")
    M = _count(M, "M")
    return [*suite.create_generators(L + 1, api_id(suite)), *create_blind_generators(M + 1, suite)]


def _count(n, what: str) -> int:
    if isinstance(n, bool):
        raise DecodeError(f"{what} must be an integer (got bool)")
    try:
        n = operator.index(n)
    except TypeError:
        raise DecodeError(f"{what} must be an integer (got {type(n).__name__})") from None
    if n < 0:
        raise DecodeError(f"{what} must be non-negative (got {n})")
    return n


def _scalars(values, what: str) -> list:
    """A sequence of Fr (the credential layer's attribute scalars); anything else is a TypeError."""
    if values is None:
        return []
    if isinstance(values, (bytes, bytearray, memoryview, str, Fr)):
        raise TypeError(f"{what} must be a sequence of Fr scalars, not a single {type(values).__name__}")
    out = list(values)
    for i, v in enumerate(out):
        if type(v) is not Fr:
            raise TypeError(f"{what}[{i}] must be an Fr scalar, not {type(v).__name__}")
    return out


def _prover_blind(value) -> "Fr":
    """secret_prover_blind as an Fr: an Fr, 32 canonical big-endian bytes, or None for the draft's default 0."""
    if value is None:
        return Fr.zero()
    if type(value) is Fr:
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        value = bytes(value)
        if len(value) != OCTET_SCALAR_LENGTH:
            raise DecodeError(f"secret_prover_blind is {OCTET_SCALAR_LENGTH} bytes (got {len(value)})")
        try:
            return grp.fr_from_canonical(value)
        except (DecodeError, ValueError):
            raise DecodeError("secret_prover_blind must be a canonical scalar (< r)") from None
    raise TypeError(f"secret_prover_blind must be an Fr, 32 bytes or None, not {type(value).__name__}")


def _secret_key(sk) -> "Fr":
    if type(sk) is Fr:
        if grp.fr_is_zero(sk):
            raise DecodeError("secret key must not be zero")
        return sk
    return decode_secret_key(sk)


# ============================================================================ serialisation (draft "Serialize")

class CommitmentWithProof(Record):
    """A decoded commitment with its proof of correctness (octets_to_commitment_with_proof): the commitment point
    ``commitment`` (C) and the proof (``s_hat``, ``m_hats``, ``challenge``). ``M``: the number of committed
    messages. Immutable."""
    commitment: G1
    s_hat: Fr
    m_hats: tuple[Fr, ...]
    challenge: Fr

    @property
    def M(self) -> int:
        return len(self.m_hats)

    def to_bytes(self) -> bytes:
        return commitment_with_proof_to_octets(self.commitment, (self.s_hat, self.m_hats, self.challenge))


def commitment_with_proof_to_octets(commitment, proof: tuple) -> bytes:
    """commitment_with_proof_to_octets (draft "Commitment with Proof to Octets"): serialize((C)) ||
    serialize((s^, m^_1, ..., m^_M, challenge))."""
    s_hat, m_hats, challenge = proof
    return b"".join([_core.point_to_octets_g1(commitment), s_hat.to_bytes(), *(m.to_bytes() for m in m_hats),
                     challenge.to_bytes()])


def octets_to_commitment_with_proof(octets: bytes) -> CommitmentWithProof:
    """octets_to_commitment_with_proof (draft "Octets to Commitment with Proof"): a point C of G1 (valid encoding,
    in the subgroup, not the identity) followed by at least two scalars, each 1 <= s < r. DecodeError naming the
    broken rule. Public input."""
    octets = _octets(octets, "commitment_with_proof")
    n = len(octets)
    if n < COMMIT_LEN_FLOOR:
        raise DecodeError(f"a commitment with proof is at least {COMMIT_LEN_FLOOR} bytes (a point and two scalars; "
                          f"got {n})")
    if (n - OCTET_POINT_LENGTH) % OCTET_SCALAR_LENGTH:
        raise DecodeError(f"a commitment with proof is {OCTET_POINT_LENGTH} + 32*k bytes (got {n}: not a whole "
                          "number of scalars)")
    C = _core._decode_point_nonidentity(octets[:OCTET_POINT_LENGTH], "commitment point C")
    count = (n - OCTET_POINT_LENGTH) // OCTET_SCALAR_LENGTH
    sc = [_core._decode_scalar_nonzero(octets[OCTET_POINT_LENGTH + j * OCTET_SCALAR_LENGTH:
                                              OCTET_POINT_LENGTH + (j + 1) * OCTET_SCALAR_LENGTH],
                                       f"commitment proof scalar #{j}") for j in range(count)]
    return CommitmentWithProof(C, sc[0], tuple(sc[1:-1]), sc[-1])


def _as_commitment(cwp) -> CommitmentWithProof:
    if isinstance(cwp, CommitmentWithProof):
        return cwp
    return octets_to_commitment_with_proof(cwp)


# ============================================================================ commitment

def calculate_blind_challenge(C, Cbar, blind_generators: Sequence, api_id: bytes, suite: Ciphersuite):
    """calculate_blind_challenge (draft "Blind Challenge Calculation", -02): hash_to_scalar(serialize((M, Q_2,
    J_1, ..., J_M, C, Cbar)), api_id || "H2S_") with M = len(blind_generators) - 1. Public inputs."""
    if len(blind_generators) == 0:
        raise DecodeError("calculate_blind_challenge needs at least one blind generator")
    M = len(blind_generators) - 1
    octs = b"".join([_core.i2osp8(M), *(_core.point_to_octets_g1(P) for P in blind_generators),
                     _core.point_to_octets_g1(C), _core.point_to_octets_g1(Cbar)])
    return suite.hash_to_scalar(octs, api_id + b"H2S_")


def core_commit(committed_scalars: Sequence, blind_generators: Sequence, api_id: bytes, suite: Ciphersuite, *,
                random_scalars: _core.RandomScalars | None = None) -> tuple[bytes, "Fr"]:
    """CoreCommit (draft "Core Commitment Computation"): (commitment_with_proof, secret_prover_blind).

    C = Q_2 * secret_prover_blind + sum J_i * msg_i, with a Schnorr proof of knowledge of its opening. Constant
    time in the committed scalars, the prover blind and the proof's random scalars. ``random_scalars`` is the
    fixtures' test hook (``zkcred.bbs.mocked_random_scalars``); leave it None.
    """
    M = len(committed_scalars)
    if len(blind_generators) != M + 1:
        raise DecodeError(f"{M} committed messages need {M + 1} blind generators (got {len(blind_generators)})")
    rs = list((random_scalars or _core.calculate_random_scalars)(M + 2))
    if len(rs) != M + 2:
        raise DecodeError("the random-scalar hook returned the wrong number of scalars")
    prover_blind, s_t, m_t = rs[0], rs[1], rs[2:]
    C = grp.g1_msm_ct(blind_generators, [prover_blind, *committed_scalars])
    Cbar = grp.g1_msm_ct(blind_generators, [s_t, *m_t])
    challenge = calculate_blind_challenge(C, Cbar, blind_generators, api_id, suite)
    s_hat = s_t + prover_blind * challenge
    m_hats = tuple(mt + m * challenge for mt, m in zip(m_t, committed_scalars))
    return commitment_with_proof_to_octets(C, (s_hat, m_hats, challenge)), prover_blind


def core_commit_verify(commitment_with_proof, blind_generators: Sequence, api_id: bytes,
                       suite: Ciphersuite) -> None:
    """CoreCommitVerify (draft "Core Commitment Verification"): None when the proof of correctness verifies, else
    VerificationError. Cbar = Q_2 * s^ + sum J_i * m^_i - C * challenge must hash to the challenge. Public inputs
    (variable time)."""
    cp = _as_commitment(commitment_with_proof)
    if len(blind_generators) != cp.M + 1:
        raise DecodeError(f"a commitment to {cp.M} messages needs {cp.M + 1} blind generators "
                          f"(got {len(blind_generators)})")
    Cbar = grp.g1_msm_var([*blind_generators, cp.commitment], [cp.s_hat, *cp.m_hats, -cp.challenge])
    if calculate_blind_challenge(cp.commitment, Cbar, blind_generators, api_id, suite) != cp.challenge:
        raise VerificationError("the commitment's proof of correctness does not verify (challenge mismatch)")


def deserialize_and_validate_commit(commitment_with_proof: bytes | None, blind_generators: Sequence,
                                    api_id: bytes, suite: Ciphersuite):
    """deserialize_and_validate_commit (draft "Commitment Validation and Deserialization"): the commitment point,
    the identity when ``commitment_with_proof`` is empty or None; DecodeError when malformed, VerificationError
    when its proof does not verify."""
    if commitment_with_proof is None or (isinstance(commitment_with_proof, (bytes, bytearray, memoryview))
                                         and len(commitment_with_proof) == 0):
        return G1.identity()
    cp = _as_commitment(commitment_with_proof)
    core_commit_verify(cp, blind_generators, api_id, suite)
    return cp.commitment


def commit(committed_messages: Sequence[bytes] | None = None, suite=BLS12_381_SHA_256, *,
           random_scalars: _core.RandomScalars | None = None) -> tuple[bytes, "Fr"]:
    """Commit (draft "Commitment Computation"): (commitment_with_proof, secret_prover_blind) for octet-string
    messages, mapped with messages_to_scalars under the Blind BBS api_id. The holder keeps secret_prover_blind
    (an Fr) and the messages; the issuer gets commitment_with_proof only."""
    suite = get_suite(suite)
    aid = api_id(suite)
    scalars = suite.messages_to_scalars(_messages(committed_messages, "committed_messages"), aid)
    return core_commit(scalars, create_blind_generators(len(scalars) + 1, suite), aid, suite,
                       random_scalars=random_scalars)


def commit_scalars(committed_scalars: Sequence["Fr"] | None = None, suite=BLS12_381_SHA_256, *,
                   random_scalars: _core.RandomScalars | None = None) -> tuple[bytes, "Fr"]:
    """Commit on messages already mapped to scalars (the credential layer's attribute encoding, a link secret):
    CoreCommit with the Blind BBS api_id and blind generators."""
    suite = get_suite(suite)
    scalars = _scalars(committed_scalars, "committed_scalars")
    return core_commit(scalars, create_blind_generators(len(scalars) + 1, suite), api_id(suite), suite,
                       random_scalars=random_scalars)


def committed_count(commitment_with_proof: bytes | None) -> int:
    """M, the number of committed messages, from the length of commitment_with_proof (draft BlindSign
    "Deserialization" steps 2-5, with the fixed offset); 0 for an empty one. DecodeError for a length that is
    not a point plus at least two scalars."""
    if commitment_with_proof is None:
        return 0
    n = len(_octets(commitment_with_proof, "commitment_with_proof"))
    if n == 0:
        return 0
    if n < COMMIT_LEN_FLOOR or (n - OCTET_POINT_LENGTH) % OCTET_SCALAR_LENGTH:
        raise DecodeError(f"a commitment with proof is {OCTET_POINT_LENGTH} + 32*(M + 2) bytes for M >= 0 "
                          f"(got {n})")
    return (n - COMMIT_LEN_FLOOR) // OCTET_SCALAR_LENGTH


def _check_expected(M: int, expect_committed: int | None) -> None:
    if expect_committed is not None and M != _count(expect_committed, "expect_committed"):
        raise DecodeError(f"the commitment is to {M} messages, {expect_committed} expected")


def verify_commitment(commitment_with_proof: bytes, suite=BLS12_381_SHA_256, *,
                      expect_committed: int | None = None) -> None:
    """The issuer's check of a holder's commitment (octets_to_commitment_with_proof, then CoreCommitVerify with
    the blind generators for its M): None, DecodeError when malformed (or, with ``expect_committed``, when it
    commits to another number of messages), VerificationError when the proof of correctness fails.
    ``blind_sign`` runs the same check; the committed messages are never needed."""
    suite = get_suite(suite)
    cp = octets_to_commitment_with_proof(commitment_with_proof)
    _check_expected(cp.M, expect_committed)
    core_commit_verify(cp, create_blind_generators(cp.M + 1, suite), api_id(suite), suite)


# ============================================================================ signing

def B_calculate(generators: Sequence, commitment, message_scalars: Sequence, domain, suite: Ciphersuite):
    """B_calculate (draft "Calculate B value", as fixed in 2026 to match the fixtures): B = P1 + Q_1 * domain +
    sum H_i * msg_i + commitment; ZkcredError when B is the identity. Constant time in the message scalars."""
    L = len(message_scalars)
    if len(generators) != L + 1:
        raise DecodeError(f"{L} messages need {L + 1} generators (got {len(generators)})")
    B = suite.P1 + grp.g1_msm_ct(generators, [domain, *message_scalars]) + commitment
    if B.is_identity():
        raise ZkcredError("BlindSign: B is the identity point")
    return B


def finalize_blind_sign(sk, B, api_id: bytes, suite: Ciphersuite) -> bytes:
    """FinalizeBlindSign (draft "Finalize Blind Sign") as the fixtures compute it: e = hash_to_scalar(
    serialize((SK, B)), api_id || "H2S_"), A = B * 1 / (SK + e); the 80-byte signature. Constant time in SK.
    (The draft text also hashes the domain; B already contains Q_1 * domain; see the module docstring.)"""
    e = suite.hash_to_scalar(sk.to_bytes() + _core.point_to_octets_g1(B), api_id + b"H2S_")
    denom = sk + e
    if grp.fr_is_zero(denom):
        raise ZkcredError("FinalizeBlindSign: SK + e = 0 mod r (no signature exists for this input)")
    A = grp.g1_mul_ct(B, denom.inverse())
    if A.is_identity():
        raise ZkcredError("FinalizeBlindSign: A is the identity point")
    return _core.signature_to_octets(A, e)


def blind_sign_scalars(sk, pk: bytes, commitment_with_proof: bytes | None = None, header: bytes = b"",
                       message_scalars: Sequence["Fr"] | None = None, suite=BLS12_381_SHA_256, *,
                       expect_committed: int | None = None) -> bytes:
    """BlindSign on issuer messages already mapped to scalars. ``sk``: 32 bytes or an Fr. See ``blind_sign``."""
    suite = get_suite(suite)
    x = _secret_key(sk)
    pk = _octets(pk, "public key")
    _core.octets_to_pubkey(pk)
    header = _octets(header, "header")
    scalars = _scalars(message_scalars, "message_scalars")
    aid = api_id(suite)
    M = committed_count(commitment_with_proof)
    _check_expected(M, expect_committed)
    generators = suite.create_generators(len(scalars) + 1, aid)
    blind_generators = create_blind_generators(M + 1, suite)
    commitment = deserialize_and_validate_commit(commitment_with_proof, blind_generators, aid, suite)
    domain = _core.calculate_domain(pk, generators[0], [*generators[1:], *blind_generators], header, aid, suite)
    B = B_calculate(generators, commitment, scalars, domain, suite)
    return finalize_blind_sign(x, B, aid, suite)


def blind_sign(sk, pk: bytes, commitment_with_proof: bytes | None = None, header: bytes = b"",
               messages: Sequence[bytes] | None = None, suite=BLS12_381_SHA_256, *,
               expect_committed: int | None = None) -> bytes:
    """BlindSign (draft "Blind Signature Generation"): an 80-byte BBS signature on the issuer's ``messages`` and
    the messages committed to in ``commitment_with_proof`` (empty or None: no commitment). The commitment's proof
    is checked first: DecodeError when malformed, VerificationError when it does not verify.
    ``expect_committed``: the number of committed messages the issuer's layout requires (DecodeError otherwise,
    before any generator is made; the draft accepts any number). ``sk``: 32 bytes or an Fr. Deterministic."""
    suite = get_suite(suite)
    scalars = suite.messages_to_scalars(_messages(messages), api_id(suite))
    return blind_sign_scalars(sk, pk, commitment_with_proof, header, scalars, suite,
                              expect_committed=expect_committed)


# ============================================================================ the holder's view of the signature

class SignedMaterial(Record):
    """What a blind signature signs, in the core layer's terms: ``zkcred.bbs._core.core_verify(m.pk, signature,
    m.generators, m.header, m.message_scalars, m.api_id, m.suite)`` verifies it, and the proof phases
    (``proof_init`` ...) prove knowledge of it with any subset of ``message_scalars`` hidden.

    ``message_scalars`` = (msg_1, ..., msg_L, secret_prover_blind, committed_1, ..., committed_M) and
    ``generators`` = (Q_1, H_1, ..., H_L, Q_2, J_1, ..., J_M), so ``generators[1 + k]`` belongs to
    ``message_scalars[k]``. Index helpers: ``issuer_index(i)`` = i, ``prover_blind_index`` = L,
    ``committed_index(j)`` = L + 1 + j (0-based i < L, j < M). Holds secrets (the prover blind and the committed
    scalars): keep it on the holder's side. Immutable."""
    pk: bytes
    header: bytes
    generators: tuple[G1, ...]
    message_scalars: tuple[Fr, ...]
    api_id: bytes
    suite: Ciphersuite
    L: int
    M: int

    def issuer_index(self, i: int) -> int:
        """Index in message_scalars of the issuer's message i (0-based)."""
        i = _count(i, "issuer message index")
        if i >= self.L:
            raise DecodeError(f"issuer message index {i} is out of range for {self.L} issuer messages")
        return i

    @property
    def prover_blind_index(self) -> int:
        """Index in message_scalars of secret_prover_blind (never disclose it)."""
        return self.L

    def committed_index(self, j: int) -> int:
        """Index in message_scalars of the committed message j (0-based)."""
        j = _count(j, "committed message index")
        if j >= self.M:
            raise DecodeError(f"committed message index {j} is out of range for {self.M} committed messages")
        return self.L + 1 + j

    @property
    def committed_indexes(self) -> list[int]:
        return list(range(self.L + 1, self.L + 1 + self.M))

    def verify(self, signature: bytes) -> None:
        """CoreVerify of ``signature`` on this material: None or VerificationError."""
        _core.core_verify(self.pk, signature, self.generators, self.header, self.message_scalars, self.api_id,
                          self.suite)


def signature_material_scalars(pk: bytes, header: bytes = b"", message_scalars: Sequence["Fr"] | None = None,
                               committed_scalars: Sequence["Fr"] | None = None, secret_prover_blind=None,
                               suite=BLS12_381_SHA_256) -> SignedMaterial:
    """The signed material (generators, message scalars, api_id) of a blind signature on issuer and committed
    messages already mapped to scalars (draft "Prepare Parameters"). ``secret_prover_blind``: the Fr returned by
    Commit (32 bytes also accepted; None means 0, a signature made without a commitment)."""
    suite = get_suite(suite)
    pk = _octets(pk, "public key")
    header = _octets(header, "header")
    msgs = _scalars(message_scalars, "message_scalars")
    committed = _scalars(committed_scalars, "committed_scalars")
    blind = _prover_blind(secret_prover_blind)
    L, M = len(msgs), len(committed)
    return SignedMaterial(pk, header, tuple(create_signature_generators(L, M, suite)), (*msgs, blind, *committed),
                          api_id(suite), suite, L, M)


def signature_material(pk: bytes, header: bytes = b"", messages: Sequence[bytes] | None = None,
                       committed_messages: Sequence[bytes] | None = None, secret_prover_blind=None,
                       suite=BLS12_381_SHA_256) -> SignedMaterial:
    """``signature_material_scalars`` for octet-string messages (mapped with messages_to_scalars under the Blind
    BBS api_id, as Commit and BlindSign map them)."""
    suite = get_suite(suite)
    aid = api_id(suite)
    msgs = suite.messages_to_scalars(_messages(messages), aid)
    committed = suite.messages_to_scalars(_messages(committed_messages, "committed_messages"), aid)
    return signature_material_scalars(pk, header, msgs, committed, secret_prover_blind, suite)


def verify(pk: bytes, signature: bytes, header: bytes = b"", messages: Sequence[bytes] | None = None,
           committed_messages: Sequence[bytes] | None = None, secret_prover_blind=None,
           suite=BLS12_381_SHA_256) -> None:
    """VerifyBlindSign (draft "Blind Signature Verification"): the holder's check of a received blind signature.
    None when valid, else VerificationError (DecodeError for a malformed key or signature)."""
    sig = _core.octets_to_signature(signature)      # malformed input is reported before any hashing
    signature_material(pk, header, messages, committed_messages, secret_prover_blind, suite).verify(sig)


def verify_scalars(pk: bytes, signature: bytes, header: bytes = b"", message_scalars: Sequence["Fr"] | None = None,
                   committed_scalars: Sequence["Fr"] | None = None, secret_prover_blind=None,
                   suite=BLS12_381_SHA_256) -> None:
    """VerifyBlindSign on messages already mapped to scalars."""
    sig = _core.octets_to_signature(signature)
    signature_material_scalars(pk, header, message_scalars, committed_scalars, secret_prover_blind,
                               suite).verify(sig)


verify_blind_sign = verify


# ============================================================================ proofs (-02 BlindProofGen / Verify)

def _check_sub_indexes(indexes, n: int, what: str) -> list[int]:
    return _core._check_indexes(_indexes(indexes), n, what)


def proof_gen(pk: bytes, signature: bytes, header: bytes = b"", ph: bytes = b"",
              messages: Sequence[bytes] | None = None, committed_messages: Sequence[bytes] | None = None,
              disclosed_indexes: Sequence[int] | None = None,
              disclosed_commitment_indexes: Sequence[int] | None = None, secret_prover_blind=None,
              suite=BLS12_381_SHA_256, *, random_scalars: _core.RandomScalars | None = None) -> bytes:
    """BlindProofGen (draft -02 "Proof Generation"): a BBS proof (CoreProofGen) of the blind signature disclosing
    messages[i] for i in disclosed_indexes and committed_messages[j] for j in disclosed_commitment_indexes (each
    strictly ascending); secret_prover_blind is never disclosed. ``random_scalars``: the fixtures' test hook."""
    m = signature_material(pk, header, messages, committed_messages, secret_prover_blind, suite)
    idx = _check_sub_indexes(disclosed_indexes, m.L, "disclosed_indexes")
    cidx = _check_sub_indexes(disclosed_commitment_indexes, m.M, "disclosed_commitment_indexes")
    idx += [m.committed_index(j) for j in cidx]
    return _core.core_proof_gen(m.pk, signature, m.generators, m.header, ph, m.message_scalars, idx, m.api_id,
                                m.suite, random_scalars=random_scalars)


def proof_verify(pk: bytes, proof: bytes, header: bytes = b"", ph: bytes = b"", L: int = 0,
                 disclosed_messages: Sequence[bytes] | None = None,
                 disclosed_committed_messages: Sequence[bytes] | None = None,
                 disclosed_indexes: Sequence[int] | None = None,
                 disclosed_committed_indexes: Sequence[int] | None = None, suite=BLS12_381_SHA_256) -> None:
    """BlindProofVerify (draft -02 "Proof Verification"): None when the proof verifies, else VerificationError
    (DecodeError for malformed input). ``L``: the number of issuer messages; the number of committed messages
    follows from the proof's length."""
    suite = get_suite(suite)
    L = _count(L, "L")
    msgs = _messages(disclosed_messages, "disclosed_messages")
    cmsgs = _messages(disclosed_committed_messages, "disclosed_committed_messages")
    p = _core.octets_to_proof(proof)
    idx, cidx = _indexes(disclosed_indexes), _indexes(disclosed_committed_indexes)
    if len(msgs) != len(idx):
        raise DecodeError(f"{len(idx)} disclosed indexes but {len(msgs)} disclosed messages")
    if len(cmsgs) != len(cidx):
        raise DecodeError(f"{len(cidx)} disclosed committed indexes but {len(cmsgs)} disclosed committed messages")
    total = len(idx) + len(cidx) + len(p.commitments)        # L + 1 + M signed scalars
    M = total - L - 1
    if M < 0:
        raise VerificationError(f"the proof covers {total} messages, fewer than L + 1 = {L + 1}")
    idx = _core._check_indexes(idx, L, "disclosed_indexes", exc=VerificationError)
    cidx = _core._check_indexes(cidx, M, "disclosed_committed_indexes", exc=VerificationError)
    aid = api_id(suite)
    scalars = suite.messages_to_scalars([*msgs, *cmsgs], aid)
    _core.core_proof_verify(_octets(pk, "public key"), p, create_signature_generators(L, M, suite), header, ph,
                            scalars, [*idx, *(L + 1 + j for j in cidx)], aid, suite)


__all__ = [
    "INTERFACE_TAG", "api_id", "create_blind_generators", "create_signature_generators",
    "CommitmentWithProof", "commitment_with_proof_to_octets", "octets_to_commitment_with_proof",
    "calculate_blind_challenge", "core_commit", "core_commit_verify", "deserialize_and_validate_commit",
    "commit", "commit_scalars", "committed_count", "verify_commitment",
    "B_calculate", "finalize_blind_sign", "blind_sign", "blind_sign_scalars",
    "SignedMaterial", "signature_material", "signature_material_scalars", "verify", "verify_scalars",
    "verify_blind_sign", "proof_gen", "proof_verify",
]
