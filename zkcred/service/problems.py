"""RFC 9457 problem details: every error the service answers is one ``application/problem+json`` document.

``Problem(status, slug, detail)`` is raised anywhere in a handler; ``problem_response`` renders it as
``{"type": "urn:zkcred:problem:<slug>", "title": ..., "status": ..., "detail": ..., "instance": ...}`` (RFC 9457
section 3.1: type, title, status, detail, instance; extension members such as ``retry_after`` may follow).
The ``slug`` is the machine-readable reason (also the audit log's ``reason`` and a metrics label).
"""
from __future__ import annotations

import json

from starlette.responses import Response

__all__ = ["Problem", "problem_response", "problem_body", "PROBLEM_TYPES", "MEDIA_TYPE"]

MEDIA_TYPE = "application/problem+json"

# slug -> (HTTP status, title). Every problem the service can answer is listed here (and in the OpenAPI document).
PROBLEM_TYPES: dict[str, tuple[int, str]] = {
    "malformed-body": (400, "The request body is not acceptable JSON"),
    "malformed-request": (400, "The presentation request is malformed"),
    "malformed-presentation": (400, "The presentation is malformed"),
    "malformed-credential": (400, "The credential or presentation document is malformed"),
    "unauthorized": (401, "A valid bearer token is required"),
    "not-found": (404, "No such resource"),
    "method-not-allowed": (405, "Method not allowed"),
    "body-timeout": (408, "The request body did not arrive in time"),
    "replay": (409, "The presentation request has already been answered"),
    "expired": (410, "The presentation request has expired"),
    "body-too-large": (413, "The request body is too large"),
    "unsupported-media-type": (415, "The request body must be application/json"),
    "unknown-issuer": (422, "An issuer is not known to this verifier"),
    "invalid-request": (422, "The presentation request cannot be served"),
    "verification-failed": (422, "The presentation does not verify"),
    "rate-limited": (429, "Too many requests from this client"),
    "internal": (500, "Internal error"),
    "overloaded": (503, "The verifier is overloaded; retry later"),
    "store-unavailable": (503, "The verifier's shared store cannot be reached; retry later"),
    "timeout": (503, "The verification did not finish in time; retry later"),
}


class Problem(Exception):
    """An error answer (module docstring). ``extra``: RFC 9457 extension members."""

    def __init__(self, slug: str, detail: str, *, extra: dict | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        if slug not in PROBLEM_TYPES:
            raise ValueError(f"unknown problem type {slug!r}")
        self.slug, self.detail = slug, detail
        self.status, self.title = PROBLEM_TYPES[slug]
        self.extra = dict(extra or {})
        self.headers = dict(headers or {})


def problem_body(p: Problem, instance: str | None = None) -> bytes:
    """The RFC 9457 document of ``p`` as UTF-8 JSON (``instance``: the request path)."""
    doc: dict = {"type": f"urn:zkcred:problem:{p.slug}", "title": p.title, "status": p.status, "detail": p.detail}
    if instance is not None:
        doc["instance"] = instance
    doc.update(p.extra)
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def problem_response(p: Problem, instance: str | None = None) -> Response:
    """The RFC 9457 document of ``p`` as a response (``instance``: the request path)."""
    return Response(problem_body(p, instance), status_code=p.status, media_type=MEDIA_TYPE, headers=p.headers)
