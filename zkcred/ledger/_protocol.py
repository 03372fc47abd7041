"""The ``Ledger`` protocol shared by every backend: ``Entry``, the ``Ledger`` base class, the digest chain, the
record-id / kind / data rules and the ledger errors (the contract of ../shared/DESIGN.md "Ledgers" and LEDGER.md).

A ledger stores bytes: append-only records versioned by id, each with its position and time, hash-chained so that
a changed record is detected by ``verify()``.

Digest chain (byte-exact; the EVM contract computes the same bytes with ``abi.encodePacked``)::

    digest = SHA-256( prev_digest                      32 bytes (32 zero bytes before the first entry)
                   || u64(position)
                   || u64(len(record_id)) || record_id  ASCII
                   || u64(len(kind))      || kind       ASCII
                   || u64(version)
                   || u64(time)
                   || SHA-256(data) )

where ``u64`` is an unsigned 64-bit big-endian integer (Solidity's ``uint64`` in ``abi.encodePacked``).
"""
from __future__ import annotations

import hashlib
import struct

from .._record import Record
from ..errors import DecodeError, LedgerConflict, LedgerError

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable, Iterator
    from typing import Any, Self

KINDS = ("did", "schema", "issuer", "predicate-keys", "registry-state", "registry-update")
MAX_RECORD_ID = 256                 # characters (printable ASCII, 0x20..0x7e)
MAX_DATA = 1 << 20                  # bytes: the sqlite backend's limit (1 MiB); the EVM backend's is smaller
ZERO_DIGEST = bytes(32)             # prev_digest of the first entry
U64_MAX = (1 << 64) - 1
_U64 = struct.Struct(">Q")


# ----------------------------------------------------------------------------- errors

class RecordNotFound(LedgerError, KeyError):
    """No record with this id (or no such version of it). Also a ``KeyError``."""

    def __str__(self) -> str:        # KeyError's str() would quote the message
        return str(self.args[0]) if self.args else "record not found"


class LedgerIntegrityError(LedgerError):
    """The stored ledger was changed: the message names the first bad position, record id and rule."""


class LedgerUnavailable(LedgerError):
    """The ledger cannot be reached now (a file locked too long, a missing file, a dead node, a wrong chain id);
    the message says what to do."""


# ----------------------------------------------------------------------------- validation

def check_record_id(record_id: object) -> str:
    """A record id: a ``str`` of 1..256 printable ASCII characters (0x20..0x7e); DecodeError otherwise."""
    if not isinstance(record_id, str):
        raise DecodeError(f"record id: expected a str, got {type(record_id).__name__}")
    if not 1 <= len(record_id) <= MAX_RECORD_ID:
        raise DecodeError(f"record id: length {len(record_id)} is outside 1..{MAX_RECORD_ID}")
    for i, c in enumerate(record_id):
        if not " " <= c <= "~":
            raise DecodeError(f"record id: character {i} ({c!r}) is not printable ASCII (0x20..0x7e)")
    return record_id


def check_kind(kind: object) -> str:
    """A record kind: one of ``KINDS``; DecodeError otherwise."""
    if not isinstance(kind, str) or kind not in KINDS:
        shown = repr(kind) if isinstance(kind, str) and len(kind) <= 40 else f"a {type(kind).__name__}"
        raise DecodeError(f"record kind: {shown} is not one of {', '.join(KINDS)}")
    return kind


def check_data(data: object, max_data: int = MAX_DATA) -> bytes:
    """Record data: bytes-like (``bytes``, ``bytearray``, ``memoryview``) of at most ``max_data`` bytes."""
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    if not isinstance(data, bytes):
        raise DecodeError(f"record data: expected bytes, got {type(data).__name__}")
    if len(data) > max_data:
        raise DecodeError(f"record data: {len(data)} bytes exceeds this ledger's limit of {max_data} bytes")
    return data


def check_version(version: object) -> int:
    """A version number: an ``int`` (not a bool) in 1..2^64-1; DecodeError otherwise."""
    if isinstance(version, bool) or not isinstance(version, int):
        raise DecodeError(f"record version: expected an int, got {type(version).__name__}")
    if not 1 <= version <= U64_MAX:
        raise DecodeError(f"record version: {version} is outside 1..2^64-1")
    return version


# ----------------------------------------------------------------------------- entries and the chain

def entry_digest(prev_digest: bytes, position: int, record_id: str, kind: str, version: int, time: int,
                 data: bytes) -> bytes:
    """The digest of an entry chained after ``prev_digest`` (module docstring: the byte layout)."""
    rid, k = record_id.encode("ascii"), kind.encode("ascii")
    return hashlib.sha256(b"".join((
        prev_digest, _U64.pack(position), _U64.pack(len(rid)), rid, _U64.pack(len(k)), k,
        _U64.pack(version), _U64.pack(time), hashlib.sha256(data).digest()))).digest()


class Entry(Record):
    """One stored record version (immutable).

    ``position``: its place in the ledger (sqlite: 1, 2, 3, ...; EVM: increasing, from block number and log
    index); ``time``: Unix seconds (sqlite: commit time; EVM: block timestamp); ``digest``: the chain digest
    (``entry_digest`` of the previous entry's digest and this entry's fields)."""
    record_id: str
    kind: str
    version: int
    data: bytes
    position: int
    time: int
    digest: bytes

    def __repr__(self) -> str:
        data = self.data if len(self.data) <= 32 else self.data[:32] + b"..."
        return (f"Entry(record_id={self.record_id!r}, kind={self.kind!r}, version={self.version}, "
                f"data={data!r} ({len(self.data)} bytes), position={self.position}, time={self.time}, "
                f"digest={self.digest.hex()})")


def verify_chain(entries: Iterable[Entry], *, contiguous: bool = False, max_data: int = MAX_DATA) -> int:
    """Check a whole ledger given as its entries in position order: each field well formed, positions
    increasing (``contiguous``: 1, 2, 3, ...), times non-decreasing, each id's versions 1, 2, 3, ... with one
    kind, and every digest equal to the chain's. Returns the head position (0: empty); raises
    LedgerIntegrityError naming the first bad position, record id and rule."""
    prev_digest, prev_position, prev_time = ZERO_DIGEST, 0, 0
    seen: dict[str, tuple[int, str]] = {}           # record id -> (last version, kind)
    for e in entries:
        where = f"position {e.position!r} (record {e.record_id!r})"
        try:
            check_entry_fields(e, max_data)
        except DecodeError as exc:
            raise LedgerIntegrityError(f"{where}: malformed entry: {exc}") from None
        if e.position <= prev_position or (contiguous and e.position != prev_position + 1):
            raise LedgerIntegrityError(f"{where}: position does not follow {prev_position} "
                                       f"({'expected ' + str(prev_position + 1) if contiguous else 'not increasing'})")
        if e.time < prev_time:
            raise LedgerIntegrityError(f"{where}: time {e.time} is earlier than the previous entry's {prev_time}")
        last, kind = seen.get(e.record_id, (0, e.kind))
        if e.version != last + 1:
            raise LedgerIntegrityError(f"{where}: version {e.version} does not follow version {last} of this id "
                                       f"(expected {last + 1})")
        if e.kind != kind:
            raise LedgerIntegrityError(f"{where}: kind {e.kind!r} differs from this id's kind {kind!r}")
        digest = entry_digest(prev_digest, e.position, e.record_id, e.kind, e.version, e.time, e.data)
        if e.digest != digest:
            raise LedgerIntegrityError(f"{where}: digest does not match the hash chain (stored {e.digest.hex()}, "
                                       f"computed {digest.hex()})")
        seen[e.record_id] = (e.version, kind)
        prev_digest, prev_position, prev_time = digest, e.position, e.time
    return prev_position


def check_entry_fields(e: Entry, max_data: int = MAX_DATA) -> None:
    """The field rules of a stored entry (types, ranges, lengths); DecodeError naming the field."""
    check_record_id(e.record_id)
    check_kind(e.kind)
    check_version(e.version)
    if not isinstance(e.data, bytes) or len(e.data) > max_data:
        raise DecodeError(f"data: expected at most {max_data} bytes, got "
                          f"{len(e.data) if isinstance(e.data, bytes) else type(e.data).__name__}")
    for name in ("position", "time"):
        v = getattr(e, name)
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= U64_MAX:
            raise DecodeError(f"{name}: expected an integer in 0..2^64-1, got {v!r}")
    if e.position == 0:
        raise DecodeError("position: 0 is not a position (the first entry is at a position >= 1)")
    if not isinstance(e.digest, bytes) or len(e.digest) != 32:
        raise DecodeError(f"digest: expected 32 bytes, got {e.digest!r}")


# ----------------------------------------------------------------------------- the backend interface

class Ledger:
    """Base class of the ledger backends (``zkcred.ledger.sqlite.SqliteLedger``, ``zkcred.ledger.evm``).

    Subclasses implement the six methods below; ``url`` names the ledger (``open_ledger``'s argument) and
    ``max_data`` is the largest record data it takes. A ledger is a context manager (``close()`` at exit)."""

    url: str = ""
    max_data: int = MAX_DATA

    def append(self, record_id: str, kind: str, data: bytes, *, expect_version: int | None = None) -> Entry:
        """Append the next version of ``record_id`` (1 for a new id) with ``kind`` (one of ``KINDS``; an id keeps
        the kind of its first version) and ``data``; returns the stored entry.

        ``expect_version``: the version the record must be at now (0: no record yet), checked atomically with the
        write (sqlite: inside the write transaction; EVM: by the contract); when it is at another version nothing
        is written and ``LedgerConflict`` names the id, the expected and the found version. A writer that read
        version n and must not add a second n + 1 (registry states) passes n; None appends unconditionally."""
        raise NotImplementedError

    def get(self, record_id: str, version: int | None = None) -> Entry:
        """The latest version of ``record_id`` (or ``version``); RecordNotFound when there is none."""
        raise NotImplementedError

    def history(self, record_id: str) -> list[Entry]:
        """Every version of ``record_id``, oldest first (an empty list for an unknown id)."""
        raise NotImplementedError

    def entries(self, since: int = 0) -> Iterator[Entry]:
        """Every entry with a position greater than ``since``, in position order."""
        raise NotImplementedError

    def head(self) -> int:
        """The position of the last entry (0 when the ledger is empty)."""
        raise NotImplementedError

    def verify(self) -> None:
        """Recompute the whole chain; None, or LedgerIntegrityError naming the first bad position, id and rule."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the backend's resources (files, connections); the ledger is unusable afterwards."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _check_append(self, record_id: object, kind: object, data: object,
                      expect_version: object = None) -> tuple[str, str, bytes]:
        """The validated arguments of ``append`` (DecodeError naming the rule)."""
        if expect_version is not None:
            if isinstance(expect_version, bool) or not isinstance(expect_version, int) \
                    or not 0 <= expect_version < U64_MAX:
                raise DecodeError(f"expect_version: expected None or an int in 0..2^64-2, got {expect_version!r}")
        return check_record_id(record_id), check_kind(kind), check_data(data, self.max_data)


__all__ = ["KINDS", "MAX_RECORD_ID", "MAX_DATA", "ZERO_DIGEST", "LedgerError", "LedgerConflict", "RecordNotFound",
           "LedgerIntegrityError", "LedgerUnavailable", "check_record_id", "check_kind", "check_data",
           "check_version", "entry_digest", "Entry", "verify_chain", "check_entry_fields", "Ledger"]
