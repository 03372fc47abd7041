"""Strict JSON decoding for every document zkcred reads from outside (files, requests, HTTP bodies).

``loads(text, what)`` is ``json.loads`` with the rules a verifier needs, each broken rule a ``DecodeError`` that
names the document:
- nesting deeper than ``MAX_DEPTH`` (a file of 4 KB of ``[`` must not reach Python's recursion limit);
- a duplicate key in an object (two readers could otherwise disagree on which value counts);
- ``NaN``, ``Infinity`` and ``-Infinity`` (not JSON, though Python's parser accepts them), and numbers too large
  for a float (``1e999`` would become ``inf``, which ``canonical_json`` cannot write back as JSON);
- integers of more than ``MAX_INT_DIGITS`` digits (Python refuses to convert them with a ValueError);
- strings with a lone surrogate (``"\\ud800"``: not Unicode text, so not encodable as UTF-8 by ``canonical_json``),
  in keys or values;
- bytes that are not UTF-8, and text that is not JSON.
"""
from __future__ import annotations

import json
import re
from itertools import accumulate

from .errors import DecodeError

__all__ = ["MAX_DEPTH", "loads", "canonical_json"]

MAX_DEPTH = 64
MAX_INT_DIGITS = 4000


def _pairs(pairs: list[tuple[str, object]]) -> dict:
    out: dict = {}
    for k, v in pairs:
        if k in out:
            raise DecodeError(f"duplicate key {k!r}")
        out[k] = v
    return out


def _no_constant(name: str) -> object:
    raise DecodeError(f"{name} is not a JSON number")


def _int(text: str) -> int:
    if len(text) > MAX_INT_DIGITS:
        raise DecodeError(f"an integer of more than {MAX_INT_DIGITS} digits")
    return int(text)


def _float(text: str) -> float:
    v = float(text)
    if v in (float("inf"), float("-inf")):
        raise DecodeError(f"the number {text[:40]} is too large")
    return v


def _has_lone_surrogate(value: object) -> bool:
    """Whether a parsed value holds a string (key or value) that is not valid Unicode (depth <= MAX_DEPTH)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(v) for v in value)
    return False


# A JSON string as the depth scan skips it: from a quote to the next quote not escaped by a backslash (any character,
# newlines included, may follow a backslash), or to the end of the text when no such quote follows (an unterminated
# string). Unrolled, so one match is linear in its length; and since every opening quote matches, ``sub`` never
# retries from a later quote (a pattern that needs the closing quote fails from each unterminated one and is
# quadratic on '"' + '\\"' * n).
_STRING = re.compile(r'"[^"\\]*(?:\\(?:.|\Z)[^"\\]*)*(?:"|\Z)', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def _depth_ok(text: str) -> bool:
    """True when brackets nest at most MAX_DEPTH deep (brackets inside strings are skipped).

    The strings are cut out by one regular expression, everything but brackets by another, and the running depth is
    summed in C (``itertools.accumulate``): no Python step per character, and linear time on any text. An
    unterminated string runs to the end of the text, as in a character-by-character scan (which stops counting at
    its opening quote): the two scans see the same brackets."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text)).encode("ascii")
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0) <= MAX_DEPTH


def loads(text: str | bytes | bytearray, what: str = "JSON document") -> object:
    """Parse ``text`` strictly (module docstring); ``what`` names the document in errors."""
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            raise DecodeError(f"{what}: not UTF-8 text") from None
    if not isinstance(text, str):
        raise DecodeError(f"{what}: expected JSON text")
    elif _has_lone_surrogate(text):      # a str given directly may carry raw surrogates
        raise DecodeError(f"{what}: not Unicode text (lone surrogate)")
    if text.count("[") + text.count("{") > MAX_DEPTH and not _depth_ok(text):
        raise DecodeError(f"{what}: JSON nested deeper than {MAX_DEPTH} levels")
    try:
        value = json.loads(text, object_pairs_hook=_pairs, parse_constant=_no_constant, parse_int=_int,
                           parse_float=_float)
    except DecodeError as e:
        raise DecodeError(f"{what}: {e}") from None
    except json.JSONDecodeError as e:
        raise DecodeError(f"{what}: not valid JSON ({e.msg} at line {e.lineno} column {e.colno})") from None
    except RecursionError:      # unreachable after the depth scan; kept so no input can raise it
        raise DecodeError(f"{what}: JSON nested too deeply") from None
    if "\\u" in text and _has_lone_surrogate(value):     # only an escape can make one
        raise DecodeError(f"{what}: a string with a lone surrogate (not Unicode text)")
    return value


def canonical_json(value: object) -> bytes:
    """Keys sorted, no whitespace, UTF-8: the bytes that ids and digests are computed over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
