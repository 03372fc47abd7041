"""Presentations: the statements a request asks for, built the same way by holder and verifier, and the JSON that
carries the proof.

``build_statements(request, issuers, disclosed)`` turns a request into a composite ``ProofSpec``
(zkcred.proofs) from the request, the chosen issuers' public documents and the disclosed values alone:
- one ``BBSSignaturePoK`` per requested credential: the issuer's key and generators, the header binding the
  schema id, the disclosed attributes; hidden are the other attributes, the prover blind and the link secret;
- one ``LegoPredicate`` per predicate: the issuer's predicate key and the public inputs computed from the
  request (bounds, the padded list, or the Merkle root rebuilt from the list);
- equalities: every credential's link secret (all credentials of a presentation belong to one holder), each
  ``same`` group, and each predicate's committed value with the attribute it speaks about;
- the context: the request's digest (its canonical JSON: nonce, verifier, everything asked) and every issuer id
  (which pins the BBS key and every predicate key).
The verifier never reads a statement from the presentation: it rebuilds them and rejects a presentation that
lacks anything or carries anything else, naming it.

Presentation JSON (every byte string base64url without padding; scalars 32 bytes big-endian; points in the
ZCash UNCOMPRESSED encoding, 96 bytes in G1 and 192 in G2 — decoding them skips a square root per point, about
a sixth of a verification, for 48 or 96 more bytes each — and no other form is accepted)::

    {"type": "zkcred/presentation/v2", "request": "<SHA-256 of the request, hex>", "challenge": "<scalar>",
     "credentials": [{"id": "idcard", "issuer": "<issuer id>", "schema": "<schema id>",
                      "disclosed": {"given_name": "Alice"},
                      "signature": {"Abar": .., "Bbar": .., "D": .., "T1": .., "T2": ..,
                                    "e_hat": .., "r1_hat": .., "r3_hat": ..,
                                    "attributes": {"<hidden attribute>": "<response>", ...},
                                    "rev_handle": "<response>", "prover_blind": "<response>",
                                    "link_secret": "<response>"},
                      "predicates": [{"attribute": "birth_date", "op": "<=",
                                      "proof": {"A": .., "B": .., "C": .., "D": ..},
                                      "T": .., "blinding": "<response>"}],
                      "revocation": {"epoch": 3, "C_prime": .., "C_bar": .., "T": .., "r_hat": "<response>"}}]}

Every sub-proof carries its Schnorr commitments (the commitment form of ``zkcred.proofs._model``): T1 and T2 of
the BBS proof (the draft's ProofVerifyInit values), T of each predicate's opening proof of D and of the
membership proof. The verifier hashes them into the challenge and checks it, then checks that each T is what the
responses and the challenge make it; with the commitments in the proof, a batch of presentations checks all
those equations with one multi-scalar multiplication (``Verifier.verify_batch``) instead of several per
presentation. Version 1 (without them) is no longer read.

``revocation`` is present exactly for the entries the request asks ``"not_revoked": true`` of: a membership proof
(``zkcred.proofs.accumulator``) of the credential's hidden rev_handle in the registry's accumulator at ``epoch``.

Responses shared through an equality appear once, in the signature proof that owns them (the first credential for
the link secret and ``same`` groups); a predicate never carries the response for its attribute.
"""
from __future__ import annotations

import binascii
import json
import re
from collections.abc import Mapping, Sequence

from ..bls12_381 import G1, G2, Fr
from ..errors import DecodeError, VerificationError
from ..proofs import BBSProofPart, BBSSignaturePoK, CompositeProof, ProofSpec
from ..proofs.accumulator import AccumulatorMembership, MembershipProofPart
from ..proofs.legogroth16 import LegoPredicate, LegoProofPart
from .._fields import Obj, b64u, parse
from .issuer import SUITE, IssuerPublic
from .predicates import Predicate, check_public
from .request import PresentationRequest
from .schema import canonical_json

__all__ = ["Presentation", "Layout", "build_statements"]

CONTEXT_TAG = b"zkcred/presentation/v1\x00"   # the transcript's; unchanged by the JSON's version 2
PRESENTATION_TYPE = "zkcred/presentation/v2"


class Layout:
    """Where one requested credential sits in the spec: its BBS statement index, issuer, predicates (with their
    statement indexes) and the message index of each attribute, of the prover blind and of the link secret."""

    __slots__ = ("cred", "issuer", "stmt", "predicates", "pred_stmts", "disclosed", "link", "blind", "rev",
                 "rev_stmt", "epoch")

    def __init__(self, cred, issuer: IssuerPublic, stmt: int, predicates: list[Predicate], disclosed: dict) -> None:
        n = issuer.issuer_messages
        self.cred, self.issuer, self.stmt, self.predicates = cred, issuer, stmt, predicates
        self.pred_stmts: list[int] = []
        self.disclosed = disclosed
        self.blind, self.link = n, n + 1
        self.rev = len(issuer.schema.attributes) if issuer.revocable else None     # the rev_handle's message
        self.rev_stmt: int | None = None
        self.epoch: int | None = None


class _Union:
    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a, b) -> None:
        self.parent[self.find(a)] = self.find(b)

    def classes(self) -> list[list]:
        out: dict = {}
        for x in list(self.parent):
            out.setdefault(self.find(x), []).append(x)
        return [sorted(v) for v in out.values() if len(v) > 1]


def build_statements(request: PresentationRequest, issuers: Sequence[IssuerPublic],
                     disclosed: Sequence[Mapping[str, object]],
                     revocation: Sequence[tuple[int, G1] | None] | None = None) -> tuple[ProofSpec, list[Layout]]:
    """The composite statement of a presentation (module docstring). ``issuers[k]`` and ``disclosed[k]`` belong
    to ``request.credentials[k]``; disclosed values must be exactly the requested ones (DecodeError otherwise).
    ``revocation[k]``: (epoch, accumulator value) of the registry state that a ``not_revoked`` entry is proved
    against (None for the others)."""
    from ..bbs import blind
    statements: list = []
    layouts = []
    for creq, pub, dvals in zip(request.credentials, issuers, disclosed, strict=True):
        where = f"credential {creq.id!r}"
        if pub.id not in creq.issuers:
            raise VerificationError(f"{where}: issuer {pub.id} is not one the request accepts")
        if creq.not_revoked and not pub.revocable:
            raise VerificationError(f"{where}: the request asks for non-revocation, but issuer {pub.id} keeps no "
                                    "revocation registry")
        preds = creq.resolve(pub.schema, pub.merkle_depths)
        if set(dvals) != set(creq.disclose):
            missing = sorted(set(creq.disclose) - set(dvals))
            extra = sorted(set(dvals) - set(creq.disclose))
            raise DecodeError(f"{where}: disclosed attributes differ from the request (missing {missing}, "
                              f"not requested {extra})")
        schema = pub.schema
        dscal = {schema.index(a): schema.attributes[a].encode(v, f"{where}.disclosed.{a}") for a, v in dvals.items()}
        lay = Layout(creq, pub, len(statements), preds, dict(dvals))
        statements.append(BBSSignaturePoK(pub.public_key, pub.generators(), pub.header, blind.api_id(SUITE), SUITE,
                                          dscal))
        layouts.append(lay)
    u = _Union()
    for lay in layouts[1:]:
        u.join((layouts[0].stmt, layouts[0].link), (lay.stmt, lay.link))
    by_id = {lay.cred.id: lay for lay in layouts}
    for group in request.same:
        first = by_id[group[0][0]]
        for cid, attr in group:
            lay = by_id[cid]
            if attr not in lay.issuer.schema.attributes:
                raise DecodeError(f"same: {cid}.{attr}: schema has no attribute {attr!r}")
        a0 = (first.stmt, first.issuer.schema.index(group[0][1]))
        for cid, attr in group[1:]:
            lay = by_id[cid]
            u.join(a0, (lay.stmt, lay.issuer.schema.index(attr)))
    for lay in layouts:
        for pred in lay.predicates:
            key = lay.issuer.predicate_key(pred.key)
            check_public(pred.key, pred.public)        # the bounds the key's circuit is sound for
            lay.pred_stmts.append(len(statements))
            u.join((lay.stmt, lay.issuer.schema.index(pred.attribute)), (len(statements), 0))
            statements.append(LegoPredicate(key.vk, pred.public))
    revs = list(revocation) if revocation is not None else [None] * len(layouts)
    for lay, rv in zip(layouts, revs, strict=True):
        if lay.cred.not_revoked:
            if rv is None or lay.rev is None or lay.issuer.revocation is None:
                raise VerificationError(f"credential {lay.cred.id!r}: no registry state to prove non-revocation in")
            lay.epoch, value = rv
            lay.rev_stmt = len(statements)
            u.join((lay.stmt, lay.rev), (len(statements), 0))
            statements.append(AccumulatorMembership(lay.issuer.revocation, value))
    context = CONTEXT_TAG + request.digest + b"".join(
        len(lay.issuer.id).to_bytes(2, "big") + lay.issuer.id.encode()
        + (b"" if lay.epoch is None else b"epoch" + lay.epoch.to_bytes(8, "big")) for lay in layouts)
    return ProofSpec(statements, u.classes(), context), layouts


# ------------------------------------------------------------------------------------------------ JSON


def _fr(x: Fr) -> str:
    return b64u(x.to_bytes())


def _encode(decoded: list[dict]) -> list[dict]:
    """The JSON form of decoded credential entries (points uncompressed, scalars 32 bytes, base64url). Every G1
    point of the entries is encoded in one constant-time batch (one inversion: the prover's points come in
    projective coordinates that depend on its secrets)."""
    g1s: list[G1] = []
    for c in decoded:
        sig = c["signature"]
        g1s += (sig["Abar"], sig["Bbar"], sig["D"], sig["T1"], sig["T2"])
        for p in c["predicates"]:
            g1s += (p["A"], p["C"], p["D"], p["T"])
        if "revocation" in c:
            g1s += (c["revocation"]["C_prime"], c["revocation"]["C_bar"], c["revocation"]["T"])
    blob = G1.batch_to_bytes(g1s, compressed=False)
    enc = iter([b64u(blob[i:i + 96]) for i in range(0, len(blob), 96)])
    creds = []
    for c in decoded:
        sig = c["signature"]
        so: dict = {k: next(enc) for k in ("Abar", "Bbar", "D", "T1", "T2")}
        so.update({k: _fr(sig[k]) for k in ("e_hat", "r1_hat", "r3_hat")})
        so["attributes"] = {k: _fr(v) for k, v in sig["attributes"].items()}
        for k in ("rev_handle", "prover_blind", "link_secret"):
            if k in sig:
                so[k] = _fr(sig[k])
        preds = []
        for p in c["predicates"]:
            a, c_, d, t = next(enc), next(enc), next(enc), next(enc)
            preds.append({"attribute": p["attribute"], "op": p["op"],
                          "proof": {"A": a, "B": b64u(p["B"].to_bytes(compressed=False)), "C": c_, "D": d},
                          "T": t, "blinding": _fr(p["blinding"])})
        entry = {"id": c["id"], "issuer": c["issuer"], "schema": c["schema"], "disclosed": dict(c["disclosed"]),
                 "signature": so, "predicates": preds}
        if "revocation" in c:
            r = c["revocation"]
            entry["revocation"] = {"epoch": r["epoch"], "C_prime": next(enc), "C_bar": next(enc), "T": next(enc),
                                   "r_hat": _fr(r["r_hat"])}
        creds.append(entry)
    return creds


# ------------------------------------------------------------------------------------------------ fast decoding

_CRED_KEYS = frozenset(("id", "issuer", "schema", "disclosed", "signature", "predicates"))
_SIG_KEYS = ("Abar", "Bbar", "D", "T1", "T2", "e_hat", "r1_hat", "r3_hat", "attributes")
_SIG_OPTIONAL = ("rev_handle", "prover_blind", "link_secret")
_PRED_KEYS = frozenset(("attribute", "op", "proof", "T", "blinding"))
_PROOF_KEYS = frozenset(("A", "B", "C", "D"))
_REV_KEYS = frozenset(("epoch", "C_prime", "C_bar", "T", "r_hat"))
_URL_ALPHABET = re.compile(r"[A-Za-z0-9_-]*")
_TO_STD = str.maketrans("-_", "+/")
# a 32-byte scalar is 43 base64url characters; the last carries 2 unused low bits, which must be zero
_SCALAR_LAST = frozenset("AEIMQUYcgkosw048")
_HEX = re.compile(r"[0-9a-f]{64}")


class _Parsed:
    """A document of the fast decoder's shape with its encodings gathered, not yet decoded (``_fast_parse``)."""

    __slots__ = ("digest", "shapes", "scalars", "g1", "g2", "n_fr", "n_g1", "n_g2")

    def __init__(self, digest: str, shapes: list, scalars: bytes, g1: bytes, g2: bytes) -> None:
        self.digest, self.shapes, self.scalars, self.g1, self.g2 = digest, shapes, scalars, g1, g2
        self.n_fr, self.n_g1, self.n_g2 = len(scalars) // 32, len(g1) // 96, len(g2) // 192


def _fast_decode(d: dict) -> tuple[bytes, Fr, list[dict]] | None:
    """``Presentation.from_json``'s (digest, challenge, decoded credentials) for a document of the one shape the
    careful decoder accepts, in a few native calls (all G1 points of the presentation decoded and subgroup-checked
    in one batch); None as soon as anything is unusual (a missing or extra field, a wrong type or length, a point
    or scalar that does not decode), and the careful decoder then runs and names the problem. It accepts nothing
    the careful decoder rejects: every check of that decoder is made here (``_fast_parse``: the structure and the
    text of every encoding; the native decoders: every value), or the document is handed over."""
    parsed = _fast_parse(d)
    if parsed is None:
        return None
    try:
        frs, pts1, pts2 = _decode_values(parsed.scalars, parsed.g1, parsed.g2)
    except DecodeError:
        return None
    return _fast_build(parsed, frs, pts1, pts2)


def _decode_values(scalars: bytes, g1: bytes, g2: bytes) -> tuple[list[Fr], list[G1], list[G2]]:
    """The scalars, G1 points and G2 points of back-to-back encodings (32, 96 and 192 bytes), one native call
    each, every value fully checked; DecodeError for the first that fails."""
    return (Fr.batch_from_bytes(scalars), G1.batch_from_bytes(g1, compressed=False) if g1 else [],
            G2.batch_from_bytes(g2, compressed=False) if g2 else [])


def _fast_parse(d: dict) -> _Parsed | None:
    """The structure checks of ``_fast_decode`` and its encodings as bytes (base64url checked: canonical, the
    right lengths), or None for any document of another shape."""
    if len(d) != 4 or d.get("type") != PRESENTATION_TYPE:
        return None
    digest, challenge, creds_in = d.get("request"), d.get("challenge"), d.get("credentials")
    if type(digest) is not str or not _HEX.fullmatch(digest) or type(creds_in) is not list or len(creds_in) > 16:
        return None
    scalars: list = [challenge]            # base64url texts (their types checked below), decoded together
    g1s: list[str] = []
    g2s: list[str] = []
    shapes = []
    for c in creds_in:
        if type(c) is not dict:
            return None
        keys = c.keys()
        has_rev = "revocation" in c
        if len(keys) != 6 + has_rev or not _CRED_KEYS <= keys:
            return None
        cid, iss, sch, disc, sig, preds = (c["id"], c["issuer"], c["schema"], c["disclosed"], c["signature"],
                                           c["predicates"])
        if (type(cid) is not str or len(cid) > 64 or type(iss) is not str or len(iss) > 128 or type(sch) is not str
                or len(sch) > 128 or type(disc) is not dict or type(sig) is not dict or type(preds) is not list
                or len(preds) > 128):
            return None
        attrs = sig.get("attributes")
        if type(attrs) is not dict:
            return None
        opt = [k for k in _SIG_OPTIONAL if k in sig]
        if len(sig) != len(_SIG_KEYS) + len(opt) or any(k not in sig for k in _SIG_KEYS):
            return None
        g1s += (sig["Abar"], sig["Bbar"], sig["D"], sig["T1"], sig["T2"])
        scalars += (sig["e_hat"], sig["r1_hat"], sig["r3_hat"])
        names = list(attrs)
        scalars += attrs.values()
        scalars += (sig[k] for k in opt)
        pshape = []
        for pr in preds:
            if type(pr) is not dict or len(pr) != len(_PRED_KEYS) or not _PRED_KEYS <= pr.keys():
                return None
            po, attr, op = pr["proof"], pr["attribute"], pr["op"]
            if (type(po) is not dict or len(po) != 4 or not _PROOF_KEYS <= po.keys() or type(attr) is not str
                    or len(attr) > 64 or type(op) is not str or len(op) > 16):
                return None
            g1s += (po["A"], po["C"], po["D"], pr["T"])
            g2s.append(po["B"])
            scalars.append(pr["blinding"])
            pshape.append((attr, op))
        epoch = None
        if has_rev:
            rv = c["revocation"]
            if type(rv) is not dict or len(rv) != len(_REV_KEYS) or not _REV_KEYS <= rv.keys():
                return None
            epoch = rv["epoch"]
            if type(epoch) is not int or not 0 <= epoch <= (1 << 53) - 1:
                return None
            g1s += (rv["C_prime"], rv["C_bar"], rv["T"])
            scalars.append(rv["r_hat"])
        shapes.append((cid, iss, sch, disc, names, opt, pshape, epoch))
    # every text: a string of the one length its value has, in the base64url alphabet, canonical
    for t in scalars:
        if type(t) is not str or len(t) != 43 or t[-1] not in _SCALAR_LAST:
            return None
    for t in g1s:
        if type(t) is not str or len(t) != 128:
            return None
    for t in g2s:
        if type(t) is not str or len(t) != 256:
            return None
    sc_text, g1_text, g2_text = "".join(scalars), "".join(g1s), "".join(g2s)
    if not _URL_ALPHABET.fullmatch(sc_text) or not _URL_ALPHABET.fullmatch(g1_text) \
            or not _URL_ALPHABET.fullmatch(g2_text):
        return None
    try:
        sc_std = sc_text.translate(_TO_STD)
        sc_bytes = b"".join(binascii.a2b_base64(sc_std[i:i + 43] + "=") for i in range(0, len(sc_std), 43))
        g1_bytes = binascii.a2b_base64(g1_text.translate(_TO_STD))
        g2_bytes = binascii.a2b_base64(g2_text.translate(_TO_STD))
    except binascii.Error:
        return None
    return _Parsed(digest, shapes, sc_bytes, g1_bytes, g2_bytes)


def _fast_build(parsed: _Parsed, frs: Sequence[Fr], pts1: Sequence[G1], pts2: Sequence[G2]) \
        -> tuple[bytes, Fr, list[dict]]:
    """``_fast_decode``'s result from a parsed document and its decoded values, in the order of its encodings."""
    it_fr, it_g1, it_g2 = iter(frs), iter(pts1), iter(pts2)
    challenge_fr = next(it_fr)
    out = []
    for cid, iss, sch, disc, names, opt, pshape, epoch in parsed.shapes:
        proof: dict = {"Abar": next(it_g1), "Bbar": next(it_g1), "D": next(it_g1), "T1": next(it_g1),
                       "T2": next(it_g1), "e_hat": next(it_fr), "r1_hat": next(it_fr), "r3_hat": next(it_fr)}
        proof["attributes"] = {k: next(it_fr) for k in names}
        for k in opt:
            proof[k] = next(it_fr)
        preds = []
        for attr, op in pshape:
            A, C, D, T = next(it_g1), next(it_g1), next(it_g1), next(it_g1)
            preds.append({"attribute": attr, "op": op, "A": A, "B": next(it_g2), "C": C, "D": D, "T": T,
                          "blinding": next(it_fr)})
        entry = {"id": cid, "issuer": iss, "schema": sch, "disclosed": disc, "signature": proof, "predicates": preds}
        if epoch is not None:
            entry["revocation"] = {"epoch": epoch, "C_prime": next(it_g1), "C_bar": next(it_g1),
                                   "T": next(it_g1), "r_hat": next(it_fr)}
        out.append(entry)
    return bytes.fromhex(parsed.digest), challenge_fr, out


class Presentation:
    """A presentation: the composite proof with its parts named (module docstring). Decoding checks every field's
    encoding (points on the curve and in the subgroup, canonical scalars); the verifier checks the rest.

    ``credentials`` is always the JSON form (what ``to_json`` writes); the decoded points and scalars are kept
    apart (``_decoded``: made by ``from_json``, or on first use for a presentation built by ``from_proof``), so
    that a presentation object can be verified directly and a decoded one written back to JSON."""

    __slots__ = ("request_digest", "challenge", "credentials", "_decoded")

    def __init__(self, request_digest: bytes, challenge: Fr, credentials: list[dict],
                 decoded: list[dict] | None = None) -> None:
        self.request_digest, self.challenge, self.credentials = request_digest, challenge, credentials
        self._decoded = decoded

    @classmethod
    def from_proof(cls, request: PresentationRequest, layouts: list[Layout], proof: CompositeProof) -> "Presentation":
        creds = []
        for lay in layouts:
            part: BBSProofPart = proof.proofs[lay.stmt]
            names = lay.issuer.schema.attribute_names
            if part.T1 is None or part.T2 is None:
                raise ValueError("a presentation carries the commitment form: the BBS sub-proof lacks T1, T2")
            sig: dict = {"Abar": part.Abar, "Bbar": part.Bbar, "D": part.D, "T1": part.T1, "T2": part.T2,
                         "e_hat": part.e_hat,
                         "r1_hat": part.r1_hat, "r3_hat": part.r3_hat,
                         "attributes": {names[j]: r for j, r in part.m_hat.items() if j < len(names)}}
            if lay.rev is not None and lay.rev in part.m_hat:
                sig["rev_handle"] = part.m_hat[lay.rev]
            if lay.blind in part.m_hat:
                sig["prover_blind"] = part.m_hat[lay.blind]
            if lay.link in part.m_hat:
                sig["link_secret"] = part.m_hat[lay.link]
            preds = []
            for pred, s in zip(lay.predicates, lay.pred_stmts):
                lp: LegoProofPart = proof.proofs[s]
                p = lp.proof
                if lp.T is None:
                    raise ValueError("a presentation carries the commitment form: a predicate sub-proof lacks T")
                preds.append({"attribute": pred.attribute, "op": pred.op, "A": p.a, "B": p.b, "C": p.c, "D": p.d,
                              "T": lp.T, "blinding": lp.responses[1]})
            entry = {"id": lay.cred.id, "issuer": lay.issuer.id, "schema": lay.issuer.schema.id,
                     "disclosed": dict(lay.disclosed), "signature": sig, "predicates": preds}
            if lay.rev_stmt is not None:
                mp: MembershipProofPart = proof.proofs[lay.rev_stmt]
                if mp.T is None:
                    raise ValueError("a presentation carries the commitment form: the membership sub-proof lacks T")
                entry["revocation"] = {"epoch": lay.epoch, "C_prime": mp.C_prime, "C_bar": mp.C_bar, "T": mp.T,
                                       "r_hat": mp.responses[1]}
            creds.append(entry)
        return cls(request.digest, proof.challenge, _encode(creds), creds)

    def to_obj(self) -> dict:
        return {"type": PRESENTATION_TYPE, "request": self.request_digest.hex(),
                "challenge": _fr(self.challenge), "credentials": self.credentials}

    def to_json(self) -> str:
        return canonical_json(self.to_obj()).decode("utf-8")

    @classmethod
    def from_json(cls, text: str | bytes | dict, *, loaded: bool = False) -> "Presentation":
        """Decode the structure and every encoding (DecodeError naming the field). ``loaded``: as for
        ``batch_from_json``."""
        o = parse(text, "presentation", PRESENTATION_TYPE, loaded=loaded)
        fast = _fast_decode(o.d)
        if fast is not None:
            digest_bytes, challenge_fr, decoded = fast
            return cls(digest_bytes, challenge_fr, cls._raw(text, o, loaded), decoded)
        digest = o.hex32("request")
        challenge = o.fr("challenge")
        creds = []
        for c in o.objs("credentials", max_len=16):
            entry = {"id": c.str("id", max_len=64), "issuer": c.str("issuer", max_len=128),
                     "schema": c.str("schema", max_len=128), "disclosed": c.obj("disclosed").d}
            s = c.obj("signature")
            sig: dict = {k: s.g1(k, compressed=False) for k in ("Abar", "Bbar", "D", "T1", "T2")}
            sig.update({k: s.fr(k) for k in ("e_hat", "r1_hat", "r3_hat")})
            a = s.obj("attributes")
            sig["attributes"] = {k: a.fr(k) for k in list(a.d)}
            a.done()
            for k in ("rev_handle", "prover_blind", "link_secret"):
                if s.has(k):
                    sig[k] = s.fr(k)
            s.done()
            entry["signature"] = sig
            preds = []
            for p in c.objs("predicates", max_len=128):
                po = p.obj("proof")
                pr = {"attribute": p.str("attribute", max_len=64), "op": p.str("op", max_len=16),
                      "A": po.g1("A", compressed=False), "B": po.g2("B", compressed=False),
                      "C": po.g1("C", compressed=False), "D": po.g1("D", compressed=False),
                      "T": p.g1("T", compressed=False), "blinding": p.fr("blinding")}
                po.done()
                p.done()
                preds.append(pr)
            entry["predicates"] = preds
            if c.has("revocation"):
                ro = c.obj("revocation")
                entry["revocation"] = {"epoch": ro.int("epoch", 0, (1 << 53) - 1),
                                       "C_prime": ro.g1("C_prime", compressed=False),
                                       "C_bar": ro.g1("C_bar", compressed=False),
                                       "T": ro.g1("T", compressed=False), "r_hat": ro.fr("r_hat")}
                ro.done()
            c.done()
            creds.append(entry)
        o.done()
        return cls(digest, challenge, cls._raw(text, o, loaded), creds)

    @classmethod
    def batch_from_json(cls, texts: Sequence[str | bytes | dict], *, loaded: bool = False) \
            -> list["Presentation | DecodeError"]:
        """``from_json`` of each document, its DecodeError in its place for one that does not decode. The
        documents of the fast decoder's shape have their scalars, G1 points and G2 points decoded in one native
        call each, for all documents together: the G1 subgroup tests then fill the eight IFMA lanes across
        presentations (a presentation's nine points take two lane passes alone, 1 1/8 together). When a value
        of that joint decoding fails, every document of the batch is decoded on its own (``from_json``), so
        each is accepted or rejected exactly as alone, its error naming its field.
        ``loaded``: the dicts among ``texts`` are values of ``zkcred._json.loads`` handed over to the presentations
        (their strings were checked by that parser, and they are kept, not copied). Only for such values: a dict
        made otherwise is then neither checked for lone surrogates nor copied, and a value JSON cannot hold is not
        rejected here. Without it, dicts are checked and copied (``from_json``'s default).
        One document that fails the joint decoding makes the batch decode each document again on its own: at most
        twice the decoding work of a batch."""
        out: list = [None] * len(texts)
        fast: list[tuple[int, Obj, _Parsed]] = []
        for k, text in enumerate(texts):
            try:
                o = parse(text, "presentation", PRESENTATION_TYPE, loaded=loaded)
                parsed = _fast_parse(o.d)
                if parsed is None:
                    out[k] = cls.from_json(text, loaded=loaded)
                else:
                    fast.append((k, o, parsed))
            except DecodeError as e:
                out[k] = e
        if not fast:
            return out
        try:
            frs, pts1, pts2 = _decode_values(b"".join(p.scalars for _k, _o, p in fast),
                                             b"".join(p.g1 for _k, _o, p in fast), b"".join(p.g2 for _k, _o, p in fast))
        except DecodeError:
            for k, _o, _p in fast:
                try:
                    out[k] = cls.from_json(texts[k], loaded=loaded)
                except DecodeError as e:
                    out[k] = e
            return out
        i_fr = i_g1 = i_g2 = 0
        for k, o, p in fast:
            digest, challenge, decoded = _fast_build(p, frs[i_fr:i_fr + p.n_fr], pts1[i_g1:i_g1 + p.n_g1],
                                                     pts2[i_g2:i_g2 + p.n_g2])
            i_fr, i_g1, i_g2 = i_fr + p.n_fr, i_g1 + p.n_g1, i_g2 + p.n_g2
            out[k] = cls(digest, challenge, cls._raw(texts[k], o, loaded), decoded)
        return out

    @staticmethod
    def _raw(text: str | bytes | dict, o: Obj, loaded: bool = False) -> list:
        """The credentials' JSON form: parsed from text (or ``loaded``: handed over) it is ours already; a
        caller's dict is copied."""
        return list(o.d["credentials"]) if loaded or not isinstance(text, dict) else \
            [json.loads(canonical_json(c)) for c in o.d["credentials"]]

    def decoded(self) -> list[dict]:
        """The credentials with their points and scalars decoded (``from_json``'s checks)."""
        if self._decoded is None:
            self._decoded = Presentation.from_json(self.to_obj()).decoded()   # from_json sets it
        return self._decoded

    def to_proof(self, layouts: list[Layout], spec: ProofSpec) -> CompositeProof:
        """The composite proof in the verifier's statement layout; VerificationError naming anything missing or
        extra (decoded entries are used as the decoder left them: points and scalars already checked)."""
        from ..groth16 import lego
        decoded = self.decoded()
        if len(decoded) != len(layouts):
            raise VerificationError(f"the presentation has {len(decoded)} credentials, the request "
                                    f"{len(layouts)}")
        proofs: list = [None] * len(spec.statements)
        for lay, entry in zip(layouts, decoded):
            where = f"credential {lay.cred.id!r}"
            sig = entry["signature"]
            names = lay.issuer.schema.attribute_names
            st = spec.statements[lay.stmt]
            omit = spec.omit[lay.stmt]
            m_hat = {}
            expect = {names[j] for j in st.slots() if j < len(names) and j not in omit}
            got = set(sig["attributes"])
            if got != expect:
                raise VerificationError(f"{where}: signature responses for {sorted(got)}, expected {sorted(expect)} "
                                        f"(missing {sorted(expect - got)}, not expected {sorted(got - expect)})")
            for name, r in sig["attributes"].items():
                m_hat[names.index(name)] = r
            for key, idx in (("rev_handle", lay.rev), ("prover_blind", lay.blind), ("link_secret", lay.link)):
                if idx is None:
                    if key in sig:
                        raise VerificationError(f"{where}: the signature proof carries a {key} response, the "
                                                "issuer's credentials have none")
                    continue
                if (idx in omit) == (key in sig):
                    raise VerificationError(f"{where}: the signature proof {'carries' if key in sig else 'lacks'} "
                                            f"the {key} response")
                if key in sig:
                    m_hat[idx] = sig[key]
            proofs[lay.stmt] = BBSProofPart(sig["Abar"], sig["Bbar"], sig["D"], sig["e_hat"], sig["r1_hat"],
                                            sig["r3_hat"], m_hat, sig["T1"], sig["T2"])
            if len(entry["predicates"]) != len(lay.predicates):
                raise VerificationError(f"{where}: {len(entry['predicates'])} predicate proofs, the request asks "
                                        f"for {len(lay.predicates)}")
            for k, (pred, s, pe) in enumerate(zip(lay.predicates, lay.pred_stmts, entry["predicates"])):
                if (pe["attribute"], pe["op"]) != (pred.attribute, pred.op):
                    raise VerificationError(f"{where}: predicate #{k} is about {pe['attribute']} {pe['op']}, the "
                                            f"request asks {pred.attribute} {pred.op}")
                proofs[s] = LegoProofPart(lego.LegoProof(pe["A"], pe["B"], pe["C"], pe["D"]), {1: pe["blinding"]},
                                          pe["T"])
            rv = entry.get("revocation")
            if (lay.rev_stmt is None) != (rv is None):
                raise VerificationError(f"{where}: the presentation {'carries' if rv else 'lacks'} a non-revocation "
                                        f"proof, the request {'asks for one' if lay.rev_stmt is not None else 'none'}")
            if rv is not None and lay.rev_stmt is not None:
                if rv["epoch"] != lay.epoch:
                    raise VerificationError(f"{where}: non-revocation proved at epoch {rv['epoch']}, the registry "
                                            f"state checked is epoch {lay.epoch} (the holder must update)")
                proofs[lay.rev_stmt] = MembershipProofPart(rv["C_prime"], rv["C_bar"], {1: rv["r_hat"]}, rv["T"])
        return CompositeProof(self.challenge, proofs)

    def revocation_epochs(self) -> list[int | None]:
        """The registry epoch each credential's non-revocation proof claims (None where there is none)."""
        return [None if "revocation" not in c else c["revocation"]["epoch"] for c in self.decoded()]

    def disclosed(self) -> list[dict]:
        return [dict(c["disclosed"]) for c in self.credentials]
