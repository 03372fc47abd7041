"""Live interop with Digital Bazaar's @digitalbazaar/bbs-2023-cryptosuite 2.0.1 (with @digitalbazaar/vc 7.3.0) on
random credentials (tests/vc/_gen.py: nested objects, arrays, blank-node subjects, non-ASCII strings), both ways:

- Digital Bazaar issues -> zkcred verifies the base proof and derives -> Digital Bazaar verifies;
- zkcred issues -> Digital Bazaar derives -> zkcred verifies;
and tampered derived credentials are rejected by the other side. ZKCRED_VC_INTEROP_N credentials (default 50) go
both ways; the node peer runs in three batch processes."""
from __future__ import annotations

import copy
import os

import pytest

from zkcred import vc
from zkcred.errors import VerificationError

from ._gen import random_credential, random_pointers
from ._peer import node_or_skip, run_batch

pytestmark = pytest.mark.peer
N = int(os.environ.get("ZKCRED_VC_INTEROP_N", "50"))


def _tamper(doc: dict) -> dict:
    """Change one disclosed literal of the credential subject (or the issuer)."""
    d = copy.deepcopy(doc)
    stack = [d["credentialSubject"]]
    while stack:
        x = stack.pop()
        items = list(x.items()) if isinstance(x, dict) else list(enumerate(x))
        for k, v in items:
            if k in ("id", "type"):
                continue
            if isinstance(v, str):
                x[k] = v + "~"
                return d
            if isinstance(v, bool):
                x[k] = not v
                return d
            if isinstance(v, (int, float)):
                x[k] = v + 1
                return d
            if isinstance(v, (dict, list)):
                stack.append(v)
    d["issuer"] = "did:example:mallory"
    return d


def test_interop_both_ways(rng, peer):
    node = node_or_skip(peer)
    zk_key = vc.Multikey.generate()
    creds = [random_credential(rng, "") for _ in range(N)]
    ptrs = [random_pointers(rng, c) for c in creds]
    phs = [rng.randbytes(rng.randrange(0, 33)) for _ in range(N)]

    # zkcred issues -> Digital Bazaar derives (batch 1, with DB's keygen)
    zk_signed = []
    for c, (mand, _) in zip(creds, ptrs):
        c = copy.deepcopy(c)
        _set_issuer(c, zk_key.did)
        zk_signed.append(vc.issue(c, zk_key, mand))
    ops = [{"op": "keygen"}] + [{"op": "derive", "signed": s, "selective": sel, "ph": ph.hex()}
                                for s, (_, sel), ph in zip(zk_signed, ptrs, phs)]
    res = run_batch(node, ops)
    db_key = vc.Multikey.from_json(res[0]["key"])
    for i, r in enumerate(res[1:]):
        assert "derived" in r, f"credential {i}: Digital Bazaar could not derive from zkcred's base proof: {r}"
        vc.verify(r["derived"], phs[i])                                      # zkcred verifies DB's derivation
        with pytest.raises(VerificationError):
            vc.verify(_tamper(r["derived"]), phs[i])

    # Digital Bazaar issues (batch 2) -> zkcred checks and derives
    db_creds = []
    for c in creds:
        c = copy.deepcopy(c)
        _set_issuer(c, db_key.did)
        db_creds.append(c)
    res = run_batch(node, [{"op": "issue", "credential": c, "key": res[0]["key"], "mandatory": mand}
                           for c, (mand, _) in zip(db_creds, ptrs)])
    derived = []
    for i, r in enumerate(res):
        assert "signed" in r, f"credential {i}: Digital Bazaar could not issue: {r}"
        assert "created" not in r["signed"]["proof"]                       # DB omits created; zkcred accepts it
        vc.verify_base(r["signed"])
        derived.append(vc.derive(r["signed"], ptrs[i][1], phs[i]))

    # Digital Bazaar verifies zkcred's derivations, and rejects tampered ones (batch 3)
    tampered = list(range(0, N, 5))
    ops = [{"op": "verify", "derived": d, "ph": ph.hex()} for d, ph in zip(derived, phs)]
    ops += [{"op": "verify", "derived": _tamper(derived[i]), "ph": phs[i].hex()} for i in tampered]
    res = run_batch(node, ops)
    for i, r in enumerate(res[:N]):
        assert r.get("verified") is True, f"credential {i}: Digital Bazaar rejects zkcred's derived proof: {r}"
    for i, r in zip(tampered, res[N:]):
        assert r.get("verified") is False, f"credential {i}: Digital Bazaar accepted a tampered credential"


def _set_issuer(cred: dict, did: str) -> None:
    if isinstance(cred["issuer"], dict):
        cred["issuer"]["id"] = did
    else:
        cred["issuer"] = did
