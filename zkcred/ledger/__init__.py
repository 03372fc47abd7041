"""zkcred.ledger: append-only, versioned, hash-chained records (LEDGER.md).

TEMPORARY on the ``evm`` branch: the ledger branch owns this module (open_ledger with the sqlite backend); this
stub only dispatches ``evm:`` URLs so that the EVM backend can be built and tested alone.
"""
from __future__ import annotations

from typing import Any

from ._protocol import (KINDS, Entry, Ledger, LedgerError, LedgerIntegrityError, LedgerUnavailable,
                        RecordNotFound)

__all__ = ["open_ledger", "KINDS", "Entry", "Ledger", "LedgerError", "RecordNotFound", "LedgerIntegrityError",
           "LedgerUnavailable"]


def open_ledger(url: str, **options: Any) -> Ledger:
    """Open the ledger at ``url`` (``evm:http://host:port``; sqlite comes from the ledger branch)."""
    if url.startswith("evm:"):
        from . import evm
        return evm.EvmLedger.open(url, **options)
    raise LedgerError(f"unsupported ledger URL {url!r} (this branch knows only evm:http://...)")
