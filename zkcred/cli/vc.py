"""``zkcred vc ...``: W3C VC 2.0 credentials with bbs-2023 proofs from the command line (a thin shell over
zkcred.vc).

Files are JSON: a key is a Multikey document (``keygen`` writes it with ``secretKeyMultibase``, mode 0600); a
credential, a signed credential (base proof) and a derived credential are the JSON-LD documents themselves.
JSON pointers are given one per ``--mandatory`` / ``--selective`` option. Extra JSON-LD contexts beyond the
bundled W3C ones: ``--context URL=FILE``. ``-`` means stdin or stdout. Exit codes (see zkcred.cli): 0 OK,
1 INVALID, 2 usage, 3 malformed or unreadable input, 4 other error.
"""
from __future__ import annotations

import argparse

from ..errors import DecodeError

from . import write_json

__all__ = ["COMMANDS", "register"]


def _loader(args: argparse.Namespace) -> dict:
    from . import read_json
    docs = {}
    for item in args.context or []:
        url, sep, path = item.partition("=")
        if not sep or not url or not path:
            raise DecodeError(f"--context {item!r}: expected URL=FILE")
        docs[url] = read_json(path, f"context {url}")
    return docs


def _ph(args: argparse.Namespace) -> bytes:
    if args.ph is not None and args.ph_hex is not None:
        raise DecodeError("give either --ph or --ph-hex, not both")
    if args.ph_hex is not None:
        try:
            return bytes.fromhex(args.ph_hex)
        except ValueError:
            raise DecodeError("--ph-hex is not valid hex") from None
    return (args.ph or "").encode("utf-8")


def cmd_keygen(args: argparse.Namespace) -> int:
    from .. import vc
    key = vc.Multikey.generate()
    write_json(args.out, key.to_json(include_secret=True), secret=True)
    return 0


def cmd_issue(args: argparse.Namespace) -> int:
    from .. import vc
    from . import read_json
    key = vc.Multikey.from_json(read_json(args.key, "a Multikey"))
    signed = vc.issue(read_json(args.credential, "a credential"), key, args.mandatory or [],
                      created=None if args.no_created else "now", document_loader=_loader(args))
    write_json(args.out, signed)
    return 0


def cmd_derive(args: argparse.Namespace) -> int:
    from .. import vc
    from . import read_json
    signed = read_json(args.signed, "a signed credential")
    loader = _loader(args)
    if not args.no_check:
        vc.verify_base(signed, document_loader=loader, data_model=not args.no_data_model)
    write_json(args.out, vc.derive(signed, args.selective or [], _ph(args), document_loader=loader))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from .. import vc
    from . import read_json
    doc = read_json(args.credential, "a credential")
    loader = _loader(args)
    if args.base:
        vc.verify_base(doc, document_loader=loader, data_model=not args.no_data_model)
        print("OK: valid bbs-2023 base proof")
    else:
        vc.verify(doc, None if args.any_ph else _ph(args), document_loader=loader,
                  data_model=not args.no_data_model)
        print("OK: valid bbs-2023 derived proof")
    return 0


COMMANDS = ("keygen", "issue", "derive", "verify")


def register(subparsers: argparse._SubParsersAction, only: str | None = None) -> None:
    """Add ``zkcred vc {keygen,issue,derive,verify}`` (only the command ``only`` when given)."""
    from . import command_group
    command = command_group(subparsers, "vc", "W3C VC 2.0 with bbs-2023 (Data Integrity BBS Cryptosuites v1.0)",
                            __doc__, COMMANDS, only)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--context", action="append", metavar="URL=FILE",
                        help="serve FILE as the JSON-LD document at URL (repeatable)")

    def ph(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--ph", help="presentation header as UTF-8 text (e.g. the verifier's nonce)")
        sp.add_argument("--ph-hex", help="presentation header in hex")

    if k := command("keygen", cmd_keygen, "make a BLS12-381 G2 Multikey (did:key)"):
        k.add_argument("-o", "--out", help="key file to write (mode 0600; default: stdout)")

    if s := command("issue", cmd_issue, "add a bbs-2023 base proof to a credential"):
        s.add_argument("credential", help="unsigned credential (JSON-LD file or -)")
        s.add_argument("--key", required=True, help="Multikey file with secretKeyMultibase (`zkcred vc keygen`)")
        s.add_argument("--mandatory", action="append", metavar="POINTER",
                       help="JSON pointer always disclosed (repeatable), e.g. /issuer")
        s.add_argument("--no-created", action="store_true", help="omit proof.created")
        s.add_argument("-o", "--out", help="signed credential to write (default: stdout)")
        common(s)

    if d := command("derive", cmd_derive, "selectively disclose a signed credential"):
        d.add_argument("signed", help="credential with a base proof (`zkcred vc issue`)")
        d.add_argument("--selective", action="append", metavar="POINTER",
                       help="JSON pointer to disclose (repeatable)")
        ph(d)
        d.add_argument("--no-check", action="store_true", help="do not verify the base proof first")
        d.add_argument("--no-data-model", action="store_true", help="skip the VC data model checks")
        d.add_argument("-o", "--out", help="derived credential to write (default: stdout)")
        common(d)

    if v := command("verify", cmd_verify, "verify a derived (or, with --base, a signed) credential"):
        v.add_argument("credential", help="derived credential (`zkcred vc derive`)")
        ph(v)
        v.add_argument("--any-ph", action="store_true", help="accept any presentation header")
        v.add_argument("--base", action="store_true", help="verify a base proof (holder's check)")
        v.add_argument("--no-data-model", action="store_true", help="skip the VC data model checks")
        common(v)
