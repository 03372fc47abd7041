#!/usr/bin/env python3
"""Compile contracts/ZkcredRegistry.sol with solc-js (npm ``solc``, pinned in peers/package.json) into the committed
artifact contracts/build/ZkcredRegistry.json and its package copy zkcred/ledger/_registry.json (what
zkcred.ledger.evm deploys and talks to; a wheel cannot reach contracts/).

Run with the project's venv: .venv/bin/python tools/compile_contracts.py           (writes both files)
                            .venv/bin/python tools/compile_contracts.py --check   (exit 1 when a committed file
                                                                                    differs from a fresh build)
Needs node and peers/node_modules/solc (``make peers``). The build is deterministic: the pinned compiler and the
settings of zkcred.ledger.contracts (SOLC_SETTINGS) and the source fix the bytecode, metadata hash included.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "contracts" / "ZkcredRegistry.sol"
ARTIFACT = ROOT / "contracts" / "build" / "ZkcredRegistry.json"
PACKAGE_COPY = ROOT / "zkcred" / "ledger" / "_registry.json"
CONTRACT = "ZkcredRegistry"


def build() -> bytes:
    """The artifact's bytes for the current source, compiled by zkcred.ledger.contracts.compile_solidity (the pinned
    solc-js and settings the package uses for every contract; raises SystemExit with solc's errors)."""
    from zkcred.errors import ZkcredError
    from zkcred.ledger.contracts import SOLC_SETTINGS, SOLC_VERSION, compile_solidity
    source = SOURCE.read_text(encoding="utf-8")
    try:
        c = compile_solidity(source, CONTRACT, SOURCE.name)
    except ZkcredError as e:
        raise SystemExit(str(e)) from None
    artifact = {
        "contractName": CONTRACT,
        "source": f"contracts/{SOURCE.name}",
        "sourceSha256": hashlib.sha256(source.encode("utf-8")).hexdigest(),
        "compiler": f"solc-js {SOLC_VERSION}",
        "settings": dict(SOLC_SETTINGS),
        "abi": c["abi"],
        "bytecode": c["bytecode"],
        "deployedBytecode": c["deployedBytecode"],
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
