"""Loading the draft's BBS fixtures (tests/vectors/bbs, see its README for the source)."""
from __future__ import annotations

import json
from pathlib import Path

from zkcred import bbs

VECTORS = Path(__file__).resolve().parent.parent / "vectors" / "bbs"
SUITES = {"bls12-381-sha-256": bbs.BLS12_381_SHA_256, "bls12-381-shake-256": bbs.BLS12_381_SHAKE_256}


def load(suite_dir: str, name: str) -> dict:
    return json.loads((VECTORS / suite_dir / name).read_text())


def cases(kind: str) -> list[tuple[str, str]]:
    """(suite_dir, relative file) for every signature/ or proof/ fixture of both suites."""
    out = []
    for s in SUITES:
        for p in sorted((VECTORS / s / kind).glob("*.json")):
            out.append((s, f"{kind}/{p.name}"))
    assert len(out) >= 20, "fixtures missing"
    return out


def hx(s: str) -> bytes:
    return bytes.fromhex(s)
