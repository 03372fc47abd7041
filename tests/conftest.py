"""Suite-wide test configuration.

- Randomness is seeded: ``ZKCRED_TEST_SEED`` (default: a fresh seed) feeds the ``rng`` fixture and is printed in
  the report header, so a failure can be replayed with the same seed. Hypothesis runs derandomized in CI
  (profile "ci", selected when the CI environment variable is set) and prints reproduction blobs otherwise.
- Peers (node packages, snarkjs, anvil, ...) are installed by ``make test``. A test that needs one calls
  ``require_peer(ok, what)`` (``from _testlib import require_peer``, or the ``peer`` fixture): outside CI a
  missing peer skips the test with a loud reason; in CI (CI set) it fails, so CI always runs the interop tests.
- Test-only hooks of the native core (``zk_fp_force_portable``, ``zk_fp_lanes_test``) come through the
  ``native_hooks`` fixture: they exist only in the development build (``ZKCRED_TEST_HOOKS=1``, set by ``make``).
- pytest's exit code 5 ("no tests collected") is turned into a failure: a selection that runs nothing is a
  mistake, never a green run.
"""
from __future__ import annotations

import os
import random

import pytest
from hypothesis import HealthCheck, settings

from _testlib import IN_CI, SEED, require_peer, seeded  # noqa: F401  (one definition each: tests/_testlib.py)

# Under `make test-sanitize` libasan is preloaded into this Python (ZKCRED_SANITIZED=1). Child processes keep
# LD_PRELOAD: a child Python that imports the sanitized zkcred._native needs it, and node/snarkjs/anvil run
# fine with the runtime preloaded (leak detection is off).

settings.register_profile(
    "ci", derandomize=True, deadline=None, print_blob=True, max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "dev", deadline=None, print_blob=True, max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if IN_CI else "dev"))


def pytest_report_header(config: pytest.Config) -> list[str]:
    lines = [f"zkcred: ZKCRED_TEST_SEED={SEED} (set it to replay); CI={'yes' if IN_CI else 'no'}"]
    try:
        from zkcred.bls12_381._ffi import ffi, lib
        lines.append("zkcred native: " + ffi.string(lib.zk_build_info()).decode())
    except Exception as exc:  # the import error itself is reported by the tests
        lines.append(f"zkcred native: not importable ({exc})")
    return lines


@pytest.fixture
def rng(request: pytest.FixtureRequest) -> random.Random:
    """A random.Random seeded from ZKCRED_TEST_SEED and the test's name (stable per test, printed seed)."""
    return seeded(request.node.nodeid)


@pytest.fixture
def peer():
    """The require_peer helper as a fixture."""
    return require_peer


@pytest.fixture(scope="session")
def native_hooks():
    """zkcred._native's lib, with its test-only hooks (zk_fp_force_portable, zk_fp_lanes_test). They are compiled
    only into the development build (ZKCRED_TEST_HOOKS=1, which `make` sets); a wheel has none. Without them the
    test is skipped loudly outside CI and fails in CI."""
    from zkcred._native import lib
    if hasattr(lib, "zk_fp_force_portable"):
        return lib
    msg = ("TEST HOOKS MISSING: zkcred._native was built without ZKCRED_TEST_HOOKS=1 (a wheel-style build); "
           "rebuild with `make native`; in CI this is a failure")
    if IN_CI:
        pytest.fail(msg)
    pytest.skip(msg)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        print("\nzkcred: no tests were collected or selected -- treated as a failure (exit 1)")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# Runs the real entry point (`python -m zkcred.cli`) in a fresh interpreter and lists sys.modules at exit.
_MODULES_AT_EXIT = r"""
import atexit, sys
out = sys.argv[1]
atexit.register(lambda: open(out, "w").write("\n".join(sorted(sys.modules))))
sys.argv = ["zkcred"] + sys.argv[2:]
import runpy
runpy.run_module("zkcred.cli", run_name="__main__", alter_sys=True)
"""


@pytest.fixture
def cli_modules(tmp_path):
    """``run(*argv) -> (CompletedProcess, set of module names loaded)`` for one ``zkcred`` command: start-up
    tests assert what a command does not import (each heavy module costs milliseconds per process)."""
    import subprocess
    import sys

    def run(*argv):
        listing = tmp_path / "modules-at-exit.txt"
        listing.unlink(missing_ok=True)
        p = subprocess.run([sys.executable, "-c", _MODULES_AT_EXIT, str(listing), *map(str, argv)],
                           capture_output=True, text=True, timeout=120)
        return p, set(listing.read_text().split()) if listing.exists() else set()
    return run


@pytest.fixture(scope="session")
def anvil():
    """A local anvil node for the EVM ledger tests (``--hardfork prague``, a free port), shared by the session and
    stopped at its end. Missing binary: skipped loudly outside CI, a failure in CI (require_peer)."""
    from zkcred.ledger._anvil import AnvilNode, find_anvil
    require_peer(find_anvil() is not None, "anvil (npm @foundry-rs/anvil, peers/package.json)")
    node = AnvilNode.start()
    try:
        yield node
    finally:
        node.stop()
