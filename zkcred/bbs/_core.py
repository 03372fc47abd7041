"""BBS core operations on scalars (draft-irtf-cfrg-bbs-signatures, "Core Operations", "Proof Protocol
Subroutines", "Serialization").

These functions take message *scalars* (Fr) and a list of generators, together with an ``api_id``, exactly like
the draft's CoreSign / CoreVerify / CoreProofGen / CoreProofVerify. The byte interface (``zkcred.bbs.sign`` ...)
maps octet-string messages to scalars and creates the generators, then calls these. Higher layers (credentials,
composite proofs) call them directly to sign attribute scalars, or use the three proof phases
(``proof_init`` / ``proof_challenge_calculate`` / ``proof_finalize``) to share blindings with other proofs.

Secrets (SK, e, the random scalars, the undisclosed messages) only meet constant-time C: Fr arithmetic and the
constant-time MSM / scalar multiplication. Verification works on public data and uses the variable-time paths.
"""
from __future__ import annotations

import operator
import os
from collections import OrderedDict
from collections.abc import Callable, Sequence

from .._record import Record
from ..errors import DecodeError, VerificationError, ZkcredError
from . import _group as grp
from ._group import G1, G2, Fr
from ._suite import (EXPAND_LEN, OCTET_POINT_LENGTH, OCTET_SCALAR_LENGTH, PROOF_LEN_FLOOR, PUBLIC_KEY_LENGTH,
                     SIGNATURE_LENGTH, Ciphersuite, _octets)

RandomScalars = Callable[[int], Sequence["grp.Fr"]]


# ============================================================================ serialisation (draft "Serialization")

def i2osp8(n: int) -> bytes:
    """I2OSP(n, 8) for an integer 0 <= n < 2^64."""
    n = operator.index(n)
    if not 0 <= n < 2**64:
        raise DecodeError("integers in BBS serialisations must be between 0 and 2^64 - 1")
    return n.to_bytes(8, "big")


def point_to_octets_g1(p) -> bytes:
    return p.to_bytes(compressed=True)


_ZERO32 = bytes(32)


def _decode_scalar_nonzero(b: bytes, what: str):
    """A scalar s with 1 <= s <= r - 1 (octets_to_signature step 11, octets_to_proof step 14). Public input."""
    if b == _ZERO32:                   # public input: a plain comparison is fine
        raise DecodeError(f"{what} must not be zero")
    try:
        return grp.fr_from_canonical(b)
    except (DecodeError, ValueError):
        raise DecodeError(f"{what} must be a canonical scalar (< r)") from None


def _decode_point_nonidentity(b: bytes, what: str):
    """octets_to_point_E1 + subgroup_check_G1 + "not the identity". Public input."""
    try:
        p = grp.g1_from_bytes(b)
    except (DecodeError, ValueError) as exc:
        raise DecodeError(f"{what} is not a valid compressed G1 point: {exc}") from None
    if p.is_identity():
        raise DecodeError(f"{what} must not be the identity point")
    return p


def octets_to_signature(signature: bytes):
    """octets_to_signature: (A, e) with A in G1 \\ {Identity} and 1 <= e < r, or DecodeError."""
    signature = _octets(signature, "signature")
    if len(signature) != SIGNATURE_LENGTH:
        raise DecodeError(f"a BBS signature is {SIGNATURE_LENGTH} bytes (got {len(signature)})")
    A = _decode_point_nonidentity(signature[:OCTET_POINT_LENGTH], "signature point A")
    e = _decode_scalar_nonzero(signature[OCTET_POINT_LENGTH:], "signature scalar e")
    return A, e


def _check_point(P, what: str) -> None:
    """The rules of _decode_point_nonidentity for an already decoded point: a G1 value (hence on the curve and
    in the subgroup: zkcred.bls12_381 builds no other) that is not the identity. Public input."""
    if not isinstance(P, G1):
        raise DecodeError(f"{what} must be G1 points (got {type(P).__name__})")
    if P.is_identity():
        raise DecodeError(f"{what} must not be the identity point")


def _check_scalar(s, what: str) -> None:
    """The rules of _decode_scalar_nonzero for an already decoded scalar: an Fr (hence < r), not zero."""
    if not isinstance(s, Fr):
        raise DecodeError(f"{what} must be Fr scalars (got {type(s).__name__})")
    if grp.fr_is_zero(s):
        raise DecodeError(f"{what} must not be zero")


def _as_signature(signature):
    """Accept the octets or an already decoded (A, e) pair. A pair is held to octets_to_signature's rules
    (A in G1 \\ {Identity}, 1 <= e < r): every verifier entry point enforces them, not only the decoder."""
    if isinstance(signature, tuple):
        if len(signature) != 2:
            raise DecodeError("a decoded BBS signature is a pair (A, e)")
        A, e = signature
        _check_point(A, "signature point A")
        _check_scalar(e, "signature scalar e")
        return A, e
    return octets_to_signature(signature)


def check_proof(proof: Proof) -> None:
    """octets_to_proof's rules for a Proof object (however it was built): Abar, Bbar and D are G1 points other
    than the identity, and every scalar is a non-zero Fr. Called by proof_verify_init, so that every verifier
    entry point enforces them: a Proof with Abar = Bbar = identity passes the final pairing check under any
    public key. Public input."""
    if not isinstance(proof, Proof):
        raise TypeError(f"expected a zkcred.bbs.Proof, not {type(proof).__name__}")
    for name in ("Abar", "Bbar", "D"):
        _check_point(getattr(proof, name), f"proof point {name}")
    for name in ("e_hat", "r1_hat", "r3_hat", "challenge"):
        _check_scalar(getattr(proof, name), f"proof scalar {name}")
    if not isinstance(proof.commitments, tuple):
        raise DecodeError("proof commitments must be a tuple of Fr scalars")
    for j, m in enumerate(proof.commitments):
        _check_scalar(m, f"proof commitment m^_{j}")


def _as_proof(proof: bytes | Proof) -> Proof:
    """Accept the octets or an already decoded Proof (checked by proof_verify_init, see check_proof)."""
    if isinstance(proof, Proof):
        return proof
    return octets_to_proof(proof)


def signature_to_octets(A, e) -> bytes:
    return point_to_octets_g1(A) + e.to_bytes()


_PK_CACHE: "OrderedDict[bytes, object]" = OrderedDict()
_PK_CACHE_MAX = 256


def octets_to_pubkey(pk: bytes):
    """octets_to_pubkey: a G2 point W (on the curve, in the subgroup, not the identity) or DecodeError.

    Validated keys are cached (the draft allows it: "implementations MAY cache the result of those steps").
    """
    pk = _octets(pk, "public key")
    W = _PK_CACHE.get(pk)
    if W is not None:
        return W
    if len(pk) != PUBLIC_KEY_LENGTH:
        raise DecodeError(f"a BBS public key is a {PUBLIC_KEY_LENGTH}-byte compressed G2 point (got {len(pk)} bytes)")
    try:
        W = grp.g2_from_bytes(pk)
    except (DecodeError, ValueError) as exc:
        raise DecodeError(f"public key is not a valid compressed G2 point: {exc}") from None
    if W.is_identity():
        raise DecodeError("public key must not be the identity point")
    _PK_CACHE[pk] = W
    if len(_PK_CACHE) > _PK_CACHE_MAX:
        _PK_CACHE.popitem(last=False)
    return W


class Proof(Record):
    """A decoded BBS proof (octets_to_proof): points Abar, Bbar, D; scalars e^, r1^, r3^, m^_j... (the tuple
    ``commitments``), c (``challenge``); ``point_octets``: the encoding of (Abar, Bbar, D) when decoded from
    octets, else None. Immutable."""
    Abar: G1
    Bbar: G1
    D: G1
    e_hat: Fr
    r1_hat: Fr
    r3_hat: Fr
    commitments: tuple[Fr, ...]
    challenge: Fr
    point_octets: bytes | None = None

    def to_bytes(self) -> bytes:
        return proof_to_octets(self)


def octets_to_proof(proof: bytes) -> Proof:
    """octets_to_proof (draft "Octets to Proof"); DecodeError naming the broken rule."""
    proof = _octets(proof, "proof")
    n = len(proof)
    if n < PROOF_LEN_FLOOR:
        raise DecodeError(f"a BBS proof is at least {PROOF_LEN_FLOOR} bytes (got {n})")
    if (n - PROOF_LEN_FLOOR) % OCTET_SCALAR_LENGTH:
        raise DecodeError(f"a BBS proof is {PROOF_LEN_FLOOR} + 32*U bytes (got {n}: not a whole number of scalars)")
    names = ("Abar", "Bbar", "D")
    off = 3 * OCTET_POINT_LENGTH
    try:
        pts = grp.g1_batch_from_bytes(proof[:off])          # one C call for the three points
    except (DecodeError, ValueError):
        # name the broken point and rule
        pts = [_decode_point_nonidentity(proof[i * OCTET_POINT_LENGTH:(i + 1) * OCTET_POINT_LENGTH],
                                         f"proof point {names[i]}") for i in range(3)]
    for name, P in zip(names, pts):
        if P.is_identity():
            raise DecodeError(f"proof point {name} must not be the identity point")
    count = (n - off) // OCTET_SCALAR_LENGTH
    sc = None
    if _ZERO32 not in [proof[k:k + OCTET_SCALAR_LENGTH] for k in range(off, n, OCTET_SCALAR_LENGTH)]:
        try:
            sc = grp.fr_batch_from_canonical(proof[off:])    # one C call for all the scalars
        except (DecodeError, ValueError):
            pass
    if sc is None:
        # name the broken scalar and rule
        sc = [_decode_scalar_nonzero(proof[off + j * OCTET_SCALAR_LENGTH: off + (j + 1) * OCTET_SCALAR_LENGTH],
                                     f"proof scalar #{j}") for j in range(count)]
    return Proof(pts[0], pts[1], pts[2], sc[0], sc[1], sc[2], tuple(sc[3:-1]), sc[-1], proof[:off])


def proof_to_octets(p: Proof) -> bytes:
    """proof_to_octets: serialize((Abar, Bbar, D, e^, r1^, r3^, m^_1, ..., m^_U, c))."""
    if p.point_octets is not None:
        parts = [p.point_octets]
    else:
        parts = [point_to_octets_g1(p.Abar), point_to_octets_g1(p.Bbar), point_to_octets_g1(p.D)]
    parts += [p.e_hat.to_bytes(), p.r1_hat.to_bytes(), p.r3_hat.to_bytes()]
    parts += [m.to_bytes() for m in p.commitments]
    parts.append(p.challenge.to_bytes())
    return b"".join(parts)


# ============================================================================ utilities

def _check_generators(generators: Sequence, L: int) -> None:
    if len(generators) != L + 1:
        raise DecodeError(f"{L} messages need {L + 1} generators (got {len(generators)})")


def _check_indexes(indexes: Sequence[int], L: int, what: str, exc=DecodeError) -> list[int]:
    """Indexes must be integers, strictly ascending (hence unique), each in [0, L - 1]."""
    out = []
    prev = -1
    for i in indexes:
        if isinstance(i, bool):
            raise DecodeError(f"{what} must be integers (got bool)")
        try:
            i = operator.index(i)
        except TypeError:
            raise DecodeError(f"{what} must be integers (got {type(i).__name__})") from None
        if i < 0:
            raise DecodeError(f"{what} must be non-negative (got {i})")
        if i <= prev:
            raise DecodeError(f"{what} must be strictly ascending, without duplicates (got {list(indexes)})")
        if i >= L:
            raise exc(f"{what}: index {i} is out of range for {L} signed messages")
        out.append(i)
        prev = i
    return out


def check_proof_counts(proof: Proof, n_disclosed_messages: int, disclosed_indexes: Sequence[int]) -> list[int]:
    """The cheap consistency checks of ProofVerify, run before any generator is created or message hashed:
    the proof's length fixes U (its commitments), the disclosed list gives R, so L = R + U; the indexes must be
    strictly ascending in [0, L) (VerificationError when one is out of range, as ProofVerifyInit says) and
    there must be R disclosed messages (DecodeError). Returns the indexes as ints.

    Without this order a proof file claiming 100,000 disclosed indexes made the verifier derive (and cache)
    100,000 generators before noticing that the messages were missing."""
    R = len(disclosed_indexes)
    if n_disclosed_messages != R:
        raise DecodeError(f"{R} disclosed indexes but {n_disclosed_messages} disclosed messages")
    return _check_indexes(disclosed_indexes, R + len(proof.commitments), "disclosed_indexes", exc=VerificationError)


def calculate_domain(pk: bytes, Q_1, H_points: Sequence, header: bytes, api_id: bytes,
                     suite: Ciphersuite, *, generator_octets: bytes | None = None):
    """calculate_domain (draft "Domain Calculation"): hash_to_scalar(PK || serialize((L, Q_1, H_1..H_L)) || api_id
    || I2OSP(len(header), 8) || header, api_id || "H2S_"). All inputs are public.

    ``generator_octets`` may carry the precomputed serialisation of (Q_1, H_1, ..., H_L).
    """
    L = len(H_points)
    if generator_octets is None:
        generator_octets = b"".join(point_to_octets_g1(P) for P in (Q_1, *H_points))
    dom_input = b"".join((pk, i2osp8(L), generator_octets, api_id, i2osp8(len(header)), header))
    return suite.hash_to_scalar(dom_input, api_id + b"H2S_")


def _gen_octets(suite: Ciphersuite, generators: Sequence, api_id: bytes) -> bytes:
    """Serialisation of the generators, from the suite cache when they are the cached ones."""
    return suite.generator_octets(generators, api_id)


# ============================================================================ CoreSign / CoreVerify

def core_sign(sk, pk: bytes, generators: Sequence, header: bytes, messages: Sequence, api_id: bytes,
              suite: Ciphersuite) -> bytes:
    """CoreSign (draft section "CoreSign"): the deterministic signature (A, e) as 80 bytes.

    ``sk`` and ``messages`` are Fr scalars; ``pk`` the 96-byte public key (validated with octets_to_pubkey, as
    the draft's security considerations recommend). Constant time in sk and the messages.
    """
    header = _octets(header, "header")
    octets_to_pubkey(pk)
    L = len(messages)
    _check_generators(generators, L)
    Q_1, H = generators[0], generators[1:]
    domain = calculate_domain(pk, Q_1, H, header, api_id, suite, generator_octets=_gen_octets(suite, generators, api_id))
    # e = hash_to_scalar(serialize((SK, msg_1, ..., msg_L, domain)), api_id || "H2S_"); SK and the messages are
    # encoded by C and reduced by C.
    e_input = b"".join([sk.to_bytes(), *(m.to_bytes() for m in messages), domain.to_bytes()])
    e = suite.hash_to_scalar(e_input, api_id + b"H2S_")
    del e_input
    B = suite.P1 + grp.g1_msm_ct([Q_1, *H], [domain, *messages])
    denom = sk + e
    if grp.fr_is_zero(denom):                     # probability ~2^-255; checked in constant time
        raise ZkcredError("CoreSign: SK + e = 0 mod r (no signature exists for this input)")
    A = grp.g1_mul_ct(B, denom.inverse())
    if A.is_identity():
        raise ZkcredError("CoreSign: A is the identity point")
    return signature_to_octets(A, e)


def _signature_check_pair(pk: bytes, signature: bytes, generators: Sequence, header: bytes, messages: Sequence,
                          api_id: bytes, suite: Ciphersuite):
    """Everything of CoreVerify except the pairing: returns (A, W, C) with C = A*e - B, for the check
    h(A, W) * h(C, BP2) == 1. Public inputs (variable time)."""
    header = _octets(header, "header")
    A, e = _as_signature(signature)
    W = octets_to_pubkey(pk)
    L = len(messages)
    _check_generators(generators, L)
    Q_1, H = generators[0], generators[1:]
    domain = calculate_domain(pk, Q_1, H, header, api_id, suite, generator_octets=_gen_octets(suite, generators, api_id))
    neg = [-m for m in messages]
    table = suite.generator_table(generators, api_id)
    if table is not None:   # P1's scalar 0 (skipped): P1 is subtracted below
        C = grp.g1_msm_fixed(table, [0, -domain, *neg], [A], [e]) - suite.P1
    else:
        C = grp.g1_msm_var([A, Q_1, *H], [e, -domain, *neg]) - suite.P1
    return A, W, C


def core_verify(pk: bytes, signature: bytes, generators: Sequence, header: bytes, messages: Sequence,
                api_id: bytes, suite: Ciphersuite) -> None:
    """CoreVerify (draft section "CoreVerify"): None if valid, else VerificationError (DecodeError when the key or
    signature is malformed). Checks h(A, W) * h(A * e - B, BP2) == Identity_GT."""
    A, W, C = _signature_check_pair(pk, signature, generators, header, messages, api_id, suite)
    if not grp.pairing_check([(A, W), (C, grp.bp2())]):
        raise VerificationError("BBS signature does not verify (pairing check failed)")


# ============================================================================ proofs

class ProofInitResult(Record, frozen=False):
    """ProofInit's output (Abar, Bbar, D, T1, T2, domain), all public once the proof is published;
    ``point_octets``: the encoding of (Abar, Bbar, D) and ``t_octets`` that of (T1, T2) (verification), when
    already known, else None. Mutable."""
    Abar: G1
    Bbar: G1
    D: G1
    T1: G1
    T2: G1
    domain: Fr
    point_octets: bytes | None = None
    t_octets: bytes | None = None


def calculate_random_scalars(count: int) -> list:
    """calculate_random_scalars (draft "Random Scalars"): OS2IP(get_random(48)) mod r, reduced in constant-time C."""
    return [grp.fr_from_wide(os.urandom(EXPAND_LEN)) for _ in range(count)]


def seeded_random_scalars(seed: bytes, dst: bytes, count: int, suite: Ciphersuite) -> list:
    """seeded_random_scalars (draft "Mocked Random Scalars"), for reproducing the proof fixtures only."""
    v = suite.expand_message(seed, dst, EXPAND_LEN * count)
    return [grp.fr_from_wide(v[i * EXPAND_LEN:(i + 1) * EXPAND_LEN]) for i in range(count)]


def mocked_random_scalars(suite: Ciphersuite, seed: bytes = b"3.141592653589793238462643383279",
                          dst: bytes | None = None) -> RandomScalars:
    """The test hook used by the draft's proof fixtures: count -> seeded_random_scalars(SEED, DST, count).
    Never use it outside tests: the proof would not be zero-knowledge."""
    if dst is None:
        dst = suite.api_id + b"MOCK_RANDOM_SCALARS_DST_"
    return lambda count: seeded_random_scalars(seed, dst, count, suite)


def proof_init(pk: bytes, A, e, generators: Sequence, random_scalars: Sequence, header: bytes,
               messages: Sequence, undisclosed_indexes: Sequence[int], api_id: bytes,
               suite: Ciphersuite) -> ProofInitResult:
    """ProofInit (draft "Proof Initialization"). Constant time in A, e, the messages and random scalars."""
    return grp.run_ct_rounds_alone(proof_init_rounds(pk, A, e, generators, random_scalars, header, messages,
                                                     undisclosed_indexes, api_id, suite))


def proof_init_rounds(pk: bytes, A, e, generators: Sequence, random_scalars: Sequence, header: bytes,
                      messages: Sequence, undisclosed_indexes: Sequence[int], api_id: bytes, suite: Ciphersuite):
    """ProofInit as two rounds of constant-time sums (a generator for ``grp.run_ct_rounds``, which lets a
    composite prover run them in the same passes as its other sub-proofs' sums); returns the ProofInitResult."""
    L = len(messages)
    U = len(undisclosed_indexes)
    if len(random_scalars) != U + 5:
        raise DecodeError(f"ProofInit needs U + 5 = {U + 5} random scalars (got {len(random_scalars)})")
    if U > L:
        raise DecodeError("more undisclosed indexes than messages")
    _check_indexes(undisclosed_indexes, L, "undisclosed_indexes")
    _check_generators(generators, L)
    r1, r2, e_t, r1_t, r3_t = random_scalars[:5]
    m_t = random_scalars[5:]
    Q_1, H = generators[0], generators[1:]
    domain = calculate_domain(pk, Q_1, H, header, api_id, suite, generator_octets=_gen_octets(suite, generators, api_id))
    # B = P1 + Q_1 * domain + sum H_i * msg_i is only used through D = B * r2, so D is computed directly as
    # P1 * r2 + Q_1 * (domain * r2) + sum H_i * (msg_i * r2): one constant-time MSM, no separate multiplication.
    # Two rounds of constant-time sums (the small sums of a round share the lane kernel's passes):
    # (D, Abar = A * (r1 r2)), then (Bbar, T1, T2) from them.
    D, Abar = yield [([suite.P1, Q_1, *H], [r2, domain * r2, *(m * r2 for m in messages)]), ([A], [r1 * r2])]
    Bbar, T1, T2 = yield [([D, Abar], [r1, -e]), ([Abar, D], [e_t, r1_t]),
                          ([D, *(H[j] for j in undisclosed_indexes)], [r3_t, *m_t])]
    octs = grp.g1_batch_to_bytes([Abar, Bbar, D])
    return ProofInitResult(Abar, Bbar, D, T1, T2, domain, octs)


def proof_challenge_calculate(init_res: ProofInitResult, disclosed_messages: Sequence,
                              disclosed_indexes: Sequence[int], ph: bytes, api_id: bytes, suite: Ciphersuite):
    """ProofChallengeCalculate (draft "Challenge Calculation"). Public inputs."""
    R = len(disclosed_indexes)
    if len(disclosed_messages) != R:
        raise DecodeError(f"{R} disclosed indexes but {len(disclosed_messages)} disclosed messages")
    parts = [i2osp8(R)]
    for i, m in zip(disclosed_indexes, disclosed_messages):
        parts.append(i2osp8(i))
        parts.append(m.to_bytes())
    if init_res.point_octets is not None:
        parts.append(init_res.point_octets)
    else:
        parts += [point_to_octets_g1(P) for P in (init_res.Abar, init_res.Bbar, init_res.D)]
    if init_res.t_octets is not None:
        parts.append(init_res.t_octets)
    else:
        parts += [point_to_octets_g1(init_res.T1), point_to_octets_g1(init_res.T2)]
    parts += [init_res.domain.to_bytes(), i2osp8(len(ph)), ph]
    return suite.hash_to_scalar(b"".join(parts), api_id + b"H2S_")


def proof_finalize(init_res: ProofInitResult, challenge, e, random_scalars: Sequence,
                   undisclosed_messages: Sequence) -> Proof:
    """ProofFinalize (draft "Proof Finalization"): the responses, in constant-time Fr arithmetic."""
    U = len(undisclosed_messages)
    if len(random_scalars) != U + 5:
        raise DecodeError(f"ProofFinalize needs U + 5 = {U + 5} random scalars (got {len(random_scalars)})")
    r1, r2, e_t, r1_t, r3_t = random_scalars[:5]
    m_t = random_scalars[5:]
    r3 = r2.inverse()
    e_hat = e_t + e * challenge
    r1_hat = r1_t - r1 * challenge
    r3_hat = r3_t - r3 * challenge
    m_hat = tuple(mt + m * challenge for mt, m in zip(m_t, undisclosed_messages))
    return Proof(init_res.Abar, init_res.Bbar, init_res.D, e_hat, r1_hat, r3_hat, m_hat, challenge,
                 init_res.point_octets)


def core_proof_gen(pk: bytes, signature: bytes, generators: Sequence, header: bytes, ph: bytes,
                   messages: Sequence, disclosed_indexes: Sequence[int], api_id: bytes, suite: Ciphersuite,
                   *, random_scalars: RandomScalars | None = None) -> bytes:
    """CoreProofGen (draft section "CoreProofGen"): a zero-knowledge proof of a signature on ``messages``
    disclosing ``messages[i]`` for i in ``disclosed_indexes`` (strictly ascending).

    ``random_scalars`` is the test hook of the draft's fixtures (see ``mocked_random_scalars``); leave it None.
    """
    header = _octets(header, "header")
    ph = _octets(ph, "presentation header")
    A, e = _as_signature(signature)
    octets_to_pubkey(pk)
    L = len(messages)
    if len(disclosed_indexes) > L:
        raise DecodeError(f"{len(disclosed_indexes)} disclosed indexes but only {L} messages")
    disclosed = _check_indexes(disclosed_indexes, L, "disclosed_indexes")
    dset = set(disclosed)
    undisclosed = [j for j in range(L) if j not in dset]
    U = len(undisclosed)
    rs = list((random_scalars or calculate_random_scalars)(5 + U))
    if len(rs) != 5 + U:
        raise DecodeError("the random-scalar hook returned the wrong number of scalars")
    init_res = proof_init(pk, A, e, generators, rs, header, messages, undisclosed, api_id, suite)
    challenge = proof_challenge_calculate(init_res, [messages[i] for i in disclosed], disclosed, ph, api_id, suite)
    return proof_to_octets(proof_finalize(init_res, challenge, e, rs, [messages[j] for j in undisclosed]))


def t2_generator_scalars(c, domain, L: int, disclosed, hidden) -> list:
    """T2's scalars of the generators in table order (P1, Q_1, H_1, ..., H_L): c, c * domain, c * m_i for the
    disclosed (i, m_i) and m^_j for the hidden (j, m^_j) (ProofVerifyInit). Public data."""
    fixed: list = [c, c * domain, *([None] * L)]
    for i, m in disclosed:
        fixed[2 + i] = c * m
    for j, m_hat in hidden:
        fixed[2 + j] = m_hat
    return fixed


def proof_verify_init(pk: bytes, proof: Proof, generators: Sequence, header: bytes, disclosed_messages: Sequence,
                      disclosed_indexes: Sequence[int], api_id: bytes, suite: Ciphersuite, *,
                      domain=None) -> ProofInitResult:
    """ProofVerifyInit (draft "Proof Verification Initialization"). Public inputs (variable time).

    ``proof`` is held to octets_to_proof's rules first (``check_proof``): whoever built the object, a proof with
    an identity point or a zero scalar is a DecodeError here, as it is in the byte decoder. ``domain``: the
    caller's cached calculate_domain of exactly these (pk, generators, header, api_id), or None to compute it."""
    check_proof(proof)
    U = len(proof.commitments)
    R = len(disclosed_indexes)
    L = R + U
    disclosed = _check_indexes(disclosed_indexes, L, "disclosed_indexes", exc=VerificationError)
    if len(disclosed_messages) != R:
        raise DecodeError(f"{R} disclosed indexes but {len(disclosed_messages)} disclosed messages")
    _check_generators(generators, L)
    dset = set(disclosed)
    undisclosed = [j for j in range(L) if j not in dset]
    Q_1, H = generators[0], generators[1:]
    if domain is None:
        domain = calculate_domain(pk, Q_1, H, header, api_id, suite,
                                  generator_octets=_gen_octets(suite, generators, api_id))
    c = proof.challenge
    T1 = grp.g1_msm_var([proof.Bbar, proof.Abar, proof.D], [c, proof.e_hat, proof.r1_hat])
    table = suite.generator_table(generators, api_id)
    if table is not None:
        # the generators' scalars in table order (P1, Q_1, H_1, ..., H_L), D as the one other point
        fixed = t2_generator_scalars(c, domain, L, zip(disclosed, disclosed_messages),
                                     zip(undisclosed, proof.commitments))
        T2 = grp.g1_msm_fixed(table, fixed, [proof.D], [proof.r3_hat])
    else:
        T2 = grp.g1_msm_var([suite.P1, Q_1, *(H[i] for i in disclosed), proof.D, *(H[j] for j in undisclosed)],
                            [c, c * domain, *(c * m for m in disclosed_messages), proof.r3_hat,
                             *proof.commitments])
    # T1 and T2 are public (recomputed from public data): one variable-time inversion encodes both
    return ProofInitResult(proof.Abar, proof.Bbar, proof.D, T1, T2, domain, proof.point_octets,
                           grp.g1_batch_to_bytes_var([T1, T2]))


def _proof_check_pair(pk: bytes, proof: bytes | Proof, generators: Sequence, header: bytes, ph: bytes,
                      disclosed_messages: Sequence, disclosed_indexes: Sequence[int], api_id: bytes,
                      suite: Ciphersuite):
    """Everything of CoreProofVerify except the pairing; returns (Abar, W, Bbar) for the final check
    h(Abar, W) * h(Bbar, -BP2) == 1. Raises VerificationError when the challenge does not match."""
    header = _octets(header, "header")
    ph = _octets(ph, "presentation header")
    p = _as_proof(proof)
    W = octets_to_pubkey(pk)
    idx = _check_indexes(disclosed_indexes, len(disclosed_indexes) + len(p.commitments), "disclosed_indexes",
                         exc=VerificationError)
    init_res = proof_verify_init(pk, p, generators, header, disclosed_messages, idx, api_id, suite)
    challenge = proof_challenge_calculate(init_res, disclosed_messages, idx, ph, api_id, suite)
    if challenge != p.challenge:
        raise VerificationError("BBS proof does not verify (challenge mismatch)")
    return p.Abar, W, p.Bbar


def core_proof_verify(pk: bytes, proof: bytes | Proof, generators: Sequence, header: bytes, ph: bytes,
                      disclosed_messages: Sequence, disclosed_indexes: Sequence[int], api_id: bytes,
                      suite: Ciphersuite) -> None:
    """CoreProofVerify (draft section "CoreProofVerify"): None if valid, else VerificationError (DecodeError when
    the key or proof is malformed)."""
    Abar, W, Bbar = _proof_check_pair(pk, proof, generators, header, ph, disclosed_messages, disclosed_indexes,
                                      api_id, suite)
    if not grp.pairing_check([(Abar, W), (Bbar, grp.bp2_neg())]):
        raise VerificationError("BBS proof does not verify (pairing check failed)")
