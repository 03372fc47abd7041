"""The exception hierarchy every zkcred layer raises.

- ``ZkcredError``: the root; catch it to catch anything zkcred raises on purpose.
- ``DecodeError``: malformed input (wrong length, non-canonical encoding, point off the curve or outside the
  subgroup, scalar out of range). It is also a ``ValueError``. Its message names the rule that was broken and
  never contains secret material.
- ``VerificationError``: a well-formed signature or proof that does not verify. Verifiers return ``None`` or
  raise this; they never return a bare bool.
- ``InternalError``: a failure that no input should cause (a native-core precondition the binding should have
  ensured, an impossible state). It is also a ``RuntimeError``; its subclasses ``NativeScratchError`` and
  ``NativeArgumentError`` name the native core's ``zk_err`` codes ``ZK_ERR_SCRATCH`` and ``ZK_ERR_ARGUMENT``
  (``zkcred.bls12_381._ffi.check`` maps every ``zk_err`` code to one of these classes). The ``zkcred`` command
  line reports any ``ZkcredError`` that is not one of the first two with exit code 4.
"""


class ZkcredError(Exception):
    """Root of all zkcred errors."""


class DecodeError(ZkcredError, ValueError):
    """Malformed input: the message names the rule that was broken."""


class VerificationError(ZkcredError):
    """A signature or proof is well formed but does not verify."""


class InternalError(ZkcredError, RuntimeError):
    """A failure inside zkcred that no input should cause: report it as a bug."""


class NativeScratchError(InternalError):
    """The native core was given a scratch buffer smaller than its ``zk_*_scratch_size`` query (ZK_ERR_SCRATCH)."""


class NativeArgumentError(InternalError):
    """The native core was given an argument outside its documented domain (ZK_ERR_ARGUMENT)."""


__all__ = ["ZkcredError", "DecodeError", "VerificationError", "InternalError", "NativeScratchError",
           "NativeArgumentError"]
