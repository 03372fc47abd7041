"""``zkcred registry ...``: an issuer's revocation registry on a ledger (a thin shell over zkcred.credentials and
zkcred.registry).

  create  <issuer-secret.json> [--ledger URL]          publish the issuer (DID document, schema, issuer document)
                                                       and its registry's first state; prints the registry id.
                                                       Records already on the ledger are not appended again.
  revoke  <issuer-secret.json> <revocation id> [...] [--ledger URL]
                                                       revoke those credentials in one new registry epoch (update
                                                       data, then state, on the ledger); the issuer file is
                                                       rewritten (SECRET, mode 0600); prints the new state (JSON)
  sync    <issuer-secret.json> [--ledger URL]            re-sync the issuer file with the ledger: publish its
                                                       journal (epochs a crash left unpublished) or, when another
                                                       writer published those epochs first (exit 5 from revoke),
                                                       drop them and take the ledger's; prints the revocation ids
                                                       to revoke again (JSON list)
  status  <issuer> [--ledger URL] [--epoch N]          the registry's state as JSON: "registry", "epoch", "value",
                                                       "update_digest", "updates" (update records: one per epoch
                                                       after 0), "revocations", "bytes_published", "issuer",
                                                       "position", "time"

<issuer> is an issuer document (issuer.json, issuer-verifier.json), an issuer secret, an issuer id
(urn:zkcred:issuer:...: its document is read from the ledger) or a registry id (urn:zkcred:registry:...).
A credential's revocation id is printed by ``zkcred cred issue`` and stored in the holder's credential.json
("revocation": {"id": ...}). Revocable issuers come from ``zkcred cred issuer-keys --revocable``, which publishes
them on the ledger itself.

URL: ``sqlite:<path>`` (default: sqlite:$XDG_DATA_HOME/zkcred/ledger.db, else ~/.local/share/zkcred/ledger.db,
the file ``zkcred ledger`` uses) or ``evm:<JSON-RPC url>`` (options in the URL fragment: ``#contract=0x...``).

Exit codes (zkcred.cli): 0 OK, 2 usage, 3 malformed or unreadable input (the file and field named; no ledger file
at the path), 4 other errors (a credential already revoked or an unknown revocation id, an issuer without a
registry, a ledger that cannot be reached or refuses the append), 5 conflict: another writer (a copy of the issuer
file elsewhere) published the registry's next epoch first; nothing was overwritten and the file keeps its journal:
run ``zkcred registry sync`` on it, then revoke again the ids it prints.
"""
from __future__ import annotations

import argparse
import json
import sys

__all__ = ["COMMANDS", "register"]

COMMANDS = ("create", "revoke", "sync", "status")


def _issuer_secret(path: str, ledger=None, *, sync: bool = True):
    from ..credentials import Issuer
    from ..errors import ZkcredError
    from .cred import _load
    issuer = _load(path, Issuer, "issuer secret")
    if issuer.registry is None:
        raise ZkcredError(f"{path}: this issuer keeps no revocation registry (make one with "
                          "`zkcred cred issuer-keys --revocable`)")
    if sync:
        issuer.attach(ledger, path)     # finishes an epoch a crash left in the file's journal; refuses a stale file
    else:
        issuer.ledger, issuer.journal = ledger, path
    return issuer


def cmd_create(args: argparse.Namespace) -> int:
    from .ledger import _open
    from ..credentials.issuer import file_lock
    with file_lock(args.secret), _open(args, create=True) as ledger:
        issuer = _issuer_secret(args.secret, ledger)
        issuer.publish()
        print(f"registry {issuer.registry.id} of issuer {issuer.id} at epoch {issuer.registry.epoch} on {ledger.url}",
              file=sys.stderr)
    print(issuer.registry.id)
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    from ..errors import DecodeError
    from .ledger import _open
    ids = []
    for text in args.ids:
        try:
            ids.append(int(text, 10))
        except ValueError:
            raise DecodeError(f"revocation id {text!r}: expected a non-negative integer") from None
    from ..credentials.issuer import file_lock
    with file_lock(args.secret), _open(args, create=False) as ledger:
        issuer = _issuer_secret(args.secret, ledger)
        state = issuer.revoke(ids)         # journal to the file, publish (update data, then state), save again
    print(f"revoked {len(ids)} credential(s): registry {state.registry} is at epoch {state.epoch}; "
          f"{args.secret} updated (secret, mode 0600)", file=sys.stderr)
    print(json.dumps(json.loads(state.to_json()), indent=2, sort_keys=True))
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from ..credentials.issuer import file_lock
    from .ledger import _open
    with file_lock(args.secret), _open(args, create=False) as ledger:
        issuer = _issuer_secret(args.secret, ledger, sync=False)
        again = issuer.resync()
    reg = issuer.registry
    print(f"registry {reg.id} is at epoch {reg.epoch} in {args.secret} and on {ledger.url}" +
          (f"; revoke again: {' '.join(map(str, again))}" if again else ""), file=sys.stderr)
    print(json.dumps(again))
    return 0


def _registry_id(text: str, ledger) -> tuple[str, str | None]:
    """(registry id, issuer id or None) of the <issuer> argument (module docstring)."""
    from ..credentials import IssuerPublic
    from ..errors import DecodeError, ZkcredError
    from . import read_json
    if text.startswith("urn:zkcred:registry:"):
        return text, None
    if text.startswith("urn:zkcred:issuer:"):
        pub = IssuerPublic.from_json(ledger.get(text).data)
    else:
        doc = read_json(text, f"{text} (issuer)")
        if isinstance(doc, dict) and doc.get("type") == "zkcred/issuer-secret/v1":
            doc = doc.get("public")
        try:
            pub = IssuerPublic.from_json(doc if isinstance(doc, dict) else json.dumps(doc))
        except DecodeError as e:
            raise DecodeError(f"{text}: {e}") from None
    if pub.registry is None:
        raise ZkcredError(f"issuer {pub.id} keeps no revocation registry")
    return pub.registry, pub.id


def cmd_status(args: argparse.Namespace) -> int:
    from ..credentials.issuer import updates_record
    from ..errors import ZkcredError
    from ..ledger import RecordNotFound
    from ..registry import RegistryState
    from .ledger import _open
    with _open(args, create=False) as ledger:
        reg, issuer = _registry_id(args.issuer, ledger)
        try:
            entry = ledger.get(reg) if args.epoch is None else ledger.get(reg, args.epoch + 1)
        except RecordNotFound:
            what = "no registry" if args.epoch is None else f"no state of epoch {args.epoch} of registry"
            raise ZkcredError(f"{what} {reg} on {ledger.url}") from None
        state = RegistryState.from_json(entry.data)
        updates = ledger.history(updates_record(reg)) if state.epoch else []
        updates = [u for u in updates if u.version <= state.epoch]
        revocations = sum(int.from_bytes(u.data[4:8], "big") for u in updates)
    doc = json.loads(state.to_json())
    del doc["type"]
    doc.update({"issuer": issuer, "updates": len(updates), "revocations": revocations,
                "bytes_published": sum(len(u.data) for u in updates), "position": entry.position,
                "time": entry.time, "ledger": ledger.url})
    print(json.dumps(doc, indent=2, sort_keys=True))
    return 0


def register(subparsers: argparse._SubParsersAction, only: str | None = None) -> None:
    """Add ``zkcred registry {create,revoke,sync,status}`` (only the command ``only`` when given)."""
    from . import command_group
    from .cred import LEDGER_HELP
    add = command_group(subparsers, "registry", "revocation registries: create, revoke, sync, status", __doc__,
                        COMMANDS, only)

    def command(name: str, func, help: str) -> argparse.ArgumentParser | None:
        sp = add(name, func, help)
        if sp is not None:
            sp.add_argument("--ledger", metavar="URL", help=LEDGER_HELP)
        return sp

    if sp := command("create", cmd_create, "publish a revocable issuer and its registry on the ledger; prints the "
                                           "registry id"):
        sp.add_argument("secret", help="issuer-secret.json (from `zkcred cred issuer-keys --revocable`)")
    if sp := command("revoke", cmd_revoke, "revoke credentials by revocation id in one registry epoch"):
        sp.add_argument("secret", help="issuer-secret.json (rewritten: SECRET, mode 0600)")
        sp.add_argument("ids", nargs="+", metavar="revocation-id", help="revocation ids (from `zkcred cred issue`)")
    if sp := command("sync", cmd_sync, "re-sync an issuer file with the ledger (after a conflict: take the "
                                       "ledger's epochs); prints the revocation ids to revoke again"):
        sp.add_argument("secret", help="issuer-secret.json (rewritten: SECRET, mode 0600)")
    if sp := command("status", cmd_status, "print a registry's state as JSON"):
        sp.add_argument("issuer", help="issuer.json, issuer-secret.json, an issuer id or a registry id")
        sp.add_argument("--epoch", type=int, help="that epoch's state (default: the latest)")
