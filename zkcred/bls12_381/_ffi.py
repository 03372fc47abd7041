"""The cffi wrapping of the native core, shared by zkcred.bls12_381 and its sibling binding modules.

``ffi`` and ``lib`` are the objects of the compiled ``zkcred._native`` module (built from csrc/ by
csrc/ffibuild.py). Sibling modules that wrap other C functions (hash_to_curve, BBS, Groth16) import them from
here rather than from ``zkcred._native`` directly, so there is one place that names the extension.

Stable helpers for those modules:

- ``check(err, what)`` raises :class:`zkcred.errors.DecodeError` with a message naming the broken rule for a
  non-zero ``zk_err``.
- ``new_scratch(nbytes)`` allocates caller-owned scratch for the ``zk_*_scratch_size`` queries without
  zero-filling it (C never allocates).
"""
from __future__ import annotations

from ..errors import DecodeError

TYPE_CHECKING = False   # typing.TYPE_CHECKING without importing typing (start-up time of the CLI)
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any
    #: A cffi cdata object (``zk_fr *``, ``zk_g1[]``, ...) or C function: cffi gives them no static types.
    CData = Any

try:
    from .._native import ffi, lib  # type: ignore[import-not-found]
except ImportError as exc:  # pragma: no cover - only without a build
    raise ImportError(
        "zkcred's native core is not built: run `make native` (or `pip install -e .`) in the repository"
    ) from exc

#: Messages for zk_err codes (see the zk_err enum in csrc/include/zkcred.h); each names the rule broken.
ERR_MESSAGES: dict[int, str] = {
    lib.ZK_ERR_LENGTH: "wrong length",
    lib.ZK_ERR_COMPRESSION_FLAG: "compression flag does not match the encoding length",
    lib.ZK_ERR_INFINITY_BITS: "infinity flag set together with another bit (sort flag or a coordinate bit)",
    lib.ZK_ERR_SORT_FLAG: "sort flag set on an uncompressed point",
    lib.ZK_ERR_COORDINATE_RANGE: "coordinate is not canonical (>= p)",
    lib.ZK_ERR_NOT_ON_CURVE: "point is not on the curve",
    lib.ZK_ERR_NOT_IN_SUBGROUP: "point is not in the prime-order subgroup",
    lib.ZK_ERR_SCALAR_RANGE: "scalar is not canonical (>= r)",
    lib.ZK_ERR_SCRATCH: "internal error: scratch buffer too small",
    lib.ZK_ERR_ARGUMENT: "argument outside the documented domain",
}


def err_message(err: int) -> str:
    """The rule a zk_err code names (for messages)."""
    return ERR_MESSAGES.get(int(err), f"unknown native error {int(err)}")


def check(err: int, what: str) -> None:
    """Raise DecodeError(f"{what}: {rule}") for a non-zero zk_err; ZK_ERR_SCRATCH/ARGUMENT are RuntimeErrors
    (they mean a bug in the caller, not bad input)."""
    if err == 0:
        return
    if err in (lib.ZK_ERR_SCRATCH, lib.ZK_ERR_ARGUMENT):
        raise RuntimeError(f"{what}: {err_message(err)}")
    raise DecodeError(f"{what}: {err_message(err)}")


_raw_alloc = ffi.new_allocator(should_clear_after_alloc=False)


def new_scratch(nbytes: int) -> CData:
    """Caller-owned scratch of ``nbytes`` bytes (not zero-filled; at least 1 byte so the pointer is valid)."""
    return _raw_alloc("uint8_t[]", max(1, int(nbytes)))


def as_bytes(data: object, what: str) -> bytes:
    """Accept bytes-like input; anything else is a TypeError naming the argument."""
    if isinstance(data, bytes):
        return data
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    raise TypeError(f"{what} must be bytes-like, not {type(data).__name__}")


__all__ = ["ffi", "lib", "check", "err_message", "new_scratch", "as_bytes", "ERR_MESSAGES"]
