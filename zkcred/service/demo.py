"""``python -m zkcred.service.demo DIR``: the demo material of ``make serve`` (made once, then reused).

DIR/issuers/identity.json   the issuer's public document (what ``zkcred serve --issuers DIR/issuers`` reads)
DIR/issuer-secret.json      the issuer (SECRET key; mode 0600)
DIR/holder.json             a holder (SECRET link secret; mode 0600) and DIR/credential.json, its credential
DIR/request.json            the body of POST /requests (given name, born on or before 18 years ago)
and prints the curl commands of the README walk-through. ``python -m zkcred.service.demo DIR present IN OUT``
answers a created request (IN: the JSON that POST /requests returned) with the holder's presentation.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys

__all__ = ["SCHEMA", "ALICE", "make", "present", "main"]

SCHEMA = {"name": "IdentityCard", "version": "1.0",
          "attributes": {"given_name": "string", "family_name": "string", "birth_date": "date", "score": "integer",
                         "nationality": {"enum": ["DE", "FR", "NL", "US"]}}}
ALICE = {"given_name": "Alice", "family_name": "Doe", "birth_date": "2001-05-17", "score": 15, "nationality": "FR"}


def _secret(path: str, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)


def make(d: str) -> None:
    from ..credentials import Credential, Holder, Issuer, Schema
    os.makedirs(os.path.join(d, "issuers"), exist_ok=True)
    if not os.path.exists(os.path.join(d, "credential.json")):
        print("making a demo issuer (predicate keys: about a second) ...", file=sys.stderr)
        issuer = Issuer.create(Schema.from_json(SCHEMA))
        holder = Holder.create()
        offer = holder.request_credential(issuer.public())
        cred: Credential = holder.store(issuer.issue(offer, ALICE), offer)
        with open(os.path.join(d, "issuers", "identity.json"), "w") as f:
            f.write(issuer.public().to_json(proving_keys=False))
        with open(os.path.join(d, "issuer-public.json"), "w") as f:
            f.write(issuer.public().to_json())
        _secret(os.path.join(d, "issuer-secret.json"), issuer.to_json())
        _secret(os.path.join(d, "holder.json"), holder.to_json())
        _secret(os.path.join(d, "credential.json"), cred.to_json())
    with open(os.path.join(d, "issuers", "identity.json"), "rb") as f:
        from ..credentials import IssuerPublic
        pub = IssuerPublic.from_json(f.read())
    limit = (dt.date.today() - dt.timedelta(days=18 * 365 + 5)).isoformat()
    request = {"credentials": [{"id": "idcard", "schema": pub.schema.id, "issuers": [pub.id],
                                "disclose": ["given_name"],
                                "predicates": [{"attribute": "birth_date", "op": "<=", "value": limit}]}]}
    with open(os.path.join(d, "request.json"), "w") as f:
        json.dump(request, f, indent=1)
    print(f"""demo material in {d}/. With the service running (make serve), in another shell:
  curl -s -X POST -H 'Content-Type: application/json' --data @{d}/request.json http://127.0.0.1:8000/requests > {d}/created.json
  python -m zkcred.service.demo {d} present {d}/created.json {d}/presentation.json
  curl -s -X POST -H 'Content-Type: application/json' --data @{d}/presentation.json http://127.0.0.1:8000$(python -c "import json; print(json.load(open('{d}/created.json'))['presentation'])")
""", file=sys.stderr)


def present(d: str, created_path: str, out_path: str) -> None:
    from ..credentials import Credential, Holder, IssuerPublic, PresentationRequest
    with open(created_path, "rb") as f:
        created = json.loads(f.read())
    holder = Holder.from_json(open(os.path.join(d, "holder.json"), "rb").read())
    cred = Credential.from_json(open(os.path.join(d, "credential.json"), "rb").read())
    pub = IssuerPublic.from_json(open(os.path.join(d, "issuer-public.json"), "rb").read())
    pres = holder.present(PresentationRequest.from_json(created["request"]), [cred], issuers=[pub])
    with open(out_path, "w") as f:
        f.write(pres.to_json())


def main(argv: list[str]) -> int:
    if len(argv) == 1:
        make(argv[0])
        return 0
    if len(argv) == 4 and argv[1] == "present":
        present(argv[0], argv[2], argv[3])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
