"""Fixtures for the on-chain verifiers: the session's anvil node (tests/conftest.py) as a ``Chain``, and a
``deploy(source, name)`` that compiles with the pinned solc-js (peers/node_modules/solc) once per source.
A missing solc or node is skipped loudly outside CI and fails in CI (require_peer)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from _testlib import require_peer

ROOT = Path(__file__).resolve().parents[2]
_BUILT: dict[tuple[str, str], dict] = {}


def compiled(source: str, name: str) -> dict:
    """solc-js output for ``source`` (cached for the session: a compile takes seconds)."""
    from zkcred.ledger.contracts import compile_solidity
    require_peer((ROOT / "peers/node_modules/solc").exists() and shutil.which("node") is not None,
                 "solc-js (npm solc, peers/package.json) and node: on-chain verifiers NOT TESTED")
    key = (source, name)
    if key not in _BUILT:
        _BUILT[key] = compile_solidity(source, name)
    return _BUILT[key]


@pytest.fixture(scope="session")
def chain(anvil):
    from zkcred.ledger.contracts import Chain
    return Chain(anvil.url)


@pytest.fixture(scope="session")
def deploy(chain):
    """deploy(source, name) -> address of a fresh instance of the compiled contract."""
    def run(source: str, name: str) -> str:
        return chain.deploy(compiled(source, name)["bytecode"])
    return run
