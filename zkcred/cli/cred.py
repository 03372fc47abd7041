"""``zkcred cred ...``: anonymous credentials from the command line (a thin shell over zkcred.credentials).

Every step reads and writes JSON files ("-" is stdin/stdout); SECRET files are written with mode 0600.

  issuer:    schema-id <schema.json>                                   -> prints the schema id
             issuer-keys <schema.json> <issuer-secret.json> [--public issuer.json]
                         [--verifier-public issuer-verifier.json] [--merkle-depths 10,16] [--force]
                         [--revocable [--registry-block N] [--ledger URL]]
                                                                       -> prints the issuer id
             issuer-public <issuer-secret.json> <issuer.json> [--verifier]
             issuer-id <issuer.json>                                   -> prints the issuer id (checked)
             issue <issuer-secret.json> <offer.json> <attributes.json> <issued.json> [--ledger URL]
                                                   -> prints the revocation id (revocable issuers)
  holder:    link-secret <holder.json> [--force]
             request <holder.json> <issuer.json> <offer.json> <offer-secret.json>
             store <holder.json> <issuer.json> <issued.json> <offer-secret.json> <credential.json> [--ledger URL]
             present <holder.json> <request.json> <presentation.json>
                     --credential <credential.json> [--credential ...] --issuer <issuer.json> [--issuer ...]
                     [--ledger URL]
             update  --credential <credential.json> [--credential ...] [--issuer <issuer.json> ...] [--ledger URL]
                                                   -> prints {"updated", "revoked", "epochs", "credentials"} (JSON)
  verifier:  new-request <request.json> [--template <template.json>] [--verifier <id>]
                         [--credential '<JSON of one "credentials" entry>' ...] [--same a.x,b.x ...]
                         [--issuer <issuer.json> ...]
             verify <request.json> <presentation.json> --issuer <issuer.json | issuer id> [--issuer ...]
                    [--ledger URL]                             -> prints the disclosed attributes (JSON)

SECRET: issuer-secret.json (signing key), holder.json (link secret), offer-secret.json (prover blind),
credential.json. Send the issuer offer.json; give holders issuer.json (with the predicate proving keys) and
verifiers issuer-verifier.json (``--verifier``: without them, much smaller). ``present`` takes the credentials in
the order of the request's "credentials" entries. ``new-request`` writes a request with a fresh 32-byte nonce,
from a template (a request without, or with an old, nonce) and/or --credential entries; with --issuer it also
checks the attribute names and predicate values against those issuers' schemas.

Revocation (``zkcred registry`` for the issuer's side): ``issuer-keys --revocable`` makes an issuer with a
revocation registry and publishes it (DID document, schema, issuer document, registry state) on the ledger;
``issue`` hands out the next revocation handle (printed: the id ``zkcred registry revoke`` takes) and rewrites
issuer-secret.json (the registry's handles are state: SECRET, mode 0600), publishing a new epoch when a block of
handles is used up; ``update`` brings the credentials' witnesses to the registry's latest epoch from the ledger's
update data and rewrites the credential files (a revoked credential is marked so); ``store --ledger`` does the same
for the new credential; ``present`` updates the credentials first when the request asks "not_revoked" without
an "epoch"; ``verify`` reads the registry states from the ledger when the request asks "not_revoked", and takes
issuer ids (urn:zkcred:issuer:...) for --issuer, whose documents it reads from the ledger. --ledger URL:
sqlite:<path> (default: the file ``zkcred ledger`` uses, under the user's data directory) or evm:<JSON-RPC url>.

Exit codes (zkcred.cli): 0 OK, 1 INVALID (a signature or presentation that does not verify: "INVALID: <reason>"
on stderr), 2 usage, 3 malformed or unreadable input (the file and field named), 4 other errors -- among them a
predicate the holder's credential does not satisfy or a revoked credential asked "not_revoked" (``present`` then
writes nothing), an existing secret file that ``link-secret`` / ``issuer-keys`` would overwrite without --force,
and a ledger that cannot be reached.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

from . import write_json

__all__ = ["COMMANDS", "register", "LEDGER_HELP"]

COMMANDS = ("schema-id", "issuer-keys", "issuer-public", "issuer-id", "issue", "link-secret", "request", "store",
            "present", "update", "new-request", "verify")


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


def _issuers(paths: list[str], ledger=None):
    """Issuer documents from files, or (``urn:zkcred:issuer:...`` ids) from the ledger."""
    from ..credentials import IssuerPublic
    from ..errors import DecodeError
    out = []
    for p in paths:
        if p.startswith("urn:zkcred:issuer:") and not os.path.exists(p):
            if ledger is None:
                raise DecodeError(f"--issuer {p}: an issuer id is read from the ledger: give --ledger")
            pub = IssuerPublic.from_json(ledger.get(p).data)
            if pub.id != p:
                raise DecodeError(f"the ledger's record {p} holds the document of issuer {pub.id}")
            out.append(pub)
        else:
            out.append(_load(p, IssuerPublic, "issuer document"))
    return out


def _ledger(args: argparse.Namespace, *, create: bool = False):
    """The ledger of --ledger (default: the user's data directory file that ``zkcred ledger`` uses)."""
    from .ledger import _open
    return _open(args, create=create)


def _write_credentials(paths: list[str], creds, before: list[str]) -> None:
    """Rewrite the credential files whose content changed (SECRET, mode 0600)."""
    for path, cred, old in zip(paths, creds, before):
        if cred.to_json() != old:
            write_json(path, json.loads(cred.to_json()), secret=True)


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
    progress = lambda msg: print(f"[zkcred cred] {msg}", file=sys.stderr, flush=True)     # noqa: E731
    issuer = Issuer.create(schema, merkle_depths=depths, progress=progress, revocable=args.revocable,
                           registry_block=args.registry_block)
    write_json(args.secret, json.loads(issuer.to_json()), secret=True)        # first: a published issuer needs its secret
    if args.revocable:
        with _ledger(args, create=True) as ledger:
            issuer.ledger = ledger
            issuer.publish(progress)
            print(f"[zkcred cred] revocation registry {issuer.public().registry} published on {ledger.url}",
                  file=sys.stderr)
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
    if issuer.registry is None:
        try:
            issued = issuer.issue(offer, attributes)
        except DecodeError as e:
            raise DecodeError(f"{args.attributes}: {e}") from None
        write_json(args.out, json.loads(issued.to_json()))
        return 0
    # revocable: the handle is spent (and a new block published when one ran out) -> the issuer file is rewritten
    # before the credential leaves, so that a handle is never handed out twice; under the file's lock, read again
    # (another process may have issued or revoked since the first read)
    from ..credentials.issuer import file_lock
    with file_lock(args.secret), _ledger(args) as ledger:
        issuer = _load(args.secret, Issuer, "issuer secret")
        issuer.attach(ledger, args.secret)  # finishes an epoch a crash left in the journal; refuses a stale file
        try:
            issued = issuer.issue(offer, attributes)
        except DecodeError as e:
            raise DecodeError(f"{args.attributes}: {e}") from None
        issuer.save(args.secret)
    assert issued.revocation is not None
    write_json(args.out, json.loads(issued.to_json()))
    print(f"revocation id {issued.revocation.id} (registry epoch {issued.revocation.epoch}); {args.secret} updated "
          "(secret, mode 0600)", file=sys.stderr)
    if args.out != "-":
        print(issued.revocation.id)
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
    if args.ledger and cred.revocation is not None:
        with _ledger(args) as ledger:
            holder.update(ledger, [cred])
        if cred.revoked:
            print("warning: the credential is already revoked by its issuer", file=sys.stderr)
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
    if any(c.not_revoked for c in request.credentials) and all(c.epoch is None for c in request.credentials):
        before = [c.to_json() for c in creds]
        with _ledger(args) as ledger:           # non-revocation at the latest epoch: update the witnesses first
            for pub in pubs:
                holder.add_issuer(pub)
            holder.update(ledger, [c for c, r in zip(creds, request.credentials) if r.not_revoked])
        _write_credentials(args.credential, creds, before)
    try:
        presentation = holder.present(request, creds, pubs)     # PredicateFalse, Revoked: exit 4, nothing written
    except DecodeError as e:
        copies = [p for p, pub in zip(args.issuer, pubs)
                  if any(k.pk_bytes is None for k in pub.predicate_keys.values())]
        if "no proving key" in str(e) and copies:
            raise DecodeError(f"{e} ({', '.join(copies)}: a verifier's copy; holders need the issuer document "
                              "with proving keys)") from None
        raise
    write_json(args.out, json.loads(presentation.to_json()))
    return 0


def cmd_update(args: argparse.Namespace) -> int:
    from ..credentials import Credential, Holder
    creds = [_load(p, Credential, "credential") for p in args.credential]
    before = [c.to_json() for c in creds]
    holder = Holder.create()          # updating needs no secret: only the issuers' registries and the ledger
    with _ledger(args) as ledger:
        pubs = _issuers(args.issuer or sorted({c.issuer for c in creds}), ledger)
        for pub in pubs:
            holder.add_issuer(pub)
        summary = holder.update(ledger, creds)
    _write_credentials(args.credential, creds, before)
    summary["credentials"] = {p: {"epoch": None if c.revocation is None else c.revocation.epoch,
                                  "revoked": c.revoked} for p, c in zip(args.credential, creds)}
    for p, c in zip(args.credential, creds):
        if c.revoked:
            print(f"{p}: revoked by its issuer", file=sys.stderr)
    print(json.dumps(summary, indent=2, sort_keys=True))
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
    ids = any(p.startswith("urn:zkcred:issuer:") and not os.path.exists(p) for p in args.issuer)
    if any(c.not_revoked for c in request.credentials) or ids:
        with _ledger(args) as ledger:           # registry states (and issuer documents named by id)
            verifier = Verifier(_issuers(args.issuer, ledger), ledger=ledger)
            disclosed = verifier.verify(request, presentation)        # VerificationError: exit 1
    else:
        disclosed = Verifier(_issuers(args.issuer)).verify(request, presentation)   # VerificationError: exit 1
    print(json.dumps(disclosed, indent=2, sort_keys=True, ensure_ascii=False))
    print(f"OK: presentation verified ({len(disclosed)} credential(s))", file=sys.stderr)
    return 0


# ----------------------------------------------------------------------------- parser

LEDGER_HELP = "sqlite:<path> or evm:<JSON-RPC url> (default: sqlite:<user data dir>/zkcred/ledger.db)"


def register(subparsers: argparse._SubParsersAction, only: str | None = None) -> None:
    """Add ``zkcred cred {schema-id,issuer-keys,...}`` (only the command ``only`` when given)."""
    from . import command_group
    command = command_group(subparsers, "cred", "anonymous credentials: issue, present, verify", __doc__, COMMANDS,
                            only)

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
        sp.add_argument("--revocable", action="store_true",
                        help="keep a revocation registry, published on the ledger with the issuer")
        sp.add_argument("--registry-block", type=int, default=1024, metavar="N",
                        help="handles accumulated per block (a new block is one epoch; default 1024)")
        sp.add_argument("--ledger", metavar="URL", help=LEDGER_HELP)
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
        sp.add_argument("--ledger", metavar="URL", help=LEDGER_HELP + "; revocable issuers only")
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
        sp.add_argument("--ledger", metavar="URL", help="bring the revocation witness to the latest epoch of this "
                                                        "ledger (" + LEDGER_HELP + ")")
    if sp := command("present", cmd_present, "answer a presentation request"):
        sp.add_argument("holder", help="holder.json")
        sp.add_argument("request", help="request.json from the verifier")
        sp.add_argument("out", help="presentation.json to write (not written when a predicate is false)")
        sp.add_argument("--credential", action="append", required=True,
                        help="credential.json, once per entry of the request's \"credentials\", in that order")
        sp.add_argument("--issuer", action="append", required=True,
                        help="issuer.json (with proving keys) of each credential's issuer")
        sp.add_argument("--ledger", metavar="URL", help="where the registry states are, for \"not_revoked\" "
                                                        "requests (" + LEDGER_HELP + ")")
    if sp := command("update", cmd_update, "bring credentials' revocation witnesses to their registry's latest "
                                           "epoch; prints a summary (JSON)"):
        sp.add_argument("--credential", action="append", required=True,
                        help="credential.json (rewritten when its witness changes: SECRET, mode 0600)")
        sp.add_argument("--issuer", action="append", default=[],
                        help="issuer.json or an issuer id (default: the credentials' issuers, read from the ledger)")
        sp.add_argument("--ledger", metavar="URL", help=LEDGER_HELP)
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
                        help="issuer.json or issuer-verifier.json of each issuer you accept, or its issuer id "
                             "(urn:zkcred:issuer:..., read from the ledger)")
        sp.add_argument("--ledger", metavar="URL", help="where the registry states are read for \"not_revoked\" "
                                                        "requests (" + LEDGER_HELP + ")")
