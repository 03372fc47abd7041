"""The exception hierarchy every zkcred layer raises.

- ``ZkcredError``: the root; catch it to catch anything zkcred raises on purpose.
- ``DecodeError``: malformed input (wrong length, non-canonical encoding, point off the curve or outside the
  subgroup, scalar out of range). It is also a ``ValueError``. Its message names the rule that was broken and
  never contains secret material.
- ``VerificationError``: a well-formed signature or proof that does not verify. Verifiers return ``None`` or
  raise this; they never return a bare bool.
"""


class ZkcredError(Exception):
    """Root of all zkcred errors."""


class DecodeError(ZkcredError, ValueError):
    """Malformed input: the message names the rule that was broken."""


class VerificationError(ZkcredError):
    """A signature or proof is well formed but does not verify."""


__all__ = ["ZkcredError", "DecodeError", "VerificationError"]
