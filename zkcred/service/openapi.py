"""The OpenAPI 3.1 document of the verifier service (``GET /openapi.json``), written out by hand: the shapes are
those of zkcred.credentials (request, presentation) and of the W3C VC API's verify calls."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .problems import PROBLEM_TYPES

if TYPE_CHECKING:
    from .app import ServiceConfig

__all__ = ["document"]


def _problem_response(*slugs: str) -> dict:
    return {"description": "RFC 9457 problem: " + ", ".join(f"urn:zkcred:problem:{s}" for s in slugs),
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}


def _errors(*slugs: str) -> dict:
    by_status: dict[str, list[str]] = {}
    for s in slugs:
        by_status.setdefault(str(PROBLEM_TYPES[s][0]), []).append(s)
    return {status: _problem_response(*ss) for status, ss in sorted(by_status.items())}


_COMMON = ("malformed-body", "body-timeout", "body-too-large", "unsupported-media-type", "rate-limited", "internal")

_SCHEMAS: dict = {
    "Problem": {
        "type": "object", "required": ["type", "title", "status", "detail"],
        "properties": {"type": {"type": "string", "format": "uri", "enum": [f"urn:zkcred:problem:{s}"
                                                                             for s in PROBLEM_TYPES]},
                       "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"},
                       "instance": {"type": "string"}},
    },
    "Predicate": {
        "type": "object", "required": ["attribute", "op", "value"], "additionalProperties": False,
        "properties": {"attribute": {"type": "string"},
                       "op": {"enum": ["<=", "<", ">=", ">", "between", "in"]},
                       "value": {"description": "a value of the attribute's type; [low, high] for between; a list "
                                                "for in"}},
    },
    "CredentialRequest": {
        "type": "object", "required": ["id", "schema", "issuers"], "additionalProperties": False,
        "properties": {"id": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"},
                       "schema": {"type": "string", "description": "schema id"},
                       "issuers": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                       "disclose": {"type": "array", "items": {"type": "string"}},
                       "predicates": {"type": "array", "items": {"$ref": "#/components/schemas/Predicate"}}},
    },
    "NewPresentationRequest": {
        "type": "object", "required": ["credentials"], "additionalProperties": False,
        "description": "a zkcred presentation request without its nonce (the service chooses it)",
        "properties": {"verifier": {"type": "string", "description": "optional: must be the service's id"},
                       "credentials": {"type": "array", "minItems": 1, "maxItems": 16,
                                       "items": {"$ref": "#/components/schemas/CredentialRequest"}},
                       "same": {"type": "array", "items": {"type": "array", "items": {"type": "string"}}}},
    },
    "PresentationRequest": {
        "type": "object", "required": ["nonce", "verifier", "credentials"],
        "properties": {"nonce": {"type": "string", "description": "base64url, 32 bytes"},
                       "verifier": {"type": "string"},
                       "credentials": {"type": "array", "items": {"$ref": "#/components/schemas/CredentialRequest"}},
                       "same": {"type": "array", "items": {"type": "array", "items": {"type": "string"}}}},
    },
    "RequestCreated": {
        "type": "object", "required": ["id", "request", "expires", "presentation"],
        "properties": {"id": {"type": "string"}, "request": {"$ref": "#/components/schemas/PresentationRequest"},
                       "expires": {"type": "string", "format": "date-time"},
                       "presentation": {"type": "string", "description": "path to POST the presentation to"}},
    },
    "RequestState": {
        "type": "object", "required": ["id", "request", "expires", "status"],
        "properties": {"id": {"type": "string"}, "request": {"$ref": "#/components/schemas/PresentationRequest"},
                       "expires": {"type": "string", "format": "date-time"},
                       "status": {"enum": ["open", "verified", "rejected", "expired"]}},
    },
    "Presentation": {
        "type": "object", "required": ["type", "request", "challenge", "credentials"],
        "description": "zkcred/presentation/v2 (zkcred.credentials.presentation)",
        "properties": {"type": {"const": "zkcred/presentation/v2"}, "request": {"type": "string"},
                       "challenge": {"type": "string"}, "credentials": {"type": "array"}},
    },
    "Verified": {
        "type": "object", "required": ["verified", "disclosed"],
        "properties": {"verified": {"const": True},
                       "disclosed": {"type": "object", "additionalProperties": {"type": "object"},
                                     "description": "credential id -> attribute -> value"}},
    },
    "VerifyOptions": {"type": "object", "additionalProperties": False,
                      "properties": {"challenge": {"type": "string",
                                                   "description": "the presentation header (UTF-8) the proofs must "
                                                                  "carry; absent: any"}}},
    "VerifyCredentialRequest": {
        "type": "object", "required": ["verifiableCredential"], "additionalProperties": False,
        "properties": {"verifiableCredential": {"type": "object", "description": "a bbs-2023 derived credential"},
                       "options": {"$ref": "#/components/schemas/VerifyOptions"}},
    },
    "VerifyPresentationRequest": {
        "type": "object", "required": ["verifiablePresentation"], "additionalProperties": False,
        "properties": {"verifiablePresentation": {"type": "object", "description": "an unsigned presentation of 1 "
                                                                                   "to 16 bbs-2023 derived "
                                                                                   "credentials"},
                       "options": {"$ref": "#/components/schemas/VerifyOptions"}},
    },
    "VerificationResult": {
        "type": "object", "required": ["checks", "warnings", "errors"],
        "properties": {"checks": {"type": "array", "items": {"type": "string"}},
                       "warnings": {"type": "array"}, "errors": {"type": "array"}},
    },
}


def _json_body(ref: str) -> dict:
    return {"required": True, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


def _ok(status: str, ref: str, description: str) -> dict:
    return {status: {"description": description,
                     "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}}


def document(config: "ServiceConfig | None" = None) -> dict:
    """The OpenAPI 3.1 document."""
    rid = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    create_security: list[dict] = [{"bearer": []}] if config is not None and config.admin_token else []
    return {
        "openapi": "3.1.0",
        "info": {"title": "zkcred verifier", "version": "1",
                 "description": "Verifies zkcred presentations (BBS signatures with LegoGroth16 predicates) and "
                                "bbs-2023 derived credentials. Errors are RFC 9457 problem documents."},
        "paths": {
            "/requests": {"post": {
                "summary": "Create a presentation request (the service adds the nonce, its verifier id, an expiry)",
                "security": create_security,
                "requestBody": _json_body("NewPresentationRequest"),
                "responses": {**_ok("201", "RequestCreated", "created"),
                              **_errors(*_COMMON, "malformed-request", "unauthorized", "invalid-request",
                                        "unknown-issuer", "overloaded")}}},
            "/requests/{id}": {"get": {
                "summary": "A presentation request and its status", "parameters": [rid],
                "responses": {**_ok("200", "RequestState", "the request"), **_errors("not-found", "rate-limited")}}},
            "/requests/{id}/presentation": {"post": {
                "summary": "Answer a request with a presentation (one per request)", "parameters": [rid],
                "requestBody": _json_body("Presentation"),
                "responses": {**_ok("200", "Verified", "verified; the disclosed attributes"),
                              **_errors(*_COMMON, "malformed-presentation", "not-found", "replay", "expired",
                                        "unknown-issuer", "verification-failed", "overloaded", "timeout")}}},
            "/credentials/verify": {"post": {
                "summary": "W3C VC API: verify a bbs-2023 derived credential",
                "requestBody": _json_body("VerifyCredentialRequest"),
                "responses": {**_ok("200", "VerificationResult", "verified"),
                              **_errors(*_COMMON, "malformed-credential", "verification-failed", "timeout")}}},
            "/presentations/verify": {"post": {
                "summary": "W3C VC API: verify a presentation of bbs-2023 derived credentials",
                "requestBody": _json_body("VerifyPresentationRequest"),
                "responses": {**_ok("200", "VerificationResult", "verified"),
                              **_errors(*_COMMON, "malformed-credential", "verification-failed", "timeout")}}},
            "/healthz": {"get": {"summary": "Liveness and store reachability",
                                 "responses": {"200": {"description": "healthy"},
                                               "503": {"description": "the store cannot be reached"}}}},
            "/metrics": {"get": {"summary": "Prometheus metrics (text exposition format)",
                                 "responses": {"200": {"description": "metrics",
                                                       "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
            "/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI"}}}},
        },
        "components": {"schemas": _SCHEMAS,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    }
