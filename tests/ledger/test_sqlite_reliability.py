"""Reliability of the SQLite ledger (issue 9, item 7): killed writers lose no committed record, any changed byte of
a stored record is detected (by ``verify()`` and by ``zkcred ledger verify``, exit 1), concurrent writer processes
interleave without loss, and damaged stored rows are clear errors, never crashes.

The writer processes are tests/ledger/_writer.py. The changed-byte tests locate a record's cell in the file by
encoding it independently in SQLite's record format (``sqlite_cell`` below, from sqlite.org/fileformat2.html)."""
from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from zkcred import cli
from zkcred.errors import DecodeError
from zkcred.ledger import KINDS, Entry, LedgerIntegrityError, RecordNotFound, open_ledger

from ._writer import expected

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
WRITER = HERE / "_writer.py"
DETECTED = (LedgerIntegrityError, DecodeError)      # open_ledger: DecodeError for a changed format mark


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + [p for p in [env.get("PYTHONPATH")] if p])
    return env


def _writer(mode: str, db: Path, count: int, tag: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(WRITER), mode, str(db), str(count), tag], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())


def _cli_verify(db: Path, capsys) -> tuple[int, str]:
    capsys.readouterr()
    rc = cli.main(["ledger", "verify", "--ledger", f"sqlite:{db}"])
    out = capsys.readouterr()
    return rc, out.out + out.err


# ----------------------------------------------------------------------------- SIGKILL during appends

def test_sigkilled_writers_lose_no_committed_record(tmp_path, rng):
    """Writers append positions 1..10,000 and are killed with SIGKILL: one kill in five at a random moment of the
    start-up (opening the file, recovering the WAL), the others after a random number of appends plus a random
    fraction of a millisecond (mid-append: in the transaction, the commit's fsync, a checkpoint). A writer reports
    a position only after its commit returned. Every reported position must be present with its content, and the
    file must open and verify."""
    db, total, tag = tmp_path / "ledger.db", 10_000, f"kill-{rng.getrandbits(32)}"
    reported: set[int] = set()
    kills = 0
    started = time.monotonic()
    while True:
        proc = _writer("seq", db, total, tag)
        assert proc.stdout is not None
        lines: list[str] = []
        if rng.random() < 0.2:
            time.sleep(rng.uniform(0.0, 0.2))
        else:
            target = rng.randrange(1, 800)
            while len(lines) < target:
                line = proc.stdout.readline().decode()
                if not line:
                    break
                lines.append(line.strip())
            time.sleep(rng.uniform(0.0, 0.0005))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        out = proc.stdout.read()           # not communicate(): it would skip what readline() has buffered
        err = proc.stderr.read() if proc.stderr else b""
        proc.wait()
        lines += out.decode().split()
        if proc.returncode == -signal.SIGKILL:
            kills += 1
        elif proc.returncode != 0:
            pytest.fail(f"writer failed ({proc.returncode}): {err.decode()[-2000:]}")
        reported.update(int(x) for x in lines if x != "done")
        if lines[-1:] == ["done"]:
            break
        assert time.monotonic() - started < 600, "the writers make no progress"
    elapsed = time.monotonic() - started
    print(f"\n{total} appends, {kills} SIGKILLs, {total - len(reported)} committed but unreported, "
          f"{elapsed:.1f} s")
    with open_ledger(f"sqlite:{db}", create=False) as ledger:
        ledger.verify()
        assert ledger.head() == total
        for e in ledger.entries():
            assert (e.record_id, e.kind, e.data) == expected(tag, e.position)
    # every reported append is there; the unreported ones were committed by a writer killed before it reported
    # (at most one per kill), and the next writer carried on after them
    assert reported <= set(range(1, total + 1)) and total - len(reported) <= kills
    assert kills >= 10


# ----------------------------------------------------------------------------- two writers at once

def test_two_writer_processes_interleave_without_loss(tmp_path):
    db, count = tmp_path / "ledger.db", 1000
    open_ledger(f"sqlite:{db}").close()
    procs = {tag: _writer("tagged", db, count, tag) for tag in ("a", "b")}
    for p in procs.values():
        assert p.stdout is not None and p.stdout.readline() == b"ready\n"
    for p in procs.values():                        # both are open and waiting: start them together
        assert p.stdin is not None
        p.stdin.write(b"go\n")
        p.stdin.flush()
    reported: dict[str, list[tuple[int, int]]] = {}
    for tag, p in procs.items():
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()[-2000:]
        lines = out.decode().splitlines()
        assert lines[-1] == "done"
        reported[tag] = [tuple(map(int, x.split())) for x in lines[:-1]]       # type: ignore[misc]
    with open_ledger(f"sqlite:{db}", create=False) as ledger:
        ledger.verify()
        entries = list(ledger.entries())
    assert len(entries) == 2 * count and ledger_positions(entries) == list(range(1, 2 * count + 1))
    by_tag: dict[str, list[Entry]] = {"a": [], "b": []}
    for e in entries:
        tag, j = e.data.decode().split(":")
        assert e.record_id == f"w{tag}-{int(j) % 7}"
        by_tag[tag].append(e)
    for tag, mine in by_tag.items():               # each writer's entries, in its order, none lost
        assert [e.data for e in mine] == [f"{tag}:{j}".encode() for j in range(count)]
        assert [(j, e.position) for j, e in enumerate(mine)] == reported[tag]
    switches = sum(1 for x, y in zip(entries, entries[1:]) if x.data[:1] != y.data[:1])
    print(f"\n2 x {count} appends, {switches} switches between the writers")
    assert switches >= 1


def ledger_positions(entries: list[Entry]) -> list[int]:
    return [e.position for e in entries]


# ----------------------------------------------------------------------------- changed values, every column

def _small_ledger(path: Path, rng, n: int = 20) -> list[Entry]:
    with open_ledger(f"sqlite:{path}") as ledger:
        out = [ledger.append(f"rec-{i % 5}", KINDS[i % 5], rng.randbytes(rng.randrange(1, 60))) for i in range(n)]
    assert not Path(f"{path}-wal").exists()         # checkpointed into the main file at close
    return out


def _flip_bit(value: bytes, rng) -> bytes:
    b = bytearray(value)
    b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
    return bytes(b)


def _tamper_sql(rng, column: str, e: Entry) -> tuple[str, tuple]:
    """An UPDATE changing one bit (or the SQL type) of ``column`` in entry ``e``."""
    p = e.position
    if column in ("data", "digest"):
        return f"UPDATE entries SET {column} = ? WHERE position = ?", (_flip_bit(getattr(e, column), rng), p)
    if column in ("record_id", "kind"):
        text = getattr(e, column).encode()
        i, bit = rng.randrange(3), rng.randrange(8)     # in "rec" of "rec-N": no clash with another row's id
        changed = bytearray(text)
        changed[i] ^= 1 << bit
        return f"UPDATE entries SET {column} = CAST(? AS TEXT) WHERE position = ?", (bytes(changed), p)
    if column in ("version", "time"):               # versions here are <= 4: bit 5 and up clash with no row
        bit = rng.randrange(5 if column == "version" else 0, 40)
        return f"UPDATE entries SET {column} = ? WHERE position = ?", (getattr(e, column) ^ (1 << bit), p)
    assert column == "position"
    return "UPDATE entries SET position = ? WHERE position = ?", (p ^ (1 << rng.randrange(5, 40)), p)


def _reads_never_crash(db: Path, originals: list[Entry]) -> None:
    """Every read of the damaged ledger returns an entry or raises a ledger / decode error."""
    with open_ledger(f"sqlite:{db}", create=False) as ledger:
        for e in originals:
            for read in (lambda: ledger.get(e.record_id), lambda: ledger.get(e.record_id, e.version),
                         lambda: ledger.history(e.record_id), lambda: list(ledger.entries(e.position - 1))):
                try:
                    read()
                except (LedgerIntegrityError, DecodeError, RecordNotFound):
                    pass


COLUMNS = ["position", "record_id", "kind", "version", "time", "data", "digest"]
TYPE_CHANGES = {"record_id": "CAST(record_id AS BLOB)", "kind": "CAST(kind AS BLOB)", "data": "CAST(data AS TEXT)",
                "digest": "CAST(digest AS TEXT)", "version": "version + 0.5", "time": "CAST(time AS BLOB)"}    # INTEGER affinity would turn TEXT digits back


@pytest.mark.parametrize("where", ["first", "middle", "last"])
@pytest.mark.parametrize("column", COLUMNS)
def test_a_changed_value_in_any_column_is_detected(tmp_path, rng, capsys, column, where):
    db = tmp_path / "ledger.db"
    entries = _small_ledger(db, rng)
    target = {"first": entries[0], "middle": entries[len(entries) // 2], "last": entries[-1]}[where]
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(*_tamper_sql(rng, column, target))
    conn.close()
    with open_ledger(f"sqlite:{db}", create=False) as ledger, pytest.raises(LedgerIntegrityError) as info:
        ledger.verify()
    if column != "position":                       # a moved row is reported where the gap is
        assert re.search(rf"position {target.position}\b", str(info.value)), info.value
    rc, out = _cli_verify(db, capsys)
    assert rc == 1 and out.startswith("INVALID: ") and out.count("\n") == 1
    _reads_never_crash(db, entries)


@pytest.mark.parametrize("column", sorted(TYPE_CHANGES))
def test_a_changed_sql_type_is_detected(tmp_path, rng, capsys, column):
    """The same bytes under another SQL type (one bit of the record header: TEXT and BLOB serial types differ by
    one) are a malformed row."""
    db = tmp_path / "ledger.db"
    entries = _small_ledger(db, rng)
    target = entries[7]
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(f"UPDATE entries SET {column} = {TYPE_CHANGES[column]} WHERE position = ?", (target.position,))
    conn.close()
    with open_ledger(f"sqlite:{db}", create=False) as ledger, pytest.raises(LedgerIntegrityError,
                                                                            match=rf"position {target.position}\b"):
        ledger.verify()
    assert _cli_verify(db, capsys)[0] == 1
    with open_ledger(f"sqlite:{db}", create=False) as ledger:
        with pytest.raises((DecodeError, RecordNotFound)):
            ledger.get(target.record_id, target.version)
        with pytest.raises(DecodeError, match=f"position {target.position}"):
            list(ledger.entries())
    _reads_never_crash(db, entries)


# ----------------------------------------------------------------------------- flipped bytes in the file

def _varint(n: int) -> bytes:
    """SQLite's big-endian base-128 varint (values below 2^56)."""
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.append(0x80 | (n & 0x7F))
        n >>= 7
    return bytes(reversed(out))


def _int_field(v: int) -> tuple[int, bytes]:
    if v in (0, 1):
        return 8 + v, b""
    for serial, size in ((1, 1), (2, 2), (3, 3), (4, 4), (5, 6), (6, 8)):
        if -(1 << (8 * size - 1)) <= v < 1 << (8 * size - 1):
            return serial, v.to_bytes(size, "big", signed=True)
    raise AssertionError(v)


def sqlite_cell(e: Entry) -> bytes:
    """The table b-tree leaf cell of entry ``e`` (no overflow): varint payload size, varint rowid, then the record
    (header of serial types; ``position`` is the rowid alias, stored as NULL)."""
    rid, kind = e.record_id.encode(), e.kind.encode()
    fields = [(0, b""), (13 + 2 * len(rid), rid), (13 + 2 * len(kind), kind), _int_field(e.version),
              _int_field(e.time), (12 + 2 * len(e.data), e.data), (12 + 2 * len(e.digest), e.digest)]
    types = b"".join(_varint(t) for t, _ in fields)
    header = _varint(len(types) + 1) + types       # one byte of header size: headers here are short
    payload = header + b"".join(body for _, body in fields)
    return _varint(len(payload)) + _varint(e.position) + payload


def _flipped_copy(image: bytes, offset: int, mask: int, path: Path) -> Path:
    b = bytearray(image)
    b[offset] ^= mask
    path.write_bytes(bytes(b))
    return path


def _outcome(path: Path, originals: list[Entry]) -> str:
    """"detected" when opening or verifying raises; "unchanged" when the ledger reads back exactly as before;
    anything else fails the test."""
    try:
        with open_ledger(f"sqlite:{path}", create=False) as ledger:
            ledger.verify()
            assert list(ledger.entries()) == originals, "verify() passed but an entry changed"
            for e in originals:
                assert ledger.get(e.record_id, e.version) == e, "verify() passed but a lookup changed"
        return "unchanged"
    except DETECTED:
        return "detected"


@pytest.mark.parametrize("where", ["middle", "last"])
def test_every_flipped_byte_of_a_stored_record_is_detected(tmp_path, rng, capsys, where):
    """Each byte of the record's cell in the file (its rowid = position, record header, record_id, kind, version,
    time, data and digest), flipped alone, is detected -- except a flip that turns the rowid alias' unused NULL
    into another empty value, which changes nothing readable (then every entry must read back unchanged)."""
    db = tmp_path / "ledger.db"
    entries = _small_ledger(db, rng)
    target = entries[len(entries) // 2] if where == "middle" else entries[-1]
    image = db.read_bytes()
    cell = sqlite_cell(target)
    at = image.find(cell)
    assert at > 0 and image.find(cell, at + 1) == -1, "the record's cell was not found once in the file"
    # The serial type of the rowid alias (position) in the record header: sqlite never reads that value (it uses the
    # rowid), so turning its NULL (0) into another zero-length value (serial types 8..12) changes nothing readable.
    alias = cell.index(bytes([0]), 2)
    assert alias == len(_varint(len(cell) - 2)) + len(_varint(target.position)) + 1
    for i in range(len(cell)):
        for mask in (1 << rng.randrange(8), rng.randrange(1, 256)):      # one bit, one byte
            copy = _flipped_copy(image, at + i, mask, tmp_path / f"flip-{i}-{mask}.db")
            outcome = _outcome(copy, entries)
            if i == alias and mask in range(8, 13):
                assert outcome in ("detected", "unchanged")
                continue
            assert outcome == "detected", f"byte {i} of the cell (xor {mask:#x}) went unnoticed"
            if i % 16 == 0:                        # the command line too, on a sample
                assert _cli_verify(copy, capsys)[0] == 1
    print(f"\n{len(cell)} bytes of the cell, 2 flips each: detected")


def test_random_flipped_bytes_are_detected_or_harmless(tmp_path, rng):
    """A byte flipped anywhere in the file (free space, page headers, the schema, b-tree pages) is detected, or
    every entry still reads back exactly as it was: never a silent change, never a crash."""
    db = tmp_path / "ledger.db"
    entries = _small_ledger(db, rng, 60)
    image = db.read_bytes()
    seen = {"detected": 0, "unchanged": 0}
    for trial in range(250):
        offset = rng.randrange(len(image))
        seen[_outcome(_flipped_copy(image, offset, rng.randrange(1, 256), tmp_path / f"r{trial}.db"), entries)] += 1
    print(f"\n{len(image)}-byte file, 250 random flips: {seen}")
    assert seen["detected"] > 0


def test_every_flipped_bit_of_the_file_header_is_detected_or_harmless(tmp_path, rng):
    """Each byte of the 100-byte database header (page size, format versions, schema format number, change
    counters, text encoding ...) flipped in its low bit, its high bit or whole, is detected or harmless. The
    schema format number (bytes 44-47) out of range makes sqlite answer "unsupported file format": a damaged file
    (LedgerIntegrityError), not an unavailable one (CI found that flip by chance once)."""
    db = tmp_path / "ledger.db"
    entries = _small_ledger(db, rng, 20)
    image = db.read_bytes()
    seen = {"detected": 0, "unchanged": 0}
    for offset in range(100):
        for mask in (0x01, 0x80, 0xFF):
            seen[_outcome(_flipped_copy(image, offset, mask, tmp_path / "h.db"), entries)] += 1
    assert seen["detected"] > 0
    with pytest.raises(LedgerIntegrityError, match="format"):
        with open_ledger(f"sqlite:{_flipped_copy(image, 47, 0x01, tmp_path / 'h47.db')}", create=False) as ledger:
            ledger.verify()


# ----------------------------------------------------------------------------- malformed files

def test_damaged_files_are_clear_errors(tmp_path, rng, capsys):
    db = tmp_path / "ledger.db"
    _small_ledger(db, rng)
    image = db.read_bytes()
    cases = {"truncated": image[: len(image) // 2], "empty page": image[:4096] + bytes(len(image) - 4096),
             "text": b"not a database\n" * 100, "zero header": bytes(100) + image[100:]}
    for name, content in cases.items():
        path = tmp_path / f"{name.replace(' ', '-')}.db"
        path.write_bytes(content)
        with pytest.raises(DETECTED):
            with open_ledger(f"sqlite:{path}", create=False) as ledger:
                ledger.verify()
        rc, out = _cli_verify(path, capsys)
        assert rc == 1 and out.startswith("INVALID: "), (name, out)


def test_deleted_middle_row_is_detected(tmp_path, rng, capsys):
    db = tmp_path / "ledger.db"
    entries = _small_ledger(db, rng)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("DELETE FROM entries WHERE position = 5")
    conn.close()
    with open_ledger(f"sqlite:{db}", create=False) as ledger, pytest.raises(LedgerIntegrityError, match="position 6"):
        ledger.verify()
    assert _cli_verify(db, capsys)[0] == 1
    _reads_never_crash(db, entries)


def test_copy_of_a_live_ledger_with_its_wal_verifies(tmp_path, rng):
    """A ledger copied while a writer holds it open (main file + WAL) opens and verifies."""
    db = tmp_path / "ledger.db"
    with open_ledger(f"sqlite:{db}") as ledger:
        appended = [ledger.append(f"r{i % 3}", "schema", rng.randbytes(100)) for i in range(50)]
        copy = tmp_path / "copy"
        copy.mkdir()
        for suffix in ("", "-wal"):
            if Path(f"{db}{suffix}").exists():
                shutil.copyfile(f"{db}{suffix}", copy / f"ledger.db{suffix}")
    with open_ledger(f"sqlite:{copy / 'ledger.db'}", create=False) as again:
        again.verify()
        assert list(again.entries()) == appended
