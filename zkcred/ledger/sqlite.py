"""The embedded ledger: one SQLite file of hash-chained entries (``open_ledger("sqlite:<path>")``).

Storage (``SCHEMA``): one table ``entries``, one row per record version, ``position`` its rowid (1, 2, 3, ...),
each row storing its chain digest (``zkcred.ledger._protocol``, module docstring); ``UNIQUE(record_id, version)``.
The file is marked with ``PRAGMA application_id`` (``APPLICATION_ID``, "zklg") and ``user_version`` (the format,
``FORMAT``); a file without them is not opened as a ledger.

Durability and concurrency:

- WAL journal: readers never block the writer and a crash (a killed process, a power loss) leaves either the
  whole transaction or none of it; the next connection replays or discards the WAL.
- ``synchronous=FULL``: the WAL is fsync'ed at every commit, so an ``append`` that returned survives a power
  loss or an OS crash. With ``NORMAL`` (WAL's usual setting) the WAL is only synced at checkpoints: the file stays
  consistent but the last commits before a power loss can vanish -- a registry state that a verifier has already
  seen would then be missing, and the next append would reuse its position with other content. A killed process
  loses nothing either way (the OS holds its writes); the fsync is the price of surviving the machine.
- ``append`` is one ``BEGIN IMMEDIATE`` transaction: it takes the write lock first, then reads the last digest,
  position and the id's last version (compared with ``expect_version`` when given: ``LedgerConflict`` and a
  rollback when it differs), then writes the row, so several processes (and threads) append safely.
  A locked file is waited for up to ``timeout`` seconds, then ``LedgerUnavailable``: sqlite's busy handler waits
  ``BUSY_WAIT`` (5 ms), then ``_run`` retries after a short random sleep (0.25..5 ms). sqlite's own handler alone
  (sleeps of 1, 2, 5, ... 100 ms) lets a writer that appends in a loop take the lock again and again while the
  other sleeps: short polls keep two busy writers interleaving (tests/ledger/test_sqlite_reliability.py).

Reading is strict: every column's SQL type, range and length is checked (``DecodeError`` naming the position and
column), and every entry read is checked against its predecessor's digest (``LedgerIntegrityError``).
``verify()`` runs sqlite's ``integrity_check`` (the b-trees and the index against the table), checks the schema,
and recomputes the whole chain and every id's version sequence.
"""
from __future__ import annotations

import os
import sqlite3
import threading
import time as _time

from ..errors import DecodeError
from ._protocol import (MAX_DATA, U64_MAX, ZERO_DIGEST, Entry, Ledger, LedgerConflict, LedgerError,
                        LedgerIntegrityError, LedgerUnavailable, RecordNotFound, check_kind, check_record_id,
                        check_version, entry_digest, verify_chain)

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable, Iterator
    from typing import Any, TypeVar
    T = TypeVar("T")

APPLICATION_ID = 0x7A6B6C67         # "zklg"
FORMAT = 1                          # PRAGMA user_version
SCHEMA = (
    "CREATE TABLE entries (\n"
    "  position  INTEGER PRIMARY KEY,   -- 1, 2, 3, ... (the rowid)\n"
    "  record_id TEXT NOT NULL,         -- 1..256 printable ASCII characters\n"
    "  kind      TEXT NOT NULL,         -- one of zkcred.ledger.KINDS\n"
    "  version   INTEGER NOT NULL,      -- 1, 2, ... per record_id\n"
    "  time      INTEGER NOT NULL,      -- Unix seconds at commit (never less than the previous entry's)\n"
    "  data      BLOB NOT NULL,         -- at most 1 MiB\n"
    "  digest    BLOB NOT NULL,         -- 32 bytes: the hash chain up to this entry\n"
    "  UNIQUE (record_id, version)\n"
    ")")
_INDEX = "sqlite_autoindex_entries_1"
_BATCH = 64                          # rows per query when streaming (at most 64 MiB of data in memory)
_COLUMNS = ("e.position, typeof(e.record_id), e.record_id, typeof(e.kind), e.kind, e.version, e.time, "
            "typeof(e.data), e.data, typeof(e.digest), e.digest")
_WITH_PREV = (f"SELECT {_COLUMNS}, typeof(p.digest), p.digest FROM entries e "
              "LEFT JOIN entries p ON p.position = e.position - 1 ")
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6
BUSY_WAIT = 0.005                    # seconds: sqlite's busy handler, per attempt (module docstring)


def _is_busy(e: sqlite3.OperationalError) -> bool:
    code = getattr(e, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)
    msg = str(e)
    return "locked" in msg or "busy" in msg


def _decode(row: tuple) -> Entry:
    """An entry from a row of ``_COLUMNS`` (bytes for text: ``text_factory = bytes``); DecodeError naming the
    position and column."""
    position, t_rid, rid, t_kind, kind, version, time, t_data, data, t_digest, digest = row[:11]
    if isinstance(position, bool) or not isinstance(position, int) or position < 1:
        raise DecodeError(f"stored entry: position {position!r} is not a positive integer")
    where = f"stored entry at position {position}"
    for name, typ, want in (("record_id", t_rid, b"text"), ("kind", t_kind, b"text"), ("data", t_data, b"blob"),
                            ("digest", t_digest, b"blob")):
        if typ != want:
            raise DecodeError(f"{where}: column {name} has SQL type {typ.decode(errors='replace')}, "
                              f"expected {want.decode()}")
    try:
        record_id, kind_s = rid.decode("ascii"), kind.decode("ascii")
    except UnicodeDecodeError:
        raise DecodeError(f"{where}: record_id or kind is not ASCII") from None
    for name, v in (("version", version), ("time", time)):
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= U64_MAX:
            raise DecodeError(f"{where}: column {name} is {v!r}, expected an integer in 0..2^63-1")
    if len(digest) != 32:
        raise DecodeError(f"{where}: column digest has {len(digest)} bytes, expected 32")
    try:
        check_record_id(record_id)
        check_kind(kind_s)
        check_version(version)
    except DecodeError as e:
        raise DecodeError(f"{where}: {e}") from None
    if len(data) > MAX_DATA:
        raise DecodeError(f"{where}: column data has {len(data)} bytes, more than {MAX_DATA}")
    return Entry(record_id, kind_s, version, data, position, time, digest)


class SqliteLedger(Ledger):
    """A ledger in one SQLite file (module docstring). ``path``: the file; ``create``: make it (and the schema)
    when missing, else LedgerUnavailable; ``timeout``: seconds to wait for a file locked by another writer
    before LedgerUnavailable."""

    max_data = MAX_DATA

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True, timeout: float = 30.0) -> None:
        path = os.fspath(path)
        if not isinstance(path, str) or not path or "\x00" in path:
            raise DecodeError(f"sqlite ledger path {path!r}: expected a file path")
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 <= timeout <= 86400:
            raise DecodeError(f"sqlite ledger timeout {timeout!r}: expected seconds in 0..86400")
        self.path = path
        self.url = "sqlite:" + path
        self._timeout = float(timeout)
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        if not create and not os.path.exists(path):
            raise LedgerUnavailable(f"{path}: no ledger file here; create it with `zkcred ledger init --ledger "
                                    f"sqlite:{path}` (or open_ledger(..., create=True))")
        try:
            conn = sqlite3.connect(path, timeout=BUSY_WAIT, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as e:
            raise LedgerUnavailable(f"{path}: cannot open the ledger file ({e}): check the path and its "
                                    "permissions") from None
        conn.text_factory = bytes
        self._conn = conn
        try:
            self._run(self._setup, create)
        except BaseException:
            self.close()
            raise

    # ------------------------------------------------------------------------- connection plumbing

    def _run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(connection, *args)`` under the lock, retried while the file is locked by another connection (up
        to ``timeout`` seconds in all); sqlite errors become ledger errors."""
        deadline = _time.monotonic() + self._timeout
        delay = 0.0005
        while True:
            with self._lock:
                conn = self._conn
                if conn is None:
                    raise LedgerError(f"{self.url}: the ledger is closed")
                try:
                    return fn(conn, *args)
                except sqlite3.OperationalError as e:
                    if "unsupported file format" in str(e):     # a header format number out of range
                        raise LedgerIntegrityError(f"{self.path}: the sqlite file's header names a format this sqlite "
                                                   "cannot read (damaged, or written by a newer sqlite); restore it "
                                                   "from a copy") from None
                    if not _is_busy(e):
                        raise LedgerUnavailable(f"{self.path}: {e}: check the file, its directory and the disk "
                                                "(permissions, free space)") from None
                except sqlite3.DatabaseError as e:       # not a database, malformed image, constraint failed
                    raise LedgerIntegrityError(f"{self.path}: the sqlite file is damaged ({e}); restore it from a "
                                               "copy") from None
                except sqlite3.Error as e:               # programming errors: a bug, never an input
                    raise LedgerError(f"{self.path}: sqlite: {e}") from None
                except UnicodeDecodeError:               # sqlite's message quotes damaged schema text
                    raise LedgerIntegrityError(f"{self.path}: the sqlite file is damaged (its schema is not "
                                               "UTF-8); restore it from a copy") from None
            left = deadline - _time.monotonic()
            if left <= 0:
                raise LedgerUnavailable(f"{self.path}: the ledger file stayed locked by another process for "
                                        f"{self._timeout:g} s; retry later, or find the process holding it")
            _time.sleep(min(left, delay * (0.5 + _time.perf_counter_ns() % 1000 / 1000)))   # jittered
            delay = min(delay * 2, 0.005)

    @staticmethod
    def _rollback(conn: sqlite3.Connection) -> None:
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    def _setup(self, conn: sqlite3.Connection, create: bool) -> None:
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if mode.lower() != b"wal":
            raise LedgerUnavailable(f"{self.path}: sqlite cannot use a WAL journal here (journal_mode={mode!r}); "
                                    "put the ledger on a local file system")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA fullfsync=ON")          # macOS: F_FULLFSYNC (a no-op elsewhere)
        conn.execute("PRAGMA trusted_schema=OFF")
        app, fmt = self._marks(conn)
        if app or fmt:                           # an initialised file: no write lock needed to open it
            self._check_marks(app, fmt)
            return
        conn.execute("BEGIN IMMEDIATE")          # a new file: create the schema once, whoever comes first
        try:
            app, fmt = self._marks(conn)
            objects = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if app == 0 and fmt == 0 and objects == 0:
                if not create:
                    raise LedgerUnavailable(f"{self.path}: an empty file, not an initialised ledger; run "
                                            f"`zkcred ledger init --ledger sqlite:{self.path}`")
                conn.execute(SCHEMA)
                conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version={FORMAT}")
            else:
                self._check_marks(app, fmt)
            conn.execute("COMMIT")
        except BaseException:
            self._rollback(conn)
            raise

    @staticmethod
    def _marks(conn: sqlite3.Connection) -> tuple[int, int]:
        return (conn.execute("PRAGMA application_id").fetchone()[0],
                conn.execute("PRAGMA user_version").fetchone()[0])

    def _check_marks(self, app: int, fmt: int) -> None:
        if app != APPLICATION_ID:
            raise DecodeError(f"{self.path}: not a zkcred ledger (sqlite application_id {app:#x}, expected "
                              f"{APPLICATION_ID:#x})")
        if fmt != FORMAT:
            raise DecodeError(f"{self.path}: zkcred ledger format {fmt} is not supported (this zkcred reads "
                              f"format {FORMAT})")

    def close(self) -> None:
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    # ------------------------------------------------------------------------- reads

    @staticmethod
    def _linked(row: tuple) -> Entry:
        """The entry of a ``_WITH_PREV`` row, checked against its predecessor's digest."""
        e = _decode(row)
        t_prev, prev = row[11], row[12]
        if e.position == 1:
            prev = ZERO_DIGEST
        elif t_prev != b"blob" or len(prev) != 32:
            raise LedgerIntegrityError(f"position {e.position} (record {e.record_id!r}): the previous entry is "
                                       "missing or malformed")
        if entry_digest(prev, e.position, e.record_id, e.kind, e.version, e.time, e.data) != e.digest:
            raise LedgerIntegrityError(f"position {e.position} (record {e.record_id!r}): digest does not match "
                                       "the hash chain")
        return e

    def get(self, record_id: str, version: int | None = None) -> Entry:
        """The latest version of ``record_id`` (or ``version``); RecordNotFound when there is none."""
        check_record_id(record_id)
        args: tuple[str] | tuple[str, int]
        if version is None:
            sql, args = _WITH_PREV + "WHERE e.record_id = ? ORDER BY e.version DESC LIMIT 1", (record_id,)
        else:
            if check_version(version) > (1 << 63) - 1:        # beyond sqlite's integers: surely not stored
                raise RecordNotFound(f"record {record_id!r} has no version {version}")
            sql, args = _WITH_PREV + "WHERE e.record_id = ? AND e.version = ?", (record_id, version)
        row = self._run(lambda c: c.execute(sql, args).fetchone())
        if row is None:
            raise RecordNotFound(f"no record {record_id!r}" if version is None
                                 else f"record {record_id!r} has no version {version}")
        return self._linked(row)

    def history(self, record_id: str) -> list[Entry]:
        """Every version of ``record_id``, oldest first (an empty list for an unknown id)."""
        check_record_id(record_id)
        rows = self._run(lambda c: c.execute(_WITH_PREV + "WHERE e.record_id = ? ORDER BY e.version",
                                             (record_id,)).fetchall())
        return [self._linked(r) for r in rows]

    def entries(self, since: int = 0) -> Iterator[Entry]:
        """Every entry with a position greater than ``since``, in position order (read in batches, each entry
        checked against its predecessor's digest)."""
        if isinstance(since, bool) or not isinstance(since, int) or since < 0:
            raise DecodeError(f"entries(since={since!r}): expected a position >= 0")
        return self._stream(min(since, (1 << 63) - 1))

    def _stream(self, since: int) -> Iterator[Entry]:
        sql = _WITH_PREV + "WHERE e.position > ? ORDER BY e.position LIMIT ?"
        while True:
            rows = self._run(lambda c: c.execute(sql, (since, _BATCH)).fetchall())
            for r in rows:
                e = self._linked(r)
                since = e.position
                yield e
            if len(rows) < _BATCH:
                return

    def head(self) -> int:
        """The position of the last entry (0 when the ledger is empty)."""
        pos = self._run(lambda c: c.execute("SELECT max(position) FROM entries").fetchone()[0])
        return 0 if pos is None else pos

    # ------------------------------------------------------------------------- append

    def append(self, record_id: str, kind: str, data: bytes, *, expect_version: int | None = None) -> Entry:
        """Append the next version of ``record_id`` (1 for a new id) in one IMMEDIATE transaction; an id keeps the
        kind of its first version (DecodeError otherwise); ``time`` is the commit's Unix second, never less than
        the previous entry's. ``expect_version`` (``Ledger.append``) is compared with the id's last version
        inside that transaction, under the write lock: of two writers that read version n, one appends n + 1 and
        the other gets ``LedgerConflict``, whatever the interleaving."""
        record_id, kind, data = self._check_append(record_id, kind, data, expect_version)
        return self._run(self._append, record_id, kind, data, expect_version)

    def _append(self, conn: sqlite3.Connection, record_id: str, kind: str, data: bytes,
                expect_version: int | None = None) -> Entry:
        conn.execute("BEGIN IMMEDIATE")
        try:
            last = conn.execute(f"SELECT {_COLUMNS} FROM entries e ORDER BY e.position DESC LIMIT 1").fetchone()
            prev_digest, position, prev_time = ZERO_DIGEST, 1, 0
            if last is not None:
                try:
                    top = _decode(last)
                except DecodeError as e:
                    raise LedgerIntegrityError(f"cannot append after a damaged entry: {e}") from None
                prev_digest, position, prev_time = top.digest, top.position + 1, top.time
            row = conn.execute("SELECT version, typeof(kind), kind FROM entries WHERE record_id = ? "
                               "ORDER BY version DESC LIMIT 1", (record_id,)).fetchone()
            version = 1
            if row is not None:
                if isinstance(row[0], bool) or not isinstance(row[0], int) or row[0] < 1 or row[1] != b"text":
                    raise LedgerIntegrityError(f"record {record_id!r}: its last stored version is damaged")
                if row[2] != kind.encode():
                    raise DecodeError(f"record {record_id!r} has kind {row[2].decode('ascii', 'replace')!r}; a "
                                      f"new version cannot change it to {kind!r}")
                version = row[0] + 1
            if expect_version is not None and version - 1 != expect_version:
                raise LedgerConflict(record_id, expect_version, version - 1)
            now = max(int(_time.time()), prev_time)
            digest = entry_digest(prev_digest, position, record_id, kind, version, now, data)
            conn.execute("INSERT INTO entries (position, record_id, kind, version, time, data, digest) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", (position, record_id, kind, version, now, data, digest))
            conn.execute("COMMIT")
        except BaseException:
            self._rollback(conn)
            raise
        return Entry(record_id, kind, version, data, position, now, digest)

    # ------------------------------------------------------------------------- verify

    def verify(self) -> None:
        """sqlite's integrity_check, the schema and marks, then the whole chain and every id's version sequence
        (``verify_chain``); None, or LedgerIntegrityError naming the first bad position, id and rule."""
        self._run(self._verify_structure)
        try:
            verify_chain(self._verify_rows(), contiguous=True, max_data=MAX_DATA)
        except DecodeError as e:
            raise LedgerIntegrityError(str(e)) from None

    def _verify_structure(self, conn: sqlite3.Connection) -> None:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check(10)").fetchall()]
        if problems != [b"ok"]:
            raise LedgerIntegrityError(f"{self.path}: the sqlite file is damaged (integrity_check: "
                                       f"{problems[0].decode(errors='replace')})")
        try:
            self._check_marks(*self._marks(conn))
        except DecodeError as e:
            raise LedgerIntegrityError(str(e)) from None
        objects = sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())
        expected = sorted([(b"table", b"entries", b"entries", SCHEMA.encode()),
                           (b"index", _INDEX.encode(), b"entries", None)])
        if objects != expected:
            raise LedgerIntegrityError(f"{self.path}: the ledger's schema was changed (sqlite_master differs from "
                                       "zkcred.ledger.sqlite.SCHEMA)")

    def _verify_rows(self) -> Iterator[Entry]:
        """Every stored row in position order, decoded (DecodeError -> LedgerIntegrityError with its position)."""
        sql = f"SELECT {_COLUMNS} FROM entries e WHERE e.position > ? ORDER BY e.position LIMIT ?"
        since = 0
        while True:
            rows = self._run(lambda c: c.execute(sql, (since, _BATCH)).fetchall())
            for r in rows:
                try:
                    e = _decode(r)
                except DecodeError as exc:
                    raise LedgerIntegrityError(f"malformed entry: {exc}") from None
                since = e.position
                yield e
            if len(rows) < _BATCH:
                return


__all__ = ["SqliteLedger", "SCHEMA", "APPLICATION_ID", "FORMAT"]
