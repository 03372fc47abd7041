"""``zkcred cred ...``: anonymous credentials from the command line (a thin shell over zkcred.credentials).

Every step reads and writes JSON files ("-" is stdin/stdout); SECRET files are written with mode 0600.

  issuer:    schema-id <schema.json>                                   -> prints the schema id
             issuer-keys <schema.json> <issuer-secret.json> [--public issuer.json]
                         [--verifier-public issuer-verifier.json] [--merkle-depths 10,16] [--force]
                                                                       -> prints the issuer id
             issuer-public <issuer-secret.json> <issuer.json> [--verifier]
             issuer-id <issuer.json>                                   -> prints the issuer id (checked)
             issue <issuer-secret.json> <offer.json> <attributes.json> <issued.json>
  holder:    link-secret <holder.json> [--force]
             request <holder.json> <issuer.json> <offer.json> <offer-secret.json>
             store <holder.json> <issuer.json> <issued.json> <offer-secret.json> <credential.json>
             present <holder.json> <request.json> <presentation.json>
                     --credential <credential.json> [--credential ...] --issuer <issuer.json> [--issuer ...]
  verifier:  new-request <request.json> [--template <template.json>] [--verifier <id>]
                         [--credential '<JSON of one "credentials" entry>' ...] [--same a.x,b.x ...]
                         [--issuer <issuer.json> ...]
             verify <request.json> <presentation.json> --issuer <issuer.json> [--issuer ...]
                                                                       -> prints the disclosed attributes (JSON)

SECRET: issuer-secret.json (signing key), holder.json (link secret), offer-secret.json (prover blind),
credential.json. Send the issuer offer.json; give holders issuer.json (with the predicate proving keys) and
verifiers issuer-verifier.json (``--verifier``: without them, much smaller). ``present`` takes the credentials in
the order of the request's "credentials" entries. ``new-request`` writes a request with a fresh 32-byte nonce,
from a template (a request without, or with an old, nonce) and/or --credential entries; with --issuer it also
checks the attribute names and predicate values against those issuers' schemas.

Exit codes (zkcred.cli): 0 OK, 1 INVALID (a signature or presentation that does not verify: "INVALID: <reason>"
on stderr), 2 usage, 3 malformed or unreadable input (the file and field named), 4 other errors -- among them a
predicate the holder's credential does not satisfy (``present`` then writes nothing) and an existing secret file
that ``link-secret`` / ``issuer-keys`` would overwrite without --force.
"""
from __future__ import annotations

import argparse
import functools
import json
import os
import sys

from . import write_json

__all__ = ["COMMANDS", "register"]

COMMANDS = ("schema-id", "issuer-keys", "issuer-public", "issuer-id", "issue", "link-secret", "request", "store",
            "present", "new-request", "verify")


# ----------------------------------------------------------------------------- file helpers

def _load(path: str, cls, what: str):
    """``cls.from_json`` of the JSON document in ``path`` (strict JSON); DecodeError naming the file and field."""
    from ..errors import DecodeError
    from . import read_json
    doc = read_json(path, f"{path} ({what})")
    try:
        return cls.from_json(doc) if isinstance(doc, dict) else cls.from_json(json.dumps(doc))
    except DecodeError as e:
        raise DecodeError(f"{path}: {e}") from None


def _refuse_overwrite(path: str, force: bool, what: str) -> None:
    from ..errors import ZkcredError
    if path != "-" and not force and os.path.exists(path):
        raise ZkcredError(f"{path} exists and may hold {what}: pass --force to overwrite it")


def _guard(func):
    """No traceback ever reaches the user: an unexpected exception becomes an InternalError (exit 4) with its type
    and message (the library's own errors, OSError and MemoryError keep the dispatcher's exit codes)."""
    @functools.wraps(func)
    def run(args: argparse.Namespace) -> int:
        from ..errors import InternalError, ZkcredError
        try:
            return func(args)
        except (ZkcredError, OSError, ValueError, MemoryError):
            raise
        except Exception as e:       # a bug: say so plainly instead of a traceback
            raise InternalError(f"internal error ({type(e).__name__}: {e}); please report it") from None
    return run


def _issuers(paths: list[str]):
    from ..credentials import IssuerPublic
    return [_load(p, IssuerPublic, "issuer document") for p in paths]


# ----------------------------------------------------------------------------- issuer

def cmd_schema_id(args: argparse.Namespace) -> int:
    from ..credentials import Schema
    print(_load(args.schema, Schema, "schema").id)
    return 0


def _depths(text: str) -> tuple[int, ...]:
    from ..errors import DecodeError
    if not text.strip():
        return ()
    try:
        return tuple(int(t) for t in text.split(","))
    except ValueError:
        raise DecodeError(f"--merkle-depths {text!r}: expected comma-separated integers like 10,16") from None


def cmd_issuer_keys(args: argparse.Namespace) -> int:
    from ..credentials import Issuer, Schema
    schema = _load(args.schema, Schema, "schema")
    depths = _depths(args.merkle_depths)
    _refuse_overwrite(args.secret, args.force, "an issuer's signing key")
    issuer = Issuer.create(schema, merkle_depths=depths,
                           progress=lambda msg: print(f"[zkcred cred] {msg}", file=sys.stderr, flush=True))
    write_json(args.secret, json.loads(issuer.to_json()), secret=True)
    pub = issuer.public()
    if args.public:
        write_json(args.public, json.loads(pub.to_json()))
    if args.verifier_public:
        write_json(args.verifier_public, json.loads(pub.to_json(proving_keys=False)))
    print(issuer.id)
    return 0


def cmd_issuer_public(args: argparse.Namespace) -> int:
    from ..credentials import Issuer
    issuer = _load(args.secret, Issuer, "issuer secret")
    write_json(args.out, json.loads(issuer.public().to_json(proving_keys=not args.verifier)))
    print(issuer.id)
    return 0


def cmd_issuer_id(args: argparse.Namespace) -> int:
    from ..credentials import IssuerPublic
    print(_load(args.issuer, IssuerPublic, "issuer document").id)      # from_json recomputes and checks the id
    return 0


def cmd_issue(args: argparse.Namespace) -> int:
    from ..credentials import CredentialOffer, Issuer
    from ..errors import DecodeError
    from . import read_json
    offer = _load(args.offer, CredentialOffer, "credential offer")
    attributes = read_json(args.attributes, f"{args.attributes} (attributes)")
    if not isinstance(attributes, dict):
        raise DecodeError(f"{args.attributes}: attributes: expected a JSON object of attribute values")
    issuer = _load(args.secret, Issuer, "issuer secret")        # last: megabytes of predicate keys
    if offer.prover_blind is not None:
        print(f"warning: {args.offer} carries the holder's secret prover_blind; holders send only offer.json",
              file=sys.stderr)
        offer.prover_blind = None
    try:
        issued = issuer.issue(offer, attributes)
    except DecodeError as e:
        raise DecodeError(f"{args.attributes}: {e}") from None
    write_json(args.out, json.loads(issued.to_json()))
    return 0


# ----------------------------------------------------------------------------- holder

def cmd_link_secret(args: argparse.Namespace) -> int:
    from ..credentials import Holder
    _refuse_overwrite(args.holder, args.force, "a link secret your credentials need")
    write_json(args.holder, json.loads(Holder.create().to_json()), secret=True)
    return 0


def cmd_request(args: argparse.Namespace) -> int:
    from ..credentials import Holder, IssuerPublic
    holder = _load(args.holder, Holder, "holder")
    pub = _load(args.issuer, IssuerPublic, "issuer document")
    offer = holder.request_credential(pub)
    write_json(args.offer_secret, json.loads(offer.to_json(private=True)), secret=True)     # first: an offer is useless without it
    write_json(args.offer, json.loads(offer.to_json()))
    return 0


def cmd_store(args: argparse.Namespace) -> int:
    from ..credentials import CredentialOffer, Holder, IssuedCredential, IssuerPublic
    from ..errors import DecodeError
    holder = _load(args.holder, Holder, "holder")
    issued = _load(args.issued, IssuedCredential, "issued credential")
    offer = _load(args.offer_secret, CredentialOffer, "the holder's offer secret")
    if offer.prover_blind is None:
        raise DecodeError(f"{args.offer_secret}: no prover_blind: give the offer-secret file written by `request`, "
                          "not the offer sent to the issuer")
    pub = _load(args.issuer, IssuerPublic, "issuer document")          # last: megabytes of predicate keys
    holder.add_issuer(pub)
    cred = holder.store(issued, offer)          # VerificationError (exit 1) when the signature does not verify
    write_json(args.out, json.loads(cred.to_json()), secret=True)
    print(f"OK: credential from {cred.issuer} verified", file=sys.stderr)
    return 0


def cmd_present(args: argparse.Namespace) -> int:
    from ..credentials import Credential, Holder, PresentationRequest
    from ..errors import DecodeError
    holder = _load(args.holder, Holder, "holder")
    request = _load(args.request, PresentationRequest, "presentation request")
    creds = [_load(p, Credential, "credential") for p in args.credential]
    pubs = _issuers(args.issuer)
    try:
        presentation = holder.present(request, creds, pubs)     # PredicateFalse: exit 4, nothing written
    except DecodeError as e:
        copies = [p for p, pub in zip(args.issuer, pubs)
                  if any(k.pk_bytes is None for k in pub.predicate_keys.values())]
        if "no proving key" in str(e) and copies:
            raise DecodeError(f"{e} ({', '.join(copies)}: a verifier's copy; holders need the issuer document "
                              "with proving keys)") from None
        raise
    write_json(args.out, json.loads(presentation.to_json()))
    return 0


# ----------------------------------------------------------------------------- verifier

def cmd_new_request(args: argparse.Namespace) -> int:
    from .._json import loads
    from ..credentials import PresentationRequest
    from .._fields import Obj, b64u
    from ..errors import DecodeError
    from . import read_json
    obj: dict = {}
    if args.template:
        tpl = read_json(args.template, f"{args.template} (request template)")
        if not isinstance(tpl, dict):
            raise DecodeError(f"{args.template}: expected a JSON object (a presentation request)")
        obj = dict(tpl)
    obj["nonce"] = b64u(os.urandom(32))
    if args.verifier is not None:
        obj["verifier"] = args.verifier
    if args.credential:
        creds = obj.get("credentials", [])
        if not isinstance(creds, list):
            raise DecodeError(f"{args.template}: credentials: expected a JSON array")
        obj["credentials"] = creds + [loads(text, f"--credential #{k + 1}") for k, text in enumerate(args.credential)]
    if args.same:
        same = obj.get("same", [])
        if not isinstance(same, list):
            raise DecodeError(f"{args.template}: same: expected a JSON array")
        obj["same"] = same + [[ref.strip() for ref in group.split(",")] for group in args.same]
    where = f"{args.template}: request" if args.template else "request"
    request = PresentationRequest.from_obj(Obj(obj, where))
    pubs = {p.id: p for p in _issuers(args.issuer)}
    for creq in request.credentials:
        for iid in creq.issuers:
            if iid in pubs:
                creq.resolve(pubs[iid].schema, pubs[iid].merkle_depths)
    write_json(args.out, json.loads(request.to_json()))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from ..credentials import Presentation, PresentationRequest, Verifier
    request = _load(args.request, PresentationRequest, "presentation request")
    presentation = _load(args.presentation, Presentation, "presentation")
    disclosed = Verifier(_issuers(args.issuer)).verify(request, presentation)   # VerificationError: exit 1
    print(json.dumps(disclosed, indent=2, sort_keys=True, ensure_ascii=False))
    print(f"OK: presentation verified ({len(disclosed)} credential(s))", file=sys.stderr)
    return 0


# ----------------------------------------------------------------------------- parser

def register(subparsers: argparse._SubParsersAction, only: str | None = None) -> None:
    """Add ``zkcred cred {schema-id,issuer-keys,...}`` (only the command ``only`` when given)."""
    from . import HelpFormatter, RawDescriptionHelpFormatter
    p = subparsers.add_parser("cred", help="anonymous credentials: issue, present, verify",
                              description=__doc__, formatter_class=RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", metavar="{" + ",".join(COMMANDS) + "}")
    sub.required = True

    def command(name: str, func, help: str) -> argparse.ArgumentParser | None:
        if only not in (None, name):
            return None
        sp = sub.add_parser(name, help=help, description=help, formatter_class=HelpFormatter)
        sp.set_defaults(func=_guard(func))
        return sp

    if sp := command("schema-id", cmd_schema_id, "print the id of a schema (what requests name in \"schema\")"):
        sp.add_argument("schema", help="schema.json")
    if sp := command("issuer-keys", cmd_issuer_keys,
                     "make an issuer for a schema: signing key and predicate keys; prints the issuer id"):
        sp.add_argument("schema", help="schema.json")
        sp.add_argument("secret", help="issuer-secret.json to write (SECRET, mode 0600)")
        sp.add_argument("--public", help="issuer.json to write: the public document with proving keys (for holders)")
        sp.add_argument("--verifier-public", help="issuer-verifier.json to write: without proving keys (for verifiers)")
        sp.add_argument("--merkle-depths", default="10",
                        help="comma-separated depths of the Merkle keys for long 'in' lists (default 10; '' none)")
        sp.add_argument("--force", action="store_true", help="overwrite an existing issuer-secret.json")
    if sp := command("issuer-public", cmd_issuer_public,
                     "write the issuer's public document again; prints the issuer id"):
        sp.add_argument("secret", help="issuer-secret.json")
        sp.add_argument("out", help="issuer.json to write")
        sp.add_argument("--verifier", action="store_true", help="the verifier's copy (no proving keys)")
    if sp := command("issuer-id", cmd_issuer_id, "check an issuer document and print its id"):
        sp.add_argument("issuer", help="issuer.json or issuer-verifier.json")
    if sp := command("issue", cmd_issue, "sign a holder's blind request (offer) with the given attributes"):
        sp.add_argument("secret", help="issuer-secret.json")
        sp.add_argument("offer", help="offer.json from the holder's `request`")
        sp.add_argument("attributes", help="attributes.json: {\"name\": value, ...} for every schema attribute")
        sp.add_argument("out", help="issued.json to write (send it to the holder)")
    if sp := command("link-secret", cmd_link_secret, "make a holder (a fresh link secret)"):
        sp.add_argument("holder", help="holder.json to write (SECRET, mode 0600)")
        sp.add_argument("--force", action="store_true", help="overwrite an existing holder.json")
    if sp := command("request", cmd_request, "make a blind credential request to an issuer"):
        sp.add_argument("holder", help="holder.json")
        sp.add_argument("issuer", help="issuer.json")
        sp.add_argument("offer", help="offer.json to write (send it to the issuer)")
        sp.add_argument("offer_secret", metavar="offer-secret", help="offer-secret.json to write (SECRET, mode 0600)")
    if sp := command("store", cmd_store, "check an issued credential and store it (exit 1 when it does not verify)"):
        sp.add_argument("holder", help="holder.json")
        sp.add_argument("issuer", help="issuer.json")
        sp.add_argument("issued", help="issued.json from the issuer")
        sp.add_argument("offer_secret", metavar="offer-secret", help="offer-secret.json from `request`")
        sp.add_argument("out", help="credential.json to write (SECRET, mode 0600)")
    if sp := command("present", cmd_present, "answer a presentation request"):
        sp.add_argument("holder", help="holder.json")
        sp.add_argument("request", help="request.json from the verifier")
        sp.add_argument("out", help="presentation.json to write (not written when a predicate is false)")
        sp.add_argument("--credential", action="append", required=True,
                        help="credential.json, once per entry of the request's \"credentials\", in that order")
        sp.add_argument("--issuer", action="append", required=True,
                        help="issuer.json (with proving keys) of each credential's issuer")
    if sp := command("new-request", cmd_new_request, "write a presentation request with a fresh nonce"):
        sp.add_argument("out", help="request.json to write")
        sp.add_argument("--template", help="a request to copy (its nonce, if any, is replaced)")
        sp.add_argument("--verifier", help="the verifier's id (replaces the template's)")
        sp.add_argument("--credential", action="append", default=[],
                        help="JSON of one \"credentials\" entry: {\"id\", \"schema\", \"issuers\", \"disclose\", "
                             "\"predicates\"} (appended to the template's)")
        sp.add_argument("--same", action="append", default=[],
                        help="a \"same\" group: comma-separated <credential id>.<attribute> (appended)")
        sp.add_argument("--issuer", action="append", default=[],
                        help="issuer.json: check the entries naming this issuer against its schema")
    if sp := command("verify", cmd_verify, "verify a presentation; prints the disclosed attributes as JSON"):
        sp.add_argument("request", help="request.json (the one you sent)")
        sp.add_argument("presentation", help="presentation.json from the holder")
        sp.add_argument("--issuer", action="append", required=True,
                        help="issuer.json or issuer-verifier.json of each issuer you accept")
