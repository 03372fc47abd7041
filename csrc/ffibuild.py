"""Build zkcred._native (cffi, out-of-line API mode) from csrc/.

The cdef is the block of include/zkcred.h between ZK_CDEF_BEGIN and ZK_CDEF_END, and the same header is
#included by the generated C, so the compiler checks the cdef against the real declarations.

A plain build (a wheel, an sdist install) is the shipped library. The test-only hooks (zk_fp_force_portable,
zk_fp_lanes_test: the block between ZK_TEST_CDEF_BEGIN and ZK_TEST_CDEF_END) are compiled and declared only
with ZKCRED_TEST_HOOKS=1, which the Makefile sets for the development and test builds; tests/native checks
that a build without it neither declares nor defines them.

Environment switches (opt-in, never used for shipped builds):
  ZKCRED_NATIVE_ARCH=native   add -march=native (local experiments only)
  ZKCRED_DEBUG=1              -O1 -g with AddressSanitizer + UBSan and contract checks (ZK_DEBUG)
  ZKCRED_TEST_HOOKS=1         compile and declare the test-only hooks (ZK_TEST_HOOKS; `make` sets it)

Every other build is a release build: -O3 without debug information. Python's own CFLAGS carry -g, which would
make the shipped module ~10 MB of DWARF around ~1.3 MB of code, so -g0 (after them) turns it off and the linker
drops any debug section that remains (--strip-debug; the symbol table stays, for profilers and backtraces).
"""
import os
import re
import sys

from cffi import FFI

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = os.path.join(HERE, "include", "zkcred.h")


def _test_hooks() -> bool:
    return os.environ.get("ZKCRED_TEST_HOOKS") == "1"


def _block(text: str, name: str) -> str:
    m = re.search(rf"/\* {name}_BEGIN \*/(.*)/\* {name}_END \*/", text, re.S)
    if not m:
        raise RuntimeError(f"zkcred.h lost its {name}_BEGIN/{name}_END markers")
    return m.group(1)


def _cdef_source() -> str:
    text = open(HEADER, encoding="utf-8").read()
    cdef = _block(text, "ZK_CDEF")
    if _test_hooks():
        cdef += _block(text, "ZK_TEST_CDEF")
    return cdef.replace("ZK_API ", "").replace("ZK_WARN_UNUSED ", "")


def _flags() -> tuple[list[str], list[str]]:
    cflags = ["-std=c11", "-Wall", "-Wextra", "-fvisibility=hidden", "-fno-strict-aliasing"]
    ldflags: list[str] = []
    if os.environ.get("ZKCRED_DEBUG") == "1":
        san = ["-fsanitize=address,undefined", "-fno-sanitize-recover=undefined", "-fno-omit-frame-pointer"]
        # -fno-var-tracking-assignments: the fully unrolled IFMA lane code exceeds gcc's variable-tracking limit
        # (a note per function, then gcc retries without it anyway); line tables are unaffected
        cflags += ["-O1", "-g", "-fno-var-tracking-assignments", "-DZK_DEBUG=1"] + san
        ldflags += san
    else:
        cflags += ["-O3", "-g0"]
        if sys.platform.startswith("linux"):
            ldflags += ["-Wl,--strip-debug"]
    if os.environ.get("ZKCRED_NATIVE_ARCH") == "native":
        cflags.append("-march=native")
    if os.environ.get("ZKCRED_PORTABLE") == "1":
        cflags.append("-DZK_NO_ASM=1")
    if _test_hooks():
        cflags.append("-DZK_TEST_HOOKS=1")
    if os.environ.get("ZKCRED_WERROR") == "1":
        cflags.append("-Werror")
    return cflags, ldflags


ffibuilder = FFI()
ffibuilder.cdef(_cdef_source())
_cflags, _ldflags = _flags()
ffibuilder.set_source(
    "zkcred._native",
    '#include "zkcred.h"\n',
    sources=[os.path.join("csrc", "zkcred.c")],
    include_dirs=[os.path.join(HERE, "include"), HERE],
    extra_compile_args=_cflags,
    extra_link_args=_ldflags,
    libraries=["pthread"] if sys.platform.startswith("linux") else [],
)

if __name__ == "__main__":
    ffibuilder.compile(verbose=True)
