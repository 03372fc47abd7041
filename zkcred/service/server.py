"""``zkcred serve``: the service under uvicorn (httptools + uvloop when installed), one or several processes.

The settings travel to the worker processes in the environment (``ZKCRED_SERVE``: JSON of the directory source,
the store and the ServiceConfig), so that ``--workers N`` works with uvicorn's own process manager; each worker
builds its app with ``app_from_env``. With N > 1, the workers share one listening socket and, in memory mode, NOT
their open requests: use ``--store redis://...`` with more than one worker (``zkcred serve`` refuses otherwise).
TLS: ``--ssl-certfile``/``--ssl-keyfile`` are uvicorn's own options (the server speaks HTTPS itself); behind a
TLS-terminating proxy or ingress, leave them out.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import tempfile

from starlette.applications import Starlette

from .app import ServiceConfig, create_app

__all__ = ["serve", "app_from_env"]

ENV = "ZKCRED_SERVE"


def _setup_logging(audit_path: str | None, level: str) -> None:
    audit = logging.getLogger("zkcred.audit")
    if not audit.handlers:
        handler: logging.Handler = (logging.FileHandler(audit_path) if audit_path
                                    else logging.StreamHandler(sys.stdout))
        handler.setFormatter(logging.Formatter("%(message)s"))
        audit.addHandler(handler)
        audit.setLevel(logging.INFO)
        audit.propagate = False
    svc = logging.getLogger("zkcred.service")
    if not svc.handlers:
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        svc.addHandler(h)
        svc.setLevel(level.upper())


def app_from_env() -> Starlette:
    """The app of one worker process, from ``$ZKCRED_SERVE`` (uvicorn factory)."""
    from .directory import open_directory
    from .store import open_store
    spec = json.loads(os.environ[ENV])
    _setup_logging(spec.get("audit_log"), spec.get("log_level", "info"))
    config = ServiceConfig(**spec["config"])
    if config.admin_token is None and os.environ.get("ZKCRED_ADMIN_TOKEN"):
        config.admin_token = os.environ["ZKCRED_ADMIN_TOKEN"]
    directory = open_directory(issuers=spec.get("issuers"), ledger=spec.get("ledger"))
    return create_app(directory, open_store(spec.get("store")), config)


def serve(*, issuers: str | None, ledger: str | None, store: str | None, config: ServiceConfig, host: str,
          port: int, workers: int = 1, ssl_certfile: str | None = None, ssl_keyfile: str | None = None,
          audit_log: str | None = None, log_level: str = "info", access_log: bool = False,
          backlog: int = 16384, limit_concurrency: int | None = None, keep_alive: int = 5) -> None:
    """Run the service until interrupted (module docstring)."""
    import uvicorn
    if workers > 1 and store in (None, "", "memory"):
        raise ValueError("--workers > 1 needs a shared store: --store redis://...")
    from .directory import open_directory
    open_directory(issuers=issuers, ledger=ledger).close()        # fail here, in the parent, on a bad source
    os.environ[ENV] = json.dumps({"issuers": issuers, "ledger": ledger, "store": store, "audit_log": audit_log,
                                  "log_level": log_level, "config": json.loads(config.to_json())})
    made = None
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        made = os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="zkcred-metrics-")
    kwargs: dict = {}
    try:
        import uvloop  # noqa: F401
        kwargs["loop"] = "uvloop"
    except ImportError:
        pass
    try:
        import httptools  # noqa: F401
        kwargs["http"] = "httptools"
    except ImportError:
        pass
    try:
        uvicorn.run("zkcred.service.server:app_from_env", factory=True, host=host, port=port, workers=workers,
                    ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile, log_level=log_level, access_log=access_log,
                    backlog=backlog, limit_concurrency=limit_concurrency, timeout_keep_alive=keep_alive,
                    server_header=False, **kwargs)
    finally:
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)
