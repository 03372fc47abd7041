"""``zkcred.ledger``: append-only, versioned, hash-chained records by id (issuer DID documents, schemas, predicate
key digests, registry states and their update data), each with its position and time (../shared/DESIGN.md,
"Ledgers"). The ledger stores bytes: it knows no credential and no proof.

    from zkcred.ledger import open_ledger
    ledger = open_ledger("sqlite:/path/ledger.db")          # the embedded default: one file
    ledger = open_ledger("evm:http://127.0.0.1:8545", account=..., chain_id=None, confirmations=0)
    entry = ledger.append("did:key:z...", "did", document_bytes)     # version 1, 2, ... of this id
    ledger.append(record_id, kind, data, expect_version=n)           # only if it is at version n (0: new), else
                                                                     # LedgerConflict and nothing is written
    ledger.get("did:key:z...")            # latest (or version=n); RecordNotFound when missing
    ledger.history(record_id), ledger.entries(since=0), ledger.head()
    ledger.verify()                       # None, or LedgerIntegrityError naming the first bad record
    ledger.close()

Backends: ``zkcred.ledger.sqlite`` (``sqlite:<path>``), ``zkcred.ledger.evm`` (``evm:<url>``, imported only when
asked for: it needs web3).
"""
from __future__ import annotations

from ._protocol import (KINDS, MAX_DATA, MAX_RECORD_ID, ZERO_DIGEST, Entry, Ledger, LedgerConflict, LedgerError,
                        LedgerIntegrityError, LedgerUnavailable, RecordNotFound, entry_digest, verify_chain)

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any


def open_ledger(url: str, **options: Any) -> Ledger:
    """Open the ledger named by ``url``: ``sqlite:<path>`` (options: ``create=True``, ``timeout=30.0`` seconds of
    waiting for a locked file) or ``evm:<JSON-RPC url>`` (options: ``account``, ``chain_id``, ``confirmations``,
    ... of ``zkcred.ledger.evm.EvmLedger``, which is given the url without its ``evm:`` prefix)."""
    from ..errors import DecodeError
    if not isinstance(url, str):
        raise DecodeError(f"ledger url: expected a str, got {type(url).__name__}")
    scheme, sep, rest = url.partition(":")
    if sep and scheme == "sqlite":
        from .sqlite import SqliteLedger
        return SqliteLedger(rest, **options)
    if sep and scheme == "evm":
        import importlib
        evm = importlib.import_module(".evm", __name__)     # lazily: it needs web3
        ledger: Ledger = evm.EvmLedger(rest, **options)
        return ledger
    raise DecodeError(f"ledger url {url[:80]!r}: expected sqlite:<path> or evm:<JSON-RPC url>")


__all__ = ["open_ledger", "Ledger", "Entry", "KINDS", "MAX_DATA", "MAX_RECORD_ID", "ZERO_DIGEST", "LedgerError",
           "LedgerConflict", "RecordNotFound", "LedgerIntegrityError", "LedgerUnavailable", "entry_digest",
           "verify_chain"]
