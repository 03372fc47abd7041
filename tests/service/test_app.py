"""The verifier service in-process (httpx over ASGI): the request -> presentation -> answer flow, replays, batches
with bad members, limits, problem documents, metrics, OpenAPI and the audit log."""
from __future__ import annotations

import asyncio
import json
import logging
import random

import httpx
import pytest

from zkcred.credentials import PresentationRequest, Verifier
from zkcred.errors import VerificationError
from zkcred.service import ServiceConfig, StaticIssuerDirectory, create_app
from zkcred.service._verify import Job, verify_jobs
from zkcred.service.problems import PROBLEM_TYPES

JSON = {"content-type": "application/json"}


def run(coro):
    return asyncio.run(coro)


def client(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://verifier.test")


def make_app(world, **cfg):
    cfg.setdefault("verifier_id", "shop")
    return create_app(StaticIssuerDirectory([world.public]), config=ServiceConfig(**cfg))


def is_problem(r: httpx.Response, status: int | None = None, slug: str | None = None) -> dict:
    assert r.headers["content-type"].startswith("application/problem+json"), (r.status_code, r.text)
    doc = r.json()
    assert doc["status"] == r.status_code and doc["title"] and isinstance(doc["detail"], str)
    assert doc["type"].startswith("urn:zkcred:problem:")
    if status is not None:
        assert r.status_code == status, doc
    if slug is not None:
        assert doc["type"] == f"urn:zkcred:problem:{slug}", doc
    return doc


async def create(c: httpx.AsyncClient, world, **extra) -> dict:
    r = await c.post("/requests", json=world.new_request(**extra))
    assert r.status_code == 201, r.text
    return r.json()


def test_full_flow_and_replay(world, caplog):
    app = make_app(world)

    async def go():
        async with client(app) as c:
            created = await create(c, world)
            rid, req = created["id"], created["request"]
            assert created["presentation"] == f"/requests/{rid}/presentation"
            # the service completed the request: its verifier id and a fresh nonce the holder's code accepts
            parsed = PresentationRequest.from_json(req)
            assert parsed.verifier == "shop" and len(parsed.nonce) == 32
            assert (await c.get(f"/requests/{rid}")).json()["status"] == "open"
            pres = world.present(req)
            # an independent check of what the service will answer: the library's own verifier
            expected = Verifier([world.public]).verify(parsed, json.dumps(pres))
            r = await c.post(f"/requests/{rid}/presentation", json=pres)
            assert r.status_code == 200, r.text
            assert r.json() == {"verified": True, "disclosed": expected}
            assert r.json()["disclosed"] == {"idcard": {"given_name": "Alice"}}
            assert (await c.get(f"/requests/{rid}")).json()["status"] == "verified"
            # the same presentation again, and a fresh valid one for the same request: both replays
            is_problem(await c.post(f"/requests/{rid}/presentation", json=pres), 409, "replay")
            is_problem(await c.post(f"/requests/{rid}/presentation", json=world.present(req)), 409, "replay")
            # a presentation made for one request does not answer another
            other = await create(c, world)
            is_problem(await c.post(f"/requests/{other['id']}/presentation", json=pres), 422, "verification-failed")
            assert (await c.get(f"/requests/{other['id']}")).json()["status"] == "rejected"
            is_problem(await c.get("/requests/nope"), 404, "not-found")
            return req

    with caplog.at_level(logging.INFO, logger="zkcred.audit"):
        req = run(go())
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "zkcred.audit"]
    decisions = [ln for ln in lines if ln["event"] == "presentation"]
    assert [d["outcome"] for d in decisions] == ["verified", "rejected", "rejected", "rejected"]
    assert [d["reason"] for d in decisions] == [None, "replay", "replay", "verification-failed"]
    for d in decisions:
        assert {"request_id", "verifier", "schemas", "issuers", "outcome", "reason", "latency_ms"} <= set(d)
    # every record, with the random request ids taken out: a base64url id holds any short string by chance
    # ("FR" in about 2 % of runs), which is not a leak; the ids themselves are checked against the nonce
    ids = {ln.pop("request_id") for ln in lines if "request_id" in ln}
    text = "\n".join([json.dumps(ln) for ln in lines]
                     + [r.getMessage() for r in caplog.records if r.name != "zkcred.audit"])
    for secret in ("Alice", "Doe", "2001-05-17", "FR", req["nonce"]):
        assert secret not in text
    assert req["nonce"] not in ids


def test_router_path_answers_like_the_hot_path(world):
    """POST /requests/{id}/presentation is dispatched before Starlette's router (the hot path); under a root path
    the router reaches the same handler: the same answers, problems, headers and metrics either way."""
    app = make_app(world)

    async def go():
        fast = client(app)
        routed = httpx.AsyncClient(transport=httpx.ASGITransport(app=app, root_path="/v"),
                                   base_url="http://verifier.test/v")
        async with fast, routed:
            answers = []
            for c in (fast, routed):
                created = await create(c, world)
                pres = world.present(created["request"])
                url = f"/requests/{created['id']}/presentation"
                r = await c.post(url, json=pres)
                assert r.status_code == 200 and r.headers["content-type"] == "application/json", r.text
                replay = await c.post(url, json=pres)
                doc = is_problem(replay, 409, "replay")
                assert doc["instance"].endswith(url)
                bad = await c.post(url + "x", json=pres)
                assert bad.status_code in (404, 405)
                media = await c.post(f"/requests/{(await create(c, world))['id']}/presentation", content=b"{}",
                                     headers={"content-type": "text/plain"})
                is_problem(media, 415, "unsupported-media-type")
                gone = await c.post("/requests/nope/presentation", json=pres)
                is_problem(gone, 404, "not-found")
                answers.append((r.json(), replay.status_code, media.status_code, gone.status_code))
            assert answers[0] == answers[1]
            metrics = (await fast.get("/metrics")).text
            assert ('zkcred_http_requests_total{method="POST",route="/requests/{id}/presentation",status="200"} 2.0'
                    in metrics)

    run(go())


def test_batches_isolate_the_bad_presentations(world, rng):
    """Concurrent presentations share multi-pairings; forged ones (valid Schnorr parts, a signature that fails
    only the pairing) and misdirected ones are named individually, every other one verifies."""
    app = make_app(world, batch_window=0.05, max_batch=32)
    n = 12
    bad = set(rng.sample(range(n), 3))

    async def go():
        async with client(app) as c:
            created = [await create(c, world) for _ in range(n)]
            bodies = [world.present(cr["request"], bad=k in bad) for k, cr in enumerate(created)]
            return await asyncio.gather(*(c.post(f"/requests/{cr['id']}/presentation", json=b)
                                          for cr, b in zip(created, bodies)))

    rs = run(go())
    for k, r in enumerate(rs):
        if k in bad:
            doc = is_problem(r, 422, "verification-failed")
            assert "pairing" in doc["detail"]
        else:
            assert r.status_code == 200, r.text
    svc = app.state.service
    sizes = svc.metrics.batch_size.collect()[0].samples
    total = next(s.value for s in sizes if s.name.endswith("_sum"))
    count = next(s.value for s in sizes if s.name.endswith("_count"))
    assert total == n and count < n          # fewer multi-pairings than presentations


def test_verify_jobs_bisection(world, rng):
    """The thread-side batch verifier names exactly the bad jobs, wherever they are, for any batch size."""
    from zkcred.service import StaticIssuerDirectory as D
    directory = D([world.public])
    for n in (1, 2, 5, 9):
        bad = {k for k in range(n) if rng.random() < 0.4}
        jobs = []
        for k in range(n):
            req = PresentationRequest.create(world.new_request()["credentials"], verifier="shop")
            jobs.append(Job(req, json.dumps(world.present(req.to_obj(), bad=k in bad)), directory))
        out = verify_jobs(jobs)
        for k, res in enumerate(out):
            if k in bad:
                assert isinstance(res, VerificationError)
            else:
                assert res == {"idcard": {"given_name": "Alice"}}


def test_batching_off_gives_the_same_answers(world):
    app = make_app(world, batching=False)

    async def go():
        async with client(app) as c:
            a, b = await create(c, world), await create(c, world)
            ra, rb = await asyncio.gather(c.post(f"/requests/{a['id']}/presentation", json=world.present(a["request"])),
                                          c.post(f"/requests/{b['id']}/presentation",
                                                 json=world.present(b["request"], bad=True)))
            assert ra.status_code == 200
            is_problem(rb, 422, "verification-failed")

    run(go())
    sizes = app.state.service.metrics.batch_size.collect()[0].samples
    assert next(s.value for s in sizes if s.name.endswith("_sum")) == next(
        s.value for s in sizes if s.name.endswith("_count")) == 2


def test_request_creation_rules(world):
    app = make_app(world)

    async def go():
        async with client(app) as c:
            is_problem(await c.post("/requests", json=world.new_request(nonce="AAAAAAAAAAAAAAAAAAAAAA")), 400,
                       "malformed-request")
            is_problem(await c.post("/requests", json=world.new_request(verifier="someone-else")), 422,
                       "invalid-request")
            body = world.new_request()
            body["credentials"][0]["issuers"] = ["urn:zkcred:issuer:sha256:" + "0" * 64]
            is_problem(await c.post("/requests", json=body), 422, "unknown-issuer")
            body = world.new_request()
            body["credentials"][0]["disclose"] = ["shoe_size"]
            is_problem(await c.post("/requests", json=body), 422, "invalid-request")
            body = world.new_request()
            body["credentials"][0]["schema"] = "urn:zkcred:schema:sha256:" + "1" * 64
            is_problem(await c.post("/requests", json=body), 422, "invalid-request")
            body = world.new_request()
            body["credentials"][0]["predicates"][0]["op"] = "~"
            assert (await c.post("/requests", json=body)).status_code in (400, 422)
            is_problem(await c.post("/requests", json=world.new_request(extra=1)), 400, "malformed-request")
            # the verifier id may be given when it is the service's
            assert (await c.post("/requests", json=world.new_request(verifier="shop"))).status_code == 201

    run(go())


# Bodies no endpoint may answer with anything but a 4xx problem document.
GARBAGE = [
    b"", b"null", b"0", b"-1e999", b"\"x\"", b"[]", b"{}", b"[" * 100 + b"]" * 100, b"{\"a\":" * 80 + b"1" + b"}" * 80,
    b"\xff\xfe\x00", b"{\"a\": NaN}", b"{\"a\": 1, \"a\": 2}", b"{" * 5, b"\x00" * 64, "{\"é\": \"\ud800\"}".encode(
        "utf-8", "surrogatepass"),
    json.dumps({"credentials": "x"}).encode(), json.dumps({"credentials": [1, 2]}).encode(),
    json.dumps({"credentials": [{"id": 5}]}).encode(), json.dumps({"type": "zkcred/presentation/v1"}).encode(),
    json.dumps({"verifiableCredential": []}).encode(), json.dumps({"verifiablePresentation": {"type": 7}}).encode(),
    json.dumps({"verifiableCredential": {"proof": 1}, "options": {"challenge": 5}}).encode(),
]


def _mutations(valid: dict, rng: random.Random, count: int) -> list[bytes]:
    """``valid`` with one leaf or key changed to a value of another type (structure-aware garbage)."""
    values = [None, True, 0, -1, 2 ** 70, 1.5, "", "x" * 300, "AAAA", [], {}, [1], {"a": 1}, "\u0000"]
    out = []
    for _ in range(count):
        doc = json.loads(json.dumps(valid))
        node, path = doc, []
        while isinstance(node, (dict, list)) and node and rng.random() < 0.8:
            key = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
            path.append((node, key))
            node = node[key]
        if not path:
            continue
        parent, key = path[-1]
        if isinstance(parent, dict) and rng.random() < 0.2:
            parent[key + "_"] = parent.pop(key)
        elif isinstance(parent, dict) and rng.random() < 0.2:
            del parent[key]
        else:
            parent[key] = rng.choice(values)
        out.append(json.dumps(doc).encode())
    return out


def test_bad_bodies_are_4xx_problems(world, rng):
    app = make_app(world, max_body=64 * 1024)

    async def go():
        async with client(app) as c:
            created = await create(c, world)
            valid_pres = world.present(created["request"])
            bodies = GARBAGE + [b" " * (65 * 1024), b"[" + b"1," * 40000 + b"1]"]
            bodies += _mutations(valid_pres, rng, 60) + _mutations(world.new_request(), rng, 40)
            for body in bodies:
                for path in ("/requests", "/credentials/verify", "/presentations/verify"):
                    r = await c.post(path, content=body, headers=JSON)
                    assert 400 <= r.status_code < 500 or (path == "/requests" and r.status_code == 201), (path, body)
                    if r.status_code != 201:
                        is_problem(r)
                fresh = await create(c, world)
                r = await c.post(f"/requests/{fresh['id']}/presentation", content=body, headers=JSON)
                assert 400 <= r.status_code < 500, (body[:200], r.text)
                is_problem(r)
            # wrong media type, unknown path, wrong method
            is_problem(await c.post("/requests", content=b"{}", headers={"content-type": "text/plain"}), 415)
            is_problem(await c.post("/nowhere", json={}), 404, "not-found")
            is_problem(await c.get("/requests"), 405, "method-not-allowed")
            is_problem(await c.post("/requests", content=b"{}", headers={**JSON, "content-length": "99999999"}), 413)

    run(go())


def test_expired_request(world):
    app = make_app(world, request_ttl=0.05)

    async def go():
        async with client(app) as c:
            created = await create(c, world)
            pres = world.present(created["request"])
            await asyncio.sleep(0.1)
            assert (await c.get(f"/requests/{created['id']}")).json()["status"] == "expired"
            is_problem(await c.post(f"/requests/{created['id']}/presentation", json=pres), 410, "expired")

    run(go())


def test_rate_limit_and_admin_token(world):
    app = make_app(world, rate_limit=1.0, rate_burst=2, admin_token="s3cret")

    async def go():
        async with client(app) as c:
            is_problem(await c.post("/requests", json=world.new_request()), 401, "unauthorized")
            r = await c.post("/requests", json=world.new_request(), headers={"authorization": "Bearer s3cret"})
            assert r.status_code == 201
            r = await c.get("/requests/x")
            doc = is_problem(r, 429, "rate-limited")
            assert int(r.headers["retry-after"]) >= 1 and doc
            assert (await c.get("/healthz")).status_code == 200          # health and metrics are not limited

    run(go())


def test_metrics_healthz_openapi(world):
    app = make_app(world)

    async def go():
        async with client(app) as c:
            created = await create(c, world)
            await c.post(f"/requests/{created['id']}/presentation", json=world.present(created["request"]))
            await c.post("/requests", content=b"[", headers=JSON)
            health = (await c.get("/healthz")).json()
            assert health["status"] == "ok" and health["issuers"] == 1
            m = (await c.get("/metrics")).text
            api = (await c.get("/openapi.json")).json()
            return m, api

    m, api = run(go())
    assert 'zkcred_verifications_total{kind="presentation",outcome="verified"} 1.0' in m
    assert 'zkcred_http_requests_total{method="POST",route="/requests",status="400"} 1.0' in m
    assert "zkcred_verify_batch_size_bucket" in m and "zkcred_http_request_duration_seconds_bucket" in m
    assert api["openapi"].startswith("3.1")
    assert set(api["paths"]) == {"/requests", "/requests/{id}", "/requests/{id}/presentation", "/credentials/verify",
                                 "/presentations/verify", "/healthz", "/metrics", "/openapi.json"}
    documented = set(json.dumps(api).split("urn:zkcred:problem:")[1:])
    slugs = {d.split('"')[0].split(",")[0] for d in documented}
    assert set(PROBLEM_TYPES) <= slugs


def test_audit_redaction():
    from zkcred.service.audit import redact
    msg = "credential 'idcard': attribute 'birth_date' value '1999-01-01' is not \"Zoë\"; score 12345"
    out = redact(msg, safe={"idcard", "birth_date"}, values=[12345])
    assert "'idcard'" in out and "'birth_date'" in out
    assert "1999" not in out and "Zoë" not in out and "12345" not in out


@pytest.fixture(scope="module")
def derived_vc():
    pytest.importorskip("pyld")
    from zkcred import vc
    key = vc.Multikey.generate()
    doc = {"@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
           "type": ["VerifiableCredential", "EmployeeCredential"], "issuer": key.did,
           "validFrom": "2024-01-01T00:00:00Z",
           "credentialSubject": {"givenName": "Zoë", "familyName": "Doe", "employer": "ACME"}}
    signed = vc.issue(doc, key, ["/issuer", "/validFrom"])
    return vc.derive(signed, ["/credentialSubject/givenName"], b"challenge-1")


def test_vc_api_endpoints(world, derived_vc):
    app = make_app(world)

    async def go():
        async with client(app) as c:
            ok = {"checks": ["proof"], "warnings": [], "errors": []}
            r = await c.post("/credentials/verify", json={"verifiableCredential": derived_vc,
                                                          "options": {"challenge": "challenge-1"}})
            assert r.status_code == 200 and r.json() == ok, r.text
            is_problem(await c.post("/credentials/verify", json={"verifiableCredential": derived_vc,
                                                                 "options": {"challenge": "other"}}),
                       422, "verification-failed")
            tampered = json.loads(json.dumps(derived_vc))
            tampered["credentialSubject"]["givenName"] = "Eve"
            is_problem(await c.post("/credentials/verify", json={"verifiableCredential": tampered}), 422,
                       "verification-failed")
            vp = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"],
                  "verifiableCredential": [derived_vc]}
            r = await c.post("/presentations/verify", json={"verifiablePresentation": vp,
                                                            "options": {"challenge": "challenge-1"}})
            assert r.status_code == 200 and r.json() == ok, r.text
            is_problem(await c.post("/presentations/verify",
                                    json={"verifiablePresentation": dict(vp, verifiableCredential=[tampered])}), 422)
            is_problem(await c.post("/presentations/verify", json={"verifiablePresentation": dict(vp, proof={})}), 400)
            is_problem(await c.post("/credentials/verify", json={"verifiableCredential": derived_vc,
                                                                 "options": {"domain": "x"}}), 400)

    run(go())


def test_ledger_directory_caches_by_position(world):
    """LedgerIssuerDirectory over any object with the ledger's entries(since) (LEDGER.md)."""
    from zkcred.service import LedgerIssuerDirectory, UnknownIssuer

    class Entry:
        def __init__(self, position, kind, data, record_id="x"):
            self.position, self.kind, self.data, self.record_id = position, kind, data, record_id

    class FakeLedger:
        def __init__(self):
            self.entries_list, self.calls = [], []

        def entries(self, since=0):
            self.calls.append(since)
            return iter([e for e in self.entries_list if e.position > since])

    led = FakeLedger()
    led.entries_list.append(Entry(1, "schema", b"{}"))
    led.entries_list.append(Entry(2, "issuer", b"not json"))
    d = LedgerIssuerDirectory(led, refresh_interval=0.0)
    assert d.position == 2 and d.ids() == []
    with pytest.raises(UnknownIssuer):
        d.get(world.issuer.id)
    led.entries_list.append(Entry(3, "issuer", world.public.to_json(proving_keys=False).encode()))
    assert d.get(world.issuer.id).id == world.issuer.id
    assert d.position == 3 and led.calls[-1] == 2          # read only what was appended since position 2
    n = len(led.calls)
    d.get(world.issuer.id)
    assert len(led.calls) == n                              # cached


def test_an_unexpected_exception_fails_only_its_own_job(world, monkeypatch):
    """A presentation that makes the library raise something unexpected gets a 500 alone; its batch mates are
    verified."""
    from zkcred.credentials import Presentation
    from zkcred.errors import InternalError
    real = Presentation.from_json

    def flaky(text, **kw):                      # from_json's signature: (text, *, loaded=False)
        if isinstance(text, dict) and text.get("poison"):
            raise KeyError("boom")
        return real(text, **kw)

    monkeypatch.setattr(Presentation, "from_json", staticmethod(flaky))
    directory = StaticIssuerDirectory([world.public])
    jobs = []
    for k in range(4):
        req = PresentationRequest.create(world.new_request()["credentials"], verifier="shop")
        body = world.present(req.to_obj())
        if k == 2:
            body["poison"] = True
        jobs.append(Job(req, body, directory))
    out = verify_jobs(jobs)
    assert isinstance(out[2], InternalError)
    assert [out[k] for k in (0, 1, 3)] == [{"idcard": {"given_name": "Alice"}}] * 3


def test_revocation_states_and_chain_checks_are_kept_across_requests(tmp_path, monkeypatch):
    """Presentations with "not_revoked" against a revocable issuer on a SQLite ledger (LedgerIssuerDirectory):
    all verify (and a revoked holder's does not), and the registry's update chain is checked once per epoch for
    the whole service (the kept Verifier of _verify.verifier_for), not once per presentation."""
    from zkcred.credentials import Holder, Issuer, Schema
    from zkcred.ledger import open_ledger
    from zkcred.registry import registry as registry_mod
    from zkcred.service import LedgerIssuerDirectory

    from .conftest import SCHEMA, ALICE

    ledger = open_ledger(f"sqlite:{tmp_path / 'ledger.db'}")
    schema = Schema.from_json(SCHEMA)
    issuer = Issuer.create(schema, ledger=ledger, revocable=True, registry_block=64)
    holders = []
    for _ in range(2):
        h = Holder.create()
        offer = h.request_credential(issuer.public())
        holders.append((h, h.store(issuer.issue(offer, ALICE), offer)))
    (alice, alice_card), (bob, bob_card) = holders
    issuer.revoke([bob_card.revocation_id])                      # epoch 1: one transition to check
    alice.update(ledger)
    calls = []
    real = registry_mod.verify_transition

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(registry_mod, "verify_transition", counting)
    app = create_app(LedgerIssuerDirectory(ledger), config=ServiceConfig(verifier_id="shop"))
    body = {"credentials": [{"id": "idcard", "schema": schema.id, "issuers": [issuer.id], "disclose": ["given_name"],
                             "not_revoked": True}]}

    async def go():
        async with client(app) as c:
            for _ in range(3):
                created = await create_raw(c, body)
                pres = alice.present(PresentationRequest.from_json(created["request"]), [alice_card]).to_obj()
                r = await c.post(f"/requests/{created['id']}/presentation", json=pres)
                assert r.status_code == 200 and r.json()["disclosed"] == {"idcard": {"given_name": "Alice"}}, r.text
            assert len(calls) == 1
            # Bob's credential is revoked: his old witness cannot answer (the holder refuses; a stale proof is 422)
            created = await create_raw(c, body)
            with pytest.raises(Exception, match="revoked|epoch"):
                bob.update(ledger)
                bob.present(PresentationRequest.from_json(created["request"]), [bob_card])

    try:
        run(go())
    finally:
        ledger.close()


async def create_raw(c: httpx.AsyncClient, body: dict) -> dict:
    r = await c.post("/requests", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def test_hot_path_body_limits_over_raw_asgi(world):
    """The bare presentation handler reads the body itself: a body that stops arriving gets 408, a client that
    disconnects mid-body 400, a streamed body past max_body 413 (no Content-Length), each a problem document, and
    none of them uses up the request."""
    app = make_app(world, body_timeout=0.2, max_body=4096)

    async def call(rid: str, messages: list, headers: list) -> tuple[int, dict, dict]:
        queue = list(messages)

        async def receive():
            if queue:
                return queue.pop(0)
            await asyncio.sleep(3600)           # the rest of the body never comes

        sent = []

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
                 "scheme": "http", "path": f"/requests/{rid}/presentation", "raw_path": b"", "root_path": "",
                 "query_string": b"", "headers": headers, "client": ("127.0.0.1", 5000), "server": ("x", 80)}
        await app(scope, receive, send)
        start, body = sent[0], sent[1]
        return start["status"], dict(start["headers"]), json.loads(body["body"])

    async def go():
        async with client(app) as c:
            created = await create(c, world)
            rid = created["id"]
            ctype = [(b"content-type", b"application/json")]
            status, headers, doc = await call(rid, [{"type": "http.request", "body": b'{"a":', "more_body": True}],
                                              ctype)
            assert status == 408 and doc["type"] == "urn:zkcred:problem:body-timeout"
            assert headers[b"content-type"] == b"application/problem+json"
            status, _, doc = await call(rid, [{"type": "http.request", "body": b'{"a":', "more_body": True},
                                              {"type": "http.disconnect"}], ctype)
            assert status == 400 and doc["type"] == "urn:zkcred:problem:malformed-body"
            chunks = [{"type": "http.request", "body": b" " * 1000, "more_body": True} for _ in range(5)]
            status, _, doc = await call(rid, chunks, ctype)
            assert status == 413 and doc["type"] == "urn:zkcred:problem:body-too-large"
            # none of these claimed the request: the real presentation is still accepted
            pres = world.present(created["request"])
            r = await c.post(f"/requests/{rid}/presentation", json=pres)
            assert r.status_code == 200, r.text

    run(go())
