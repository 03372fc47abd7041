"""A small strict CBOR (RFC 8949) encoder and decoder for exactly the shapes of the bbs-2023 proofValue.

Data Integrity BBS Cryptosuites v1.0, "serializeBaseProofValue" / "serializeDisclosureProofValue" and their
parsers: the payload after the 3-byte header is one CBOR array of byte strings, text strings, arrays of
unsigned integers or text strings, and one map from unsigned integers to unsigned integers.

Encoding is deterministic (RFC 8949 section 4.2.1: shortest argument, definite lengths, map keys ascending),
which is what Digital Bazaar's encoder (cborg) writes for these shapes. Decoding accepts only those major types,
definite lengths and shortest arguments, rejects trailing bytes, and reads tag 64 (uint8 typed array) around a
byte string as the byte string, as Digital Bazaar's decoder does. Every violation raises DecodeError naming it.
"""
from __future__ import annotations

from ..errors import DecodeError

_MAX_DEPTH = 4
_MAX_ITEMS = 1 << 20


def _head(major: int, n: int) -> bytes:
    if n < 0:
        raise DecodeError("CBOR: negative integers are not used by bbs-2023")
    if n < 24:
        return bytes([(major << 5) | n])
    if n < 0x100:
        return bytes([(major << 5) | 24, n])
    if n < 0x10000:
        return bytes([(major << 5) | 25]) + n.to_bytes(2, "big")
    if n < 0x100000000:
        return bytes([(major << 5) | 26]) + n.to_bytes(4, "big")
    if n < 1 << 64:
        return bytes([(major << 5) | 27]) + n.to_bytes(8, "big")
    raise DecodeError("CBOR: integer does not fit in 64 bits")


def encode(value) -> bytes:
    """Deterministic CBOR of an int (>= 0), bytes, str, list or dict[int, int] (keys sorted ascending)."""
    out = bytearray()
    _encode(value, out)
    return bytes(out)


def _encode(v, out: bytearray) -> None:
    if isinstance(v, bool) or v is None:
        raise DecodeError(f"CBOR: {v!r} is not used by bbs-2023")
    if isinstance(v, int):
        out += _head(0, v)
    elif isinstance(v, (bytes, bytearray, memoryview)):
        v = bytes(v)
        out += _head(2, len(v))
        out += v
    elif isinstance(v, str):
        b = v.encode("utf-8")
        out += _head(3, len(b))
        out += b
    elif isinstance(v, (list, tuple)):
        out += _head(4, len(v))
        for x in v:
            _encode(x, out)
    elif isinstance(v, dict):
        out += _head(5, len(v))
        for k in sorted(v):
            if not isinstance(k, int) or isinstance(k, bool):
                raise DecodeError("CBOR: only unsigned integer map keys are used by bbs-2023")
            _encode(k, out)
            _encode(v[k], out)
    else:
        raise DecodeError(f"CBOR: cannot encode {type(v).__name__}")


def decode(data: bytes, what: str = "CBOR"):
    """The single CBOR item in ``data`` (no trailing bytes), strictly as described in the module docstring."""
    data = bytes(data)
    value, pos = _decode(data, 0, 0, what)
    if pos != len(data):
        raise DecodeError(f"{what}: {len(data) - pos} trailing bytes after the CBOR item")
    return value


def _arg(data: bytes, pos: int, info: int, what: str) -> tuple[int, int]:
    if info < 24:
        return info, pos
    if info > 27:
        raise DecodeError(f"{what}: indefinite lengths and reserved additional information are not accepted")
    size = 1 << (info - 24)
    if pos + size > len(data):
        raise DecodeError(f"{what}: truncated")
    n = int.from_bytes(data[pos:pos + size], "big")
    if n < (24 if size == 1 else 1 << (4 * size)):
        raise DecodeError(f"{what}: integer or length not in its shortest encoding")
    return n, pos + size


def _decode(data: bytes, pos: int, depth: int, what: str):
    if pos >= len(data):
        raise DecodeError(f"{what}: truncated")
    if depth > _MAX_DEPTH:
        raise DecodeError(f"{what}: nested too deeply")
    ib = data[pos]
    major, info = ib >> 5, ib & 31
    n, pos = _arg(data, pos + 1, info, what)
    if major == 0:
        return n, pos
    if major in (2, 3):
        if pos + n > len(data):
            raise DecodeError(f"{what}: truncated string")
        raw = data[pos:pos + n]
        if major == 2:
            return raw, pos + n
        try:
            return raw.decode("utf-8"), pos + n
        except UnicodeDecodeError:
            raise DecodeError(f"{what}: text string is not valid UTF-8") from None
    if major in (4, 5):
        if n > _MAX_ITEMS or n > len(data) - pos:
            raise DecodeError(f"{what}: length {n} exceeds the data")
        if major == 4:
            items = []
            for _ in range(n):
                x, pos = _decode(data, pos, depth + 1, what)
                items.append(x)
            return items, pos
        m: dict = {}
        prev = -1
        for _ in range(n):
            k, pos = _decode(data, pos, depth + 1, what)
            if not isinstance(k, int):
                raise DecodeError(f"{what}: map keys must be unsigned integers")
            if k <= prev:
                raise DecodeError(f"{what}: map keys must be unique and in ascending order")
            prev = k
            m[k], pos = _decode(data, pos, depth + 1, what)
        return m, pos
    if major == 6 and n == 64:
        x, pos = _decode(data, pos, depth + 1, what)
        if not isinstance(x, bytes):
            raise DecodeError(f"{what}: tag 64 must wrap a byte string")
        return x, pos
    raise DecodeError(f"{what}: CBOR major type {major} (info {info}) is not used by bbs-2023")
