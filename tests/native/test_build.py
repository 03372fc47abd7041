"""The shipped build (what a wheel gets: csrc/ffibuild.py without ZKCRED_TEST_HOOKS) neither declares nor compiles
the test-only hooks zk_fp_force_portable, zk_fp_lanes_test and zk_scalar_split_test; the development build
(ZKCRED_TEST_HOOKS=1, which `make` sets) has them all. Checked on the build script's own cdef and flags, and on the
preprocessed translation unit that the shipped flags compile (a function absent there cannot be exported)."""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOOKS = ("zk_fp_force_portable", "zk_fp_lanes_test", "zk_scalar_split_test")


def _ffibuild(monkeypatch, hooks: bool):
    """csrc/ffibuild.py loaded afresh under the given environment (it reads the switches at import)."""
    for var in ("ZKCRED_DEBUG", "ZKCRED_NATIVE_ARCH", "ZKCRED_PORTABLE", "ZKCRED_WERROR", "ZKCRED_TEST_HOOKS"):
        monkeypatch.delenv(var, raising=False)
    if hooks:
        monkeypatch.setenv("ZKCRED_TEST_HOOKS", "1")
    spec = importlib.util.spec_from_file_location("_zkcred_ffibuild_probe", ROOT / "csrc" / "ffibuild.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("hooks", [False, True], ids=["shipped", "development"])
def test_cdef_and_flags(monkeypatch, hooks):
    mod = _ffibuild(monkeypatch, hooks)
    cdef = mod._cdef_source()
    cflags, _ = mod._flags()
    assert "zk_g1_msm_var" in cdef and "ZK_API" not in cdef and "ZK_WARN_UNUSED" not in cdef
    for name in HOOKS:
        assert (name in cdef) == hooks, name
    assert ("-DZK_TEST_HOOKS=1" in cflags) == hooks
    assert "-O3" in cflags and "-DZK_DEBUG=1" not in cflags


@pytest.mark.parametrize("hooks", [False, True], ids=["shipped", "development"])
def test_translation_unit(monkeypatch, hooks):
    cc = os.environ.get("CC", "cc")
    if shutil.which(cc) is None:
        pytest.skip(f"no C compiler ({cc}) to preprocess csrc/zkcred.c")
    mod = _ffibuild(monkeypatch, hooks)
    cflags, _ = mod._flags()
    defines = [f for f in cflags if f.startswith("-D")]
    out = subprocess.run([cc, "-E", "-std=c11", *defines, "-I", str(ROOT / "csrc" / "include"),
                          "-I", str(ROOT / "csrc"), str(ROOT / "csrc" / "zkcred.c")],
                         capture_output=True, text=True, check=True).stdout
    assert "zk_g1_msm_ct" in out
    for name in HOOKS:
        assert (name in out) == hooks, name


def test_loaded_module_matches_its_build():
    """Whatever build is loaded, it has every hook or none (a half-configured build is a mistake)."""
    from zkcred._native import lib
    assert len({hasattr(lib, name) for name in HOOKS}) == 1
