"""The one place where credential-layer JSON fields are decoded: every malformed field raises ``DecodeError``
naming its path (``request.credentials[0].predicates[1].op``) and the rule it breaks. Secrets never appear in
a message: only field paths and types do.
"""
from __future__ import annotations

import base64
import binascii
import builtins
import re
from collections.abc import Iterator, Sequence

from ._json import _has_lone_surrogate, loads
from .bls12_381 import G1, G2, Fr
from .errors import DecodeError

__all__ = ["Obj", "parse", "b64u", "from_b64u"]

_B64U = re.compile(r"[A-Za-z0-9_-]*")


def b64u(data: bytes) -> str:
    """base64url without padding (RFC 4648 section 5), the encoding of every byte string zkcred writes."""
    return base64.urlsafe_b64encode(bytes(data)).rstrip(b"=").decode("ascii")


_TO_STD = str.maketrans("-_", "+/")
_B64_VALUE = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")}


def from_b64u(text: object, where: str) -> bytes:
    """Strict base64url without padding: only the alphabet, canonical (the unused low bits of the last
    character are zero, so the text is the one encoding of its bytes)."""
    if not isinstance(text, str) or len(text) % 4 == 1 or not _B64U.fullmatch(text):
        raise DecodeError(f"{where}: expected base64url without padding")
    rem = len(text) % 4
    if rem and _B64_VALUE[text[-1]] & (0x0F if rem == 2 else 0x03):
        raise DecodeError(f"{where}: non-canonical base64url (trailing bits set)")
    try:
        return binascii.a2b_base64(text.translate(_TO_STD) + "=" * (-rem % 4), strict_mode=True)
    except (binascii.Error, ValueError):       # unreachable after the checks above
        raise DecodeError(f"{where}: expected base64url without padding") from None


class Obj:
    """A JSON object being decoded: typed accessors that name the field in every error, and ``done()`` that
    rejects any field nobody read (a document carries nothing it is not meant to)."""

    __slots__ = ("d", "where", "_read")

    def __init__(self, value: object, where: str) -> None:
        if not isinstance(value, dict):
            raise DecodeError(f"{where}: expected a JSON object")
        self.d, self.where = value, where
        self._read: set[str] = set()

    def path(self, key: str) -> str:
        return f"{self.where}.{key}"

    def has(self, key: str) -> bool:
        return key in self.d

    def raw(self, key: str, default: object = ..., ) -> object:
        if key not in self.d:
            if default is ...:
                raise DecodeError(f"{self.path(key)}: missing")
            return default
        self._read.add(key)
        return self.d[key]

    def str(self, key: str, default: object = ..., *, max_len: int = 4096) -> str:
        v = self.raw(key, default)
        if not isinstance(v, str):
            raise DecodeError(f"{self.path(key)}: expected a string")
        if len(v) > max_len:
            raise DecodeError(f"{self.path(key)}: longer than {max_len} characters")
        return v

    def int(self, key: builtins.str, lo: builtins.int, hi: builtins.int) -> builtins.int:
        v = self.raw(key)
        if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
            raise DecodeError(f"{self.path(key)}: expected an integer in [{lo}, {hi}]")
        return v

    def bool(self, key: builtins.str, default: builtins.bool) -> builtins.bool:
        v = self.raw(key, default)
        if not isinstance(v, bool):
            raise DecodeError(f"{self.path(key)}: expected true or false")
        return v

    def bytes(self, key: builtins.str, length: builtins.int | None = None) -> builtins.bytes:
        data = from_b64u(self.raw(key), self.path(key))
        if length is not None and len(data) != length:
            raise DecodeError(f"{self.path(key)}: expected {length} bytes, got {len(data)}")
        return data

    def hex32(self, key: builtins.str) -> builtins.bytes:
        """32 bytes as 64 lower-case hex digits (a SHA-256 digest), nothing else."""
        text = self.str(key, max_len=64)
        if len(text) != 64 or any(ch not in "0123456789abcdef" for ch in text):
            raise DecodeError(f"{self.path(key)}: expected 64 lower-case hex digits")
        return builtins.bytes.fromhex(text)

    def _decoded(self, key: builtins.str, length: builtins.int, decode):
        """``decode`` of the field's ``length`` bytes, its DecodeError prefixed with the field's path."""
        data = self.bytes(key, length)          # names the field itself
        try:
            return decode(data)
        except DecodeError as e:
            raise DecodeError(f"{self.path(key)}: {e}") from None

    def fr(self, key: builtins.str) -> Fr:
        """A canonical scalar: 32 bytes big-endian, below r."""
        return self._decoded(key, 32, Fr.from_bytes)

    def g1(self, key: builtins.str, *, compressed: builtins.bool = True) -> G1:
        """A G1 point in the ZCash encoding: 48 bytes compressed, or exactly 96 bytes uncompressed."""
        return self._decoded(key, 48 if compressed else 96, G1.from_bytes)

    def g2(self, key: builtins.str, *, compressed: builtins.bool = True) -> G2:
        """A G2 point in the ZCash encoding: 96 bytes compressed, or exactly 192 bytes uncompressed."""
        return self._decoded(key, 96 if compressed else 192, G2.from_bytes)

    def obj(self, key: builtins.str, default: object = ...) -> "Obj":
        v = self.raw(key, default)
        return Obj(v, self.path(key))

    def list(self, key: builtins.str, *, max_len: builtins.int = 1 << 16, default: object = ...) -> builtins.list:
        v = self.raw(key, default)
        if not isinstance(v, list):
            raise DecodeError(f"{self.path(key)}: expected a JSON array")
        if len(v) > max_len:
            raise DecodeError(f"{self.path(key)}: more than {max_len} entries")
        return v

    def objs(self, key: builtins.str, *, max_len: builtins.int = 1 << 16) -> Iterator["Obj"]:
        for i, v in enumerate(self.list(key, max_len=max_len)):
            yield Obj(v, f"{self.path(key)}[{i}]")

    def done(self) -> None:
        extra = sorted(set(self.d) - self._read)
        if extra:
            raise DecodeError(f"{self.where}: unexpected field(s) {', '.join(map(repr, extra))}")


def parse(text: str | bytes | dict, what: str, type_: str | None = None, *, loaded: bool = False) -> Obj:
    """A top-level JSON document (text, or an already-parsed dict) as an ``Obj``; with ``type_``, its ``type``
    field must be exactly that. ``loaded``: a dict is the value of ``zkcred._json.loads`` (its strings are
    checked already)."""
    if isinstance(text, dict):
        if not loaded and _has_lone_surrogate(text):      # what loads rejects in text, for a document given as a dict
            raise DecodeError(f"{what}: a string with a lone surrogate (not Unicode text)")
        value: object = text
    else:
        value = loads(text, what)
    o = Obj(value, what)
    if type_ is not None and o.str("type", max_len=128) != type_:
        raise DecodeError(f"{o.path('type')}: expected {type_!r}")
    return o


def str_list(values: Sequence[object], where: str) -> list[str]:
    out = []
    for i, v in enumerate(values):
        if not isinstance(v, str):
            raise DecodeError(f"{where}[{i}]: expected a string")
        out.append(v)
    return out
