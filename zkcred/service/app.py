"""The verifier service as an ASGI application (Starlette): ``create_app(directory, store, config)``.

Endpoints (the OpenAPI document is served at ``GET /openapi.json``; zkcred.service.openapi):

- ``POST /requests``: a presentation request (zkcred.credentials.request) without ``nonce``; ``verifier`` may be
  left out (the service's id is filled in). Answers 201 ``{"id", "request", "expires", "presentation"}``: the
  request completed with a fresh 32-byte nonce and the verifier id, its expiry (RFC 3339), and the URL path to
  post the presentation to. Every issuer named must be known, and every attribute and predicate must fit the
  issuer's schema (422 otherwise), so a request that can never be answered is refused at once.
- ``GET /requests/{id}``: ``{"id", "request", "expires", "status"}`` with status ``open``, ``verified``,
  ``rejected`` or ``expired``.
- ``POST /requests/{id}/presentation``: the holder's presentation JSON. 200 ``{"verified": true, "disclosed":
  {credential id: {attribute: value}}}``, or a problem document. A request takes one presentation: the first
  body that is JSON claims it (atomically, in the store), whatever the verdict; a second gets 409.
- ``POST /credentials/verify``, ``POST /presentations/verify``: the W3C VC API's verify calls for bbs-2023
  derived credentials (zkcred.vc.verify), ``{"verifiableCredential": {...}, "options": {"challenge": ...}}`` and
  ``{"verifiablePresentation": {...}, "options": {...}}``; 200 ``{"checks": ["proof"], "warnings": [],
  "errors": []}``. ``options.challenge`` (text) must equal the proofs' presentation header (UTF-8); without it any
  header is accepted. A presentation carrying its own ``proof`` (holder binding) is refused: not supported.
- ``GET /healthz``, ``GET /metrics`` (Prometheus text format; zkcred.service.metrics).

Every error is an RFC 9457 problem document (zkcred.service.problems); malformed input is always a 4xx.
Safety: bodies above ``max_body`` bytes get 413 (Content-Length checked before reading, the stream counted while
reading), bodies that do not arrive within ``body_timeout`` get 408, JSON is parsed by zkcred._json.loads (depth
limit, duplicate keys, NaN), a token bucket per client address (``rate_limit`` per second, ``rate_burst``) answers
429 with Retry-After, verifications taking longer than ``verify_timeout`` answer 503, and at most ``max_queue``
verifications wait (503 beyond). ``admin_token``, when set, is required as ``Authorization: Bearer <token>`` to
create requests (the relying party's back end creates them; holders only read and answer them).
"""
from __future__ import annotations

import asyncio
import base64
import collections
import contextlib
import dataclasses
import hmac
import json
import logging
import os
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from .. import _json
from ..credentials import PresentationRequest
from ..errors import DecodeError, VerificationError, ZkcredError
from . import audit as _audit
from ._verify import Job
from .batcher import Batcher, Overloaded
from .directory import IssuerDirectory, UnknownIssuer
from .metrics import CONTENT_TYPE_LATEST, Metrics
from .problems import MEDIA_TYPE, Problem, problem_body, problem_response
from .store import MemoryStore, Store, StoreFull, StoreUnavailable

__all__ = ["ServiceConfig", "create_app"]

log = logging.getLogger("zkcred.service")


@dataclasses.dataclass
class ServiceConfig:
    """The service's settings (module docstring; ``zkcred serve --help`` has one option per field)."""

    verifier_id: str = "zkcred-verifier"
    request_ttl: float = 300.0            # seconds a request stays open
    max_body: int = 256 * 1024            # bytes
    body_timeout: float = 10.0            # seconds to receive a body
    verify_timeout: float = 10.0          # seconds from arrival to verdict
    batching: bool = True
    batch_window: float = 0.002           # seconds a lone presentation waits for company
    max_batch: int = 16
    threads: int = dataclasses.field(default_factory=lambda: os.cpu_count() or 1)
    max_queue: int = 512                 # verifications waiting beyond these answer 503 (load shedding)
    rate_limit: float = 0.0               # requests per second per client address; 0: off
    rate_burst: int = 100
    admin_token: str | None = None

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> "ServiceConfig":
        return cls(**json.loads(text))


class _RateLimiter:
    """Token buckets by client address (bounded: the oldest buckets are forgotten past ``max_clients``)."""

    def __init__(self, rate: float, burst: int, max_clients: int = 100_000) -> None:
        self.rate, self.burst, self.max_clients = rate, burst, max_clients
        self._buckets: collections.OrderedDict[str, list[float]] = collections.OrderedDict()

    def check(self, client: str) -> float:
        """0 when the request may pass, else the seconds to wait for a token."""
        if self.rate <= 0:
            return 0.0
        now = time.monotonic()
        b = self._buckets.get(client)
        if b is None:
            b = self._buckets[client] = [float(self.burst), now]
            if len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(client)
            b[0] = min(float(self.burst), b[0] + (now - b[1]) * self.rate)
            b[1] = now
        if b[0] >= 1.0:
            b[0] -= 1.0
            return 0.0
        return (1.0 - b[0]) / self.rate


def _json_response(obj: object, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(obj, ensure_ascii=False, separators=(",", ":")), status_code=status,
                    media_type="application/json", headers=headers)


def _rfc3339(t: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


class _Service:
    """The handlers and their shared parts (one per app)."""

    def __init__(self, directory: IssuerDirectory, store: Store, config: ServiceConfig) -> None:
        self.directory, self.store, self.config = directory, store, config
        self.metrics = Metrics()
        self.executor = ThreadPoolExecutor(max_workers=max(1, config.threads), thread_name_prefix="zkcred-verify")
        self.batcher = Batcher(self.executor, threads=config.threads, window=config.batch_window,
                               max_batch=config.max_batch, enabled=config.batching, max_queue=config.max_queue,
                               observe=self.metrics.observe_batch)
        self.limiter = _RateLimiter(config.rate_limit, config.rate_burst)
        self.keep = config.request_ttl + 300.0       # store records live on past expiry: 410 there, then 404
        self._requests: collections.OrderedDict[str, tuple[PresentationRequest, float]] = collections.OrderedDict()

    # ------------------------------------------------------------------------------------------ plumbing

    def endpoint(self, route: str, handler: Callable[[Request], Awaitable[Response]], *, limited: bool = True):
        """``handler`` with the rate limit, problem documents and metrics around it."""
        metrics = self.metrics

        async def wrapped(request: Request) -> Response:
            t0 = time.perf_counter()
            try:
                if limited:
                    wait = self.limiter.check(request.client.host if request.client else "unknown")
                    if wait > 0:
                        raise Problem("rate-limited", f"more than {self.config.rate_limit:g} requests per second",
                                      headers={"Retry-After": str(max(1, round(wait + 0.5)))})
                response = await handler(request)
            except Problem as p:
                response = problem_response(p, request.url.path)
            except StoreUnavailable as e:
                log.error("store unavailable on %s %s: %s", request.method, request.url.path, e)
                response = problem_response(Problem("store-unavailable", "the shared store cannot be reached",
                                                    headers={"Retry-After": "1"}), request.url.path)
            except Exception:                                        # a bug: logged, answered as a problem
                log.exception("internal error on %s %s", request.method, request.url.path)
                response = problem_response(Problem("internal", "internal error (logged)"), request.url.path)
            metrics.count_http(route, request.method, response.status_code, time.perf_counter() - t0)
            return response

        return wrapped

    def check_body_headers(self, content_type: str | None, declared: str | None) -> None:
        """Media type and declared length of a JSON body (4xx problems)."""
        ctype = (content_type or "").split(";")[0].strip().lower()
        if ctype != "application/json" and not (ctype.startswith("application/") and ctype.endswith("+json")):
            raise Problem("unsupported-media-type", f"Content-Type {ctype or '(none)'!r}: expected application/json")
        if declared is not None:
            if not declared.isdigit():
                raise Problem("malformed-body", "Content-Length is not a number")
            if int(declared) > self.config.max_body:
                raise Problem("body-too-large", f"{declared} bytes; at most {self.config.max_body}")

    @staticmethod
    def decode_body(body: bytes, what: str) -> object:
        try:
            return _json.loads(body, what)
        except DecodeError as e:
            raise Problem("malformed-body", str(e)) from None

    async def read_asgi_json(self, scope: dict, receive: Callable[[], Awaitable[dict]], what: str) -> object:
        """``read_json`` on a bare ASGI request (the same checks, no Request object)."""
        ctype = declared = None
        for k, v in scope["headers"]:
            if k == b"content-type":
                if ctype is None:
                    ctype = v.decode("latin-1")
            elif k == b"content-length" and declared is None:
                declared = v.decode("latin-1")
        self.check_body_headers(ctype, declared)
        limit = self.config.max_body
        chunks, n = [], 0
        try:
            async with asyncio.timeout(self.config.body_timeout):
                while True:
                    message = await receive()
                    if message["type"] != "http.request":          # http.disconnect
                        raise Problem("malformed-body",
                                      "the client closed the connection before the body was complete")
                    chunk = message.get("body", b"")
                    if chunk:
                        n += len(chunk)
                        if n > limit:
                            raise Problem("body-too-large", f"more than {limit} bytes")
                        chunks.append(chunk)
                    if not message.get("more_body", False):
                        break
        except TimeoutError:
            raise Problem("body-timeout", f"the body did not arrive within {self.config.body_timeout:g} s") from None
        return self.decode_body(chunks[0] if len(chunks) == 1 else b"".join(chunks), what)

    async def read_json(self, request: Request, what: str) -> object:
        """The body as JSON: media type, size, arrival time and depth checked (4xx problems)."""
        self.check_body_headers(request.headers.get("content-type"), request.headers.get("content-length"))
        limit = self.config.max_body

        async def receive() -> bytes:
            chunks, n = [], 0
            async for chunk in request.stream():
                n += len(chunk)
                if n > limit:
                    raise Problem("body-too-large", f"more than {limit} bytes")
                chunks.append(chunk)
            return b"".join(chunks)

        try:
            body = await asyncio.wait_for(receive(), self.config.body_timeout)
        except ClientDisconnect:
            raise Problem("malformed-body", "the client closed the connection before the body was complete") from None
        except asyncio.TimeoutError:
            raise Problem("body-timeout", f"the body did not arrive within {self.config.body_timeout:g} s") from None
        return self.decode_body(body, what)

    def check_admin(self, request: Request) -> None:
        token = self.config.admin_token
        if token is None:
            return
        got = request.headers.get("authorization", "")
        if not (got.startswith("Bearer ") and hmac.compare_digest(got[7:].encode(), token.encode())):
            raise Problem("unauthorized", "creating requests needs the service's bearer token",
                          headers={"WWW-Authenticate": "Bearer"})

    async def in_thread(self, fn: Callable, *args: object) -> object:
        return await asyncio.get_running_loop().run_in_executor(self.executor, fn, *args)

    async def load_request(self, rid: str) -> tuple[PresentationRequest, float]:
        """The stored request ``rid`` (decoded once per process) and its expiry; 404 when unknown."""
        if len(rid) > 64:
            raise Problem("not-found", "no such presentation request")
        item = self._requests.get(rid)
        if item is not None:
            return item
        record = await self.store.get(rid)
        if record is None:
            raise Problem("not-found", "no such presentation request")
        obj = json.loads(record)
        item = (PresentationRequest.from_json(obj["request"]), float(obj["expires"]))
        self._remember(rid, item)
        return item

    def _remember(self, rid: str, item: tuple[PresentationRequest, float]) -> None:
        self._requests[rid] = item
        if len(self._requests) > 1024:
            self._requests.popitem(last=False)

    # ------------------------------------------------------------------------------------------ handlers

    def _check_request(self, req: PresentationRequest) -> None:
        """Every issuer known and every attribute and predicate fits its schema (thread side)."""
        for creq in req.credentials:
            for iid in creq.issuers:
                try:
                    pub = self.directory.get(iid)
                except UnknownIssuer:
                    raise Problem("unknown-issuer", f"credential {creq.id!r}: unknown issuer {iid}") from None
                if pub.schema.id != creq.schema:
                    raise Problem("invalid-request", f"credential {creq.id!r}: issuer {iid} issues schema "
                                                     f"{pub.schema.id}, not {creq.schema}")
                try:
                    creq.resolve(pub.schema, pub.merkle_depths)
                except DecodeError as e:
                    raise Problem("invalid-request", str(e)) from None

    async def create_request(self, request: Request) -> Response:
        t0 = time.perf_counter()
        self.check_admin(request)
        body = await self.read_json(request, "request")
        if not isinstance(body, dict):
            raise Problem("malformed-request", "request: expected a JSON object")
        if "nonce" in body:
            raise Problem("malformed-request", "request.nonce: the service chooses the nonce; leave it out")
        verifier = body.get("verifier", self.config.verifier_id)
        if verifier != self.config.verifier_id:
            raise Problem("invalid-request", f"request.verifier: this service is {self.config.verifier_id!r}")
        obj = dict(body, verifier=verifier, nonce=base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode())
        try:
            req = PresentationRequest.from_json(obj)
        except DecodeError as e:
            raise Problem("malformed-request", str(e)) from None
        await self.in_thread(self._check_request, req)
        rid = secrets.token_urlsafe(16)
        expires = time.time() + self.config.request_ttl
        record = json.dumps({"request": req.to_obj(), "expires": expires})
        try:
            await self.store.put(rid, record, self.keep)
        except StoreFull:
            raise Problem("overloaded", "too many open presentation requests") from None
        self._remember(rid, (req, expires))        # answered here, it need not be read back and decoded
        self.metrics.requests_created.inc()
        _audit.audit("request.created", request_id=rid, verifier=req.verifier,
                     schemas=[c.schema for c in req.credentials],
                     issuers=sorted({i for c in req.credentials for i in c.issuers}), outcome="created",
                     latency_ms=round((time.perf_counter() - t0) * 1e3, 3))
        return _json_response({"id": rid, "request": req.to_obj(), "expires": _rfc3339(expires),
                               "presentation": f"/requests/{rid}/presentation"}, 201,
                              headers={"Location": f"/requests/{rid}"})

    async def get_request(self, request: Request) -> Response:
        rid = request.path_params["rid"]
        req, expires = await self.load_request(rid)
        status = await self.store.outcome(rid)
        if status is None:
            status = "expired" if time.time() > expires else "open"
        return _json_response({"id": rid, "request": req.to_obj(), "expires": _rfc3339(expires), "status": status})

    async def answer_asgi(self, scope: dict, receive: Callable[[], Awaitable[dict]],
                          send: Callable[[dict], Awaitable[None]]) -> None:
        """``POST /requests/{id}/presentation`` as a bare ASGI app: the hot path, so no Request or Response
        objects and no middleware (create_app routes it before Starlette's router); the rate limit, problem
        documents and metrics of ``endpoint`` are done here."""
        t0 = time.perf_counter()
        client = scope.get("client")
        host = client[0] if client else "unknown"
        headers: dict[str, str] | None = None
        media = b"application/json"
        status = 200
        try:
            wait = self.limiter.check(host)
            if wait > 0:
                raise Problem("rate-limited", f"more than {self.config.rate_limit:g} requests per second",
                              headers={"Retry-After": str(max(1, round(wait + 0.5)))})
            body = await self.answer(scope["path_params"]["rid"], scope, receive, host, t0)
        except Problem as p:
            status, body, media, headers = p.status, problem_body(p, scope["path"]), MEDIA_TYPE.encode(), p.headers
        except StoreUnavailable as e:
            log.error("store unavailable on POST %s: %s", scope["path"], e)
            down = Problem("store-unavailable", "the shared store cannot be reached", headers={"Retry-After": "1"})
            status, body, media, headers = down.status, problem_body(down, scope["path"]), MEDIA_TYPE.encode(), \
                down.headers
        except Exception:                                        # a bug: logged, answered as a problem
            log.exception("internal error on POST %s", scope["path"])
            bug = Problem("internal", "internal error (logged)")
            status, body, media = bug.status, problem_body(bug, scope["path"]), MEDIA_TYPE.encode()
        raw = [(b"content-type", media), (b"content-length", str(len(body)).encode())]
        if headers:
            raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        await send({"type": "http.response.start", "status": status, "headers": raw})
        await send({"type": "http.response.body", "body": body})
        self.metrics.count_http(PRESENTATION_ROUTE, "POST", status, time.perf_counter() - t0)

    async def answer(self, rid: str, scope: dict, receive: Callable[[], Awaitable[dict]], client: str,
                     t0: float) -> bytes:
        """The body of the answer to a presentation (module docstring), or a Problem raised; one audit line."""
        req, expires = await self.load_request(rid)
        job: Job | None = None

        def decision(outcome: str, reason: str | None, detail: str | None = None) -> None:
            self.metrics.count_verification("presentation", outcome if reason is None else reason)
            fields: dict = {"request_id": rid, "verifier": req.verifier,
                            "schemas": job.schemas if job and job.schemas else [c.schema for c in req.credentials],
                            "issuers": job.issuers if job and job.issuers else [],
                            "outcome": outcome, "reason": reason}
            if detail is not None:
                safe = {c.id for c in req.credentials} | {a for c in req.credentials for a in c.disclose} | {
                    p["attribute"] for c in req.credentials for p in c.predicates} | {
                    p["op"] for c in req.credentials for p in c.predicates}
                fields["detail"] = _audit.redact(detail, safe, job.disclosed_values if job else ())
            fields["latency_ms"] = round((time.perf_counter() - t0) * 1e3, 3)
            fields["client"] = client
            _audit.audit("presentation", **fields)

        try:
            body = await self.read_asgi_json(scope, receive, "presentation")
            if time.time() > expires:
                raise Problem("expired", f"the request expired at {_rfc3339(expires)}")
            if self.batcher.waiting >= self.config.max_queue:
                raise Problem("overloaded", "too many verifications waiting", headers={"Retry-After": "1"})
            claimed = await self.store.claim(rid, self.keep)
            self._requests.pop(rid, None)             # answered (now or before): not needed for verifying again
            if not claimed:
                raise Problem("replay", "this request has already been answered (one presentation per request)")
        except Problem as p:
            decision("rejected", p.slug, p.detail)
            raise
        if not isinstance(body, dict):
            decision("rejected", "malformed-presentation", "not a JSON object")
            await self.store.set_outcome(rid, "rejected", self.keep)
            raise Problem("malformed-presentation", "presentation: expected a JSON object")
        job = Job(req, body, self.directory, loaded=True)       # read_asgi_json's value, ours alone
        try:
            try:
                async with asyncio.timeout(self.config.verify_timeout):
                    disclosed = await self.batcher.submit(job)
            except TimeoutError:
                raise Problem("timeout", f"no verdict within {self.config.verify_timeout:g} s") from None
            except Overloaded as e:
                raise Problem("overloaded", str(e), headers={"Retry-After": "1"}) from None
            except UnknownIssuer as e:
                raise Problem("unknown-issuer", str(e)) from None
            except DecodeError as e:
                raise Problem("malformed-presentation", str(e)) from None
            except VerificationError as e:
                raise Problem("verification-failed", str(e)) from None
            except ZkcredError as e:
                log.error("verification of request %s failed internally: %s", rid, e)
                raise Problem("internal", "internal error during verification (logged)") from None
        except Problem as p:
            await self.store.set_outcome(rid, "rejected", self.keep)
            decision("rejected", p.slug, p.detail)
            raise
        await self.store.set_outcome(rid, "verified", self.keep)
        decision("verified", None)
        return json.dumps({"verified": True, "disclosed": disclosed}, ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")

    # --------------------------------------------------------------------------- W3C VC API (bbs-2023)

    @staticmethod
    def _vc_options(body: dict, allowed: set[str]) -> bytes | None:
        extra = set(body) - allowed - {"options"}
        if extra:
            raise Problem("malformed-credential", f"unexpected field(s) {', '.join(sorted(map(repr, extra)))}")
        options = body.get("options", {})
        if not isinstance(options, dict):
            raise Problem("malformed-credential", "options: expected a JSON object")
        bad = set(options) - {"challenge"}
        if bad:
            raise Problem("malformed-credential", f"options: unsupported option(s) {', '.join(sorted(map(repr, bad)))}"
                                                  " (supported: 'challenge')")
        challenge = options.get("challenge")
        if challenge is None:
            return None
        if not isinstance(challenge, str):
            raise Problem("malformed-credential", "options.challenge: expected a string")
        return challenge.encode("utf-8")

    async def _vc_verify(self, kind: str, docs: list, ph: bytes | None, t0: float) -> Response:
        from .. import vc

        def run() -> None:
            for doc in docs:
                vc.verify(doc, ph)

        try:
            try:
                await asyncio.wait_for(self.in_thread(run), self.config.verify_timeout)
            except asyncio.TimeoutError:
                raise Problem("timeout", f"no verdict within {self.config.verify_timeout:g} s") from None
            except DecodeError as e:
                raise Problem("malformed-credential", str(e)) from None
            except VerificationError as e:
                raise Problem("verification-failed", str(e), extra={"checks": [], "warnings": [],
                                                                   "errors": [str(e)]}) from None
        except Problem as p:
            self.metrics.count_verification(kind, p.slug)
            _audit.audit(kind, outcome="rejected", reason=p.slug, detail=_audit.redact(p.detail),
                         latency_ms=round((time.perf_counter() - t0) * 1e3, 3))
            raise
        self.metrics.count_verification(kind, "verified")
        _audit.audit(kind, outcome="verified", reason=None, credentials=len(docs),
                     latency_ms=round((time.perf_counter() - t0) * 1e3, 3))
        return _json_response({"checks": ["proof"], "warnings": [], "errors": []})

    async def verify_credential(self, request: Request) -> Response:
        t0 = time.perf_counter()
        body = await self.read_json(request, "verify request")
        if not isinstance(body, dict) or not isinstance(body.get("verifiableCredential"), dict):
            raise Problem("malformed-credential", "expected {\"verifiableCredential\": {...}, \"options\": {...}}")
        ph = self._vc_options(body, {"verifiableCredential"})
        return await self._vc_verify("credential", [body["verifiableCredential"]], ph, t0)

    async def verify_presentation(self, request: Request) -> Response:
        t0 = time.perf_counter()
        body = await self.read_json(request, "verify request")
        vp = body.get("verifiablePresentation") if isinstance(body, dict) else None
        if not isinstance(vp, dict):
            raise Problem("malformed-credential", "expected {\"verifiablePresentation\": {...}, \"options\": {...}}")
        assert isinstance(body, dict)
        ph = self._vc_options(body, {"verifiablePresentation"})
        types = vp.get("type")
        types = [types] if isinstance(types, str) else types
        if not isinstance(types, list) or "VerifiablePresentation" not in types:
            raise Problem("malformed-credential", "verifiablePresentation.type: must include "
                                                  "'VerifiablePresentation'")
        if "proof" in vp:
            raise Problem("malformed-credential", "verifiablePresentation.proof: presentations signed by the holder "
                                                  "are not supported (each bbs-2023 derived credential carries its "
                                                  "own proof)")
        creds = vp.get("verifiableCredential")
        creds = [creds] if isinstance(creds, dict) else creds
        if not isinstance(creds, list) or not 1 <= len(creds) <= 16 or not all(isinstance(c, dict) for c in creds):
            raise Problem("malformed-credential", "verifiablePresentation.verifiableCredential: expected 1 to 16 "
                                                  "credential objects")
        return await self._vc_verify("vp", creds, ph, t0)

    # ------------------------------------------------------------------------------------------ operations

    async def healthz(self, request: Request) -> Response:
        try:
            await asyncio.wait_for(self.store.ping(), 2.0)
        except Exception as e:                           # noqa: BLE001 - any store failure is "unhealthy"
            return _json_response({"status": "unavailable", "store": type(e).__name__}, 503)
        return _json_response({"status": "ok", "verifier": self.config.verifier_id,
                               "issuers": len(self.directory.ids()), "waiting": self.batcher.waiting})

    async def metrics_endpoint(self, request: Request) -> Response:
        return Response(self.metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    async def openapi(self, request: Request) -> Response:
        from .openapi import document
        return _json_response(document(self.config))


PRESENTATION_ROUTE = "/requests/{id}/presentation"


class _BareEndpoint:
    """An ASGI callable for Starlette's router (a plain function would be wrapped in Request/Response)."""

    def __init__(self, handler: Callable[..., Awaitable[None]]) -> None:
        self.handler = handler

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        await self.handler(scope, receive, send)


class _App(Starlette):
    """Starlette, with ``POST /requests/{id}/presentation`` (the hot path) dispatched before the router and its
    middleware: the same handler either way (``_Service.answer_asgi``), less per-request work."""

    hot: Callable[..., Awaitable[None]] | None = None

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:   # type: ignore[override]
        if (self.hot is not None and scope["type"] == "http" and scope["method"] == "POST"
                and not scope.get("root_path")):
            path = scope["path"]
            if path.startswith("/requests/") and path.endswith("/presentation"):
                rid = path[10:-13]
                if rid and "/" not in rid:
                    scope["app"] = self
                    scope["path_params"] = {"rid": rid}
                    await self.hot(scope, receive, send)
                    return
        await super().__call__(scope, receive, send)


def create_app(directory: IssuerDirectory, store: Store | None = None,
               config: ServiceConfig | None = None) -> Starlette:
    """The verifier service (module docstring) over ``directory`` (issuer documents) and ``store`` (shared state;
    a MemoryStore by default)."""
    svc = _Service(directory, store if store is not None else MemoryStore(), config or ServiceConfig())
    E = svc.endpoint
    routes = [
        Route("/requests", E("/requests", svc.create_request), methods=["POST"]),
        Route("/requests/{rid}", E("/requests/{id}", svc.get_request), methods=["GET"]),
        Route("/requests/{rid}/presentation", _BareEndpoint(svc.answer_asgi), methods=["POST"]),
        Route("/credentials/verify", E("/credentials/verify", svc.verify_credential), methods=["POST"]),
        Route("/presentations/verify", E("/presentations/verify", svc.verify_presentation), methods=["POST"]),
        Route("/healthz", E("/healthz", svc.healthz, limited=False), methods=["GET"]),
        Route("/metrics", E("/metrics", svc.metrics_endpoint, limited=False), methods=["GET"]),
        Route("/openapi.json", E("/openapi.json", svc.openapi), methods=["GET"]),
    ]

    async def http_error(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 500)
        slug = {404: "not-found", 405: "method-not-allowed"}.get(status, "internal")
        svc.metrics.http_requests.labels("(unrouted)", request.method, str(status)).inc()
        return problem_response(Problem(slug, str(getattr(exc, "detail", "")) or "no such endpoint"),
                                request.url.path)

    async def server_error(request: Request, exc: Exception) -> Response:
        return problem_response(Problem("internal", "internal error (logged)"), request.url.path)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await svc.store.close()
            svc.directory.close()
            svc.executor.shutdown(wait=False, cancel_futures=True)

    app = _App(routes=routes, exception_handlers={HTTPException: http_error, 500: server_error},
                    lifespan=lifespan)
    app.state.service = svc
    app.hot = svc.answer_asgi
    return app
