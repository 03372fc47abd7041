"""The ``zkcred`` command line: a thin shell over the public API.

Each command group lives in its own module (``zkcred.cli.bbs``, ``zkcred.cli.groth16``) exposing
``register(subparsers)``; this module only dispatches and maps errors to exit codes that scripts can rely on.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from ..errors import DecodeError, VerificationError, ZkcredError

EXIT_OK = 0          # success ("OK")
EXIT_INVALID = 1     # a signature or proof did not verify
EXIT_USAGE = 2       # bad command line (argparse's own code)
EXIT_INPUT = 3       # malformed or unreadable input (file missing, bad JSON, DecodeError)
EXIT_ERROR = 4       # any other zkcred error

GROUPS = ("bbs", "groth16")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zkcred", description="Zero-knowledge credentials on BLS12-381.")
    sub = parser.add_subparsers(dest="group", metavar="{" + ",".join(GROUPS) + "}")
    sub.required = True
    for name in GROUPS:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or EXIT_OK)
    except VerificationError as e:
        print(f"INVALID: {e}", file=sys.stderr)
        return EXIT_INVALID
    except (DecodeError, OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_INPUT
    except ZkcredError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
