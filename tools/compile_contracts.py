#!/usr/bin/env python3
"""Compile contracts/ZkcredRegistry.sol with solc-js (npm ``solc``, pinned in peers/package.json) into the committed
artifact contracts/build/ZkcredRegistry.json and its package copy zkcred/ledger/_registry.json (what
zkcred.ledger.evm deploys and talks to; a wheel cannot reach contracts/).

Run: python3 tools/compile_contracts.py            (writes both files)
     python3 tools/compile_contracts.py --check    (exit 1 when a committed file differs from a fresh build)
Needs node and peers/node_modules/solc (``make peers``). The build is deterministic: the Solidity standard-JSON
settings below, the pinned compiler and the source fix the bytecode, including its metadata hash.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "contracts" / "ZkcredRegistry.sol"
ARTIFACT = ROOT / "contracts" / "build" / "ZkcredRegistry.json"
PACKAGE_COPY = ROOT / "zkcred" / "ledger" / "_registry.json"
SOLC_VERSION = "0.8.37+commit.f401782d.Emscripten.clang"
CONTRACT = "ZkcredRegistry"
SETTINGS = {
    "evmVersion": "prague",
    "viaIR": True,
    "optimizer": {"enabled": True, "runs": 200},
    "outputSelection": {"*": {"*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"]}},
}

# CommonJS (node -e), so NODE_PATH resolves solc from peers/node_modules.
_NODE = r"""
const solc = require('solc');
let input = '';
process.stdin.on('data', d => { input += d; });
process.stdin.on('end', () => {
  process.stdout.write(JSON.stringify({version: solc.version(), output: JSON.parse(solc.compile(input))}));
});
"""


def build() -> bytes:
    """The artifact's bytes for the current source (raises SystemExit with solc's errors)."""
    source = SOURCE.read_text(encoding="utf-8")
    std_input = {"language": "Solidity", "sources": {SOURCE.name: {"content": source}}, "settings": SETTINGS}
    env = dict(os.environ, NODE_PATH=str(ROOT / "peers" / "node_modules"))
    p = subprocess.run(["node", "-e", _NODE], input=json.dumps(std_input), capture_output=True, text=True,
                       env=env, timeout=300)
    if p.returncode != 0:
        raise SystemExit(f"solc-js failed (is peers/node_modules/solc installed? make peers):\n{p.stderr}")
    answer = json.loads(p.stdout)
    if answer["version"] != SOLC_VERSION:
        raise SystemExit(f"solc {answer['version']} found, {SOLC_VERSION} pinned (peers/package.json)")
    out = answer["output"]
    errors = [e for e in out.get("errors", []) if e["severity"] == "error"]
    warnings = [e for e in out.get("errors", []) if e["severity"] != "error"]
    for w in warnings:
        print(w["formattedMessage"], file=sys.stderr)
    if errors:
        raise SystemExit("\n".join(e["formattedMessage"] for e in errors))
    c = out["contracts"][SOURCE.name][CONTRACT]
    artifact = {
        "contractName": CONTRACT,
        "source": f"contracts/{SOURCE.name}",
        "sourceSha256": hashlib.sha256(source.encode("utf-8")).hexdigest(),
        "compiler": f"solc-js {SOLC_VERSION}",
        "settings": {k: v for k, v in SETTINGS.items() if k != "outputSelection"},
        "abi": c["abi"],
        "bytecode": "0x" + c["evm"]["bytecode"]["object"],
        "deployedBytecode": "0x" + c["evm"]["deployedBytecode"]["object"],
    }
    return (json.dumps(artifact, indent=1, sort_keys=True) + "\n").encode("utf-8")


def main(argv: list[str]) -> int:
    fresh = build()
    targets = (ARTIFACT, PACKAGE_COPY)
    if "--check" in argv:
        stale = [str(t.relative_to(ROOT)) for t in targets if not t.exists() or t.read_bytes() != fresh]
        if stale:
            print("out of date (run python3 tools/compile_contracts.py): " + ", ".join(stale), file=sys.stderr)
            return 1
        return 0
    for t in targets:
        t.parent.mkdir(parents=True, exist_ok=True)
        t.write_bytes(fresh)
    print(f"wrote {', '.join(str(t.relative_to(ROOT)) for t in targets)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
