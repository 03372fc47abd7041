"""``zkcred ledger ...``: create, list and check a ledger (a thin shell over zkcred.ledger).

  init    [--ledger URL]                                  create the ledger file (kept when it already exists)
  show    [--ledger URL] [--since POSITION] [--id RECORD_ID] [--data] [--json]
                                                          list the entries (one line each), oldest first
  verify  [--ledger URL]                                  recompute the hash chain -> "OK ..." (exit 0)

URL: ``sqlite:<path>`` (default: sqlite:$XDG_DATA_HOME/zkcred/ledger.db, else ~/.local/share/zkcred/ledger.db) or
``evm:<JSON-RPC url>``. ``show --json`` prints one JSON object per entry (``data_hex`` with --data).

Exit codes (zkcred.cli): 0 OK; 1 INVALID (``verify``/``show``: a changed or damaged ledger -- "INVALID: <the first
bad position, record id and rule>" on stderr); 2 usage; 3 malformed input or no ledger file at the path (``show``,
``verify`` never create one); 4 other errors (a file locked by another process for too long, a dead node).
"""
from __future__ import annotations

import argparse
import os
import sys

__all__ = ["COMMANDS", "register", "default_url"]

COMMANDS = ("init", "show", "verify")


def default_url() -> str:
    """``sqlite:`` and the default ledger file: $XDG_DATA_HOME/zkcred/ledger.db (an absolute $XDG_DATA_HOME, per
    the XDG base directory specification), else ~/.local/share/zkcred/ledger.db."""
    base = os.environ.get("XDG_DATA_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".local", "share")
    return "sqlite:" + os.path.join(base, "zkcred", "ledger.db")


def _url(args: argparse.Namespace) -> str:
    """--ledger (or the default), its scheme checked (DecodeError: exit 3)."""
    from ..errors import DecodeError
    url = args.ledger or default_url()
    if not url.startswith(("sqlite:", "evm:")):
        raise DecodeError(f"--ledger {url!r}: expected sqlite:<path> or evm:<JSON-RPC url>")
    return url


def _open(args: argparse.Namespace, *, create: bool):
    """The ledger named by --ledger; for sqlite, a missing file is created only by ``init``."""
    from ..ledger import open_ledger
    url = _url(args)
    if url.startswith("sqlite:"):
        path = os.path.expanduser(url[len("sqlite:"):])
        if create and path:
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        elif path and not os.path.exists(path):
            raise FileNotFoundError(f"{path}: no ledger file here; create it with `zkcred ledger init --ledger "
                                    f"sqlite:{path}`")
        return open_ledger("sqlite:" + path, create=create)
    return open_ledger(url)


def cmd_init(args: argparse.Namespace) -> int:
    with _open(args, create=True) as ledger:
        head = ledger.head()
    print(f"{ledger.url}: {'a new ledger' if head == 0 else f'an existing ledger, {head} entries'}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    import json
    import time
    with _open(args, create=False) as ledger:
        entries = ledger.history(args.id) if args.id is not None else ledger.entries(args.since)
        for e in entries:
            if e.position <= args.since:
                continue
            if args.json:
                doc = {"position": e.position, "time": e.time, "kind": e.kind, "record_id": e.record_id,
                       "version": e.version, "size": len(e.data), "digest": e.digest.hex()}
                if args.data:
                    doc["data_hex"] = e.data.hex()
                line = json.dumps(doc, separators=(",", ":"))
            else:
                when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(e.time))
                line = (f"{e.position:>8}  {when}  {e.kind:<15} {e.record_id}  v{e.version}  {len(e.data)} bytes  "
                        f"{e.digest.hex()[:16]}")
                if args.data:
                    line += "  " + e.data.hex()
            print(line)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from ..errors import DecodeError
    from ..ledger import LedgerIntegrityError
    _url(args)
    try:
        with _open(args, create=False) as ledger:
            ledger.verify()
            head = ledger.head()
            last = ledger.entries(head - 1) if head else iter(())
            digest = next(iter(last), None)
    except DecodeError as e:           # not a ledger file / unknown format: not intact either
        raise LedgerIntegrityError(str(e)) from None
    tail = f", head digest {digest.digest.hex()}" if digest is not None else ""
    print(f"OK: {ledger.url}: {head} entries{tail}")
    return 0


def register(subparsers: argparse._SubParsersAction, only: str | None = None) -> None:
    """Add ``zkcred ledger {init,show,verify}`` (only the command ``only`` when given)."""
    from . import command_group
    command = command_group(subparsers, "ledger", "the ledger of issuers, schemas and registry states", __doc__,
                            COMMANDS, only)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--ledger", metavar="URL",
                        help="sqlite:<path> or evm:<JSON-RPC url> (default: sqlite:<user data dir>/zkcred/ledger.db)")

    if i := command("init", cmd_init, "create the ledger (an existing one is kept)"):
        common(i)
    if s := command("show", cmd_show, "list the entries, oldest first"):
        common(s)
        s.add_argument("--since", type=int, default=0, metavar="POSITION",
                       help="only entries after this position")
        s.add_argument("--id", metavar="RECORD_ID", help="only the versions of this record")
        s.add_argument("--data", action="store_true", help="print each entry's data (hex)")
        s.add_argument("--json", action="store_true", help="one JSON object per line")
    if v := command("verify", cmd_verify, "recompute the hash chain: exit 0 intact, 1 not"):
        common(v)
