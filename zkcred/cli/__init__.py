"""The ``zkcred`` command line: a thin shell over the public API.

Each command group lives in its own module (``zkcred.cli.bbs``, ``zkcred.cli.groth16``, ``zkcred.cli.cred``, ...)
exposing ``COMMANDS`` and ``register(subparsers, only=None)``; this module only dispatches and maps errors to exit
codes that scripts can rely on.

Start-up time matters (``zkcred groth16 verify`` is a whole process, like ``snarkjs groth16 verify``): argparse
spends ~0.5 ms per sub-parser, more than the verification itself, so when the command line names a group and one
of its commands, only that group and command are built (the usage lines are the same: the sub-command lists are
fixed metavars). Anything else (``--help``, a typo, no command) builds the whole tree, so help and error messages
list every choice. Command modules import the library inside the commands, never at the top, and every parser
uses this module's ``HelpFormatter`` (argparse's, minus the shutil import).
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from ..errors import DecodeError, VerificationError, ZkcredError

__all__ = ["write_json", "main", "build_parser", "read_json", "command_group", "HelpFormatter", "RawDescriptionHelpFormatter", "GROUPS", "EXIT_OK",
           "EXIT_INVALID", "EXIT_USAGE", "EXIT_INPUT", "EXIT_ERROR", "EXIT_CONFLICT"]

EXIT_OK = 0          # success ("OK")
EXIT_INVALID = 1     # a signature or proof did not verify
EXIT_USAGE = 2       # bad command line (argparse's own code)
EXIT_INPUT = 3       # malformed or unreadable input (file missing, bad JSON, DecodeError)
EXIT_ERROR = 4       # any other zkcred error: an internal failure (zkcred.errors.InternalError), out of memory
EXIT_CONFLICT = 5    # another writer appended to the ledger first (zkcred.errors.LedgerConflict): nothing was
                     # written; re-sync from the ledger (`zkcred registry sync`), then retry

GROUPS = ("bbs", "groth16", "circuits", "vc", "cred", "ledger", "registry", "serve")


def _terminal_columns() -> int:
    """The terminal width as ``shutil.get_terminal_size()`` reports it: $COLUMNS, else stdout's terminal, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    stdout = sys.__stdout__      # None when Python runs without a standard output
    if columns <= 0 and stdout is not None:
        try:
            columns = os.get_terminal_size(stdout.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help formatter, reading the terminal width without importing shutil (argparse builds one
    formatter per argument it adds; shutil and the compression modules it loads cost ~2 ms of start-up)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        if width is None:
            width = _terminal_columns() - 2      # what argparse does with shutil's answer
        super().__init__(prog, indent_increment, max_help_position, width)


class RawDescriptionHelpFormatter(argparse.RawDescriptionHelpFormatter, HelpFormatter):
    """``HelpFormatter`` that keeps the description's line breaks (argparse.RawDescriptionHelpFormatter)."""


def read_json(path: str, what: str | None = None) -> object:
    """The JSON document in file ``path`` ("-": standard input), decoded strictly (zkcred._json.loads)."""
    from .._json import loads
    if path == "-":
        text = sys.stdin.read()
    else:
        with open(path, "rb") as f:
            text = f.read()
    return loads(text, what or path)


def write_json(path: str | None, doc: object, *, secret: bool = False) -> None:
    """Write ``doc`` as indented JSON (UTF-8) to ``path`` ("-" or None: standard output) and say so on stderr.
    ``secret``: mode 0600, also when the file already exists (its mode is reset before anything is written)."""
    import json
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if path in (None, "-"):
        sys.stdout.write(text)
        return
    assert path is not None
    if secret:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.fchmod(fd, 0o600)
        except BaseException:
            os.close(fd)
            raise
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    print(f"wrote {path}{' (secret, mode 0600)' if secret else ''}", file=sys.stderr)


def command_group(subparsers: argparse._SubParsersAction, group: str, help: str, description: str | None,
                  commands: tuple[str, ...], only: str | None):
    """Add the group ``zkcred <group>``; returns ``command(name, func, help)``, which adds one sub-command running
    ``func(args)`` and returns its parser, or None when ``only`` names another command (the CLI builds only the
    command it runs)."""
    p = subparsers.add_parser(group, help=help, description=description, formatter_class=RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", metavar="{" + ",".join(commands) + "}")
    sub.required = True

    def command(name: str, func, help: str) -> argparse.ArgumentParser | None:
        if only not in (None, name):
            return None
        sp = sub.add_parser(name, help=help, description=help, formatter_class=HelpFormatter)
        sp.set_defaults(func=func)
        return sp
    return command


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser of ``zkcred``; given the command line ``argv``, only the parts it names (module docstring)."""
    parser = argparse.ArgumentParser(prog="zkcred", description="Zero-knowledge credentials on BLS12-381.",
                                     formatter_class=HelpFormatter)
    sub = parser.add_subparsers(dest="group", metavar="{" + ",".join(GROUPS) + "}")
    sub.required = True
    argv = argv or []
    named = len(argv) > 0 and argv[0] in GROUPS
    for name in (argv[0],) if named else GROUPS:
        module = importlib.import_module(f"{__name__}.{name}")
        only = argv[1] if named and len(argv) > 1 and argv[1] in module.COMMANDS else None
        module.register(sub, only=only)
    return parser


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or EXIT_OK)
    except VerificationError as e:
        print(f"INVALID: {e}", file=sys.stderr)
        return EXIT_INVALID
    except (DecodeError, OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_INPUT
    except ZkcredError as e:        # InternalError (a native-core failure, a bug) and the other zkcred errors
        from ..errors import LedgerConflict
        from ..ledger._protocol import LedgerIntegrityError
        if isinstance(e, LedgerConflict):
            print(f"conflict: {e}", file=sys.stderr)
            return EXIT_CONFLICT
        if isinstance(e, LedgerIntegrityError):     # a changed ledger does not check, as a bad proof
            print(f"INVALID: {e}", file=sys.stderr)
            return EXIT_INVALID
        print(f"error: {e}", file=sys.stderr)
        return EXIT_ERROR
    except MemoryError:
        print("error: out of memory", file=sys.stderr)
        return EXIT_ERROR
    except Exception as e:          # a bug: say so plainly instead of a traceback
        print(f"error: internal error ({type(e).__name__}: {e}); please report it", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
