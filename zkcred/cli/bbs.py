"""``zkcred bbs ...``: BBS keys, signatures and proofs from the command line (a thin shell over zkcred.bbs).

Files are JSON documents with hex byte strings and a ``type`` field:

- key (``keygen``):        {"type": "bbs-key", "suite", "secret_key", "public_key"}
- signature (``sign``):    {"type": "bbs-signature", "suite", "public_key", "header", "messages": [...], "signature"}
- proof (``prove``):       {"type": "bbs-proof", "suite", "public_key", "header", "presentation_header",
                            "disclosed_indexes", "disclosed_messages": [...], "proof"}

One document has one spelling: every byte string is canonical hex (lower-case ``0-9a-f``, two digits per byte,
no ``0x``, no spaces -- what zkcred writes; anything else is rejected, also in ``--*-hex`` arguments and
``--public-key``), ``suite`` is one of the two names exactly as written above the --suite choices, ``type`` (when
present) is the document's kind, and each field has its JSON type (a wrong one is exit 3 naming the field).

Messages to sign come from a JSON array of strings (UTF-8 text, or hex with ``--hex``). ``-`` means stdin or
stdout. Exit codes (see zkcred.cli): 0 OK, 1 signature/proof INVALID, 2 usage, 3 malformed or unreadable
input, 4 other error.
"""
from __future__ import annotations

import argparse
import os

from ..errors import DecodeError

from . import write_json

__all__ = ["COMMANDS", "register", "SUITE_NAMES"]

SUITE_NAMES = ("BLS12-381-SHA-256", "BLS12-381-SHAKE-256")


# ----------------------------------------------------------------------------- file helpers

def _read_json(path: str, what: str) -> object:
    """The JSON document in ``path`` ("-": stdin), decoded strictly (zkcred._json: depth, duplicate keys, NaN)."""
    from . import read_json
    return read_json(path, f"{path} ({what})")


def _field(doc: object, key: str, path: str, kind: str) -> str:
    """``doc[key]`` of a ``kind`` document, which must be a string; DecodeError naming the field otherwise (a JSON
    number, list or object where a string belongs is malformed input, not a TypeError)."""
    value = _value(doc, key, path, kind)
    if not isinstance(value, str):
        raise DecodeError(f"{path}: field {key!r} must be a string, not {_json_type(value)}")
    return value


def _list_field(doc: object, key: str, path: str, kind: str, what: str) -> list:
    """``doc[key]`` of a ``kind`` document, which must be a JSON array (``what`` describes it); DecodeError naming
    the field otherwise."""
    value = _value(doc, key, path, kind)
    if not isinstance(value, list):
        raise DecodeError(f"{path}: field {key!r} must be {what}, not {_json_type(value)}")
    return value


def _value(doc: object, key: str, path: str, kind: str) -> object:
    if not isinstance(doc, dict):
        raise DecodeError(f"{path}: expected a JSON object ({kind})")
    if "type" in doc and doc["type"] != kind:
        raise DecodeError(f"{path}: this is a {str(doc['type'])[:40]!r} document, expected {kind!r}")
    if key not in doc:
        raise DecodeError(f"{path}: missing field {key!r} ({kind})")
    return doc[key]


def _json_type(value: object) -> str:
    """The JSON name of a decoded value's type (for messages)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return {str: "a string", int: "a number", float: "a number", list: "an array", dict: "an object"}.get(
        type(value), type(value).__name__)


def _hex(value: object, what: str) -> bytes:
    """Bytes from their canonical hex form: lower-case digits, two per byte, no 0x, no spaces (what zkcred
    writes). Anything else is a DecodeError: one document has one spelling."""
    if not isinstance(value, str):
        raise DecodeError(f"{what} must be a hex string, not {_json_type(value)}")
    try:
        out = bytes.fromhex(value)
    except ValueError:
        out = None
    if out is None or out.hex() != value:
        raise DecodeError(f"{what} is not canonical hex (lower-case 0-9a-f, two digits per byte, no 0x, no spaces)")
    return out


def _hex_list(value: object, what: str) -> list[bytes]:
    if not isinstance(value, list):
        raise DecodeError(f"{what} must be a JSON array of hex strings, not {_json_type(value)}")
    return [_hex(v, f"{what}[{i}]") for i, v in enumerate(value)]


def _suite(name: str):
    """The ciphersuite a document names, spelled exactly as zkcred writes it (one of SUITE_NAMES)."""
    from .. import bbs
    if name not in SUITE_NAMES:
        raise DecodeError(f"unknown BBS ciphersuite {name[:40]!r}; known: {', '.join(SUITE_NAMES)}")
    return bbs.get_suite(name)


def _bytes_arg(text: str | None, hexed: str | None, what: str) -> bytes:
    if text is not None and hexed is not None:
        raise DecodeError(f"give either --{what} or --{what}-hex, not both")
    if hexed is not None:
        return _hex(hexed, f"--{what}-hex")
    return (text or "").encode("utf-8")


def _public_key(arg: str) -> tuple[bytes, str | None]:
    """--public-key: a hex string, or a key / signature / proof file holding "public_key"."""
    if os.path.exists(arg) or arg == "-":
        doc = _read_json(arg, "a public key")
        if not isinstance(doc, dict) or "public_key" not in doc:
            raise DecodeError(f"{arg}: no 'public_key' field")
        suite = doc.get("suite")
        if "suite" in doc and not isinstance(suite, str):
            raise DecodeError(f"{arg}: field 'suite' must be a string, not {_json_type(suite)}")
        return _hex(doc["public_key"], f"{arg}: public_key"), suite
    try:
        return _hex(arg, "--public-key"), None
    except DecodeError:
        raise DecodeError(f"--public-key {arg[:40]!r}: neither an existing file nor canonical hex") from None


def _indexes(text: str) -> list[int]:
    if not text.strip():
        return []
    try:
        return [int(t) for t in text.split(",")]
    except ValueError:
        raise DecodeError(f"--disclose {text!r}: expected comma-separated 0-based indexes like 0,3,4") from None


# ----------------------------------------------------------------------------- commands

def cmd_keygen(args: argparse.Namespace) -> int:
    from .. import bbs
    suite = _suite(args.suite)
    material = _hex(args.key_material_hex, "--key-material-hex") if args.key_material_hex else os.urandom(32)
    info = _bytes_arg(args.key_info, args.key_info_hex, "key-info")
    sk = bbs.keygen(material, info, suite=suite)
    pk = bbs.sk_to_pk(sk, suite=suite)
    write_json(args.out, {"type": "bbs-key", "suite": suite.name, "secret_key": sk.hex(), "public_key": pk.hex()},
                secret=True)
    return 0


def _load_messages(path: str, hexed: bool) -> list[bytes]:
    doc = _read_json(path, "messages")
    if isinstance(doc, dict) and "messages" in doc:
        doc = doc["messages"]
    if not isinstance(doc, list) or not all(isinstance(m, str) for m in doc):
        raise DecodeError(f"{path}: messages must be a JSON array of strings")
    if hexed:
        return [_hex(m, f"{path}: messages[{i}]") for i, m in enumerate(doc)]
    return [m.encode("utf-8") for m in doc]


def cmd_sign(args: argparse.Namespace) -> int:
    from .. import bbs
    key = _read_json(args.key, "a BBS key")
    suite = _suite(_field(key, "suite", args.key, "bbs-key"))
    sk = _hex(_field(key, "secret_key", args.key, "bbs-key"), f"{args.key}: secret_key")
    pk = _hex(_field(key, "public_key", args.key, "bbs-key"), f"{args.key}: public_key")
    msgs = _load_messages(args.messages, args.hex)
    header = _bytes_arg(args.header, args.header_hex, "header")
    sig = bbs.sign(sk, pk, header, msgs, suite=suite)
    write_json(args.out, {"type": "bbs-signature", "suite": suite.name, "public_key": pk.hex(),
                           "header": header.hex(), "messages": [m.hex() for m in msgs], "signature": sig.hex()})
    return 0


def _load_signature(path: str):
    doc = _read_json(path, "a BBS signature")
    k = "bbs-signature"
    suite = _suite(_field(doc, "suite", path, k))
    return (doc, suite, _hex(_field(doc, "signature", path, k), f"{path}: signature"),
            _hex(_field(doc, "header", path, k), f"{path}: header"),
            _hex_list(_list_field(doc, "messages", path, k, "an array of hex strings"), f"{path}: messages"))


def _check_suite(pk_suite: str | None, suite) -> None:
    if pk_suite is not None and _suite(pk_suite) is not suite:
        raise DecodeError(f"the public key is for {pk_suite}, the document for {suite.name}")


def cmd_verify(args: argparse.Namespace) -> int:
    from .. import bbs
    _, suite, sig, header, msgs = _load_signature(args.signature)
    pk, pk_suite = _public_key(args.public_key)
    _check_suite(pk_suite, suite)
    bbs.verify(pk, sig, header, msgs, suite=suite)
    print(f"OK: valid {suite.name} signature on {len(msgs)} messages")
    return 0


def cmd_prove(args: argparse.Namespace) -> int:
    from .. import bbs
    doc, suite, sig, header, msgs = _load_signature(args.signature)
    pk = _hex(_field(doc, "public_key", args.signature, "bbs-signature"), f"{args.signature}: public_key")
    idx = _indexes(args.disclose)
    ph = _bytes_arg(args.ph, args.ph_hex, "ph")
    bbs.verify(pk, sig, header, msgs, suite=suite)      # the draft recommends checking the signature first
    proof = bbs.proof_gen(pk, sig, header, ph, msgs, idx, suite=suite)
    write_json(args.out, {"type": "bbs-proof", "suite": suite.name, "public_key": pk.hex(), "header": header.hex(),
                           "presentation_header": ph.hex(), "disclosed_indexes": idx,
                           "disclosed_messages": [msgs[i].hex() for i in idx], "proof": proof.hex()})
    return 0


def cmd_verify_proof(args: argparse.Namespace) -> int:
    from .. import bbs
    doc = _read_json(args.proof, "a BBS proof")
    k = "bbs-proof"
    suite = _suite(_field(doc, "suite", args.proof, k))
    idx = _list_field(doc, "disclosed_indexes", args.proof, k, "an array of integers")
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in idx):
        raise DecodeError(f"{args.proof}: disclosed_indexes must be a JSON array of integers")
    pk, pk_suite = _public_key(args.public_key)
    _check_suite(pk_suite, suite)
    ph = _hex(_field(doc, "presentation_header", args.proof, k), f"{args.proof}: presentation_header")
    if args.expect_ph is not None and args.expect_ph.encode("utf-8") != ph:
        raise DecodeError("the proof's presentation_header is not the one expected (--expect-ph)")
    bbs.proof_verify(pk, _hex(_field(doc, "proof", args.proof, k), f"{args.proof}: proof"),
                     _hex(_field(doc, "header", args.proof, k), f"{args.proof}: header"), ph,
                     _hex_list(_list_field(doc, "disclosed_messages", args.proof, k, "an array of hex strings"),
                               f"{args.proof}: disclosed_messages"),
                     idx, suite=suite)
    print(f"OK: valid {suite.name} proof disclosing messages {idx}")
    return 0


COMMANDS = ("keygen", "sign", "verify", "prove", "verify-proof")


def register(subparsers: argparse._SubParsersAction, only: str | None = None) -> None:
    """Add ``zkcred bbs {keygen,sign,verify,prove,verify-proof}`` (only the command ``only`` when given)."""
    from . import command_group
    command = command_group(subparsers, "bbs", "BBS signatures (draft-irtf-cfrg-bbs-signatures)", __doc__, COMMANDS,
                            only)

    if k := command("keygen", cmd_keygen, "make a key pair (KeyGen + SkToPk)"):
        k.add_argument("--suite", default="BLS12-381-SHA-256", choices=SUITE_NAMES)
        k.add_argument("--key-material-hex", help="at least 32 secret bytes in hex (default: 32 random bytes)")
        k.add_argument("--key-info", help="key_info as UTF-8 text")
        k.add_argument("--key-info-hex", help="key_info in hex")
        k.add_argument("-o", "--out", help="key file to write (mode 0600; default: stdout)")
    if s := command("sign", cmd_sign, "sign a JSON array of messages"):
        s.add_argument("--key", required=True, help="key file from `zkcred bbs keygen`")
        s.add_argument("--messages", required=True, help="JSON array of strings (file or - for stdin)")
        s.add_argument("--hex", action="store_true", help="the message strings are hex, not UTF-8 text")
        s.add_argument("--header", help="header as UTF-8 text (default: empty)")
        s.add_argument("--header-hex", help="header in hex")
        s.add_argument("-o", "--out", help="signature file to write (default: stdout)")
    if v := command("verify", cmd_verify, "verify a signature file"):
        v.add_argument("signature", help="signature file from `zkcred bbs sign`")
        v.add_argument("--public-key", required=True, help="the issuer's public key: hex, or a file with public_key")
    if pr := command("prove", cmd_prove, "derive a proof disclosing some messages"):
        pr.add_argument("signature", help="signature file from `zkcred bbs sign`")
        pr.add_argument("--disclose", default="", help="comma-separated 0-based indexes to disclose, ascending")
        pr.add_argument("--ph", help="presentation header as UTF-8 text (e.g. the verifier's nonce)")
        pr.add_argument("--ph-hex", help="presentation header in hex")
        pr.add_argument("-o", "--out", help="proof file to write (default: stdout)")
    if vp := command("verify-proof", cmd_verify_proof, "verify a proof file"):
        vp.add_argument("proof", help="proof file from `zkcred bbs prove`")
        vp.add_argument("--public-key", required=True, help="the issuer's public key: hex, or a file with public_key")
        vp.add_argument("--expect-ph", help="require this presentation header (UTF-8), e.g. the nonce you issued")
