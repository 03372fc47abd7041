"""Fixtures of the verifier service tests: one issuer and holder for the session, a directory of issuer files,
a real redis-server on a free loopback port, and a real ``zkcred serve`` process."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from _testlib import require_peer
from zkcred.credentials import Credential, Holder, Issuer, PresentationRequest, Schema

ROOT = Path(__file__).resolve().parents[2]

SCHEMA = {"name": "IdentityCard", "version": "1.0",
          "attributes": {"given_name": "string", "family_name": "string", "birth_date": "date", "score": "integer",
                         "nationality": {"enum": ["DE", "FR", "NL", "US"]}}}
ALICE = {"given_name": "Alice", "family_name": "Doe", "birth_date": "2001-05-17", "score": 15, "nationality": "FR"}


class World:
    """An issuer, a holder with a credential, and a credential whose signature is corrupt (its presentations pass
    every check but the pairing equation)."""

    def __init__(self) -> None:
        self.schema = Schema.from_json(SCHEMA)
        self.issuer = Issuer.create(self.schema)
        self.public = self.issuer.public()
        self.holder = Holder.create()
        offer = self.holder.request_credential(self.public)
        self.cred = self.holder.store(self.issuer.issue(offer, ALICE), offer)
        sig = self.cred.signature
        e = (int.from_bytes(sig[48:], "big") + 1).to_bytes(32, "big")
        self.bad_cred = Credential(self.cred.issuer, self.cred.schema, self.cred.attributes, sig[:48] + e,
                                   self.cred.prover_blind)

    def new_request(self, **extra: object) -> dict:
        """The body of POST /requests: given name disclosed, born on or before 2008-12-02."""
        body: dict = {"credentials": [{"id": "idcard", "schema": self.schema.id, "issuers": [self.issuer.id],
                                       "disclose": ["given_name"],
                                       "predicates": [{"attribute": "birth_date", "op": "<=",
                                                       "value": "2008-12-02"}]}]}
        body.update(extra)
        return body

    def present(self, request_obj: dict, bad: bool = False) -> dict:
        req = PresentationRequest.from_json(request_obj)
        return self.holder.present(req, [self.bad_cred if bad else self.cred]).to_obj()


@pytest.fixture(scope="session")
def world() -> World:
    return World()


@pytest.fixture(scope="session")
def issuers_dir(world: World, tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("issuers")
    (d / "identity.json").write_text(world.public.to_json(proving_keys=False))
    return d


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on {port} within {timeout} s")


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory):
    """A real redis-server (Debian's package, installed by `make test`) on a free loopback port."""
    exe = shutil.which("redis-server")
    require_peer(exe is not None, "redis-server (Debian package redis-server; `make redis`)")
    d = tmp_path_factory.mktemp("redis")
    port = free_port()
    proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(d), "--save", "",
                             "--appendonly", "no", "--protected-mode", "yes"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port(port, proc, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def served(issuers_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """A real ``zkcred serve`` process on 127.0.0.1 (free port): (base URL, audit log path)."""
    port = free_port()
    audit = tmp_path_factory.mktemp("served") / "audit.log"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "zkcred.cli", "serve", "--issuers", str(issuers_dir),
                             "--host", "127.0.0.1", "--port", str(port), "--verifier-id", "shop",
                             "--audit-log", str(audit), "--log-level", "warning"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_port(port, proc, "zkcred serve")
        yield f"http://127.0.0.1:{port}", audit
    finally:
        proc.terminate()
        try:
            _out, err = proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            _out, err = proc.communicate()
        assert b"Traceback" not in err, err.decode(errors="replace")
