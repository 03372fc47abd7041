"""Node peers for BBS interop: Digital Bazaar's @digitalbazaar/bbs-signatures through peers/bbs/db_driver.mjs.

``make test`` installs the node packages (``make peers``). Without them the interop tests skip, loudly, unless
the CI environment variable is set, in which case a missing peer is a failure.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from _testlib import require_peer as _require

ROOT = Path(__file__).resolve().parents[2]
PEERS = ROOT / "peers"
DB_DRIVER = PEERS / "bbs" / "db_driver.mjs"
DB_PACKAGE = PEERS / "node_modules" / "@digitalbazaar" / "bbs-signatures"


def require_peer(what: str, *paths: Path) -> str:
    """Return the node executable, or skip (fail under CI) naming what is missing."""
    node = shutil.which("node")
    missing = [str(p) for p in paths if not p.exists()]
    if node is None:
        missing.insert(0, "the `node` executable")
    _require(not missing, f"{what} interop NOT TESTED: {', '.join(missing)} not found")
    assert node is not None
    return node


class NodePeer:
    """A long-lived node process answering one JSON request per line."""

    def __init__(self, node: str, script: Path):
        self.proc = subprocess.Popen([node, script.name], cwd=script.parent, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)

    def call(self, op: str, **kw) -> dict:
        req = {"op": op}
        for k, v in kw.items():
            if isinstance(v, (bytes, bytearray)):
                v = bytes(v).hex()
            elif isinstance(v, list) and v and isinstance(v[0], (bytes, bytearray)):
                v = [bytes(m).hex() for m in v]
            req[k] = v
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"peer died: {self.proc.stderr.read()}")
        reply = json.loads(line)
        if "error" in reply and op not in ("verify", "verify_proof"):
            raise RuntimeError(f"peer {op} failed: {reply['error']}")
        return reply

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=10)
