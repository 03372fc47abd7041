"""Fuzz targets: every decoder the verifier service exposes to outside input.

Each target is ``fn(data: bytes) -> None``: it feeds ``data`` to one decoder and lets through only the errors the
decoder promises (DecodeError for malformed input, VerificationError for a well-formed but wrong proof); any other
exception, a crash or a hang is a finding. ``seeds()`` gives valid inputs of each target (made once per process)
for the coverage-guided fuzzer to mutate.

| target        | decoder                                                                        |
|---------------|--------------------------------------------------------------------------------|
| json          | zkcred._json.loads (every HTTP body)                                           |
| request       | PresentationRequest.from_json                                                  |
| presentation  | Presentation.from_json + Verifier.verify (the service's decode-and-verify path)|
| presentation_batch | Presentation.batch_from_json (the service's batched decoding) against     |
|               | from_json of each document alone: the same result or the same error            |
| issuer        | IssuerPublic.from_json (ledger and --issuers documents)                        |
| bbs_pubkey    | BBS octets_to_pubkey (G2, compressed)                                          |
| bbs_signature | BBS octets_to_signature + verify                                               |
| bbs_proof     | BBS octets_to_proof + proof_verify                                             |
| g1, g2, fr    | G1/G2.from_bytes (compressed and uncompressed ZCash), Fr.from_bytes            |
| snarkjs       | snarkjs verification key, proof and public-signals JSON                        |
| vc            | bbs-2023 derived credential (vc.verify: JSON-LD, CBOR proof value, BBS)        |
| update_data   | UpdateData.from_bytes (a registry's update data, read from a ledger) + the     |
|               | holder's witness update over it and the pairing check of the result           |
| http          | the service app: POST /requests and POST /requests/{id}/presentation: < 500   |
"""
from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path

from zkcred import _json
from zkcred.errors import DecodeError, VerificationError

ROOT = Path(__file__).resolve().parents[1]
OK = (DecodeError, VerificationError)

_world: dict = {}


def world() -> dict:
    """Valid material shared by the targets (an issuer, a request, a presentation, BBS values), made once."""
    if _world:
        return _world
    from zkcred import bbs
    from zkcred.credentials import Holder, Issuer, PresentationRequest, Schema
    schema = Schema.from_json({"name": "Card", "version": "1", "attributes": {
        "name": "string", "birth_date": "date", "score": "integer", "nation": {"enum": ["DE", "FR"]}}})
    issuer = Issuer.create(schema)
    holder = Holder.create()
    offer = holder.request_credential(issuer.public())
    cred = holder.store(issuer.issue(offer, {"name": "A", "birth_date": "2000-01-01", "score": 3,
                                             "nation": "FR"}), offer)
    request = PresentationRequest.create([{"id": "c", "schema": schema.id, "issuers": [issuer.id],
                                           "disclose": ["name"],
                                           "predicates": [{"attribute": "birth_date", "op": "<=",
                                                           "value": "2008-01-01"}]}], verifier="v")
    sk = bbs.keygen(b"k" * 32)
    pk = bbs.sk_to_pk(sk)
    msgs = [b"m1", b"m2", b"m3"]
    sig = bbs.sign(sk, pk, b"h", msgs)
    proof = bbs.proof_gen(pk, sig, b"h", b"ph", msgs, [0, 2])
    _world.update(schema=schema, issuer=issuer, public=issuer.public(), holder=holder, cred=cred, request=request,
                  presentation=holder.present(request, [cred]).to_json(), pk=pk, sig=sig, proof=proof, msgs=msgs)
    return _world


# ------------------------------------------------------------------------------------------------ targets

def t_json(data: bytes) -> None:
    try:
        _json.loads(data, "fuzz")
    except DecodeError:
        pass


def t_request(data: bytes) -> None:
    from zkcred.credentials import PresentationRequest
    try:
        r = PresentationRequest.from_json(data)
    except DecodeError:
        return
    assert PresentationRequest.from_json(r.to_json()).digest == r.digest      # round trip


def t_presentation(data: bytes) -> None:
    from zkcred.credentials import Verifier
    w = world()
    try:
        Verifier([w["public"]]).verify(w["request"], data)
    except OK:
        pass


SEP = b"\n\x1e"       # separates the documents of one presentation_batch input
# points on the curves outside G1 and G2 (uncompressed ZCash encodings, made with py_ecc): seeds that make a
# batch's joint decoding fail
_OFF_G1 = ("12a6330b5d9dc9f81818e811892f902bd23f0824128b2f330c5c7fd0a6a3a4506513270e269e0d37f2a74de452e6b438"
           "1442b0ade2a422e66cc1447dd8b3995ce772f00f4a5b2c9f191f9bb4a96c3d02dfa88f567e5bd23ff9e3f2840d8e921e")
_OFF_G2 = ("01fac61ef29d0da9953f48f1a09f76b5a170b33839263059f28c105d1fb17c2390c192cfd3ac94af0f21ddb66cad4a26"
           "11a22dd91738f7d93d9c172411e20b8f6b0d549b6f03675a1600a35a099950d836f675cc81e74ef5e8e25d940ed90475"
           "119d4fc4366a082c71f3a67a86afe3998b0f7291309d799492781e0b0ed5655f64c2ba94b8ee58cc51142e70930343421"
           "691128bbb5e0bba0cd6d0c44fe09d3fb66cb294b3adf0700fd77fc6c9096e9e4b2b090f9a6f0adaf02630147c2fa8bc")


def _outcome(decode, doc: object) -> tuple:
    try:
        p = decode(doc)
    except DecodeError as e:
        return ("error", str(e))
    return ("ok", p.request_digest, p.challenge, p.credentials, p._decoded)


def t_presentation_batch(data: bytes) -> None:
    """Differential: up to six documents decoded in one batch (as text, and as values of the strict JSON parser
    with ``loaded``) give each exactly what from_json gives it alone."""
    from zkcred.credentials import Presentation
    docs = data.split(SEP)[:6]
    alone = [_outcome(Presentation.from_json, d) for d in docs]
    for got, want in zip(Presentation.batch_from_json(docs), alone):
        assert _outcome(_raise, got) == want, (got, want)
    parsed = []
    for d in docs:
        try:
            parsed.append(_json.loads(d, "presentation"))
        except DecodeError:
            pass
    dicts = [v for v in parsed if isinstance(v, dict)]
    for got, want in zip(Presentation.batch_from_json(dicts, loaded=True),
                         [_outcome(Presentation.from_json, v) for v in dicts]):
        assert _outcome(_raise, got) == want, (got, want)


def _raise(x):
    if isinstance(x, Exception):
        raise x
    return x


def t_issuer(data: bytes) -> None:
    from zkcred.credentials import IssuerPublic
    try:
        IssuerPublic.from_json(data)
    except DecodeError:
        pass


def t_bbs_pubkey(data: bytes) -> None:
    from zkcred.bbs import _core
    try:
        _core.octets_to_pubkey(data)
    except DecodeError:
        pass


def t_bbs_signature(data: bytes) -> None:
    from zkcred import bbs
    w = world()
    try:
        bbs.verify(w["pk"], data, b"h", w["msgs"])
    except OK:
        pass


def t_bbs_proof(data: bytes) -> None:
    from zkcred import bbs
    w = world()
    try:
        bbs.proof_verify(w["pk"], data, b"h", b"ph", [w["msgs"][0], w["msgs"][2]], [0, 2])
    except OK:
        pass


def _points(cls: type, data: bytes) -> None:
    try:
        p = cls.from_bytes(data)   # type: ignore[attr-defined]
    except DecodeError:
        return
    assert cls.from_bytes(p.to_bytes()) == p and cls.from_bytes(p.to_bytes(compressed=False)) == p  # type: ignore


def t_g1(data: bytes) -> None:
    from zkcred.bls12_381 import G1
    _points(G1, data)


def t_g2(data: bytes) -> None:
    from zkcred.bls12_381 import G2
    _points(G2, data)


def t_fr(data: bytes) -> None:
    from zkcred.bls12_381 import Fr
    try:
        x = Fr.from_bytes(data)
    except DecodeError:
        return
    assert Fr.from_bytes(x.to_bytes()) == x


def t_snarkjs(data: bytes) -> None:
    from zkcred.groth16 import snarkjs
    which, body = (data[0] % 3, data[1:]) if data else (0, b"")
    reader = (snarkjs.read_vk_json, snarkjs.read_proof_json, snarkjs.read_public_json)[which]
    try:
        reader(body)
    except DecodeError:
        pass


def t_vc(data: bytes) -> None:
    from zkcred import vc
    try:
        doc = _json.loads(data, "fuzz")
    except DecodeError:
        return
    if not isinstance(doc, dict):
        return
    try:
        vc.verify(doc, None)
    except OK:
        pass


_acc: dict = {}


def t_update_data(data: bytes) -> None:
    """A ledger's update data (the holder reads them from SQLite or an EVM node's logs): strict decoding, then,
    for what decodes, the holder's constant-time update of a fixed witness over it (ElementRemovedError when the
    data remove its element) and the pairing check of the result (VerificationError unless the data are the
    issuer's). The decoded update re-encodes to the same bytes."""
    from zkcred.registry import ElementRemovedError, UpdateData
    w = _acc_world()
    try:
        u = UpdateData.from_bytes(data, threads=2)
    except DecodeError:
        return
    assert u.to_bytes() == bytes(data)
    try:
        w["witness"].update([u], threads=2).verify(w["public"])
    except (ElementRemovedError, VerificationError):
        pass


def _acc_world() -> dict:
    """An accumulator over 40 elements and a holder's witness, made once."""
    if not _acc:
        from zkcred.bls12_381 import Fr
        from zkcred.registry import Accumulator
        ys = [Fr(1000 + i) for i in range(40)]
        acc = Accumulator.create(ys)
        _acc.update(ys=ys, witness=acc.witness(ys[0]), public=acc.public, state=acc.to_bytes())
    return _acc


_http: dict = {}


def _http_app() -> tuple:
    if not _http:
        from zkcred.service import MemoryStore, ServiceConfig, StaticIssuerDirectory, create_app

        class AlwaysOpen(MemoryStore):
            async def claim(self, rid: str, ttl: float) -> bool:     # every body is verified, none is a replay
                return True

        w = world()
        app = create_app(StaticIssuerDirectory([w["public"]]), AlwaysOpen(),
                         ServiceConfig(verifier_id="v", batching=False, threads=1))
        loop = asyncio.new_event_loop()
        _http.update(app=app, loop=loop)
        body = json.dumps({"credentials": json.loads(w["request"].to_json())["credentials"]}).encode()
        status, out = loop.run_until_complete(_call(app, "/requests", body))
        assert status == 201, out
        _http["rid"] = json.loads(out)["id"]
    return _http["app"], _http["loop"], _http["rid"]


async def _call(app: Callable, path: str, body: bytes) -> tuple[int, bytes]:
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    sent = False
    status, out = 0, []

    async def receive() -> dict:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(msg: dict) -> None:
        nonlocal status
        if msg["type"] == "http.response.start":
            status = msg["status"]
        elif msg["type"] == "http.response.body":
            out.append(msg.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(out)


def t_http(data: bytes) -> None:
    app, loop, rid = _http_app()
    path = "/requests" if data[:1] == b"R" else f"/requests/{rid}/presentation"
    status, out = loop.run_until_complete(_call(app, path, data[1:]))
    assert 400 <= status < 500 or (path == "/requests" and status == 201), (status, out[:300])


# ------------------------------------------------------------------------------------------------ seeds

def seeds(name: str) -> list[bytes]:
    """Valid inputs of target ``name`` (and a few near misses) to start the fuzzer from."""
    w = world()
    pres = w["presentation"].encode()
    req = w["request"].to_json().encode()
    fixtures = ROOT / "tests" / "fixtures" / "snarkjs"
    if name == "json":
        return [pres, req, b'{"a": [1, 2.5, "x", null, true]}']
    if name == "request":
        return [req]
    if name == "presentation":
        return [pres]
    if name == "presentation_batch":     # valid ones together, and ones with a point outside G1 or G2
        import base64
        out = [SEP.join([pres, pres]), pres]
        for path, point in ((("signature", "T2"), _OFF_G1), (("predicates", 0, "proof", "B"), _OFF_G2)):
            doc = json.loads(pres)
            node = doc["credentials"][0]
            for k in path[:-1]:
                node = node[k]
            node[path[-1]] = base64.urlsafe_b64encode(bytes.fromhex(point)).rstrip(b"=").decode()
            out.append(SEP.join([pres, json.dumps(doc).encode(), pres]))
        return out
    if name == "issuer":       # a plain issuer and a revocable one (its document has a revocation section too)
        from zkcred.credentials import Issuer
        revocable = Issuer.create(w["schema"], merkle_depths=(2,), revocable=True, registry_block=4).public()
        return [w["public"].to_json(proving_keys=False).encode(), revocable.to_json(proving_keys=False).encode()]
    if name == "bbs_pubkey":
        return [w["pk"]]
    if name == "bbs_signature":
        return [w["sig"]]
    if name == "bbs_proof":
        return [w["proof"]]
    if name in ("g1", "g2"):
        from zkcred.bls12_381 import G1, G2
        g = (G1 if name == "g1" else G2).generator()
        return [g.to_bytes(), g.to_bytes(compressed=False), (g + g).to_bytes()]
    if name == "fr":
        return [bytes(31) + b"\x07", b"\x73" + bytes(31)]
    if name == "snarkjs":
        return [bytes([k]) + (fixtures / f).read_bytes()
                for k, f in enumerate(("verification_key.json", "proof.json", "public.json"))]
    if name == "vc":
        from zkcred import vc
        key = vc.Multikey.generate()
        doc = {"@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
               "type": ["VerifiableCredential"], "issuer": key.did,
               "credentialSubject": {"givenName": "x", "familyName": "y", "level": 3}}
        derived = vc.derive(vc.issue(doc, key, ["/issuer"]), ["/credentialSubject/givenName"], b"")
        return [json.dumps(derived).encode()]
    if name == "update_data":     # the issuer's updates of the target's accumulator: removals, additions, both
        from zkcred.bls12_381 import Fr
        from zkcred.registry import Accumulator
        a = _acc_world()

        def fresh() -> Accumulator:
            return Accumulator.from_bytes(a["state"])
        return [fresh().batch_remove(a["ys"][1:4]).to_bytes(), fresh().batch_remove(a["ys"][:1]).to_bytes(),
                fresh().batch_update([Fr(7), Fr(8)], a["ys"][5:30]).to_bytes(),
                fresh().batch_update([Fr(9)], []).to_bytes()]
    if name == "http":
        body = json.dumps({"credentials": json.loads(req)["credentials"]}).encode()
        return [b"P" + pres, b"R" + body]
    raise KeyError(name)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "json": t_json, "request": t_request, "presentation": t_presentation,
    "presentation_batch": t_presentation_batch, "issuer": t_issuer,
    "bbs_pubkey": t_bbs_pubkey, "bbs_signature": t_bbs_signature, "bbs_proof": t_bbs_proof,
    "g1": t_g1, "g2": t_g2, "fr": t_fr, "snarkjs": t_snarkjs, "vc": t_vc, "http": t_http,
    "update_data": t_update_data,
}
