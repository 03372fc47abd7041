"""The cffi wrapping of the native core, shared by zkcred.bls12_381 and its sibling binding modules.

``ffi`` and ``lib`` are the objects of the compiled ``zkcred._native`` module (built from csrc/ by
csrc/ffibuild.py). Sibling modules that wrap other C functions (hash_to_curve, BBS, Groth16) import them from
here rather than from ``zkcred._native`` directly, so there is one place that names the extension.

Stable helpers for those modules:

- ``check(err, what)`` raises the exception ``ERRORS`` maps a non-zero ``zk_err`` to: ``DecodeError`` naming
  the broken rule for the input codes, ``NativeScratchError`` / ``NativeArgumentError`` (``InternalError``)
  for the two codes that mean a bug in the binding. No raw code reaches a caller.
- ``new_scratch(nbytes)`` allocates caller-owned scratch for the ``zk_*_scratch_size`` queries without
  zero-filling it (C never allocates).
"""
from __future__ import annotations

from ..errors import DecodeError, InternalError, NativeArgumentError, NativeScratchError, ZkcredError

try:
    from .._native import ffi, lib  # type: ignore[import-not-found]
except ImportError as exc:  # pragma: no cover - only without a build
    raise ImportError(
        "zkcred's native core is not built: run `make native` (or `pip install -e .`) in the repository"
    ) from exc

#: Each zk_err code of csrc/include/zkcred.h: (its name, the exception class it becomes, the rule it names).
#: The input rules become DecodeError; ZK_ERR_SCRATCH and ZK_ERR_ARGUMENT mean the binding broke a native
#: precondition (a bug, not bad input) and become InternalError subclasses.
ERRORS: dict[int, tuple[str, type[ZkcredError], str]] = {
    lib.ZK_ERR_LENGTH: ("ZK_ERR_LENGTH", DecodeError, "wrong length"),
    lib.ZK_ERR_COMPRESSION_FLAG: ("ZK_ERR_COMPRESSION_FLAG", DecodeError,
                                  "compression flag does not match the encoding length"),
    lib.ZK_ERR_INFINITY_BITS: ("ZK_ERR_INFINITY_BITS", DecodeError,
                               "infinity flag set together with another bit (sort flag or a coordinate bit)"),
    lib.ZK_ERR_SORT_FLAG: ("ZK_ERR_SORT_FLAG", DecodeError, "sort flag set on an uncompressed point"),
    lib.ZK_ERR_COORDINATE_RANGE: ("ZK_ERR_COORDINATE_RANGE", DecodeError, "coordinate is not canonical (>= p)"),
    lib.ZK_ERR_NOT_ON_CURVE: ("ZK_ERR_NOT_ON_CURVE", DecodeError, "point is not on the curve"),
    lib.ZK_ERR_NOT_IN_SUBGROUP: ("ZK_ERR_NOT_IN_SUBGROUP", DecodeError, "point is not in the prime-order subgroup"),
    lib.ZK_ERR_SCALAR_RANGE: ("ZK_ERR_SCALAR_RANGE", DecodeError, "scalar is not canonical (>= r)"),
    lib.ZK_ERR_SCRATCH: ("ZK_ERR_SCRATCH", NativeScratchError, "internal error: scratch buffer too small"),
    lib.ZK_ERR_ARGUMENT: ("ZK_ERR_ARGUMENT", NativeArgumentError,
                          "internal error: argument outside the documented domain"),
}

#: Messages for zk_err codes (the rule each names).
ERR_MESSAGES: dict[int, str] = {code: msg for code, (_name, _cls, msg) in ERRORS.items()}


def err_message(err: int) -> str:
    """The rule a zk_err code names (for messages)."""
    return ERR_MESSAGES.get(int(err), f"unknown native error {int(err)}")


def native_error(err: int, what: str) -> ZkcredError:
    """The exception for a non-zero zk_err ``err`` returned by the C function ``what`` describes:
    ``Class(f"{what}: {rule}")`` per ERRORS; an unknown code is an InternalError naming the number."""
    entry = ERRORS.get(int(err))
    if entry is None:
        return InternalError(f"{what}: unknown native error code {int(err)}")
    _name, cls, msg = entry
    return cls(f"{what}: {msg}")


def check(err: int, what: str) -> None:
    """Raise ``native_error(err, what)`` for a non-zero zk_err: DecodeError naming the rule for the input
    codes, NativeScratchError / NativeArgumentError (InternalError, a RuntimeError) for the others."""
    if err:
        raise native_error(err, what)


_raw_alloc = ffi.new_allocator(should_clear_after_alloc=False)


def new_scratch(nbytes: int):
    """Caller-owned scratch of ``nbytes`` bytes (not zero-filled; at least 1 byte so the pointer is valid)."""
    return _raw_alloc("uint8_t[]", max(1, int(nbytes)))


def as_bytes(data: object, what: str) -> bytes:
    """Accept bytes-like input; anything else is a TypeError naming the argument."""
    if isinstance(data, bytes):
        return data
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    raise TypeError(f"{what} must be bytes-like, not {type(data).__name__}")


__all__ = ["ffi", "lib", "check", "native_error", "err_message", "new_scratch", "as_bytes", "ERRORS", "ERR_MESSAGES"]
