"""zkcred._json's nesting-depth scan (``_depth_ok``: regular expressions and a running sum in C) against the
character-by-character scan it replaced: on any text, JSON or not, both give the same answer; and the scan is linear
on texts full of unterminated strings (a pattern that needs a closing quote retries from every later quote)."""
from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings, strategies as st

from zkcred import _json
from zkcred.errors import DecodeError


def reference_depth_ok(text: str) -> bool:
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
            if depth > _json.MAX_DEPTH:
                return False
        elif ch in "]}":
            depth -= 1
    return True


def _nested(rng: random.Random, depth: int) -> object:
    """A JSON value nesting exactly ``depth`` containers, with strings full of brackets, quotes and escapes."""
    if depth == 0:
        return rng.choice(['[[{{"', '\\"]]', "}\\\\{", "x\n]", 7, None, '"\\u005b"'])
    inner = _nested(rng, depth - 1)
    if rng.random() < 0.5:
        return [rng.choice(["]", "{", 1]), inner]
    return {rng.choice(["[", "k\\\"", "}"]): inner, "s": "]]}}"}


@pytest.mark.parametrize("depth", [0, 1, 2, 63, 64, 65, 66, 200])
def test_depth_limit_exact(depth):
    rng = random.Random(depth)
    for _ in range(20):
        text = json.dumps(_nested(rng, depth), indent=rng.choice([None, 1]))
        ok = depth <= _json.MAX_DEPTH
        assert _json._depth_ok(text) is ok and reference_depth_ok(text) is ok
        if ok:
            _json.loads(text)
        else:
            with pytest.raises(DecodeError, match="nested deeper"):
                _json.loads(text)


_CHARS = st.sampled_from(list('[]{}"\\ax,:\n0') + ["\\\"", "\\\\", "\u00e9", '"["', '"]"'])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_CHARS, max_size=200), st.integers(40, 70))
def test_agrees_with_reference(parts, prefix):
    """Random texts of brackets, quotes and backslashes, behind a run of brackets that brings them near the
    limit: the fast scan gives the reference's answer."""
    text = "[" * prefix + "".join(parts)
    assert _json._depth_ok(text) == reference_depth_ok(text)
    closed = text + "]" * (prefix + 10)
    try:
        json.loads(closed)
    except (json.JSONDecodeError, RecursionError):
        return
    assert _json._depth_ok(closed) == reference_depth_ok(closed)


def test_unterminated_string_and_escapes():
    deep = "[" * 65
    assert not _json._depth_ok(deep) and not reference_depth_ok(deep)
    for text in ['["' + deep + '"]', '["\\"' + deep + '"]', '{"a\\\\": "' + deep + '"}']:
        assert _json._depth_ok(text) and reference_depth_ok(text), text
    # the backslash closes nothing: the string ends at the second quote, the brackets after it count
    text = '["\\\\"' + deep + ']'
    assert not _json._depth_ok(text) and not reference_depth_ok(text)
    # an unterminated string after deep nesting: both refuse (the brackets before it count in both)
    text = deep + '"abc'
    assert not _json._depth_ok(text) and not reference_depth_ok(text)


def test_unterminated_strings_scan_in_one_match():
    """Every opening quote starts a match that runs to its closing quote or to the end of the text, so ``sub``
    never retries from a later quote: '"' + '\\"' * n (one unterminated string holding n escaped quotes) is one
    match. With a pattern that needs the closing quote this text took seconds at 40 KB (quadratic; the service
    reads bodies of 256 KiB)."""
    n = 120_000
    body = '"' + '\\"' * n
    m = _json._STRING.match(body)
    assert m is not None and m.end() == len(body)
    assert _json._STRING.match('"ab\\').end() == 4            # a backslash at the very end
    text = body + "[" * 65                                        # inside the unterminated string: not counted
    assert _json._depth_ok(text) and reference_depth_ok(text)
    with pytest.raises(DecodeError, match="not valid JSON"):
        _json.loads(text)
    text = "[" * 65 + body                                        # before it: counted
    assert not _json._depth_ok(text) and not reference_depth_ok(text)
