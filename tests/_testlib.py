"""Helpers shared by the whole suite (importable from any test module as ``_testlib``; tests/conftest.py re-exports
them as fixtures). One definition of each rule:

- ``SEED``: ZKCRED_TEST_SEED, or a fresh seed printed in the report header. ``seeded(name)`` gives a
  ``random.Random`` derived from it (the ``rng`` fixture does the same per test); ``module_seed(__name__)`` an int
  for modules that draw from ``random.Random(SEED + i)``.
- ``require_peer(ok, what)``: a missing peer (node packages, snarkjs, a Python reference, the package index)
  skips the test loudly outside CI and fails it in CI (the CI environment variable set).
"""
from __future__ import annotations

import os
import random

import pytest

IN_CI = bool(os.environ.get("CI"))
SEED = int(os.environ.get("ZKCRED_TEST_SEED") or random.SystemRandom().randrange(1 << 32))
# Exported, so that child processes share it: pytest-xdist's workers (`make test-sanitize`) must collect the same
# seeded parameters as each other, and a child Python under test replays with the run's seed.
os.environ["ZKCRED_TEST_SEED"] = str(SEED)


def seeded(name: str) -> random.Random:
    """A random.Random seeded from ZKCRED_TEST_SEED and ``name`` (stable for one seed, different per name)."""
    return random.Random(f"{SEED}:{name}")


def module_seed(name: str) -> int:
    """A module's seed for its own ``random.Random(SEED + i)`` calls: derived from ZKCRED_TEST_SEED and the module's
    name (``SEED = module_seed(__name__)``), so that every module varies with the run's seed and replays with it."""
    return seeded(name).getrandbits(32)


def require_peer(ok: bool, what: str) -> None:
    """Skip loudly (outside CI) or fail (in CI) when a peer implementation is missing."""
    if ok:
        return
    msg = f"PEER MISSING: {what} -- run `make peers` (or `make test`); in CI this is a failure"
    if IN_CI:
        pytest.fail(msg)
    pytest.skip(msg)


__all__ = ["IN_CI", "SEED", "seeded", "module_seed", "require_peer"]
