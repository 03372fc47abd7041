"""``zkcred serve``: the verifier service over HTTP (zkcred.service; ``pip install 'zkcred[service]'``).

    zkcred serve --issuers DIR --host 127.0.0.1 --port 8000 [--workers N] [--store redis://HOST:6379/0]
    zkcred serve --ledger sqlite:/path/ledger.db ...

Issuer documents (IssuerPublic JSON, as ``zkcred cred issuer`` writes them) come from a directory of files or from
a ledger's "issuer" records. Endpoints: POST /requests, GET /requests/{id}, POST /requests/{id}/presentation,
POST /credentials/verify, POST /presentations/verify, GET /healthz, GET /metrics, GET /openapi.json. One JSON
audit line per decision goes to stdout (or --audit-log FILE). TLS: --ssl-certfile and --ssl-keyfile (PEM). The
bearer token that POST /requests requires, if any, is read from $ZKCRED_ADMIN_TOKEN (never the command line).
"""
from __future__ import annotations

import argparse
import os

__all__ = ["COMMANDS", "register", "cmd_serve"]

COMMANDS: tuple[str, ...] = ()


def cmd_serve(args: argparse.Namespace) -> int:
    from ..service.app import ServiceConfig
    from ..service.server import serve
    if args.threads is None:
        args.threads = max(1, (os.cpu_count() or 1) // max(1, args.workers))
    if args.batch_window_ms < 0 or args.max_batch < 1 or args.threads < 1 or args.workers < 1:
        raise ValueError("--batch-window-ms >= 0, --max-batch, --threads and --workers >= 1")
    config = ServiceConfig(verifier_id=args.verifier_id, request_ttl=args.request_ttl, max_body=args.max_body,
                           body_timeout=args.body_timeout, verify_timeout=args.verify_timeout,
                           batching=not args.no_batch, batch_window=args.batch_window_ms / 1000.0,
                           max_batch=args.max_batch, threads=args.threads, max_queue=args.max_queue, rate_limit=args.rate_limit,
                           rate_burst=args.rate_burst)
    serve(issuers=args.issuers, ledger=args.ledger, store=args.store, config=config, host=args.host,
          port=args.port, workers=args.workers, ssl_certfile=args.ssl_certfile, ssl_keyfile=args.ssl_keyfile,
          audit_log=args.audit_log, log_level=args.log_level, access_log=args.access_log,
          limit_concurrency=args.limit_concurrency, keep_alive=args.keep_alive, backlog=args.backlog)
    return 0


def register(subparsers: argparse._SubParsersAction, only: str | None = None) -> None:
    """Add ``zkcred serve``."""
    from . import HelpFormatter, RawDescriptionHelpFormatter
    p = subparsers.add_parser("serve", help="the verifier service over HTTP", description=__doc__,
                              formatter_class=RawDescriptionHelpFormatter)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--issuers", metavar="DIR", help="directory of issuer documents (*.json)")
    src.add_argument("--ledger", metavar="URL", help="ledger holding the issuer documents (sqlite:PATH, evm:URL)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--workers", type=int, default=1, help="processes (default 1; >1 needs --store redis://...)")
    p.add_argument("--store", default="memory", help="'memory' (default) or redis://HOST:PORT/DB (shared state)")
    p.add_argument("--verifier-id", default=os.environ.get("ZKCRED_VERIFIER_ID", "zkcred-verifier"),
                   help="the verifier id put into requests (default $ZKCRED_VERIFIER_ID or zkcred-verifier)")
    p.add_argument("--request-ttl", type=float, default=300.0, help="seconds a request stays open (default 300)")
    p.add_argument("--threads", type=int, default=None,
                   help="verification threads per process (default: the cores / --workers, at least 1: more "
                        "threads than cores only make the batches smaller)")
    p.add_argument("--no-batch", action="store_true", help="verify each presentation on its own")
    p.add_argument("--batch-window-ms", type=float, default=2.0,
                   help="how long a lone presentation waits for others to batch with (default 2 ms)")
    p.add_argument("--max-batch", type=int, default=16, help="presentations per multi-pairing (default 16)")
    p.add_argument("--max-queue", type=int, default=512,
                   help="verifications waiting per process before answering 503 with Retry-After (default 512)")
    p.add_argument("--max-body", type=int, default=256 * 1024, help="largest request body in bytes (256 KiB)")
    p.add_argument("--body-timeout", type=float, default=10.0, help="seconds to receive a body (default 10)")
    p.add_argument("--verify-timeout", type=float, default=10.0, help="seconds to a verdict (default 10)")
    p.add_argument("--rate-limit", type=float, default=0.0,
                   help="requests per second per client address, per process (default 0: off)")
    p.add_argument("--rate-burst", type=int, default=100, help="burst of the rate limit (default 100)")
    p.add_argument("--limit-concurrency", type=int, default=None,
                   help="open connections + tasks per process before answering 503 (uvicorn; default none)")
    p.add_argument("--keep-alive", type=int, default=5, help="seconds an idle HTTP connection stays open (5)")
    p.add_argument("--backlog", type=int, default=16384, help="listen backlog (default 16384; the kernel caps it "
                                                              "at net.core.somaxconn)")
    p.add_argument("--ssl-certfile", help="TLS certificate chain (PEM): serve HTTPS")
    p.add_argument("--ssl-keyfile", help="TLS private key (PEM)")
    p.add_argument("--audit-log", metavar="FILE", help="append audit lines to FILE (default stdout)")
    p.add_argument("--access-log", action="store_true", help="also log every HTTP request (uvicorn)")
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    p.set_defaults(func=cmd_serve)
