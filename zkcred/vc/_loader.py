"""Offline JSON-LD document loading (JSON-LD 1.1 API, "LoadDocumentCallback").

``DocumentLoader`` serves the W3C contexts bundled in ``zkcred/vc/contexts/`` (VC v1 and v2, the VC examples
and undefined-terms contexts, Data Integrity v1 and v2, Multikey v1, DID v1), the caller's extra documents, and
did:key DID documents / verification methods computed offline. It never touches the network: a URL it does not
know is a DecodeError naming the URL, unless the caller passes a ``fallback`` loader of their own.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path

from ..errors import DecodeError
from ._multikey import resolve_did_key

BUNDLED = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://www.w3.org/2018/credentials/v1": "credentials-v1.jsonld",
    "https://www.w3.org/ns/credentials/examples/v2": "credentials-examples-v2.jsonld",
    "https://www.w3.org/ns/credentials/undefined-terms/v2": "credentials-undefined-terms-v2.jsonld",
    "https://w3id.org/security/data-integrity/v2": "data-integrity-v2.jsonld",
    "https://w3id.org/security/data-integrity/v1": "data-integrity-v1.jsonld",
    "https://w3id.org/security/multikey/v1": "multikey-v1.jsonld",
    "https://www.w3.org/ns/did/v1": "did-v1.jsonld",
}

_bundled_cache: dict[str, dict] = {}


def bundled_document(url: str) -> dict:
    """The parsed bundled context for ``url`` (KeyError if not bundled)."""
    doc = _bundled_cache.get(url)
    if doc is None:
        name = BUNDLED[url]
        doc = json.loads((Path(__file__).parent / "contexts" / name).read_text("utf-8"))
        _bundled_cache[url] = doc
    return doc


class DocumentLoader:
    """An offline document loader: bundled contexts, then ``documents`` (url -> parsed JSON), then did:key,
    then ``fallback`` (a callable url -> parsed JSON document, which may use the network), else DecodeError.

    It is also a pyld document loader (``loader(url, options) -> RemoteDocument``), and it owns the cache of
    processed contexts that pyld keeps per loader (so documents served by one loader never leak into another).
    """

    def __init__(self, documents: Mapping[str, object] | None = None,
                 fallback: Callable[[str], object] | None = None) -> None:
        self.documents = dict(documents or {})
        self.fallback = fallback
        from cachetools import LRUCache
        self.context_cache: LRUCache[str, object] = LRUCache(maxsize=256)      # pyld's resolved-context cache, per loader

    def add(self, url: str, document: object) -> None:
        """Serve ``document`` at ``url`` from now on."""
        self.documents[url] = document
        self.context_cache.clear()

    def load(self, url: str) -> object:
        """The JSON document at ``url`` (a DecodeError naming the URL when it is unknown)."""
        if url in self.documents:
            return self.documents[url]
        if url in BUNDLED:
            return bundled_document(url)
        if url.startswith("did:key:"):
            did, _, frag = url.partition("#")
            doc = resolve_did_key(did)
            if not frag:
                return doc
            for vm in doc["verificationMethod"]:
                if vm["id"] == url:
                    return {"@context": doc["@context"], **vm}
            raise DecodeError(f"{url}: no such verification method in the did:key document")
        if self.fallback is not None:
            return self.fallback(url)
        raise DecodeError(f"unknown context or document {url!r}: not bundled and not given to the loader "
                          "(pass documents={url: ...} or your own fallback loader)")

    def __call__(self, url: str, options: dict | None = None) -> dict:
        # tag "static": pyld keeps the processed context in this loader's context_cache (documents served by a
        # DocumentLoader never change for a URL; add() clears the cache)
        return {"contextUrl": None, "documentUrl": url, "document": self.load(url), "tag": "static"}


DEFAULT_LOADER = DocumentLoader()


def as_loader(loader: DocumentLoader | Mapping[str, object] | None) -> DocumentLoader:
    """None -> the default offline loader; a mapping -> a loader with those extra documents."""
    if loader is None:
        return DEFAULT_LOADER
    if isinstance(loader, DocumentLoader):
        return loader
    if isinstance(loader, Mapping):
        return DocumentLoader(loader)
    raise TypeError("document_loader must be a zkcred.vc.DocumentLoader, a mapping url -> document, or None")
