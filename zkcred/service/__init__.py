"""The zkcred verifier service: an HTTP API that creates presentation requests and verifies the answers.

    zkcred serve --issuers DIR --host 127.0.0.1 --port 8000 [--workers N] [--store redis://...]

or, embedded in any ASGI server::

    from zkcred.service import create_app, ServiceConfig, StaticIssuerDirectory
    app = create_app(StaticIssuerDirectory([issuer.public()]), config=ServiceConfig(verifier_id="shop"))

Modules: ``app`` (the endpoints, limits and problem documents), ``batcher`` and ``_verify`` (concurrent
presentations verified with one multi-pairing), ``directory`` (issuer documents: files or the ledger), ``store``
(open requests and used nonces: memory or Redis), ``metrics`` (Prometheus), ``audit`` (one JSON line per
decision), ``openapi``, ``server`` (``zkcred serve``: uvicorn, workers, TLS). Needs ``pip install 'zkcred[service]'``.
"""
from .app import ServiceConfig, create_app
from .directory import (FileIssuerDirectory, IssuerDirectory, LedgerIssuerDirectory, StaticIssuerDirectory,
                        UnknownIssuer, open_directory)
from .store import MemoryStore, RedisStore, Store, open_store

__all__ = ["create_app", "ServiceConfig", "IssuerDirectory", "StaticIssuerDirectory", "FileIssuerDirectory",
           "LedgerIssuerDirectory", "UnknownIssuer", "open_directory", "Store", "MemoryStore", "RedisStore",
           "open_store"]
