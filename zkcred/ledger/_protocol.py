"""The Ledger protocol (LEDGER.md): ``Entry``, the errors, record id and kind rules, and the SHA-256 hash chain.

TEMPORARY COPY written on the ``evm`` branch so that zkcred.ledger.evm can be built and tested in parallel with
the SQLite backend; the lead reconciles it with the ledger branch's module of the same name. Names and fields
follow LEDGER.md exactly. The hash chain encoding below (u64 big-endian integers and length prefixes) is also
computed by contracts/ZkcredRegistry.sol: change both or neither.
"""
from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from ..errors import DecodeError, ZkcredError

__all__ = ["KINDS", "MAX_RECORD_ID", "ZERO_DIGEST", "Entry", "Ledger", "LedgerError", "RecordNotFound",
           "LedgerIntegrityError", "LedgerUnavailable", "check_record_id", "check_kind", "chain_digest"]

KINDS = ("did", "schema", "issuer", "predicate-keys", "registry-state", "registry-update")
MAX_RECORD_ID = 256
ZERO_DIGEST = bytes(32)


class LedgerError(ZkcredError):
    """A ledger operation failed (the message says why and what to do)."""


class RecordNotFound(LedgerError, KeyError):
    """No record with this id (or no such version of it)."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else "record not found"


class LedgerIntegrityError(LedgerError):
    """Stored records do not match their hash chain: tampering or corruption (the message names the first bad
    record: position, id, rule)."""


class LedgerUnavailable(LedgerError):
    """The ledger cannot be reached or used now (dead node, locked file, wrong chain id); the message tells the
    user what to do."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One version of one record (LEDGER.md)."""

    record_id: str
    kind: str
    version: int
    data: bytes
    position: int
    time: int
    digest: bytes


class Ledger(Protocol):
    """Append-only, versioned records by id (LEDGER.md)."""

    def append(self, record_id: str, kind: str, data: bytes) -> Entry: ...
    def get(self, record_id: str, version: int | None = None) -> Entry: ...
    def history(self, record_id: str) -> list[Entry]: ...
    def entries(self, since: int = 0) -> Iterator[Entry]: ...
    def head(self) -> int: ...
    def verify(self) -> None: ...
    def close(self) -> None: ...


def check_record_id(record_id: object) -> str:
    """A record id is a str of 1..256 printable ASCII characters (LEDGER.md); DecodeError otherwise."""
    if not isinstance(record_id, str):
        raise DecodeError(f"record id must be a str, not {type(record_id).__name__}")
    if not 1 <= len(record_id) <= MAX_RECORD_ID:
        raise DecodeError(f"record id must have 1..{MAX_RECORD_ID} characters, not {len(record_id)}")
    if not all(" " <= c <= "~" for c in record_id):
        raise DecodeError("record id must be printable ASCII (0x20..0x7e)")
    return record_id


def check_kind(kind: object) -> str:
    """A kind is one of KINDS; DecodeError otherwise."""
    if kind not in KINDS:
        raise DecodeError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    assert isinstance(kind, str)
    return kind


def _lp(b: bytes) -> bytes:
    return struct.pack(">Q", len(b)) + b


def chain_digest(prev: bytes, position: int, record_id: str, kind: str, version: int, time: int,
                 data: bytes) -> bytes:
    """``SHA256(prev || u64 position || len-prefixed record_id || len-prefixed kind || u64 version || u64 time ||
    SHA256(data))`` (LEDGER.md; integers and length prefixes are u64 big-endian, strings ASCII)."""
    return hashlib.sha256(
        prev + struct.pack(">Q", position) + _lp(record_id.encode("ascii")) + _lp(kind.encode("ascii"))
        + struct.pack(">QQ", version, time) + hashlib.sha256(data).digest()).digest()
