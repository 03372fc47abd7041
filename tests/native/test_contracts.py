"""The contract checks (ZK_CHECK, csrc/check.h) of the ZK_DEBUG build: a call that breaks a contract of
include/zkcred.h -- an unreduced scalar, a point off the curve, outputs overlapping inputs where the header-wide
aliasing rule forbids it -- aborts, naming the condition, instead of computing garbage. The shipped build does not
check (and the same calls return without aborting). Each violation runs in a child interpreter, which inherits the
sanitizer environment of `make test-sanitize`.

Under `make test-sanitize` (ZKCRED_SANITIZED=1) the loaded module must be the checking build; elsewhere the checks
are exercised where the loaded build has them and their absence is checked otherwise."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from zkcred._native import ffi, lib

CHECKS = "contract checks (ZK_DEBUG)" in ffi.string(lib.zk_build_info()).decode()

PRELUDE = """
from zkcred._native import ffi, lib
R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
def fr_raw(v):  # a zk_fr with the given raw limbs (bypassing the decoder)
    x = ffi.new("zk_fr *")
    for i in range(4):
        x.l[i] = (v >> (64 * i)) & (2**64 - 1)
    return x
"""

VIOLATIONS = {
    # a scalar whose Montgomery limbs are >= r
    "unreduced-scalar": ("out = ffi.new('zk_fr *'); lib.zk_fr_add(out, fr_raw(R), fr_raw(1))", "fr_is_reduced"),
    # (1 : 1 : 1) is not on y^2 = x^3 + 4 (in any representation)
    "point-off-curve": ("p = ffi.new('zk_g1 *'); lib.zk_g1_generator(p); p.y.l[0] ^= 1; "
                        "out = ffi.new('zk_g1 *'); lib.zk_g1_add(out, p, p)", "g1_is_valid"),
    # batch output overlapping its input (the header-wide aliasing rule for array functions)
    "batch-aliasing": ("buf = ffi.new('zk_g1[4]'); [lib.zk_g1_generator(buf + i) for i in range(4)]; "
                       "lib.zk_g1_batch_to_affine(ffi.cast('zk_g1_affine *', buf), buf, 2)", "zk_disjoint"),
    # MSM scratch overlapping the scalars
    "msm-scratch-aliasing": ("n = 2; size = lib.zk_g1_msm_ct_scratch_size(n); buf = ffi.new('uint8_t[]', size + 64);"
                             "pts = ffi.new('zk_g1[2]'); [lib.zk_g1_generator(pts + i) for i in range(2)];"
                             "sc = ffi.cast('zk_fr *', buf); lib.zk_fr_from_u64(sc, 3); lib.zk_fr_from_u64(sc + 1, 5);"
                             "out = ffi.new('zk_g1 *'); lib.zk_g1_msm_ct(out, pts, sc, n, buf, size + 64)",
                             "zk_disjoint"),
}


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PRELUDE + code], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") +
                                   ":handle_abort=0"))


def test_sanitizer_build_has_the_checks():
    if os.environ.get("ZKCRED_SANITIZED") == "1":
        assert CHECKS, "make test-sanitize must load the ZK_DEBUG build (ZKCRED_DEBUG=1)"


@pytest.mark.parametrize("name", list(VIOLATIONS))
def test_violation(name):
    code, cond = VIOLATIONS[name]
    res = _run(code)
    if CHECKS:
        assert res.returncode != 0, f"{name}: no abort\n{res.stderr}"
        assert "zkcred: contract violated at" in res.stderr and cond in res.stderr, res.stderr
    else:
        assert res.returncode == 0, res.stderr


def test_valid_calls_pass_the_checks():
    """The same calls with valid arguments run through (so the violations above fail for the reason named)."""
    res = _run("out = ffi.new('zk_fr *'); lib.zk_fr_add(out, fr_raw(0), fr_raw(0))\n"
               "p = ffi.new('zk_g1 *'); lib.zk_g1_generator(p); lib.zk_g1_add(ffi.new('zk_g1 *'), p, p)\n"
               "buf = ffi.new('zk_g1[4]'); [lib.zk_g1_generator(buf + i) for i in range(4)]\n"
               "lib.zk_g1_batch_to_affine(ffi.new('zk_g1_affine[2]'), buf, 2)\n")
    assert res.returncode == 0, res.stderr
