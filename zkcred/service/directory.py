"""Where the verifier finds issuers' public documents (``zkcred.credentials.IssuerPublic``).

``IssuerDirectory.get(issuer_id)`` returns the document or raises ``UnknownIssuer``. An issuer id is the digest
of the schema id and every key of the document (zkcred.credentials.issuer), and ``IssuerPublic.from_json``
recomputes it, so a directory cannot serve a document under another issuer's id, wherever it reads from.

- ``StaticIssuerDirectory(documents)``: a fixed list (tests, embedding);
- ``FileIssuerDirectory(path)``: every ``*.json`` file of a directory (``zkcred serve --issuers DIR``), read at
  start and read again when the directory changes and an unknown id is asked for;
- ``LedgerIssuerDirectory(url)``: the records of kind ``"issuer"`` of a ledger (``zkcred serve --ledger URL``,
  zkcred.ledger's ``open_ledger``; LEDGER.md). Documents are cached with the ledger position they were read at;
  an unknown id makes the directory read the entries appended since the last position it saw (at most once per
  ``refresh_interval`` seconds, so unknown ids cannot make the service hammer the ledger).

Directories are called from the verification threads: they are thread-safe.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterable

from ..credentials import IssuerPublic
from ..errors import VerificationError, ZkcredError

__all__ = ["IssuerDirectory", "UnknownIssuer", "StaticIssuerDirectory", "FileIssuerDirectory",
           "LedgerIssuerDirectory", "open_directory"]

log = logging.getLogger("zkcred.service")


class UnknownIssuer(VerificationError):
    """No document for this issuer id (a presentation from an issuer the verifier does not know fails)."""


class IssuerDirectory:
    """The interface: ``get(issuer_id) -> IssuerPublic`` or UnknownIssuer; ``ids()`` lists the known ids."""

    def get(self, issuer_id: str) -> IssuerPublic:   # pragma: no cover - interface
        raise NotImplementedError

    def ids(self) -> list[str]:   # pragma: no cover - interface
        raise NotImplementedError

    def close(self) -> None:
        pass

    @property
    def ledger(self) -> object:
        """The ledger registry states are read from (None: no ledger, so no non-revocation checks)."""
        return None


class StaticIssuerDirectory(IssuerDirectory):
    """A fixed set of documents."""

    def __init__(self, documents: Iterable[IssuerPublic]) -> None:
        self._docs = {d.id: d for d in documents}

    def get(self, issuer_id: str) -> IssuerPublic:
        doc = self._docs.get(issuer_id)
        if doc is None:
            raise UnknownIssuer(f"unknown issuer {issuer_id}")
        return doc

    def ids(self) -> list[str]:
        return sorted(self._docs)


class FileIssuerDirectory(IssuerDirectory):
    """Every ``*.json`` file of ``path`` holding an IssuerPublic document (a file that does not decode is
    reported at start and skipped)."""

    def __init__(self, path: str, refresh_interval: float = 1.0) -> None:
        if not os.path.isdir(path):
            raise ValueError(f"--issuers {path!r}: not a directory")
        self.path, self.refresh_interval = path, refresh_interval
        self._lock = threading.Lock()
        self._docs: dict[str, IssuerPublic] = {}
        self._seen: dict[str, float] = {}       # file name -> mtime read
        self._checked = 0.0
        self._load()

    def _load(self) -> None:
        for name in sorted(os.listdir(self.path)):
            if not name.endswith(".json"):
                continue
            full = os.path.join(self.path, name)
            try:
                mtime = os.stat(full).st_mtime
                if self._seen.get(name) == mtime:
                    continue
                self._seen[name] = mtime
                with open(full, "rb") as f:
                    doc = IssuerPublic.from_json(f.read())
            except (OSError, ZkcredError, ValueError) as e:
                log.warning("issuer file %s skipped: %s", full, e)
                continue
            self._docs[doc.id] = doc
        self._checked = time.monotonic()

    def get(self, issuer_id: str) -> IssuerPublic:
        doc = self._docs.get(issuer_id)
        if doc is None:
            with self._lock:
                if time.monotonic() - self._checked >= self.refresh_interval:
                    self._load()
                doc = self._docs.get(issuer_id)
        if doc is None:
            raise UnknownIssuer(f"unknown issuer {issuer_id}")
        return doc

    def ids(self) -> list[str]:
        return sorted(self._docs)


class LedgerIssuerDirectory(IssuerDirectory):
    """Issuer documents from a ledger (module docstring). ``ledger``: a URL for ``zkcred.ledger.open_ledger``, or
    an object with its ``entries(since)`` method."""

    KIND = "issuer"

    def __init__(self, ledger: object, refresh_interval: float = 1.0, **open_kwargs: object) -> None:
        if isinstance(ledger, str):
            try:
                from ..ledger import open_ledger
            except ImportError:                                  # pragma: no cover - the ledger ships with zkcred
                raise ValueError("--ledger: this zkcred has no zkcred.ledger; use --issuers DIR") from None
            ledger = open_ledger(ledger, **open_kwargs)
        self._ledger = ledger
        self.refresh_interval = refresh_interval
        self._lock = threading.Lock()
        self._docs: dict[str, tuple[IssuerPublic, int]] = {}      # id -> (document, ledger position)
        self._position = 0
        self._synced = float("-inf")
        self.sync()

    def sync(self) -> None:
        """Read the issuer records appended since the last position seen."""
        with self._lock:
            for entry in self._ledger.entries(self._position):     # type: ignore[attr-defined]
                self._position = max(self._position, entry.position)
                if entry.kind != self.KIND:
                    continue
                try:
                    doc = IssuerPublic.from_json(bytes(entry.data))
                except (ZkcredError, ValueError) as e:
                    log.warning("ledger record %r (position %d) skipped: %s", entry.record_id, entry.position, e)
                    continue
                self._docs.setdefault(doc.id, (doc, entry.position))
            self._synced = time.monotonic()

    @property
    def position(self) -> int:
        """The last ledger position read."""
        return self._position

    @property
    def ledger(self) -> object:
        """The ledger (registry states for non-revocation are read from it too)."""
        return self._ledger

    def get(self, issuer_id: str) -> IssuerPublic:
        item = self._docs.get(issuer_id)
        if item is None and time.monotonic() - self._synced >= self.refresh_interval:
            self.sync()
            item = self._docs.get(issuer_id)
        if item is None:
            raise UnknownIssuer(f"unknown issuer {issuer_id}")
        return item[0]

    def ids(self) -> list[str]:
        return sorted(self._docs)

    def close(self) -> None:
        close = getattr(self._ledger, "close", None)
        if close is not None:
            close()


def open_directory(*, issuers: str | None = None, ledger: str | None = None) -> IssuerDirectory:
    """The directory for ``zkcred serve``: ``--issuers DIR`` or ``--ledger URL`` (exactly one)."""
    if (issuers is None) == (ledger is None):
        raise ValueError("give exactly one of --issuers DIR and --ledger URL")
    if issuers is not None:
        return FileIssuerDirectory(issuers)
    assert ledger is not None
    return LedgerIssuerDirectory(ledger)
