"""Fixtures for tests of the native core called through cffi directly (no Python value layer)."""
import pytest
from _testlib import require_peer


@pytest.fixture(params=["detected", "portable"])
def backend(request):
    """Runs the test on both Fp backends: the CPU-detected fast paths (mulx, IFMA lanes) and the portable C
    (switched by the test-only hook zk_fp_force_portable)."""
    from zkcred._native import lib as native_lib
    if request.param == "detected" and not hasattr(native_lib, "zk_fp_force_portable"):
        yield request.param  # a build without the test hooks runs the detected paths only
        return
    lib = request.getfixturevalue("native_hooks")
    was = lib.zk_fp_force_portable(1 if request.param == "portable" else 0)
    yield request.param
    lib.zk_fp_force_portable(was)


@pytest.fixture(scope="session")
def native():
    """(ffi, lib) of zkcred._native."""
    from zkcred._native import ffi, lib

    return ffi, lib


def _require_peer(module_name: str):
    try:
        return __import__(module_name)
    except ImportError as exc:  # depends on the environment
        require_peer(False, f"{module_name} is not installed (pip install -e '.[bench]'; {exc}): "
                            "this interop check did NOT run")


@pytest.fixture(scope="session")
def arkworks():
    """py_arkworks_bls12381 (the bench extra): skipped loudly outside CI when missing, a failure in CI."""
    return _require_peer("py_arkworks_bls12381")
