"""Groth16 (Groth, EUROCRYPT 2016, section 3.2) on BLS12-381 in snarkjs's key shape.

- ``setup(r1cs)``: a local, single-party trusted setup for development and tests. The toxic waste
  (tau, alpha, beta, delta) is drawn from ``os.urandom`` straight into C memory, used there, and wiped before
  the call returns; it never reaches a Python object, a file or a log. Anyone who learned it could forge
  proofs, so production keys must come from a multi-party ceremony (snarkjs powers of tau + zkey contribute).
- ``prove(pk, witness)``: fresh r, s; the QAP witness map (NTT) and all MSMs run in C on every core with the
  GIL released. The MSMs over the witness are variable time (Pippenger): a local timing observer learns about
  the witness. The r, s terms use constant-time scalar multiplication. ``prove_points(..., boolean_wires=flags)``
  is constant time in the witness instead (zk_groth16_prove_ct: a masked addition per boolean wire, the
  constant-time MSM for the rest and for h; slower: ~6.5 ms for range64, of which the MSM over h takes
  ~4.7 ms, against ~4 ms for the whole variable-time prover).
- ``verify(vk, public, proof)`` returns ``None`` or raises ``VerificationError``; ``PreparedVerifyingKey`` caches
  e(alpha, beta); ``batch_verify`` checks many proofs under one key with one multi-pairing (random linear
  combination with 128-bit coefficients: a batch containing a bad proof passes with probability <= 2^-128).
"""
from __future__ import annotations

import os
import struct
from collections.abc import Sequence

from .._record import Record
from ..errors import DecodeError, VerificationError
from .keys import Proof, R, VerifyingKey, check_vk, is_canonical_decimal

TYPE_CHECKING = False   # typing.TYPE_CHECKING without importing typing (start-up time of the verifier)
if TYPE_CHECKING:  # pragma: no cover
    from ..bls12_381 import G1, G2, GT
    from ._proving_key import ProvingKey
    from .lego import LegoVerifyingKey
    from .r1cs import R1CS

__all__ = ["setup", "prove", "prove_points", "verify", "batch_verify", "prepare", "PreparedVerifyingKey",
           "domain_size_for", "qap_records", "MAX_LOG_DOMAIN"]

R2_MOD_R = pow(2, 512, R)
#: The largest QAP domain (2^28 rows), as in the native setup and the .zkey reader.
MAX_LOG_DOMAIN = 28


# ---------------------------------------------------------------- QAP layout (snarkjs's)


def domain_size_for(n_constraints: int, n_public: int) -> int:
    """snarkjs: the smallest power of two above nConstraints + nPublic (room for the nPublic + 1 input rows)."""
    return 1 << (n_constraints + n_public).bit_length()


def qap_records(r1cs: R1CS, *, with_c: bool) -> bytes:
    """.zkey section-4 records for ``r1cs``: per constraint its A then B terms, then the public-input rows
    {A, nConstraints + i, wire i, 1} for i = 0..nPublic; with_c appends the C terms (matrix 2, setup only)."""
    pack = struct.Struct("<III").pack
    out = []
    m = len(r1cs.constraints)
    for row, (a, b, _c) in enumerate(r1cs.constraints):
        for matrix, lc in ((0, a), (1, b)):
            for wire, coef in lc:
                out.append(pack(matrix, row, wire) + (coef * R2_MOD_R % R).to_bytes(32, "little"))
    one = R2_MOD_R.to_bytes(32, "little")
    for i in range(r1cs.n_public + 1):
        out.append(pack(0, m + i, i) + one)
    if with_c:
        for row, (_a, _b, c) in enumerate(r1cs.constraints):
            for wire, coef in c:
                out.append(pack(2, row, wire) + (coef * R2_MOD_R % R).to_bytes(32, "little"))
    return b"".join(out)


# ---------------------------------------------------------------- setup


def setup(r1cs: R1CS, *, nthreads: int | None = None) -> ProvingKey:
    """Development-only trusted setup (module docstring): a snarkjs-shaped key (gamma = 1, odd-coset H bases,
    public-input rows) that ``snarkjs groth16 prove`` accepts when written with ``snarkjs.write_zkey``."""
    return setup_with_powers(r1cs, nthreads=nthreads)[0]


def setup_with_powers(r1cs: R1CS, *, nthreads: int | None = None) -> tuple[ProvingKey, bytes, bytes]:
    """``setup``, plus the powers of the same tau, .zkey-encoded: (key, tau^j G1 for j = 1..n (n = the domain
    size), tau G2 || tau^n G2); what ``lego.setup`` publishes so that holders can check the key fully."""
    n_vars, n_public = r1cs.n_wires, r1cs.n_public
    if n_vars < n_public + 1:
        raise ValueError("R1CS has fewer wires than public signals + 1")
    domain_size = domain_size_for(len(r1cs.constraints), n_public)
    log_n = domain_size.bit_length() - 1
    if log_n > MAX_LOG_DOMAIN or n_vars >= 1 << 32:      # before anything is allocated or looped over
        raise DecodeError(f"R1CS too large: {len(r1cs.constraints)} constraints + {n_public} public signals need "
                          f"a domain of 2^{log_n} (at most 2^{MAX_LOG_DOMAIN}), {n_vars} wires (below 2^32)")
    from . import _ntt     # the prover's modules load on first use (the verifier does not need them)
    threads = _ntt.threads_or_default(nthreads)
    records_ab = qap_records(r1cs, with_c=False)
    qap = _ntt.QAP(qap_records(r1cs, with_c=True), max_matrix=2, n_rows=domain_size, n_wires=n_vars)
    domain = _ntt.Domain(log_n + 1, threads)
    sections = _ntt.groth16_setup(qap, n_vars=n_vars, n_public=n_public, log_n=log_n, domain=domain,
                                  nthreads=threads)
    from ._proving_key import ProvingKey
    hdr1, hdr2 = sections["g1"], sections["g2"]
    pk = ProvingKey(n_vars=n_vars, n_public=n_public, domain_size=domain_size,
                    alpha1=hdr1[:96], beta1=hdr1[96:192], delta1=hdr1[192:],
                    beta2=hdr2[:192], gamma2=hdr2[192:384], delta2=hdr2[384:],
                    ic=sections["ic"], coeffs=records_ab, a=sections["a"], b1=sections["b1"],
                    b2=sections["b2"], c=sections["c"], h=sections["h"])
    return pk, sections["tau1"], sections["tau2"]


# ---------------------------------------------------------------- prove


def prove(pk: ProvingKey, witness: bytes | Sequence[int], *, nthreads: int | None = None) -> tuple[Proof, list[int]]:
    """A Groth16 proof for ``witness`` (n_vars scalars, 32-byte LE each as in .wtns, or integers; w[0] = 1).

    Returns (proof, public signals w[1..n_public]). The witness must satisfy the circuit: an unsatisfying one
    gives a proof that does not verify (the QAP map uses C = A o B, as snarkjs does)."""
    from . import _ntt
    if not isinstance(witness, (bytes, bytearray, memoryview)):
        for i, v in enumerate(witness):
            if isinstance(v, bool) or not isinstance(v, int):
                raise DecodeError(f"witness value {i} must be an int, not {type(v).__name__}")
        witness = _ntt.ints_to_le(list(witness))
    proof = prove_points(pk, witness, nthreads=nthreads)
    public = [int.from_bytes(witness[32 * i:32 * i + 32], "little") for i in range(1, pk.n_public + 1)]
    return proof, public


def prove_points(pk: ProvingKey, witness: bytes | bytearray | memoryview, *, nthreads: int | None = None,
                 boolean_wires: bytes | None = None, product_free: bool = False, key_checked: bool = False) -> Proof:
    """``prove`` without the public-signal list: the proof (A, B, C) for a witness given as bytes (n_vars x
    32-byte LE). For callers (``lego``) whose key counts secret committed wires among its nPublic, so that no
    Python integer of a secret value is made.

    ``boolean_wires`` (n_vars public 0/1 flags: the wires the circuit constrains to be boolean, ONE not among
    them) selects the prover that is constant time in the witness (zk_groth16_prove_ct: one masked addition per
    boolean wire, the constant-time MSM for the others and for h, that one split over ``nthreads``). A flagged wire that holds
    another value makes a proof that does not verify. ``product_free`` (with ``boolean_wires``): the circuit's
    C matrix is empty (every constraint reads x * y = 0, as in zkcred.circuits.range64), so h vanishes on the
    domain rows where A and B have no entry and the H sum runs over the other rows only (the key's H query in
    the domain's Lagrange basis, computed once per key: ``NativeProvingKey.h_domain``). The proof points are
    checked to be in the prime-order subgroup (a .zkey import checks the curve equation only) unless
    ``key_checked``: the caller vouches that every point of the key is (``lego.check_keys`` passed)."""
    from . import _ntt
    nk = pk.native()
    if len(witness) != 32 * pk.n_vars:
        raise DecodeError(f"witness has {len(witness) // 32} values, the key expects nVars = {pk.n_vars}")
    if int.from_bytes(witness[:32], "little") != 1:
        raise DecodeError("witness[0] (the constant ONE wire) must be 1")
    if boolean_wires is not None:
        a, b, c = _ntt.groth16_prove_ct(nk.pk, bytes(witness), boolean_wires, nk.domain, nthreads,
                                        nk.h_domain(pk) if product_free else None)
    else:
        a, b, c = _ntt.groth16_prove(nk.pk, bytes(witness), nk.domain, nthreads)
    from ..bls12_381 import G1, G2
    # the C prover's points are on the curve; the key's points need not be in the subgroup (a .zkey import checks
    # the curve equation only), so the subgroup is checked here, as decoding them would (without the encoding
    # and decoding: the proof points are published, or C' = C - v eta_delta1 is, see lego.prove)
    if not key_checked and not _ntt.proof_points_in_subgroup(a, b, c):
        raise DecodeError("Groth16 prove: a proof point is not in the prime-order subgroup (the proving key has "
                          "points outside it)")
    return Proof(G1._from_c(a), G2._from_c(b), G1._from_c(c))


# ---------------------------------------------------------------- verify


def _check_public(vk: VerifyingKey | LegoVerifyingKey, public: Sequence[int | str]) -> list[int]:
    """The public inputs as ints. Each must be an int (not a bool), an Fr, or a decimal string as snarkjs writes
    it (ASCII digits, no sign or spaces): DecodeError otherwise -- ``int()`` would read 18.9 as 18 and "١٠" as
    10. Their number and range [0, r) are the statement: VerificationError when they do not fit the key."""
    from ..bls12_381 import Fr
    if isinstance(public, (str, bytes, bytearray)):
        raise DecodeError("public inputs must be a sequence of numbers, not a single string")
    if len(public) != vk.n_public:
        raise VerificationError(f"expected {vk.n_public} public inputs, got {len(public)}")
    out = []
    for i, v in enumerate(public):
        if isinstance(v, str):
            if not is_canonical_decimal(v):
                raise DecodeError(f"public input {i}: expected ASCII decimal digits (no sign, spaces or leading "
                                  f"zeros), got {v!r:.40}")
            v = int(v)
        elif isinstance(v, Fr):
            v = int(v)
        elif isinstance(v, bool) or not isinstance(v, int):
            raise DecodeError(f"public input {i} must be an int, an Fr or a decimal string, not "
                              f"{type(v).__name__}")
        if not 0 <= v < R:
            raise VerificationError(f"public input {i} is not in [0, r)")
        out.append(int(v))
    return out


def _cpub(vk: VerifyingKey | LegoVerifyingKey, public: list[int]) -> G1:
    from ..bls12_381 import G1, Fr
    if len(public) > 16:
        return vk.ic[0] + G1.msm_var(list(vk.ic[1:]), [Fr(v) for v in public])
    acc = vk.ic[0]
    for p, v in zip(vk.ic[1:], public):   # few public inputs: wNAF multiplications beat MSM set-up
        if v:
            acc = acc + p.mul_var(v)
    return acc


def _msm(points: list, scalars: list[int]):
    from ..bls12_381 import G1, Fr
    if len(points) > 16:
        return G1.msm_var(points, [Fr(x) for x in scalars])
    acc = G1.identity()
    for p, v in zip(points, scalars):
        acc = acc + p.mul_var(v)
    return acc


class PreparedVerifyingKey(Record):
    """A verifying key with e(alpha1, beta2) computed once. Fields: ``vk`` (VerifyingKey), ``alpha_beta`` (GT)."""
    vk: VerifyingKey
    alpha_beta: GT

    @classmethod
    def from_vk(cls, vk: VerifyingKey) -> "PreparedVerifyingKey":
        from ..bls12_381 import pairing
        check_vk(vk)
        return cls(vk, pairing(vk.alpha1, vk.beta2))


def prepare(vk: VerifyingKey) -> PreparedVerifyingKey:
    return PreparedVerifyingKey.from_vk(vk)


def verify(vk: VerifyingKey | PreparedVerifyingKey, public_inputs: Sequence[int | str], proof: Proof) -> None:
    """Groth16 verification: e(A, B) = e(alpha, beta) e(sum pub_i IC_i, gamma) e(C, delta).

    The proof points are full group elements (``zkcred.bls12_381`` checks subgroup membership when decoding);
    public inputs must number exactly nPublic, each in [0, r). The key must pass ``keys.check_vk`` (no identity
    element, gamma2 != delta2), else DecodeError. Returns None or raises VerificationError."""
    from ..bls12_381 import multi_pairing, pairing_check
    pvk, key = (vk, vk.vk) if isinstance(vk, PreparedVerifyingKey) else (None, vk)
    check_vk(key)          # a key that cannot be sound is malformed input (DecodeError), whoever built it
    pub = _check_public(key, public_inputs)
    cpub = _cpub(key, pub)
    if pvk is not None:
        lhs = multi_pairing([(-proof.a, proof.b), (cpub, key.gamma2), (proof.c, key.delta2)])
        ok = (lhs * pvk.alpha_beta).is_one()
    else:
        ok = pairing_check([(-proof.a, proof.b), (key.alpha1, key.beta2), (cpub, key.gamma2),
                            (proof.c, key.delta2)])
    if not ok:
        raise VerificationError("Groth16 pairing check failed")


def batch_verify(vk: VerifyingKey | PreparedVerifyingKey, items: Sequence[tuple[Sequence[int], Proof]]) -> None:
    """Verify many proofs under one key with one multi-pairing (k + 3 Miller loops, one final exponentiation).

    Each proof k gets a random 128-bit weight rho_k; the check is
    prod e(rho_k A_k, B_k) = e(alpha, beta)^(sum rho) e(sum rho_k cpub_k, gamma) e(sum rho_k C_k, delta).
    On failure, the proofs are checked one by one and the error names the first bad one."""
    from ..bls12_381 import Fr, multi_pairing, pairing_check
    pvk, key = (vk, vk.vk) if isinstance(vk, PreparedVerifyingKey) else (None, vk)
    check_vk(key)
    if not items:
        return
    pubs = [_check_public(key, p) for p, _ in items]
    rho = [int.from_bytes(os.urandom(16), "little") | 1 for _ in items]
    sum_rho = sum(rho) % R
    # sum_k rho_k cpub_k = IC_0 sum rho + sum_i IC_{i+1} (sum_k rho_k pub_{k,i})
    coef = [sum_rho] + [sum(r * p[i] for r, p in zip(rho, pubs)) % R for i in range(key.n_public)]
    cpub = _msm(list(key.ic), coef)
    csum = _msm([pf.c for _, pf in items], rho)
    # the weights only need to be unpredictable when the proofs were made: variable-time products are fine
    pairs = [(-pf.a.mul_var(rk), pf.b) for (_, pf), rk in zip(items, rho)]
    pairs += [(cpub, key.gamma2), (csum, key.delta2)]
    if pvk is not None:
        ok = (multi_pairing(pairs) * (pvk.alpha_beta ** Fr(sum_rho))).is_one()
    else:
        ok = pairing_check(pairs + [(key.alpha1 * Fr(sum_rho), key.beta2)])
    if ok:
        return
    for k, (p, pf) in enumerate(items):
        try:
            verify(key, p, pf)
        except VerificationError as e:
            raise VerificationError(f"proof {k} of the batch: {e}") from None
    raise VerificationError("batch pairing check failed")  # pragma: no cover - needs a 2^-128 event


