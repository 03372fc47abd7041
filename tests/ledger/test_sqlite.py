"""The SQLite backend's own rules: the file's settings and schema, opening errors, a locked file, threads, the
commit time, and verify()'s rules each caught alone (rows rewritten with a correct chain, so that only the rule
under test is broken)."""
from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from zkcred.errors import DecodeError
from zkcred.ledger import LedgerError, LedgerIntegrityError, LedgerUnavailable, open_ledger
from zkcred.ledger import sqlite as sqlite_backend
from zkcred.ledger.sqlite import APPLICATION_ID, SqliteLedger

from .test_conformance import chain_digest, check_chain


@pytest.fixture
def db(tmp_path):
    return tmp_path / "ledger.db"


def test_file_settings_and_schema(db):
    with open_ledger(f"sqlite:{db}") as ledger:
        e = ledger.append("did:key:zA", "did", b"doc")
        assert ledger._conn.execute("PRAGMA synchronous").fetchone()[0] == 2       # FULL
        raw = sqlite3.connect(db)
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID == 0x7A6B6C67
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
        cols = [(r[1], r[2], r[3], r[5]) for r in raw.execute("PRAGMA table_info(entries)")]
        assert cols == [("position", "INTEGER", 0, 1), ("record_id", "TEXT", 1, 0), ("kind", "TEXT", 1, 0),
                        ("version", "INTEGER", 1, 0), ("time", "INTEGER", 1, 0), ("data", "BLOB", 1, 0),
                        ("digest", "BLOB", 1, 0)]
        (index,) = [r for r in raw.execute("PRAGMA index_list(entries)")]
        assert index[2] == 1 and [r[2] for r in raw.execute(f"PRAGMA index_info({index[1]})")] == [
            "record_id", "version"]
        row = raw.execute("SELECT position, record_id, kind, version, time, data, digest FROM entries").fetchone()
        assert row == (e.position, e.record_id, e.kind, e.version, e.time, e.data, e.digest)
        with pytest.raises(sqlite3.IntegrityError):                               # UNIQUE(record_id, version)
            raw.execute("INSERT INTO entries VALUES (2, 'did:key:zA', 'did', 1, 0, x'', zeroblob(32))")
        raw.close()


def test_open_errors(db, tmp_path):
    with pytest.raises(LedgerUnavailable, match="zkcred ledger init"):
        open_ledger(f"sqlite:{db}", create=False)
    assert not db.exists()
    db.write_bytes(b"")
    with pytest.raises(LedgerUnavailable, match="not an initialised ledger"):
        open_ledger(f"sqlite:{db}", create=False)
    with pytest.raises(LedgerUnavailable, match="cannot open|unable to open"):
        open_ledger(f"sqlite:{tmp_path / 'no-such-dir' / 'x.db'}")
    with pytest.raises(LedgerUnavailable):
        open_ledger(f"sqlite:{tmp_path}")                                          # a directory
    for bad in ("", "a\x00b"):
        with pytest.raises(DecodeError, match="path"):
            SqliteLedger(bad)
    for timeout in (-1, True, "1", 1e9):
        with pytest.raises(DecodeError, match="timeout"):
            SqliteLedger(db, timeout=timeout)


def test_other_sqlite_files_are_not_ledgers(tmp_path):
    other = tmp_path / "other.db"
    raw = sqlite3.connect(other)
    raw.execute("CREATE TABLE t (x)")
    raw.commit()
    raw.close()
    with pytest.raises(DecodeError, match="not a zkcred ledger"):
        open_ledger(f"sqlite:{other}")
    future = tmp_path / "future.db"
    open_ledger(f"sqlite:{future}").close()
    raw = sqlite3.connect(future)
    raw.execute("PRAGMA user_version = 2")
    raw.close()
    with pytest.raises(DecodeError, match="format 2 is not supported"):
        open_ledger(f"sqlite:{future}")


def test_a_locked_file_is_waited_for_then_unavailable(db):
    ledger = open_ledger(f"sqlite:{db}", timeout=0.3)
    first = ledger.append("r", "schema", b"1")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")                  # another process's writer, stuck in its transaction
    t = time.monotonic()
    with pytest.raises(LedgerUnavailable, match="locked by another process for 0.3 s"):
        ledger.append("r", "schema", b"2")
    assert time.monotonic() - t >= 0.3
    assert ledger.get("r") == first and ledger.head() == 1   # WAL: reads go on
    ledger.verify()
    with open_ledger(f"sqlite:{db}", timeout=0.3) as reader:     # and so does opening it (no write lock taken)
        assert reader.get("r") == first
    holder.execute("COMMIT")
    assert ledger.append("r", "schema", b"2").version == 2
    ledger.close()
    holder.close()


def test_a_writer_waits_for_a_lock_released_in_time(db):
    ledger = open_ledger(f"sqlite:{db}", timeout=30)
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.2, lambda: holder.execute("COMMIT"))
    release.start()
    assert ledger.append("r", "schema", b"x").position == 1
    release.join()
    holder.close()
    ledger.close()


def test_threads_on_one_handle_and_on_several(db):
    shared = open_ledger(f"sqlite:{db}")
    own = [open_ledger(f"sqlite:{db}") for _ in range(2)]
    handles = [shared, shared, own[0], own[1]]
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            for j in range(60):
                handles[i].append(f"t{i}", "schema", f"{i}:{j}".encode())
        except BaseException as e:       # surfaced below
            errors.append(e)
    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    entries = list(shared.entries())
    assert len(entries) == 240 and [e.position for e in entries] == list(range(1, 241))
    for i in range(4):
        mine = [e for e in entries if e.record_id == f"t{i}"]
        assert [e.data for e in mine] == [f"{i}:{j}".encode() for j in range(60)]
        assert [e.version for e in mine] == list(range(1, 61))
    check_chain(entries)
    shared.verify()
    for h in [shared] + own:
        h.close()


def test_time_is_the_commit_second_and_never_goes_back(db, monkeypatch):
    with open_ledger(f"sqlite:{db}") as ledger:
        before = int(time.time())
        a = ledger.append("r", "schema", b"a")
        assert before <= a.time <= int(time.time())
        real = time.time
        monkeypatch.setattr(sqlite_backend._time, "time", lambda: real() - 86400)   # the clock steps back a day
        b = ledger.append("r", "schema", b"b")
        assert b.time == a.time
        monkeypatch.undo()
        ledger.verify()


# ----------------------------------------------------------------------------- verify's rules, one at a time

def _rewrite(db, rows: list[tuple]) -> None:
    """Replace every row by ``rows`` (position, record_id, kind, version, time, data), each with the digest the
    chain gives it (the test's own chain_digest): only the rule under test is broken."""
    from zkcred.ledger import Entry
    raw = sqlite3.connect(db)
    with raw:
        raw.execute("DELETE FROM entries")
        prev = bytes(32)
        for pos, rid, kind, version, t, data in rows:
            d = chain_digest(prev, Entry(rid, kind, version, data, pos, t, b""))
            raw.execute("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?)", (pos, rid, kind, version, t, data, d))
            prev = d
    raw.close()


GOOD = [(1, "a", "schema", 1, 100, b"x"), (2, "b", "did", 1, 100, b""), (3, "a", "schema", 2, 101, b"y"),
        (4, "a", "schema", 3, 105, b"z")]
BROKEN = {
    "version skipped": ([GOOD[0], GOOD[1], (3, "a", "schema", 3, 101, b"y")], r"position 3 .*version 3 does not "
                                                                              r"follow version 1.*expected 2"),
    "version back": ([GOOD[0], (2, "a", "schema", 3, 100, b""), (3, "a", "schema", 2, 101, b"y")],
                     r"position 2 .*version 3 does not follow version 1"),
    "first version not 1": ([GOOD[0], (2, "b", "did", 2, 100, b"")], r"position 2 .*version 2 does not follow "
                                                                     r"version 0"),
    "kind changed": ([GOOD[0], GOOD[1], (3, "a", "did", 2, 101, b"y")], r"position 3 .*kind 'did' differs"),
    "time back": ([GOOD[0], GOOD[1], (3, "a", "schema", 2, 99, b"y")], r"position 3 .*time 99 is earlier"),
    "position gap": ([GOOD[0], GOOD[1], (4, "a", "schema", 2, 101, b"y")], r"position 4 .*expected 3"),
    "first position not 1": ([(2, "a", "schema", 1, 100, b"x")], r"position 2 .*expected 1"),
    "bad kind": ([GOOD[0], (2, "b", "dids", 1, 100, b"")], r"position 2.*kind"),
    "bad record id": ([GOOD[0], (2, "b\n", "did", 1, 100, b"")], r"position 2.*record id"),
    "negative time": ([(1, "a", "schema", 1, -5, b"x")], r"position 1.*time"),
}


def test_good_rewrite_verifies(db):
    open_ledger(f"sqlite:{db}").close()
    _rewrite(db, GOOD)
    with open_ledger(f"sqlite:{db}") as ledger:
        ledger.verify()
        assert [e.version for e in ledger.entries()] == [1, 1, 2, 3]
        assert ledger.append("a", "schema", b"w").version == 4


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_rule_of_verify(db, case):
    open_ledger(f"sqlite:{db}").close()
    rows, message = BROKEN[case]
    if case == "negative time":
        raw = sqlite3.connect(db)
        with raw:
            raw.execute("INSERT INTO entries VALUES (1, 'a', 'schema', 1, -5, x'78', zeroblob(32))")
        raw.close()
    else:
        _rewrite(db, rows)
    with open_ledger(f"sqlite:{db}") as ledger, pytest.raises(LedgerIntegrityError, match=message):
        ledger.verify()


def test_a_changed_schema_is_detected(db):
    open_ledger(f"sqlite:{db}").close()
    raw = sqlite3.connect(db)
    raw.execute("CREATE TRIGGER t AFTER INSERT ON entries BEGIN SELECT 1; END")
    raw.close()
    with open_ledger(f"sqlite:{db}") as ledger, pytest.raises(LedgerIntegrityError, match="schema"):
        ledger.verify()


def test_appending_after_a_damaged_last_entry_is_refused(db):
    with open_ledger(f"sqlite:{db}") as ledger:
        ledger.append("a", "schema", b"x")
        raw = sqlite3.connect(db)
        with raw:
            raw.execute("UPDATE entries SET digest = x'00'")
        raw.close()
        with pytest.raises(LedgerIntegrityError, match="damaged"):
            ledger.append("a", "schema", b"y")
        assert ledger.head() == 1


def test_reads_check_each_entry_against_its_predecessor(db):
    with open_ledger(f"sqlite:{db}") as ledger:
        for i in range(4):
            ledger.append("a", "schema", bytes([i]))
        raw = sqlite3.connect(db)
        with raw:
            raw.execute("UPDATE entries SET data = x'ff' WHERE position = 3")
        raw.close()
        assert ledger.get("a", 2).data == b"\x01"
        with pytest.raises(LedgerIntegrityError, match="position 3 .*digest"):
            ledger.get("a", 3)
        with pytest.raises(LedgerIntegrityError, match="position 3"):
            ledger.history("a")
        with pytest.raises(LedgerIntegrityError, match="position 3"):
            list(ledger.entries())
        with pytest.raises(LedgerIntegrityError, match="position 3"):
            ledger.verify()


def test_close_then_use_names_the_ledger(db):
    ledger = open_ledger(f"sqlite:{db}")
    ledger.close()
    with pytest.raises(LedgerError, match="closed"):
        ledger.head()
