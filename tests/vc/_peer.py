"""Digital Bazaar's bbs-2023 stack (peers/vc/peer.mjs) as a batch peer: one node process per batch of operations
(node start-up costs about a second). Missing peer: skip loudly, or fail under CI (tests/conftest.require_peer)."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "peers" / "vc" / "peer.mjs"
PACKAGE = ROOT / "peers" / "node_modules" / "@digitalbazaar" / "bbs-2023-cryptosuite"


def node_or_skip(require_peer) -> str:
    """``require_peer``: the conftest fixture ``peer`` (skip loudly outside CI, fail in CI)."""
    node = shutil.which("node")
    require_peer(node is not None and SCRIPT.exists() and PACKAGE.exists(),
                 "Digital Bazaar @digitalbazaar/bbs-2023-cryptosuite (node + peers/node_modules) -- bbs-2023 "
                 "interop NOT TESTED")
    return node


def run_batch(node: str, ops: list[dict], contexts: dict | None = None, timeout: float = 900) -> list[dict]:
    """Run ``ops`` in one node process; one result per op (errors come back as {"error": ...})."""
    p = subprocess.run([node, SCRIPT.name], cwd=SCRIPT.parent, input=json.dumps({"ops": ops, "contexts": contexts or {}}),
                       capture_output=True, text=True, timeout=timeout)
    if p.returncode != 0 or not p.stdout.strip():
        raise RuntimeError(f"bbs-2023 peer failed (rc {p.returncode}): {p.stderr[-3000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])["results"]
