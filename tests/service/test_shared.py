"""Replicas sharing a real redis-server, and a real ``zkcred serve`` process on loopback."""
from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
from urllib.parse import urlparse

import httpx
import pytest

from zkcred.service import RedisStore, ServiceConfig, StaticIssuerDirectory, create_app

from .conftest import ROOT


def run(coro):
    return asyncio.run(coro)


def test_two_replicas_share_one_redis(world, redis_url):
    """A request created on one replica is answered on the other; the replay goes to the first and is refused;
    the first sees the outcome. Two copies posted at once to both replicas: exactly one is accepted."""
    cfg = ServiceConfig(verifier_id="shop")

    def replica():
        return create_app(StaticIssuerDirectory([world.public]), RedisStore(redis_url), cfg)

    a, b = replica(), replica()

    async def go():
        ca = httpx.AsyncClient(transport=httpx.ASGITransport(app=a), base_url="http://a")
        cb = httpx.AsyncClient(transport=httpx.ASGITransport(app=b), base_url="http://b")
        async with ca, cb:
            r = await ca.post("/requests", json=world.new_request())
            assert r.status_code == 201
            created = r.json()
            assert (await cb.get(f"/requests/{created['id']}")).json()["request"] == created["request"]
            pres = world.present(created["request"])
            r = await cb.post(f"/requests/{created['id']}/presentation", json=pres)
            assert r.status_code == 200, r.text
            r = await ca.post(f"/requests/{created['id']}/presentation", json=pres)
            assert r.status_code == 409 and r.json()["type"] == "urn:zkcred:problem:replay"
            assert (await ca.get(f"/requests/{created['id']}")).json()["status"] == "verified"
            # a race across replicas
            created = (await ca.post("/requests", json=world.new_request())).json()
            pres = world.present(created["request"])
            ra, rb = await asyncio.gather(ca.post(f"/requests/{created['id']}/presentation", json=pres),
                                          cb.post(f"/requests/{created['id']}/presentation", json=pres))
            assert sorted([ra.status_code, rb.status_code]) == [200, 409]
            assert (await ca.get("/healthz")).json()["status"] == "ok"
            await a.state.service.store.close()
            await b.state.service.store.close()

    run(go())


def test_redis_down_is_unhealthy(world):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]                  # nothing listens there once the socket is closed
    app = create_app(StaticIssuerDirectory([world.public]), RedisStore(f"redis://127.0.0.1:{port}/0"))

    async def go():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://a") as c:
            assert (await c.get("/healthz")).status_code == 503
            r = await c.post("/requests", json=world.new_request())
            assert r.status_code == 503 and r.json()["type"] == "urn:zkcred:problem:store-unavailable"
            assert r.headers["retry-after"] == "1"

    run(go())


def test_zkcred_serve_process(world, served):
    """The whole flow over real HTTP against `zkcred serve`, bad input over a raw socket, and the audit log."""
    base, audit = served
    with httpx.Client(base_url=base, timeout=30) as c:
        r = c.post("/requests", json=world.new_request())
        assert r.status_code == 201, r.text
        created = r.json()
        r = c.post(created["presentation"], json=world.present(created["request"]))
        assert r.status_code == 200 and r.json()["disclosed"] == {"idcard": {"given_name": "Alice"}}, r.text
        r = c.post(created["presentation"], json=world.present(created["request"]))
        assert r.status_code == 409 and r.headers["content-type"] == "application/problem+json"
        r = c.post("/requests", content=b"{" * 10_000, headers={"content-type": "application/json"})
        assert r.status_code == 400 and r.json()["type"] == "urn:zkcred:problem:malformed-body"
        r = c.post("/requests", content=b"x" * (300 * 1024), headers={"content-type": "application/json"})
        assert r.status_code == 413
        assert c.get("/healthz").json()["status"] == "ok"
        assert "zkcred_verifications_total" in c.get("/metrics").text
    # a body shorter than its Content-Length, then the connection closed: no crash, the server goes on
    u = urlparse(base)
    with socket.create_connection((u.hostname, u.port), timeout=5) as s:
        s.sendall(b"POST /requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 100\r\n\r\n{\"a\":")
    with socket.create_connection((u.hostname, u.port), timeout=5) as s:
        s.sendall(b"GARBAGE / HTTP/9\r\n\r\n")
        assert s.recv(100).startswith(b"HTTP/1.1 4")
    with httpx.Client(base_url=base, timeout=30) as c:
        assert c.get("/healthz").status_code == 200
    lines = [json.loads(x) for x in audit.read_text().splitlines()]
    assert [ln["outcome"] for ln in lines if ln["event"] == "presentation"] == ["verified", "rejected"]
    assert "Alice" not in audit.read_text()


def test_serve_refuses_bad_setups(issuers_dir, tmp_path):
    def serve(*args):
        return subprocess.run([sys.executable, "-m", "zkcred.cli", "serve", *args], capture_output=True, text=True,
                              env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=60)
    p = serve("--issuers", str(issuers_dir), "--workers", "2")          # memory store with 2 workers
    assert p.returncode == 3 and "--store redis://" in p.stderr
    p = serve("--issuers", str(tmp_path / "missing"))
    assert p.returncode == 3 and "not a directory" in p.stderr
    p = serve("--issuers", str(issuers_dir), "--ledger", "sqlite:x")
    assert p.returncode == 2


def test_zkcred_serve_tls(issuers_dir, tmp_path):
    """--ssl-certfile/--ssl-keyfile: the service speaks HTTPS itself (a self-signed certificate from openssl)."""
    import shutil
    import ssl
    import time

    from .conftest import free_port, wait_port
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl not installed: TLS not tested")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "zkcred.cli", "serve", "--issuers", str(issuers_dir), "--port",
                             str(port), "--ssl-certfile", str(cert), "--ssl-keyfile", str(key), "--log-level",
                             "warning", "--audit-log", str(tmp_path / "audit.log")],
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, stderr=subprocess.PIPE)
    try:
        wait_port(port, proc, "zkcred serve (TLS)")
        deadline = time.monotonic() + 20
        while True:
            try:
                r = httpx.get(f"https://127.0.0.1:{port}/healthz", verify=ssl.create_default_context(cafile=str(cert)),
                              timeout=5)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        assert r.status_code == 200 and r.json()["status"] == "ok"
        with pytest.raises(httpx.TransportError):         # plain HTTP on the TLS port gets no HTTP answer
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).raise_for_status()
    finally:
        proc.terminate()
        _out, err = proc.communicate(timeout=15)
        assert b"Traceback" not in err, err.decode(errors="replace")


def test_zkcred_serve_two_workers_share_redis(world, issuers_dir, redis_url, tmp_path):
    """--workers 2 --store redis://: two worker processes, each listening on its own SO_REUSEPORT socket; the
    connections spread over both; requests created through one connection are answered through others, a replay
    through a third is refused; SIGTERM stops the supervisor and both workers cleanly."""
    import os
    import time
    from pathlib import Path

    from .conftest import free_port, wait_port
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "zkcred.cli", "serve", "--issuers", str(issuers_dir), "--port",
                             str(port), "--workers", "2", "--store", redis_url, "--verifier-id", "shop",
                             "--log-level", "warning", "--audit-log", str(tmp_path / "audit.log")],
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, stderr=subprocess.PIPE)
    try:
        wait_port(port, proc, "zkcred serve --workers 2")
        deadline = time.monotonic() + 30
        children: list[int] = []
        while len(children) < 2 and time.monotonic() < deadline:
            out = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout
            children = [int(x) for x in out.split()
                        if b"resource_tracker" not in Path(f"/proc/{x}/cmdline").read_bytes()]
            time.sleep(0.1)
        assert len(children) == 2, children
        base = f"http://127.0.0.1:{port}"
        answered_by: set[int] = set()
        for _ in range(6):
            with httpx.Client(base_url=base, timeout=60) as c:       # a fresh connection each time
                created = c.post("/requests", json=world.new_request())
                assert created.status_code == 201, created.text
            rid, req = created.json()["id"], created.json()["request"]
            pres = world.present(req)
            with httpx.Client(base_url=base, timeout=60) as c:
                r = c.post(f"/requests/{rid}/presentation", json=pres)
                assert r.status_code == 200 and r.json()["disclosed"] == {"idcard": {"given_name": "Alice"}}, r.text
            with httpx.Client(base_url=base, timeout=60) as c:
                assert c.post(f"/requests/{rid}/presentation", json=pres).status_code == 409
                assert c.get(f"/requests/{rid}").json()["status"] == "verified"
        # many concurrent connections: both workers hold some (each /proc/<pid>/net view is shared, so count the
        # established sockets each worker process has open)
        socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(64)]
        try:
            for s in socks:
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            for s in socks:
                assert s.recv(12).startswith(b"HTTP/1.1 200")
            for pid in children:
                fds = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
                if sum(1 for f in fds if f.startswith("socket:")) > 8:
                    answered_by.add(pid)
        finally:
            for s in socks:
                s.close()
        assert answered_by == set(children)
    finally:
        proc.terminate()
        _out, err = proc.communicate(timeout=40)
    assert proc.returncode == 0 and b"Traceback" not in err, err.decode(errors="replace")
    for pid in children:
        assert not os.path.exists(f"/proc/{pid}") or "zombie" in open(f"/proc/{pid}/status").read().lower()
