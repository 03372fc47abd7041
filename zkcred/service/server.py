"""``zkcred serve``: the service under uvicorn (httptools + uvloop when installed), one or several processes.

The settings travel to the worker processes in the environment (``ZKCRED_SERVE``: JSON of the directory source,
the store and the ServiceConfig), so that ``--workers N`` works with uvicorn's own process manager; each worker
builds its app with ``app_from_env``. With N > 1, each worker listens on its own socket bound to the same address
with ``SO_REUSEPORT``, so the kernel spreads connections evenly over the workers (uvicorn's own ``--workers`` shares
one socket, and with long-lived keep-alive connections one worker may hold twice the other's share for good); a
small supervisor here starts the workers, restarts one that dies, and stops them on SIGINT/SIGTERM. Workers do NOT
share their open requests in memory mode: use ``--store redis://...`` with more than one worker (``zkcred serve``
refuses otherwise).
TLS: ``--ssl-certfile``/``--ssl-keyfile`` are uvicorn's own options (the server speaks HTTPS itself); behind a
TLS-terminating proxy or ingress, leave them out.
"""
from __future__ import annotations

import json
import logging
import multiprocessing
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time

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
    kwargs.update(ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile, log_level=log_level, access_log=access_log,
                  backlog=backlog, limit_concurrency=limit_concurrency, timeout_keep_alive=keep_alive,
                  server_header=False)
    try:
        if workers == 1:
            uvicorn.run(APP, factory=True, host=host, port=port, **kwargs)
        else:
            _supervise(_reuseport_sockets(host, port, workers, backlog), kwargs)
    finally:
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)


APP = "zkcred.service.server:app_from_env"
log = logging.getLogger("zkcred.service")


def _reuseport_sockets(host: str, port: int, n: int, backlog: int) -> list[socket.socket]:
    """``n`` listening sockets on one address, each with SO_REUSEPORT (one per worker: the kernel hashes each new
    connection to one of them)."""
    if not hasattr(socket, "SO_REUSEPORT"):                  # pragma: no cover - Linux and the BSDs have it
        raise ValueError("--workers > 1 needs SO_REUSEPORT (Linux, BSD, macOS)")
    family, kind, proto, _name, addr = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                          flags=socket.AI_PASSIVE)[0]
    socks: list[socket.socket] = []
    try:
        for _ in range(n):
            s = socket.socket(family, kind, proto)
            socks.append(s)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            s.bind(addr)
            addr = s.getsockname()                       # port 0: the others join the port the first one got
            s.listen(backlog)
    except OSError:
        for s in socks:
            s.close()
        raise
    return socks


def _worker(kwargs: dict, sock: socket.socket) -> None:     # pragma: no cover - runs in a worker process
    import uvicorn
    signal.signal(signal.SIGINT, signal.SIG_IGN)          # the supervisor stops the workers with SIGTERM
    uvicorn.Server(uvicorn.Config(APP, factory=True, **kwargs)).run(sockets=[sock])


def _supervise(socks: list[socket.socket], kwargs: dict, min_uptime: float = 5.0) -> None:
    """Run one worker process per socket until SIGINT/SIGTERM; restart a worker that exits (unless it exits within
    ``min_uptime`` seconds of its start: a worker that cannot start stops the service)."""
    ctx = multiprocessing.get_context("spawn")
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}

    def start(k: int) -> tuple[multiprocessing.process.BaseProcess, float]:
        proc = ctx.Process(target=_worker, args=(kwargs, socks[k]), name=f"zkcred-worker-{k}")
        proc.start()
        return proc, time.monotonic()

    procs = [start(k) for k in range(len(socks))]
    failed = None
    try:
        while not stop.wait(0.25):
            for k, (proc, started) in enumerate(procs):
                if proc.is_alive():
                    continue
                if time.monotonic() - started < min_uptime:
                    failed = f"worker {k} exited with {proc.exitcode} while starting"
                    stop.set()
                    break
                log.error("worker %d (pid %s) exited with %s; starting a new one", k, proc.pid, proc.exitcode)
                procs[k] = start(k)
    finally:
        for proc, _ in procs:
            if proc.is_alive():
                proc.terminate()                           # SIGTERM: uvicorn finishes what it is answering
        deadline = time.monotonic() + 30
        for proc, _ in procs:
            proc.join(max(0.1, deadline - time.monotonic()))
            if proc.is_alive():
                proc.kill()
                proc.join()
        for s in socks:
            s.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if failed is not None:
        raise RuntimeError(failed)
