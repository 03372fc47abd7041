"""Hashing to BLS12-381 G1 and G2 (RFC 9380).

Suites:

- ``BLS12381G1_XMD:SHA-256_SSWU_RO_`` / ``_NU_`` and ``BLS12381G2_XMD:SHA-256_SSWU_RO_`` / ``_NU_``
  (RFC 9380 section 8.8): :func:`hash_to_g1`, :func:`encode_to_g1`, :func:`hash_to_g2`, :func:`encode_to_g2`
  with the default ``expand="xmd"``.
- ``BLS12381G1_XOF:SHAKE-256_SSWU_RO_`` (defined by the BBS draft's SHAKE-256 ciphersuite, not by RFC 9380):
  :func:`hash_to_g1` with ``expand="xof"``. The same switch works for the other three functions, which then follow
  the same construction with expand_message_xof; no standard suite names those combinations.

expand_message (RFC 9380 section 5.3) runs here with :mod:`hashlib`; the uniform bytes go to the native core, which
reduces them mod p (hash_to_field, L = 64), runs the simplified SWU map on the isogenous curve, the isogeny map, the
point addition (RO suites) and cofactor clearing, in constant time (the message may be secret).
:func:`expand_message_xmd` and :func:`expand_message_xof` are public: BBS's hash_to_scalar uses them.
"""
from __future__ import annotations

import hashlib

from ..errors import DecodeError
from ._curve import G1, G2
from ._ffi import as_bytes, ffi, lib

__all__ = [
    "expand_message_xmd",
    "expand_message_xof",
    "hash_to_g1",
    "encode_to_g1",
    "hash_to_g2",
    "encode_to_g2",
]

TYPE_CHECKING = False   # typing.TYPE_CHECKING without importing typing (start-up time of the BBS CLI)
if TYPE_CHECKING:  # pragma: no cover
    from typing import Literal
    Expand = Literal["xmd", "xof"]
else:
    Expand = str   # "xmd" or "xof" (annotations only)

_OVERSIZE_DST_PREFIX = b"H2C-OVERSIZE-DST-"
_SHA256_BLOCK = 64           # s_in_bytes for SHA-256
_SHA256_OUT = 32             # b_in_bytes for SHA-256
_SHA256_ZPAD = hashlib.sha256(bytes(_SHA256_BLOCK))   # state after Z_pad (RFC 9380 section 5.3.1, the note below)

_G1_L = 64                   # L = ceil((ceil(log2(p)) + k) / 8) with k = 128 (RFC 9380 section 8.8.1)


def _check_len(len_in_bytes: object) -> int:
    if not isinstance(len_in_bytes, int) or isinstance(len_in_bytes, bool):
        raise TypeError("len_in_bytes must be an int")
    if len_in_bytes < 0 or len_in_bytes > 65535:
        raise ValueError(f"len_in_bytes must be in 0..65535 (RFC 9380 section 5.3), got {len_in_bytes}")
    return len_in_bytes


_DST_PRIME_CACHE: dict[tuple[str, int, bytes], bytes] = {}   # DSTs are public protocol constants that repeat


def _dst_prime(kind: str, dst: object, oversize_dst: bool, k: int) -> bytes:
    """DST_prime = DST || I2OSP(len(DST), 1) after the DST checks and the oversize rule of RFC 9380 section 5.3.3
    (SHA-256 for xmd, SHAKE-256 to ceil(2k/8) bytes for xof). Cached per (kind, k, DST)."""
    if type(dst) is not bytes:
        dst = as_bytes(dst, "dst")
    if len(dst) > 255 and not oversize_dst:
        raise DecodeError(f"DST is {len(dst)} bytes, longer than 255 (RFC 9380 section 5.3.1 step 2 / 5.3.2 "
                          "step 1); pass oversize_dst=True to apply the rule of section 5.3.3")
    key = (kind, k, dst)
    dp = _DST_PRIME_CACHE.get(key)
    if dp is None:
        if not dst:
            raise DecodeError("DST must not be empty (RFC 9380 section 3.1)")
        if len(dst) > 255:
            if kind == "xmd":
                dst = hashlib.sha256(_OVERSIZE_DST_PREFIX + dst).digest()
            else:
                dst = hashlib.shake_256(_OVERSIZE_DST_PREFIX + dst).digest(-(-2 * k // 8))
        dp = dst + bytes((len(dst),))
        if len(_DST_PRIME_CACHE) >= 64:
            _DST_PRIME_CACHE.clear()
        _DST_PRIME_CACHE[key] = dp
    return dp


def expand_message_xmd(msg: bytes, dst: bytes, len_in_bytes: int, *, oversize_dst: bool = True) -> bytes:
    """expand_message_xmd with H = SHA-256 (RFC 9380 section 5.3.1).

    A DST longer than 255 bytes is first replaced by SHA-256("H2C-OVERSIZE-DST-" || DST) (section 5.3.3); with
    ``oversize_dst=False`` it is rejected instead. Raises :class:`~zkcred.errors.DecodeError` for an empty or
    (with ``oversize_dst=False``) too long DST and ``ValueError`` when ``len_in_bytes`` exceeds 65535 or
    255 * 32 = 8160 (ell > 255).
    """
    if type(msg) is not bytes:
        msg = as_bytes(msg, "msg")
    n = _check_len(len_in_bytes)
    dst_prime = _dst_prime("xmd", dst, oversize_dst, 128)
    ell = -(-n // _SHA256_OUT)
    if ell > 255:
        raise ValueError(f"len_in_bytes = {n} needs ell = {ell} > 255 blocks (RFC 9380 section 5.3.1 step 2)")
    h = _SHA256_ZPAD.copy()                                     # Z_pad
    h.update(msg)
    h.update(n.to_bytes(2, "big") + b"\x00" + dst_prime)       # l_i_b_str || I2OSP(0, 1) || DST_prime
    b0 = h.digest()
    b0_int = int.from_bytes(b0, "big")
    bi = hashlib.sha256(b0 + b"\x01" + dst_prime).digest()
    out = [bi]
    for i in range(2, ell + 1):
        x = (b0_int ^ int.from_bytes(bi, "big")).to_bytes(_SHA256_OUT, "big")
        bi = hashlib.sha256(x + bytes((i,)) + dst_prime).digest()
        out.append(bi)
    return b"".join(out)[:n]


def expand_message_xof(msg: bytes, dst: bytes, len_in_bytes: int, *, k: int = 128,
                       oversize_dst: bool = True) -> bytes:
    """expand_message_xof with H = SHAKE-256 (RFC 9380 section 5.3.2).

    ``k`` is the target security level in bits; it only matters for a DST longer than 255 bytes, which is first
    replaced by SHAKE-256("H2C-OVERSIZE-DST-" || DST, ceil(2k / 8)) (section 5.3.3), or rejected with
    ``oversize_dst=False``. Raises :class:`~zkcred.errors.DecodeError` for a bad DST and ``ValueError`` when
    ``len_in_bytes`` exceeds 65535.
    """
    if type(msg) is not bytes:
        msg = as_bytes(msg, "msg")
    n = _check_len(len_in_bytes)
    if not isinstance(k, int) or isinstance(k, bool) or k <= 0:
        raise ValueError("k must be a positive number of bits")
    dst_prime = _dst_prime("xof", dst, oversize_dst, k)
    h = hashlib.shake_256(msg)
    h.update(n.to_bytes(2, "big") + dst_prime)
    return h.digest(n)


def _expand(expand: str, msg: bytes, dst: bytes, n: int) -> bytes:
    if expand == "xmd":
        return expand_message_xmd(msg, dst, n)
    if expand == "xof":
        return expand_message_xof(msg, dst, n)
    raise ValueError(f"expand must be 'xmd' or 'xof', got {expand!r}")


def _g1_native(fn, uniform: bytes):
    """Run a zk_g1_*_from_uniform function into a fresh zk_g1 (uniform has the length fn documents)."""
    out = ffi.new("zk_g1 *")
    fn(out, uniform)
    return out


def _g2_native(fn, uniform: bytes):
    """Run a zk_g2_*_from_uniform function into a fresh zk_g2."""
    out = ffi.new("zk_g2 *")
    fn(out, uniform)
    return out


def hash_to_g1(msg: bytes, dst: bytes, *, expand: Expand = "xmd") -> G1:
    """hash_to_curve for G1 (RFC 9380 section 3, suite BLS12381G1_XMD:SHA-256_SSWU_RO_ of section 8.8.1).

    ``expand="xof"`` gives BLS12381G1_XOF:SHAKE-256_SSWU_RO_ (the BBS SHAKE-256 ciphersuite's hash_to_curve).
    Returns a :class:`~zkcred.bls12_381.G1` point in the prime-order subgroup. Constant time in ``msg``.
    """
    uniform = _expand(expand, msg, dst, 2 * _G1_L)
    return G1._from_c(_g1_native(lib.zk_g1_hash_from_uniform, uniform))


def encode_to_g1(msg: bytes, dst: bytes, *, expand: Expand = "xmd") -> G1:
    """encode_to_curve for G1 (RFC 9380 section 3, suite BLS12381G1_XMD:SHA-256_SSWU_NU_): one field element,
    one map, no addition. Not a random oracle; use :func:`hash_to_g1` unless a protocol asks for this."""
    uniform = _expand(expand, msg, dst, _G1_L)
    return G1._from_c(_g1_native(lib.zk_g1_encode_from_uniform, uniform))


def hash_to_g2(msg: bytes, dst: bytes, *, expand: Expand = "xmd") -> G2:
    """hash_to_curve for G2 (RFC 9380 section 3, suite BLS12381G2_XMD:SHA-256_SSWU_RO_ of section 8.8.2).
    Returns a :class:`~zkcred.bls12_381.G2` point in the prime-order subgroup. Constant time in ``msg``."""
    uniform = _expand(expand, msg, dst, 4 * _G1_L)
    return G2._from_c(_g2_native(lib.zk_g2_hash_from_uniform, uniform))


def encode_to_g2(msg: bytes, dst: bytes, *, expand: Expand = "xmd") -> G2:
    """encode_to_curve for G2 (RFC 9380 section 3, suite BLS12381G2_XMD:SHA-256_SSWU_NU_)."""
    uniform = _expand(expand, msg, dst, 2 * _G1_L)
    return G2._from_c(_g2_native(lib.zk_g2_encode_from_uniform, uniform))
