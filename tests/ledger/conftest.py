"""Ledger fixtures: the conformance suite (test_conformance.py) runs on every backend in ``BACKENDS``.

A backend is a function ``(tmp_path, request) -> opener`` where ``opener()`` returns a new handle (a new connection, a new
client) to one fresh, empty ledger; every handle the suite opens is closed after the test. To add a backend, add
it to ``BACKENDS``. The EVM backend deploys a fresh registry contract on the session's anvil node (tests/conftest.py)
and each handle is a new client of it.
"""
from __future__ import annotations

from collections.abc import Callable

import pytest

from zkcred.ledger import Ledger, open_ledger


def _sqlite(tmp_path, request) -> Callable[[], Ledger]:
    path = tmp_path / "ledger.db"
    return lambda: open_ledger(f"sqlite:{path}")


def _evm(tmp_path, request) -> Callable[[], Ledger]:
    node = request.getfixturevalue("anvil")         # skips loudly (fails in CI) without the anvil peer
    with open_ledger(f"evm:{node.url}", account=0) as deployer:
        address = deployer.address
    return lambda: open_ledger(f"evm:{node.url}", account=0, contract=address)


BACKENDS: dict[str, Callable] = {"sqlite": _sqlite, "evm": _evm}


@pytest.fixture(params=sorted(BACKENDS))
def open_handle(request, tmp_path) -> Callable[[], Ledger]:
    """``open_handle()``: a new handle to this test's fresh ledger (closed at the end of the test)."""
    opener = BACKENDS[request.param](tmp_path, request)
    handles: list[Ledger] = []

    def open_() -> Ledger:
        handles.append(opener())
        return handles[-1]
    yield open_
    for h in handles:
        h.close()


@pytest.fixture
def ledger(open_handle) -> Ledger:
    """A fresh, empty ledger of each backend."""
    return open_handle()
