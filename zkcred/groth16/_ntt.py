"""Thin binding of csrc/ntt (NTT over Fr, QAP witness map, .zkey point codecs): one Python call, one C call.

Buffers stay cffi memory; scalars cross the boundary as 32-byte little-endian canonical integers (the .wtns
layout). Nothing here loops over field elements in Python.
"""
from __future__ import annotations

import os

from ..bls12_381._ffi import ffi, lib
from ..errors import DecodeError

TYPE_CHECKING = False   # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:  # pragma: no cover
    from ..bls12_381._ffi import CData

R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
FR_BYTES = 32
G1_ZKEY_BYTES = 96
G2_ZKEY_BYTES = 192
QAP_RECORD_BYTES = 44


def default_threads() -> int:
    """Threads for the C kernels: ZKCRED_THREADS if set, else every CPU this process may use."""
    env = os.environ.get("ZKCRED_THREADS")
    if env:
        return max(1, int(env))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - non-Linux
        return max(1, os.cpu_count() or 1)


class Domain:
    """Twiddles of one size 2^log_n (public constants), in C memory."""

    def __init__(self, log_n: int, nthreads: int | None = None) -> None:
        if not 0 <= log_n <= 32:
            raise ValueError("NTT domain size must be 2^0 .. 2^32")
        self.log_n = log_n
        self.nbytes = lib.zk_ntt_domain_size(log_n)
        self.buf = ffi.new("uint8_t[]", self.nbytes)
        err = lib.zk_ntt_domain_init(self.buf, self.nbytes, log_n, nthreads or default_threads())
        if err != lib.ZK_OK:
            raise RuntimeError(f"zk_ntt_domain_init failed ({err})")


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


def ntt(values: list[int], *, inverse: bool = False, coset: int | None = None,
        domain: Domain | None = None, nthreads: int | None = None) -> list[int]:
    """NTT (or inverse) of a power-of-two list of scalars; coset=g evaluates on g<w_n> instead of <w_n>."""
    n = len(values)
    if n == 0 or n & (n - 1):
        raise ValueError("NTT length must be a power of two")
    log_n = n.bit_length() - 1
    domain = domain or Domain(log_n, nthreads)
    a = fr_array_from_le(ints_to_le(values), n)
    threads = nthreads or default_threads()
    if coset is None:
        err = lib.zk_fr_ntt(a, n, int(inverse), domain.buf, domain.nbytes, threads)
    else:
        g = fr_array_from_le(ints_to_le([coset]), 1)
        err = lib.zk_fr_coset_ntt(a, n, g, int(inverse), domain.buf, domain.nbytes, threads)
    if err != lib.ZK_OK:
        raise ValueError(f"NTT rejected its arguments ({err})")
    return le_to_ints(fr_array_to_le(a, n))


def root_of_unity(log_n: int) -> int:
    out = ffi.new("zk_fr *")
    lib.zk_ntt_root_of_unity(out, log_n)
    return le_to_ints(fr_array_to_le(out, 1))[0]


class QAP:
    """The A/B(/C) coefficient entries of a QAP in C memory (decoded once, read by every proof)."""

    def __init__(self, records: bytes | memoryview, *, max_matrix: int, n_rows: int, n_wires: int) -> None:
        if len(records) % QAP_RECORD_BYTES:
            raise DecodeError("coefficient section: length is not a multiple of 44 bytes")
        self.n = len(records) // QAP_RECORD_BYTES
        self.entries = ffi.new("zk_qap_entry[]", max(self.n, 1))
        bad = ffi.new("size_t *")
        err = lib.zk_qap_entries_from_zkey_var(self.entries, ffi.from_buffer(records), self.n, max_matrix, n_rows, n_wires, bad)
        if err == lib.ZK_ERR_SCALAR_RANGE:
            raise DecodeError(f"coefficient {bad[0]}: value is not < r")
        if err != lib.ZK_OK:
            raise DecodeError(f"coefficient {bad[0]}: matrix > {max_matrix}, row >= {n_rows} or wire >= {n_wires}")

    def to_bytes(self) -> bytes:
        out = ffi.new("uint8_t[]", QAP_RECORD_BYTES * self.n)
        lib.zk_qap_entries_to_zkey(out, self.entries, self.n)
        return bytes(ffi.buffer(out, QAP_RECORD_BYTES * self.n))


def witness_map(qap: QAP, witness: CData, n_wires: int, log_n: int, domain: Domain,
                nthreads: int | None = None) -> CData:
    """h (zk_fr[2^log_n], C memory) from the witness (zk_fr[n_wires]); see zk_groth16_witness_map."""
    n = 1 << log_n
    h = ffi.new("zk_fr[]", n)
    ssz = lib.zk_groth16_witness_map_scratch_size(n)
    scratch = ffi.new("uint8_t[]", ssz)
    err = lib.zk_groth16_witness_map(h, qap.entries, qap.n, witness, n_wires, log_n, domain.buf, domain.nbytes,
                                     nthreads or default_threads(), scratch, ssz)
    if err != lib.ZK_OK:
        raise ValueError(f"witness map rejected its arguments ({err})")
    return h


def g1_points_from_zkey(data: bytes | memoryview, n: int, what: str) -> CData:
    if len(data) != G1_ZKEY_BYTES * n:
        raise DecodeError(f"{what}: expected {n} G1 points ({G1_ZKEY_BYTES * n} bytes), got {len(data)} bytes")
    out = ffi.new("zk_g1_affine[]", max(n, 1))
    bad = ffi.new("size_t *")
    err = lib.zk_g1_affine_from_zkey_var(out, ffi.from_buffer(data), n, default_threads(), bad)
    if err != lib.ZK_OK:
        raise DecodeError(f"{what}: point {bad[0]} {_POINT_ERR.get(err, 'is invalid')}")
    return out


def g2_points_from_zkey(data: bytes | memoryview, n: int, what: str) -> CData:
    if len(data) != G2_ZKEY_BYTES * n:
        raise DecodeError(f"{what}: expected {n} G2 points ({G2_ZKEY_BYTES * n} bytes), got {len(data)} bytes")
    out = ffi.new("zk_g2_affine[]", max(n, 1))
    bad = ffi.new("size_t *")
    err = lib.zk_g2_affine_from_zkey_var(out, ffi.from_buffer(data), n, default_threads(), bad)
    if err != lib.ZK_OK:
        raise DecodeError(f"{what}: point {bad[0]} {_POINT_ERR.get(err, 'is invalid')}")
    return out


def g1_points_to_zkey(points: CData, n: int) -> bytes:
    out = ffi.new("uint8_t[]", max(G1_ZKEY_BYTES * n, 1))
    lib.zk_g1_affine_to_zkey(out, points, n)
    return bytes(ffi.buffer(out, G1_ZKEY_BYTES * n))


def g2_points_to_zkey(points: CData, n: int) -> bytes:
    out = ffi.new("uint8_t[]", max(G2_ZKEY_BYTES * n, 1))
    lib.zk_g2_affine_to_zkey(out, points, n)
    return bytes(ffi.buffer(out, G2_ZKEY_BYTES * n))


_POINT_ERR = {
    lib.ZK_ERR_COORDINATE_RANGE: "has a coordinate >= p",
    lib.ZK_ERR_NOT_ON_CURVE: "is not on the curve",
}
