"""Presentation requests: what a verifier asks for, in JSON (this exact shape; every field is checked):

    {"nonce": "<base64url, >= 16 bytes>", "verifier": "<id>",
     "credentials": [{"id": "idcard", "schema": "<schema id>", "issuers": ["<issuer id>"],
                      "disclose": ["given_name"],
                      "predicates": [{"attribute": "birth_date", "op": "<=", "value": "2008-12-02"},
                                     {"attribute": "score", "op": "between", "value": [10, 20]},
                                     {"attribute": "nationality", "op": "in", "value": ["DE", "FR", "NL"]}]}],
     "same": [["idcard.family_name", "diploma.family_name"]]}

``disclose``, ``predicates`` and ``same`` may be omitted (empty). A credential entry may add ``"not_revoked": true``
(prove that the credential is not revoked in the issuer's latest registry state, or in ``"epoch": n``). Attribute names and predicate values are checked
against the schema when a presentation is built or verified (``CredentialRequest.resolve``), since the request
names the schema only by id. Rules checked on decoding: unique credential ids of the form [A-Za-z0-9_-]{1,64};
at least one issuer; no attribute both disclosed and under a predicate; each ``same`` group has at least two
distinct members ``<credential id>.<attribute>`` naming credentials of the request.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

from ..errors import DecodeError
from .._fields import Obj, b64u, from_b64u, parse, str_list
from .predicates import Predicate
from .schema import Schema, canonical_json

__all__ = ["PresentationRequest", "CredentialRequest", "MIN_NONCE_BYTES"]

MIN_NONCE_BYTES = 16
MAX_NONCE_BYTES = 512
MAX_CREDENTIALS = 16
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


class CredentialRequest:
    """One entry of ``credentials``: what the verifier needs from one credential."""

    __slots__ = ("id", "schema", "issuers", "disclose", "predicates", "where", "not_revoked", "epoch")

    def __init__(self, id: str, schema: str, issuers: list[str], disclose: list[str], predicates: list[dict],
                 where: str, not_revoked: bool = False, epoch: int | None = None) -> None:
        self.id, self.schema, self.issuers, self.disclose = id, schema, issuers, disclose
        self.predicates, self.where = predicates, where
        self.not_revoked, self.epoch = not_revoked, epoch

    def resolve(self, schema: Schema, merkle_depths: tuple[int, ...] | None = None) -> list[Predicate]:
        """Check the attribute names against ``schema`` and decode the predicates (DecodeError naming the field)."""
        if schema.id != self.schema:
            raise DecodeError(f"{self.where}.schema: the issuer's schema is {schema.id}")
        for i, name in enumerate(self.disclose):
            if name not in schema.attributes:
                raise DecodeError(f"{self.where}.disclose[{i}]: schema has no attribute {name!r}")
        out = []
        for i, p in enumerate(self.predicates):
            where = f"{self.where}.predicates[{i}]"
            attr = schema.attributes.get(p["attribute"])
            if attr is None:
                raise DecodeError(f"{where}.attribute: schema has no attribute {p['attribute']!r}")
            out.append(Predicate(attr, p["op"], p["value"], where, merkle_depths))
        return out

    def to_obj(self) -> dict:
        obj: dict = {"id": self.id, "schema": self.schema, "issuers": list(self.issuers),
                     "disclose": list(self.disclose), "predicates": [dict(p) for p in self.predicates]}
        if self.not_revoked:
            obj["not_revoked"] = True
            if self.epoch is not None:
                obj["epoch"] = self.epoch
        return obj


class PresentationRequest:
    """A decoded presentation request (module docstring). ``digest`` binds it into presentations."""

    __slots__ = ("nonce", "verifier", "credentials", "same", "_canonical", "digest")

    def __init__(self, nonce: bytes, verifier: str, credentials: list[CredentialRequest],
                 same: list[list[tuple[str, str]]]) -> None:
        self.nonce, self.verifier, self.credentials, self.same = nonce, verifier, credentials, same
        self._canonical = canonical_json(self.to_obj())
        self.digest = hashlib.sha256(self._canonical).digest()

    def credential(self, cid: str) -> CredentialRequest:
        for c in self.credentials:
            if c.id == cid:
                return c
        raise KeyError(cid)

    def to_obj(self) -> dict:
        obj: dict = {"nonce": b64u(self.nonce), "verifier": self.verifier,
                     "credentials": [c.to_obj() for c in self.credentials]}
        if self.same:
            obj["same"] = [[f"{c}.{a}" for c, a in group] for group in self.same]
        return obj

    def to_json(self) -> str:
        return self._canonical.decode("utf-8")

    @classmethod
    def create(cls, credentials: list[Mapping], *, verifier: str, same: list[list[str]] | None = None,
               nonce: bytes | None = None) -> "PresentationRequest":
        """A new request with a fresh 32-byte nonce (or ``nonce``), validated like a decoded one."""
        import os
        obj: dict = {"nonce": b64u(nonce if nonce is not None else os.urandom(32)), "verifier": verifier,
                     "credentials": [dict(c) for c in credentials]}
        if same:
            obj["same"] = same
        return cls.from_obj(Obj(obj, "request"))

    @classmethod
    def from_obj(cls, o: Obj) -> "PresentationRequest":
        nonce = from_b64u(o.raw("nonce"), o.path("nonce"))
        if not MIN_NONCE_BYTES <= len(nonce) <= MAX_NONCE_BYTES:
            raise DecodeError(f"{o.path('nonce')}: must be {MIN_NONCE_BYTES} to {MAX_NONCE_BYTES} bytes")
        verifier = o.str("verifier", max_len=512)
        if not verifier:
            raise DecodeError(f"{o.path('verifier')}: must not be empty")
        creds = []
        ids: set[str] = set()
        for c in o.objs("credentials", max_len=MAX_CREDENTIALS):
            cid = c.str("id", max_len=64)
            if not _ID.fullmatch(cid):
                raise DecodeError(f"{c.path('id')}: expected 1 to 64 of [A-Za-z0-9_-]")
            if cid in ids:
                raise DecodeError(f"{c.path('id')}: duplicate credential id {cid!r}")
            ids.add(cid)
            schema = c.str("schema", max_len=256)
            issuers = str_list(c.list("issuers", max_len=256), c.path("issuers"))
            if not issuers or len(set(issuers)) != len(issuers):
                raise DecodeError(f"{c.path('issuers')}: expected a non-empty list of distinct issuer ids")
            disclose = str_list(c.list("disclose", max_len=128, default=[]), c.path("disclose"))
            if len(set(disclose)) != len(disclose):
                raise DecodeError(f"{c.path('disclose')}: an attribute is listed twice")
            preds = []
            for p in c.objs("predicates", max_len=128) if c.has("predicates") else ():
                attr = p.str("attribute", max_len=64)
                if attr in disclose:
                    raise DecodeError(f"{p.path('attribute')}: {attr!r} is disclosed; a predicate on it proves "
                                      "nothing more")
                preds.append({"attribute": attr, "op": p.str("op", max_len=16), "value": p.raw("value")})
                p.done()
            not_revoked = c.bool("not_revoked", False)
            epoch = c.int("epoch", 0, (1 << 53) - 1) if c.has("epoch") else None
            if epoch is not None and not not_revoked:
                raise DecodeError(f"{c.path('epoch')}: an epoch applies only with \"not_revoked\": true")
            c.done()
            creds.append(CredentialRequest(cid, schema, issuers, disclose, preds, c.where, not_revoked, epoch))
        if not creds:
            raise DecodeError(f"{o.path('credentials')}: at least one credential is needed")
        same = []
        for g, group in enumerate(o.list("same", max_len=64, default=[])):
            where = f"{o.path('same')}[{g}]"
            if not isinstance(group, list):
                raise DecodeError(f"{where}: expected a JSON array")
            refs = []
            for i, ref in enumerate(str_list(group, where)):
                cid, dot, attr = ref.partition(".")
                if not dot or cid not in ids or not attr:
                    raise DecodeError(f"{where}[{i}]: expected '<credential id>.<attribute>' of this request")
                if attr in next(c for c in creds if c.id == cid).disclose:
                    raise DecodeError(f"{where}[{i}]: {ref!r} is disclosed; compare disclosed values directly")
                refs.append((cid, attr))
            if len(set(refs)) < 2 or len(set(refs)) != len(refs):
                raise DecodeError(f"{where}: expected at least two distinct attributes")
            same.append(refs)
        o.done()
        return cls(nonce, verifier, creds, same)

    @classmethod
    def from_json(cls, text: str | bytes | dict) -> "PresentationRequest":
        """Decode a request (DecodeError naming the field)."""
        return cls.from_obj(parse(text, "request"))

    def __repr__(self) -> str:
        return f"PresentationRequest(verifier={self.verifier!r}, credentials={[c.id for c in self.credentials]})"
