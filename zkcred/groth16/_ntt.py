"""The binding of the native core's Groth16 functions (csrc/ntt: NTT over Fr, QAP witness map, .zkey point
codecs, the proving-key struct, the prover and the development setup): one Python call, one C call.

This is the only module of ``zkcred.groth16`` that calls ``lib``: ``core`` and ``_proving_key`` go through the
functions below. Every ``zk_err`` a C function returns becomes a named exception here (``_ffi.check``:
``DecodeError`` naming the rule for bad input, ``NativeArgumentError`` / ``NativeScratchError`` -- both
``InternalError`` -- when the binding broke a native precondition); no raw code reaches a caller. Arguments are
checked in Python before the call, so the internal errors mean a bug.

Buffers stay cffi memory; scalars cross the boundary as 32-byte little-endian canonical integers (the .wtns
layout). Nothing here loops over field elements in Python.
"""
from __future__ import annotations

import os

from ..bls12_381._ffi import check, ffi, lib
from ..bls12_381._ffi import new_scratch as _new_scratch
from ..bls12_381._fr import CURVE_ORDER as R
from ..errors import DecodeError

TYPE_CHECKING = False   # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:  # pragma: no cover
    from ..bls12_381._ffi import CData

FR_BYTES = 32
G1_ZKEY_BYTES = 96
G2_ZKEY_BYTES = 192
QAP_RECORD_BYTES = 44
#: Bounds of a thread count (``nthreads`` arguments, ZKCRED_THREADS, ``--threads``): the C functions take an
#: ``unsigned``, and each thread gets its own scratch.
MAX_THREADS = 1024


def check_threads(nthreads: object, what: str = "nthreads") -> int:
    """``nthreads`` as an int in [1, MAX_THREADS]; ValueError naming ``what`` otherwise (bool and float refused)."""
    if isinstance(nthreads, bool) or not isinstance(nthreads, int) or not 1 <= nthreads <= MAX_THREADS:
        raise ValueError(f"{what} must be an integer in [1, {MAX_THREADS}], got {nthreads!r:.40}")
    return nthreads


def default_threads() -> int:
    """Threads for the C kernels: ZKCRED_THREADS if set, else every CPU this process may use (at most
    MAX_THREADS)."""
    env = os.environ.get("ZKCRED_THREADS")
    if env:
        if not (env.isascii() and env.isdigit()):
            raise ValueError(f"ZKCRED_THREADS must be an integer in [1, {MAX_THREADS}], got {env!r:.40}")
        return check_threads(int(env), "ZKCRED_THREADS")
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - non-Linux
        n = os.cpu_count() or 1
    return max(1, min(n, MAX_THREADS))


def threads_or_default(nthreads: int | None) -> int:
    """``nthreads`` checked (check_threads), or default_threads() when it is None."""
    return default_threads() if nthreads is None else check_threads(nthreads)


class Domain:
    """Twiddles of one size 2^log_n (public constants), in C memory."""

    def __init__(self, log_n: int, nthreads: int | None = None) -> None:
        if not 0 <= log_n <= 32:
            raise ValueError("NTT domain size must be 2^0 .. 2^32")
        self.log_n = log_n
        self.nbytes = lib.zk_ntt_domain_size(log_n)
        self.buf = ffi.new("uint8_t[]", self.nbytes)
        check(lib.zk_ntt_domain_init(self.buf, self.nbytes, log_n, threads_or_default(nthreads)),
              "zk_ntt_domain_init")


def fr_array_from_le(data: bytes, n: int, what: str = "scalar") -> CData:
    """n 32-byte LE canonical scalars -> a cffi zk_fr[n] (Montgomery form). Raises DecodeError on a value >= r."""
    if len(data) != FR_BYTES * n:
        raise DecodeError(f"{what} array: expected {FR_BYTES * n} bytes, got {len(data)}")
    out = ffi.new("zk_fr[]", max(n, 1))
    bad = ffi.new("size_t *")
    if lib.zk_fr_batch_from_le(out, data, n, bad) != lib.ZK_OK:
        raise DecodeError(f"{what} {bad[0]} is not a canonical scalar (must be < r)")
    return out


def fr_array_to_le(arr: CData, n: int) -> bytes:
    out = ffi.new("uint8_t[]", FR_BYTES * n)
    lib.zk_fr_batch_to_le(out, arr, n)
    return bytes(ffi.buffer(out, FR_BYTES * n))


def ints_to_le(values: list[int]) -> bytes:
    return b"".join((v % R).to_bytes(FR_BYTES, "little") for v in values)


def le_to_ints(data: bytes) -> list[int]:
    return [int.from_bytes(data[i:i + FR_BYTES], "little") for i in range(0, len(data), FR_BYTES)]


def random_scalars(k: int) -> CData:
    """k uniform scalars in C memory (zk_fr[k]), from 64 random bytes each (the bytes are wiped after use).
    The caller wipes the scalars (``wipe``) when they are secret."""
    out = ffi.new("zk_fr[]", k)
    buf = bytearray(64)
    cbuf = ffi.from_buffer(buf)
    for i in range(k):
        buf[:] = os.urandom(64)
        lib.zk_fr_from_bytes_wide(out + i, cbuf, 64)
    ffi.memmove(cbuf, bytes(64), 64)
    return out


def wipe(cdata: CData, nbytes: int) -> None:
    """Overwrite ``nbytes`` of C memory with zeros (secret scalars after use)."""
    ffi.memmove(cdata, bytes(nbytes), nbytes)


def wipe_fr(arr: object, n: int) -> None:
    """Overwrite the n scalars of a zk_fr array with zeros."""
    wipe(arr, n * ffi.sizeof("zk_fr"))


def ntt(values: list[int], *, inverse: bool = False, coset: int | None = None,
        domain: Domain | None = None, nthreads: int | None = None) -> list[int]:
    """NTT (or inverse) of a power-of-two list of scalars; coset=g evaluates on g<w_n> instead of <w_n>."""
    n = len(values)
    if n == 0 or n & (n - 1):
        raise ValueError("NTT length must be a power of two")
    log_n = n.bit_length() - 1
    domain = domain or Domain(log_n, nthreads)
    if log_n > domain.log_n:
        raise ValueError(f"NTT of length 2^{log_n} needs a domain of size >= 2^{log_n} (got 2^{domain.log_n})")
    a = fr_array_from_le(ints_to_le(values), n)
    threads = threads_or_default(nthreads)
    if coset is None:
        check(lib.zk_fr_ntt(a, n, int(inverse), domain.buf, domain.nbytes, threads), "zk_fr_ntt")
    else:
        g = fr_array_from_le(ints_to_le([coset]), 1)
        check(lib.zk_fr_coset_ntt(a, n, g, int(inverse), domain.buf, domain.nbytes, threads), "zk_fr_coset_ntt")
    return le_to_ints(fr_array_to_le(a, n))


def u32_array(values: list[int]) -> CData:
    """A cffi uint32_t[] holding ``values`` (public indices)."""
    return ffi.new("uint32_t[]", list(values) or [0])


def root_of_unity(log_n: int) -> int:
    if not 0 <= log_n <= 32:
        raise ValueError("roots of unity exist for orders 2^0 .. 2^32")
    out = ffi.new("zk_fr *")
    lib.zk_ntt_root_of_unity(out, log_n)
    return le_to_ints(fr_array_to_le(out, 1))[0]


class QAP:
    """The A/B(/C) coefficient entries of a QAP in C memory (decoded once, read by every proof)."""

    def __init__(self, records: bytes | memoryview, *, max_matrix: int, n_rows: int, n_wires: int) -> None:
        if len(records) % QAP_RECORD_BYTES:
            raise DecodeError("coefficient section: length is not a multiple of 44 bytes")
        for name, v in (("max_matrix", max_matrix), ("n_rows", n_rows), ("n_wires", n_wires)):
            if not 0 <= v < 1 << 32:
                raise DecodeError(f"coefficient section: {name} {v} does not fit 32 bits")
        self.n = len(records) // QAP_RECORD_BYTES
        self.entries = ffi.new("zk_qap_entry[]", max(self.n, 1))
        bad = ffi.new("size_t *")
        err = lib.zk_qap_entries_from_zkey_var(self.entries, ffi.from_buffer(records), self.n, max_matrix, n_rows, n_wires, bad)
        if err == lib.ZK_ERR_SCALAR_RANGE:
            raise DecodeError(f"coefficient {bad[0]}: value is not < r")
        if err == lib.ZK_ERR_ARGUMENT:
            raise DecodeError(f"coefficient {bad[0]}: matrix > {max_matrix}, row >= {n_rows} or wire >= {n_wires}")
        check(err, "zk_qap_entries_from_zkey_var")

    def to_bytes(self) -> bytes:
        out = ffi.new("uint8_t[]", QAP_RECORD_BYTES * self.n)
        lib.zk_qap_entries_to_zkey(out, self.entries, self.n)
        return bytes(ffi.buffer(out, QAP_RECORD_BYTES * self.n))


def witness_map(qap: QAP, witness: CData, n_wires: int, log_n: int, domain: Domain,
                nthreads: int | None = None) -> CData:
    """h (zk_fr[2^log_n], C memory) from the witness (zk_fr[n_wires]); see zk_groth16_witness_map."""
    if domain.log_n < log_n + 1:
        raise ValueError(f"the witness map on 2^{log_n} rows needs a domain of size >= 2^{log_n + 1}")
    n = 1 << log_n
    h = ffi.new("zk_fr[]", n)
    ssz = lib.zk_groth16_witness_map_scratch_size(n)
    scratch = ffi.new("uint8_t[]", ssz)
    check(lib.zk_groth16_witness_map(h, qap.entries, qap.n, witness, n_wires, log_n, domain.buf, domain.nbytes,
                                     threads_or_default(nthreads), scratch, ssz), "zk_groth16_witness_map")
    return h


def _point_error(err: int, what: str, index: int) -> None:
    if err == lib.ZK_ERR_COORDINATE_RANGE:
        raise DecodeError(f"{what}: point {index} has a coordinate >= p")
    if err == lib.ZK_ERR_NOT_ON_CURVE:
        raise DecodeError(f"{what}: point {index} is not on the curve")
    check(err, what)


def g1_points_from_zkey(data: bytes | memoryview, n: int, what: str) -> CData:
    if len(data) != G1_ZKEY_BYTES * n:
        raise DecodeError(f"{what}: expected {n} G1 points ({G1_ZKEY_BYTES * n} bytes), got {len(data)} bytes")
    out = ffi.new("zk_g1_affine[]", max(n, 1))
    bad = ffi.new("size_t *")
    err = lib.zk_g1_affine_from_zkey_var(out, ffi.from_buffer(data), n, default_threads(), bad)
    if err:
        _point_error(err, what, bad[0])
    return out


def g2_points_from_zkey(data: bytes | memoryview, n: int, what: str) -> CData:
    if len(data) != G2_ZKEY_BYTES * n:
        raise DecodeError(f"{what}: expected {n} G2 points ({G2_ZKEY_BYTES * n} bytes), got {len(data)} bytes")
    out = ffi.new("zk_g2_affine[]", max(n, 1))
    bad = ffi.new("size_t *")
    err = lib.zk_g2_affine_from_zkey_var(out, ffi.from_buffer(data), n, default_threads(), bad)
    if err:
        _point_error(err, what, bad[0])
    return out


def g1_points_to_zkey(points: CData, n: int) -> bytes:
    out = ffi.new("uint8_t[]", max(G1_ZKEY_BYTES * n, 1))
    lib.zk_g1_affine_to_zkey(out, points, n)
    return bytes(ffi.buffer(out, G1_ZKEY_BYTES * n))


def g2_points_to_zkey(points: CData, n: int) -> bytes:
    out = ffi.new("uint8_t[]", max(G2_ZKEY_BYTES * n, 1))
    lib.zk_g2_affine_to_zkey(out, points, n)
    return bytes(ffi.buffer(out, G2_ZKEY_BYTES * n))


# ---------------------------------------------------------------- proving key, prover, setup


class PKStruct:
    """The zk_groth16_pk struct over decoded C arrays (``struct``); keeps every array it points into alive.

    ``a``, ``b1``, ``b2``: the A, B1, B2 sections (compacted in place: the points at infinity leave the MSMs,
    wires absent from A or B, most of B in real circuits); ``c``, ``h``: sections C and H; ``hdr1`` =
    (alpha1, beta1, delta1) and ``hdr2`` = (beta2, delta2) as zk_g1_affine[3] / zk_g2_affine[2]."""

    def __init__(self, *, n_vars: int, n_public: int, log_n: int, qap: QAP, a: CData, b1: CData, b2: CData,
                 c: CData, h: CData, hdr1: CData, hdr2: CData) -> None:
        self._keep = (qap, a, b1, b2, c, h)
        s = ffi.new("zk_groth16_pk *")
        s.n_vars, s.n_public, s.log_n = n_vars, n_public, log_n
        s.a, s.b1, s.b2, s.c, s.h = a, b1, b2, c, h
        self.a_wires = ffi.new("uint32_t[]", max(n_vars, 1))
        self.b1_wires = ffi.new("uint32_t[]", max(n_vars, 1))
        self.b2_wires = ffi.new("uint32_t[]", max(n_vars, 1))
        s.a_wires, s.n_a = self.a_wires, lib.zk_g1_affine_compact_var(a, self.a_wires, n_vars)
        s.b1_wires, s.n_b1 = self.b1_wires, lib.zk_g1_affine_compact_var(b1, self.b1_wires, n_vars)
        s.b2_wires, s.n_b2 = self.b2_wires, lib.zk_g2_affine_compact_var(b2, self.b2_wires, n_vars)
        s.entries, s.n_entries = qap.entries, qap.n
        lib.zk_g1_from_affine(ffi.addressof(s, "alpha1"), hdr1 + 0)
        lib.zk_g1_from_affine(ffi.addressof(s, "beta1"), hdr1 + 1)
        lib.zk_g1_from_affine(ffi.addressof(s, "delta1"), hdr1 + 2)
        lib.zk_g2_from_affine(ffi.addressof(s, "beta2"), hdr2 + 0)
        lib.zk_g2_from_affine(ffi.addressof(s, "delta2"), hdr2 + 1)
        self.struct = s
        self.n_vars = n_vars


def groth16_prove(pk: PKStruct, witness_le: bytes, domain: Domain, nthreads: int | None = None
                  ) -> tuple[CData, CData, CData]:
    """zk_groth16_prove_var with fresh r, s (drawn and wiped here): the proof points (A, B, C) as ``zk_g1 *``,
    ``zk_g2 *``, ``zk_g1 *`` cdata, on the curve (``core.prove_points`` checks the subgroup and wraps them).
    ``witness_le``: n_vars canonical 32-byte LE scalars (DecodeError otherwise); the C copy of the witness is
    wiped before returning."""
    threads = threads_or_default(nthreads)
    w = fr_array_from_le(witness_le, pk.n_vars, "witness value")
    ssz = lib.zk_groth16_prove_scratch_size(pk.struct, threads)
    scratch = ffi.new("uint8_t[]", max(ssz, 1))
    rs = random_scalars(2)
    pa, pb, pc = ffi.new("zk_g1 *"), ffi.new("zk_g2 *"), ffi.new("zk_g1 *")
    try:
        err = lib.zk_groth16_prove_var(pa, pb, pc, pk.struct, w, rs + 0, rs + 1, domain.buf, domain.nbytes,
                                       threads, scratch, ssz)
    finally:
        wipe_fr(rs, 2)
        wipe_fr(w, pk.n_vars)
    check(err, "zk_groth16_prove_var")
    return pa, pb, pc


def groth16_prove_ct(pk: PKStruct, witness_le: bytes, is_bit: bytes, domain: Domain, nthreads: int | None = None,
                     h_domain: tuple[CData, CData, int, CData] | None = None) -> tuple[CData, CData, CData]:
    """zk_groth16_prove_ct (constant time in the witness) with fresh r, s: the proof points as
    ``groth16_prove`` returns them. ``is_bit``: n_vars public flags (1: the circuit constrains the wire to be
    boolean; 2: the wire's value is public -- a public input, wires 1..n_public only: the caller vouches). ``h_domain``: (points, rows, count, multiples), the H query in the Lagrange basis of the domain at
    the rows where h may be non-zero and the points' multiples (see zk_groth16_prove_ct's contract), or None.
    The C copies of the witness and of r, s are wiped before returning."""
    if len(is_bit) != pk.n_vars or is_bit[0] or any(b > 2 for b in is_bit):
        raise ValueError("is_bit: one 0/1/2 flag per wire, wire 0 (ONE) not flagged")
    n_public = pk.struct.n_public
    if any(b == 2 for b in is_bit[n_public + 1:]):
        raise ValueError("is_bit: 2 (a public value) only on the public inputs, wires 1..n_public")
    threads = threads_or_default(nthreads)
    w = fr_array_from_le(witness_le, pk.n_vars, "witness value")
    ssz = lib.zk_groth16_prove_ct_scratch_size(pk.struct, threads)
    scratch = _new_scratch(max(ssz, 1))           # not zero-filled (C writes before it reads, and wipes it)
    rs = random_scalars(2)
    pa, pb, pc = ffi.new("zk_g1 *"), ffi.new("zk_g2 *"), ffi.new("zk_g1 *")
    try:
        hd, hd_rows, n_hd, hd_tab = h_domain if h_domain is not None else (ffi.NULL, ffi.NULL, 0, ffi.NULL)
        err = lib.zk_groth16_prove_ct(pa, pb, pc, pk.struct, w, bytes(is_bit), hd, hd_rows, n_hd, hd_tab, rs + 0,
                                      rs + 1,
                                      domain.buf, domain.nbytes, threads, scratch, ssz)
    finally:
        wipe_fr(rs, 2)
        wipe_fr(w, pk.n_vars)
    check(err, "zk_groth16_prove_ct")
    return pa, pb, pc


def g1_multiples_table(points: CData, n: int) -> CData:
    """The multiples 1P..16P of each of ``points[0..n)`` (16 affine points each, in order), for the constant-time
    prover's H sum (variable time: the points are the key's, public)."""
    tab = ffi.new("zk_g1_affine[]", 16 * max(n, 1))
    ssz = lib.zk_g1_multiples_table_scratch_size(n)
    check(lib.zk_g1_multiples_table_var(tab, points, n, ffi.new("uint8_t[]", max(ssz, 1)), ssz),
          "zk_g1_multiples_table_var")
    return tab


def proof_points_in_subgroup(a: CData, b: CData, c: CData) -> bool:
    """Whether the prover's points A, C (G1) and B (G2) lie in the prime-order subgroups (variable time: the
    points are public)."""
    return bool(lib.zk_g1_in_subgroup_var(a) and lib.zk_g2_in_subgroup_var(b) and lib.zk_g1_in_subgroup_var(c))


def range64_witness(v: CData, lo: int, hi: int) -> tuple[bytes | None, int]:
    """zk_range64_witness_ct: (the .wtns-layout witness of zkcred.circuits.range64, 0), or (None, failed) with
    failed's bit 0 / bit 1 naming the difference (v - lo / hi - v) that is not a 64-bit integer. ``v``: a
    zk_fr * (secret, never a Python int here); lo, hi: public ints in [0, 2^64)."""
    n = lib.ZK_RANGE64_WIRES
    out = ffi.new("uint8_t[]", FR_BYTES * n)
    failed = ffi.new("unsigned *")
    err = lib.zk_range64_witness_ct(out, v, lo, hi, failed)
    if err != lib.ZK_OK:
        return None, int(failed[0]) or -1
    data = bytes(ffi.buffer(out, FR_BYTES * n))
    wipe(out, FR_BYTES * n)
    return data, 0


def groth16_setup(qap: QAP, *, n_vars: int, n_public: int, log_n: int, domain: Domain,
                  nthreads: int | None = None) -> dict[str, bytes]:
    """zk_groth16_setup with toxic waste (tau, alpha, beta, delta) drawn into C memory and wiped before
    returning. The key's sections, .zkey-encoded: ``a``, ``b1``, ``b2``, ``ic``, ``c``, ``h``,
    ``g1`` = alpha1 || beta1 || delta1, ``g2`` = beta2 || gamma2 || delta2, and the powers of tau that let a
    holder check a LegoGroth16 key (``lego.check_keys``): ``tau1`` = tau^j G1 for j = 1..n (n = 2^log_n),
    ``tau2`` = tau G2 || tau^n G2."""
    threads = threads_or_default(nthreads)
    domain_size = 1 << log_n
    n_c = n_vars - n_public - 1
    a = ffi.new("zk_g1_affine[]", n_vars)
    b1 = ffi.new("zk_g1_affine[]", n_vars)
    b2 = ffi.new("zk_g2_affine[]", n_vars)
    ic = ffi.new("zk_g1_affine[]", n_public + 1)
    c = ffi.new("zk_g1_affine[]", max(n_c, 1))
    h = ffi.new("zk_g1_affine[]", domain_size)
    g1 = ffi.new("zk_g1_affine[3]")
    g2 = ffi.new("zk_g2_affine[3]")
    tau1 = ffi.new("zk_g1_affine[]", domain_size)
    tau2 = ffi.new("zk_g2_affine[2]")
    ssz = lib.zk_groth16_setup_scratch_size(n_vars, log_n, threads)
    scratch = ffi.new("uint8_t[]", max(ssz, 1))
    toxic = random_scalars(4)
    try:
        err = lib.zk_groth16_setup(a, b1, b2, ic, c, h, g1, g2, tau1, tau2, qap.entries, qap.n, n_vars, n_public,
                                   log_n, toxic, domain.buf, domain.nbytes, threads, scratch, ssz)
    finally:
        wipe_fr(toxic, 4)
    check(err, "zk_groth16_setup")
    return {"a": g1_points_to_zkey(a, n_vars), "b1": g1_points_to_zkey(b1, n_vars),
            "b2": g2_points_to_zkey(b2, n_vars), "ic": g1_points_to_zkey(ic, n_public + 1),
            "c": g1_points_to_zkey(c, n_c), "h": g1_points_to_zkey(h, domain_size),
            "g1": g1_points_to_zkey(g1, 3), "g2": g2_points_to_zkey(g2, 3),
            "tau1": g1_points_to_zkey(tau1, domain_size), "tau2": g2_points_to_zkey(tau2, 2)}


__all__ = ["g1_multiples_table", "proof_points_in_subgroup", "R", "FR_BYTES", "MAX_THREADS", "check_threads", "default_threads", "threads_or_default", "Domain",
           "fr_array_from_le", "fr_array_to_le", "ints_to_le", "le_to_ints", "random_scalars", "wipe", "wipe_fr",
           "ntt", "root_of_unity", "QAP", "witness_map", "g1_points_from_zkey", "g2_points_from_zkey",
           "g1_points_to_zkey", "g2_points_to_zkey", "PKStruct", "groth16_prove", "groth16_setup"]
