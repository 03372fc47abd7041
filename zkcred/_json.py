"""Strict JSON decoding for every document zkcred reads from outside (files, requests, HTTP bodies).

``loads(text, what)`` is ``json.loads`` with the rules a verifier needs, each broken rule a ``DecodeError`` that
names the document:
- nesting deeper than ``MAX_DEPTH`` (a file of 4 KB of ``[`` must not reach Python's recursion limit);
- a duplicate key in an object (two readers could otherwise disagree on which value counts);
- ``NaN``, ``Infinity`` and ``-Infinity`` (not JSON, though Python's parser accepts them);
- bytes that are not UTF-8, and text that is not JSON.
"""
from __future__ import annotations

import json

from .errors import DecodeError

__all__ = ["MAX_DEPTH", "loads", "canonical_json"]

MAX_DEPTH = 64


def _pairs(pairs: list[tuple[str, object]]) -> dict:
    out: dict = {}
    for k, v in pairs:
        if k in out:
            raise DecodeError(f"duplicate key {k!r}")
        out[k] = v
    return out


def _no_constant(name: str) -> object:
    raise DecodeError(f"{name} is not a JSON number")


def _depth_ok(text: str) -> bool:
    """True when brackets nest at most MAX_DEPTH deep (brackets inside strings are skipped)."""
    depth, in_str, esc = 0, False, False
    for ch in text:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return False
        elif ch in "]}":
            depth -= 1
    return True


def loads(text: str | bytes | bytearray, what: str = "JSON document") -> object:
    """Parse ``text`` strictly (module docstring); ``what`` names the document in errors."""
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            raise DecodeError(f"{what}: not UTF-8 text") from None
    if not isinstance(text, str):
        raise DecodeError(f"{what}: expected JSON text")
    if text.count("[") + text.count("{") > MAX_DEPTH and not _depth_ok(text):
        raise DecodeError(f"{what}: JSON nested deeper than {MAX_DEPTH} levels")
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_constant=_no_constant)
    except DecodeError as e:
        raise DecodeError(f"{what}: {e}") from None
    except json.JSONDecodeError as e:
        raise DecodeError(f"{what}: not valid JSON ({e.msg} at line {e.lineno} column {e.colno})") from None
    except RecursionError:      # unreachable after the depth scan; kept so no input can raise it
        raise DecodeError(f"{what}: JSON nested too deeply") from None


def canonical_json(value: object) -> bytes:
    """Keys sorted, no whitespace, UTF-8: the bytes that ids and digests are computed over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
