"""Groth16 (Groth, EUROCRYPT 2016, section 3.2) on BLS12-381 in snarkjs's key shape.

- ``setup(r1cs)``: a local, single-party trusted setup for development and tests. The toxic waste
  (tau, alpha, beta, delta) is drawn from ``os.urandom`` straight into C memory, used there, and wiped before
  the call returns; it never reaches a Python object, a file or a log. Anyone who learned it could forge
  proofs, so production keys must come from a multi-party ceremony (snarkjs powers of tau + zkey contribute).
- ``prove(pk, witness)``: fresh r, s; the QAP witness map (NTT) and all MSMs run in C on every core with the
  GIL released. The MSMs over the witness are variable time (Pippenger): a local timing observer learns about
  the witness. The r, s terms use constant-time scalar multiplication.
- ``verify(vk, public, proof)`` returns ``None`` or raises ``VerificationError``; ``PreparedVerifyingKey`` caches
  e(alpha, beta); ``batch_verify`` checks many proofs under one key with one multi-pairing (random linear
  combination with 128-bit coefficients: a batch containing a bad proof passes with probability <= 2^-128).
"""
from __future__ import annotations

import os
import struct
from collections.abc import Sequence

from .._record import Record
from ..bls12_381._ffi import ffi, lib
from ..errors import DecodeError, VerificationError
from .keys import Proof, R, VerifyingKey

TYPE_CHECKING = False   # typing.TYPE_CHECKING without importing typing (start-up time of the verifier)
if TYPE_CHECKING:  # pragma: no cover
    from ._proving_key import ProvingKey
    from .r1cs import R1CS

R2_MOD_R = pow(2, 512, R)


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


def _random_scalars(k: int) -> object:
    """k uniform scalars in C memory, from 64 random bytes each (the bytes are wiped after use)."""
    out = ffi.new("zk_fr[]", k)
    buf = bytearray(64)
    cbuf = ffi.from_buffer(buf)
    for i in range(k):
        buf[:] = os.urandom(64)
        lib.zk_fr_from_bytes_wide(out + i, cbuf, 64)
    ffi.memmove(cbuf, bytes(64), 64)
    return out


def _wipe(cdata: object, size: int) -> None:
    ffi.memmove(cdata, bytes(size), size)


# ---------------------------------------------------------------- setup


def setup(r1cs: R1CS, *, nthreads: int | None = None) -> ProvingKey:
    """Development-only trusted setup (module docstring): a snarkjs-shaped key (gamma = 1, odd-coset H bases,
    public-input rows) that ``snarkjs groth16 prove`` accepts when written with ``snarkjs.write_zkey``."""
    n_vars, n_public = r1cs.n_wires, r1cs.n_public
    if n_vars < n_public + 1:
        raise ValueError("R1CS has fewer wires than public signals + 1")
    domain_size = domain_size_for(len(r1cs.constraints), n_public)
    log_n = domain_size.bit_length() - 1
    from . import _ntt     # the prover's modules load on first use (the verifier does not need them)
    threads = nthreads or _ntt.default_threads()
    records_ab = qap_records(r1cs, with_c=False)
    qap = _ntt.QAP(qap_records(r1cs, with_c=True), max_matrix=2, n_rows=domain_size, n_wires=n_vars)
    domain = _ntt.Domain(log_n + 1, threads)
    n_c = n_vars - n_public - 1
    a = ffi.new("zk_g1_affine[]", n_vars)
    b1 = ffi.new("zk_g1_affine[]", n_vars)
    b2 = ffi.new("zk_g2_affine[]", n_vars)
    ic = ffi.new("zk_g1_affine[]", n_public + 1)
    c = ffi.new("zk_g1_affine[]", max(n_c, 1))
    h = ffi.new("zk_g1_affine[]", domain_size)
    g1 = ffi.new("zk_g1_affine[3]")
    g2 = ffi.new("zk_g2_affine[3]")
    ssz = lib.zk_groth16_setup_scratch_size(n_vars, log_n, threads)
    scratch = ffi.new("uint8_t[]", ssz)
    toxic = _random_scalars(4)
    try:
        err = lib.zk_groth16_setup(a, b1, b2, ic, c, h, g1, g2, qap.entries, qap.n, n_vars, n_public, log_n,
                                   toxic, domain.buf, domain.nbytes, threads, scratch, ssz)
    finally:
        _wipe(toxic, 4 * ffi.sizeof("zk_fr"))
    if err != lib.ZK_OK:
        raise RuntimeError(f"zk_groth16_setup failed ({err})")
    from ._proving_key import ProvingKey
    hdr1 = _ntt.g1_points_to_zkey(g1, 3)
    hdr2 = _ntt.g2_points_to_zkey(g2, 3)
    return ProvingKey(n_vars=n_vars, n_public=n_public, domain_size=domain_size,
                      alpha1=hdr1[:96], beta1=hdr1[96:192], delta1=hdr1[192:],
                      beta2=hdr2[:192], gamma2=hdr2[192:384], delta2=hdr2[384:],
                      ic=_ntt.g1_points_to_zkey(ic, n_public + 1), coeffs=records_ab,
                      a=_ntt.g1_points_to_zkey(a, n_vars), b1=_ntt.g1_points_to_zkey(b1, n_vars),
                      b2=_ntt.g2_points_to_zkey(b2, n_vars), c=_ntt.g1_points_to_zkey(c, n_c),
                      h=_ntt.g1_points_to_zkey(h, domain_size))


# ---------------------------------------------------------------- prove


def _g1_out(p) -> object:
    from ..bls12_381 import G1
    buf = ffi.new("uint8_t[96]")
    lib.zk_g1_to_bytes(buf, p, 0)
    return G1.from_bytes(bytes(buf))


def _g2_out(p) -> object:
    from ..bls12_381 import G2
    buf = ffi.new("uint8_t[192]")
    lib.zk_g2_to_bytes(buf, p, 0)
    return G2.from_bytes(bytes(buf))


def prove(pk: ProvingKey, witness: bytes | Sequence[int], *, nthreads: int | None = None) -> tuple[Proof, list[int]]:
    """A Groth16 proof for ``witness`` (n_vars scalars, 32-byte LE each as in .wtns, or integers; w[0] = 1).

    Returns (proof, public signals w[1..n_public]). The witness must satisfy the circuit: an unsatisfying one
    gives a proof that does not verify (the QAP map uses C = A o B, as snarkjs does)."""
    from . import _ntt
    if not isinstance(witness, (bytes, bytearray, memoryview)):
        witness = _ntt.ints_to_le([int(v) for v in witness])
    nk = pk.native()
    if len(witness) != 32 * pk.n_vars:
        raise DecodeError(f"witness has {len(witness) // 32} values, the key expects nVars = {pk.n_vars}")
    w = _ntt.fr_array_from_le(bytes(witness), pk.n_vars, "witness value")
    if int.from_bytes(witness[:32], "little") != 1:
        raise DecodeError("witness[0] (the constant ONE wire) must be 1")
    threads = nthreads or _ntt.default_threads()
    ssz = lib.zk_groth16_prove_scratch_size(nk.struct, threads)
    scratch = ffi.new("uint8_t[]", ssz)
    rs = _random_scalars(2)
    pa, pb, pc = ffi.new("zk_g1 *"), ffi.new("zk_g2 *"), ffi.new("zk_g1 *")
    try:
        err = lib.zk_groth16_prove_var(pa, pb, pc, nk.struct, w, rs + 0, rs + 1, nk.domain.buf, nk.domain.nbytes,
                                       threads, scratch, ssz)
    finally:
        _wipe(rs, 2 * ffi.sizeof("zk_fr"))
        _wipe(w, pk.n_vars * ffi.sizeof("zk_fr"))
    if err != lib.ZK_OK:
        raise RuntimeError(f"zk_groth16_prove_var failed ({err})")
    public = [int.from_bytes(witness[32 * i:32 * i + 32], "little") for i in range(1, pk.n_public + 1)]
    return Proof(_g1_out(pa), _g2_out(pb), _g1_out(pc)), public


# ---------------------------------------------------------------- verify


def _check_public(vk: VerifyingKey, public: Sequence[int]) -> list[int]:
    if len(public) != vk.n_public:
        raise VerificationError(f"expected {vk.n_public} public inputs, got {len(public)}")
    out = []
    for i, v in enumerate(public):
        v = int(v)
        if not 0 <= v < R:
            raise VerificationError(f"public input {i} is not in [0, r)")
        out.append(v)
    return out


def _cpub(vk: VerifyingKey, public: list[int]):
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
    __slots__ = ("vk", "alpha_beta")

    @classmethod
    def from_vk(cls, vk: VerifyingKey) -> "PreparedVerifyingKey":
        from ..bls12_381 import pairing
        return cls(vk, pairing(vk.alpha1, vk.beta2))


def prepare(vk: VerifyingKey) -> PreparedVerifyingKey:
    return PreparedVerifyingKey.from_vk(vk)


def verify(vk: VerifyingKey | PreparedVerifyingKey, public_inputs: Sequence[int], proof: Proof) -> None:
    """Groth16 verification: e(A, B) = e(alpha, beta) e(sum pub_i IC_i, gamma) e(C, delta).

    The proof points are full group elements (``zkcred.bls12_381`` checks subgroup membership when decoding);
    public inputs must number exactly nPublic, each in [0, r). Returns None or raises VerificationError."""
    from ..bls12_381 import multi_pairing, pairing_check
    pvk = vk if isinstance(vk, PreparedVerifyingKey) else None
    key = pvk.vk if pvk else vk
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
    pvk = vk if isinstance(vk, PreparedVerifyingKey) else None
    key = pvk.vk if pvk else vk
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


