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
- ``LedgerError``: the root of the ledger errors (``zkcred.ledger`` re-exports it with the others).
  ``LedgerConflict``: an append that expected a record at one version found it at another (a second writer
  appended first); the command line reports it with exit code 5 (re-sync from the ledger, then retry).
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


class LedgerError(ZkcredError):
    """Root of the ledger errors (``zkcred.ledger``)."""


class LedgerConflict(LedgerError):
    """An append with an expected version (``Ledger.append(..., expect_version=n)``) found the record at another
    version: another writer appended first, and nothing was written. ``record_id``, ``expected`` (the version the
    caller read, 0: no record) and ``found`` (the version the ledger holds; None when the ledger did not say)."""

    def __init__(self, record_id: str, expected: int, found: int | None, message: str | None = None) -> None:
        """``message``: the whole message (default: one naming the id and both versions)."""
        self.record_id, self.expected, self.found = record_id, expected, found
        at = "has no version" if found == 0 else ("has moved on" if found is None else f"is at version {found}")
        super().__init__(message or f"record {record_id!r} {at}, not at the expected version {expected}: another "
                         "writer appended first and nothing was written")


__all__ = ["ZkcredError", "DecodeError", "VerificationError", "InternalError", "NativeScratchError",
           "NativeArgumentError", "LedgerError", "LedgerConflict"]
