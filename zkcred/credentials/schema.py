"""Credential schemas: a name, a version and typed attributes, and the encoding of attribute values to scalars.

    {"name": "IdentityCard", "version": "1.0",
     "attributes": {"given_name": "string", "birth_date": "date", "score": "integer", "over_18": "boolean",
                    "nationality": {"enum": ["DE", "FR", "NL"]}}}

Encodings (each attribute is one BBS message scalar; the message order is the attributes sorted by name):
- ``integer`` (signed 64-bit), ``date`` (ISO ``YYYY-MM-DD``, as days since 1970-01-01) and ``boolean`` (false = 0,
  true = 1) are *ordered*: their scalar is ``value + 2^63``, an integer in [0, 2^64). The offset keeps negative
  integers and dates before 1970 (many birth dates) in order, so that predicates compare encoded scalars as
  64-bit unsigned integers.
- ``string`` and ``enum`` values are hashed: hash_to_scalar(UTF-8 value, DST) with the BBS SHA-256 suite's
  hash_to_scalar and the DSTs below (an enum value must be one of the enum's strings). Only ``in`` predicates
  apply to them.
The schema id is ``urn:zkcred:schema:sha256:`` + the SHA-256 of the schema's canonical JSON (keys sorted, no
whitespace, UTF-8), so two parties holding the same schema compute the same id.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from collections.abc import Mapping

from ..bbs._suite import BLS12_381_SHA_256
from ..bls12_381 import Fr
from ..errors import DecodeError
from .._fields import Obj, parse
from .._json import canonical_json

__all__ = ["Schema", "Attribute", "ORDER_OFFSET", "ORDER_MAX", "ORDERED", "canonical_json"]

ORDER_OFFSET = 1 << 63
ORDER_MAX = (1 << 64) - 1
ORDERED = ("integer", "date", "boolean")
TYPES = ("string", "integer", "date", "boolean", "enum")
STRING_DST = b"ZKCRED_ATTRIBUTE_V1_STRING_"
ENUM_DST = b"ZKCRED_ATTRIBUTE_V1_ENUM_"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_EPOCH = _dt.date(1970, 1, 1)
MAX_ATTRIBUTES = 128
MAX_STRING = 4096


class Attribute:
    """One typed attribute: ``name``, ``type`` (one of TYPES) and, for enums, ``values``."""

    __slots__ = ("name", "type", "values")

    def __init__(self, name: str, type_: str, values: tuple[str, ...] = ()) -> None:
        self.name, self.type, self.values = name, type_, values

    @property
    def ordered(self) -> bool:
        return self.type in ORDERED

    def to_json_value(self) -> object:
        return {"enum": list(self.values)} if self.type == "enum" else self.type

    def order_value(self, value: object, where: str) -> int:
        """The encoded integer in [0, 2^64) of an ordered attribute's JSON value (DecodeError when malformed)."""
        if self.type == "integer":
            if isinstance(value, bool) or not isinstance(value, int) or not -ORDER_OFFSET <= value < ORDER_OFFSET:
                raise DecodeError(f"{where}: expected a signed 64-bit integer")
            return value + ORDER_OFFSET
        if self.type == "date":
            if not isinstance(value, str) or not _DATE.fullmatch(value):
                raise DecodeError(f"{where}: expected an ISO date YYYY-MM-DD")
            try:
                days = (_dt.date.fromisoformat(value) - _EPOCH).days
            except ValueError:
                raise DecodeError(f"{where}: {value!r} is not a valid date") from None
            return days + ORDER_OFFSET
        if self.type == "boolean":
            if not isinstance(value, bool):
                raise DecodeError(f"{where}: expected true or false")
            return int(value) + ORDER_OFFSET
        raise DecodeError(f"{where}: attribute {self.name!r} ({self.type}) has no order")

    def order_domain(self) -> tuple[int, int]:
        """The smallest and largest encoded values of an ordered attribute (all 64-bit integers; the dates
        0001-01-01 to 9999-12-31; false and true)."""
        if self.type == "date":
            return ((_dt.date.min - _EPOCH).days + ORDER_OFFSET, (_dt.date.max - _EPOCH).days + ORDER_OFFSET)
        if self.type == "boolean":
            return ORDER_OFFSET, ORDER_OFFSET + 1
        return 0, ORDER_MAX

    def encode(self, value: object, where: str, *, listed: bool = False) -> Fr:
        """The BBS message scalar of a JSON value of this attribute (module docstring). ``listed``: the value is an
        element of an ``in`` predicate's list, where an enum's list may name strings outside the enum (they can
        never match)."""
        if self.ordered:
            return Fr(self.order_value(value, where))
        if not isinstance(value, str):
            raise DecodeError(f"{where}: expected a string")
        if len(value) > MAX_STRING:
            raise DecodeError(f"{where}: longer than {MAX_STRING} characters")
        if self.type == "enum" and not listed and value not in self.values:
            raise DecodeError(f"{where}: not one of the enum's values")
        try:
            data = value.encode("utf-8")
        except UnicodeEncodeError:
            raise DecodeError(f"{where}: not encodable as UTF-8 (lone surrogate)") from None
        return BLS12_381_SHA_256.hash_to_scalar(data, ENUM_DST if self.type == "enum" else STRING_DST)

    def check_value(self, value: object, where: str) -> object:
        """``value`` if it is a valid JSON value of this attribute (DecodeError otherwise)."""
        self.encode(value, where)
        return value


class Schema:
    """A credential schema (module docstring); immutable. ``Schema.from_json(text)`` / ``to_json()``."""

    __slots__ = ("name", "version", "attributes", "id", "_canonical")

    def __init__(self, name: str, version: str, attributes: Mapping[str, Attribute]) -> None:
        self.name, self.version = name, version
        self.attributes = {k: attributes[k] for k in sorted(attributes)}
        doc = {"name": name, "version": version,
               "attributes": {k: a.to_json_value() for k, a in self.attributes.items()}}
        self._canonical = canonical_json(doc)
        self.id = "urn:zkcred:schema:sha256:" + hashlib.sha256(self._canonical).hexdigest()

    @property
    def attribute_names(self) -> list[str]:
        """Attribute names in message order (sorted)."""
        return list(self.attributes)

    def index(self, name: str) -> int:
        """The message index of attribute ``name``."""
        try:
            return list(self.attributes).index(name)
        except ValueError:
            raise DecodeError(f"schema {self.name!r} has no attribute {name!r}") from None

    def encode_attributes(self, values: Mapping[str, object], where: str = "attributes") -> list[Fr]:
        """The message scalars of a complete attribute assignment (every attribute, nothing else)."""
        if not isinstance(values, Mapping):
            raise DecodeError(f"{where}: expected a JSON object")
        extra = sorted(set(values) - set(self.attributes))
        if extra:
            raise DecodeError(f"{where}: not in the schema: {', '.join(map(repr, extra))}")
        missing = [k for k in self.attributes if k not in values]
        if missing:
            raise DecodeError(f"{where}: missing attribute(s) {', '.join(map(repr, missing))}")
        return [a.encode(values[k], f"{where}.{k}") for k, a in self.attributes.items()]

    def to_obj(self) -> dict:
        return json.loads(self._canonical)

    def to_json(self) -> str:
        return self._canonical.decode("utf-8")

    @classmethod
    def from_obj(cls, o: Obj) -> "Schema":
        name = o.str("name", max_len=256)
        version = o.str("version", max_len=64)
        if not name:
            raise DecodeError(f"{o.path('name')}: must not be empty")
        attrs_obj = o.obj("attributes")
        if not attrs_obj.d:
            raise DecodeError(f"{attrs_obj.where}: a schema needs at least one attribute")
        if len(attrs_obj.d) > MAX_ATTRIBUTES:
            raise DecodeError(f"{attrs_obj.where}: more than {MAX_ATTRIBUTES} attributes")
        attrs = {}
        for key in list(attrs_obj.d):
            where = attrs_obj.path(key)
            if not _NAME.fullmatch(key):
                raise DecodeError(f"{where}: attribute names are [A-Za-z_][A-Za-z0-9_]* (at most 64 characters)")
            t = attrs_obj.raw(key)
            if isinstance(t, str):
                if t not in TYPES or t == "enum":
                    raise DecodeError(f"{where}: unknown type {t!r} (string, integer, date, boolean or "
                                      "{\"enum\": [...]})")
                attrs[key] = Attribute(key, t)
            else:
                e = Obj(t, where)
                values = e.list("enum", max_len=1024)
                e.done()
                if not values or any(not isinstance(v, str) for v in values) or len(set(values)) != len(values):
                    raise DecodeError(f"{where}.enum: expected a non-empty list of distinct strings")
                attrs[key] = Attribute(key, "enum", tuple(values))
        attrs_obj.done()
        o.done()
        return cls(name, version, attrs)

    @classmethod
    def from_json(cls, text: str | bytes | dict) -> "Schema":
        """Decode a schema (DecodeError naming the field)."""
        return cls.from_obj(parse(text, "schema"))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Schema) and other._canonical == self._canonical

    def __hash__(self) -> int:
        return hash(self._canonical)

    def __repr__(self) -> str:
        return f"Schema({self.name!r}, {self.version!r}, id={self.id})"
