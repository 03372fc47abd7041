"""The audit log: one JSON line per decision, on the ``zkcred.audit`` logger.

Fields: ``ts`` (RFC 3339, UTC), ``event`` (``request.created``, ``presentation``, ``credential``, ``vp``),
``request_id``, ``verifier``, ``schemas``, ``issuers``, ``outcome`` (``created``, ``verified``, ``rejected``),
``reason`` (the problem slug), ``detail`` (the reason in words, redacted), ``latency_ms``, ``client``.
Never a disclosed attribute value and never a nonce: ``detail`` keeps only quoted names that the request itself
made public (credential ids, attribute names, schema and issuer ids, operators) and replaces any other quoted
text, and any disclosed value the presentation carried, with ``<redacted>``.
"""
from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterable

__all__ = ["audit", "redact", "logger"]

logger = logging.getLogger("zkcred.audit")

_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def redact(text: str, safe: Iterable[str] = (), values: Iterable[object] = ()) -> str:
    """``text`` with every quoted literal not in ``safe`` and every occurrence of ``values`` replaced."""
    keep = set(safe)

    def sub(m: re.Match) -> str:
        return m.group(0) if m.group(0)[1:-1] in keep else "<redacted>"

    out = _QUOTED.sub(sub, text)
    for v in values:
        s = v if isinstance(v, str) else json.dumps(v)
        if len(s) >= 2 and s not in keep:
            out = out.replace(s, "<redacted>")
    return out[:500]


def audit(event: str, **fields: object) -> None:
    """Write one audit line (module docstring)."""
    if not logger.isEnabledFor(logging.INFO):
        return
    t = time.time()
    line: dict[str, object] = {"ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + f".{int(t % 1 * 1000):03d}Z", "event": event}
    line.update(fields)
    logger.info(json.dumps(line, ensure_ascii=False, separators=(",", ":")))
