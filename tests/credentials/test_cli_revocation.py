"""``zkcred registry create | revoke | status`` and ``zkcred cred`` with revocation (issuer-keys --revocable, issue,
store, update, present, verify with --ledger), each step a separate process, on a SQLite ledger (the default file
under $XDG_DATA_HOME) and on the EVM ledger (anvil). Exit codes: 0 OK, 1 INVALID, 3 malformed input, 4 other,
5 conflict (another writer published the registry's next epoch first: `zkcred registry sync`)."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from zkcred.cli import EXIT_CONFLICT, EXIT_ERROR, EXIT_INPUT, EXIT_INVALID, EXIT_OK
from zkcred.ledger import open_ledger

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = {"name": "IdentityCard", "version": "1.0",
          "attributes": {"given_name": "string", "birth_date": "date", "nationality": {"enum": ["DE", "FR"]}}}


class Cli:
    def __init__(self, d: Path, ledger_args: list[str]) -> None:
        self.d, self.ledger_args = d, ledger_args
        self.env = dict(os.environ, PYTHONPATH=str(ROOT), XDG_DATA_HOME=str(d / "data"))

    def run(self, *args: object, ledger: bool = True) -> subprocess.CompletedProcess:
        argv = [sys.executable, "-m", "zkcred.cli", *map(str, args), *(self.ledger_args if ledger else [])]
        p = subprocess.run(argv, cwd=self.d, env=self.env, capture_output=True, text=True, timeout=300)
        assert "Traceback" not in p.stderr, p.stderr
        return p

    def ok(self, *args: object, ledger: bool = True) -> subprocess.CompletedProcess:
        p = self.run(*args, ledger=ledger)
        assert p.returncode == EXIT_OK, (args, p.stdout, p.stderr)
        return p

    def obtain(self, holder: str, name: str) -> int:
        (self.d / f"{name}-attrs.json").write_text(json.dumps({"given_name": name, "birth_date": "1990-01-01",
                                                               "nationality": "FR"}))
        self.ok("cred", "link-secret", holder, ledger=False)
        self.ok("cred", "request", holder, "issuer.json", f"{name}-offer.json", f"{name}-offer-secret.json",
                ledger=False)
        rid = int(self.ok("cred", "issue", "issuer-secret.json", f"{name}-offer.json", f"{name}-attrs.json",
                          f"{name}-issued.json").stdout)
        self.ok("cred", "store", holder, "issuer.json", f"{name}-issued.json", f"{name}-offer-secret.json",
                f"{name}.json")
        return rid


@pytest.fixture(params=["sqlite-default", "evm"])
def cli(request, tmp_path) -> Cli:
    if request.param == "evm":
        node = request.getfixturevalue("anvil")
        with open_ledger(f"evm:{node.url}", account=0) as deployer:
            address = deployer.address
        return Cli(tmp_path, ["--ledger", f"evm:{node.url}#contract={address}&account=0"])
    return Cli(tmp_path, [])           # the default: sqlite under $XDG_DATA_HOME/zkcred/ledger.db


def test_revocation_through_the_cli(cli):
    d = cli.d
    (d / "schema.json").write_text(json.dumps(SCHEMA))
    p = cli.ok("cred", "issuer-keys", "schema.json", "issuer-secret.json", "--public", "issuer.json",
               "--verifier-public", "issuer-verifier.json", "--merkle-depths", "", "--revocable",
               "--registry-block", "2")
    issuer_id = p.stdout.strip()
    assert "revocation registry urn:zkcred:registry:" in p.stderr
    if not cli.ledger_args:
        assert (d / "data" / "zkcred" / "ledger.db").exists()
    assert stat.S_IMODE((d / "issuer-secret.json").stat().st_mode) == 0o600

    status = json.loads(cli.ok("registry", "status", "issuer.json").stdout)
    reg = status["registry"]
    assert reg.startswith("urn:zkcred:registry:sha256:") and status["issuer"] == issuer_id
    assert (status["epoch"], status["updates"], status["revocations"]) == (0, 0, 0) and status["value"]
    head = cli.ok("ledger", "show", "--json").stdout.count("\n")
    assert cli.ok("registry", "create", "issuer-secret.json").stdout.strip() == reg
    assert cli.ok("ledger", "show", "--json").stdout.count("\n") == head            # nothing appended twice

    ids = [cli.obtain(f"{who}-holder.json", who) for who in ("alice", "bob", "carol")]
    assert ids == [0, 1, 2]                              # the issuer file carries the handles across processes
    status = json.loads(cli.ok("registry", "status", issuer_id).stdout)
    assert (status["epoch"], status["updates"], status["revocations"]) == (1, 1, 0)      # carol's block top-up

    schema_id = cli.ok("cred", "schema-id", "schema.json", ledger=False).stdout.strip()
    creq = json.dumps({"id": "idcard", "schema": schema_id, "issuers": [issuer_id], "disclose": ["given_name"],
                       "not_revoked": True})
    cli.ok("cred", "new-request", "req.json", "--verifier", "shop", "--credential", creq, ledger=False)
    cli.ok("cred", "present", "alice-holder.json", "req.json", "alice-pres.json", "--credential", "alice.json",
           "--issuer", "issuer.json")
    cli.ok("cred", "present", "bob-holder.json", "req.json", "bob-pres.json", "--credential", "bob.json",
           "--issuer", "issuer.json")
    out = cli.ok("cred", "verify", "req.json", "bob-pres.json", "--issuer", "issuer-verifier.json").stdout
    assert json.loads(out) == {"idcard": {"given_name": "bob"}}
    out = cli.ok("cred", "verify", "req.json", "alice-pres.json", "--issuer", issuer_id).stdout   # id -> ledger
    assert json.loads(out) == {"idcard": {"given_name": "alice"}}

    p = cli.ok("registry", "revoke", "issuer-secret.json", ids[0])
    assert json.loads(p.stdout)["epoch"] == 2 and stat.S_IMODE((d / "issuer-secret.json").stat().st_mode) == 0o600
    status = json.loads(cli.ok("registry", "status", "issuer-secret.json").stdout)
    assert (status["epoch"], status["updates"], status["revocations"]) == (2, 2, 1)
    assert status["bytes_published"] == (8 + 48 + 80 * 2 - 48) + (8 + 48 + 80 - 48)
    assert json.loads(cli.ok("registry", "status", reg, "--epoch", "1").stdout)["epoch"] == 1
    p = cli.run("registry", "revoke", "issuer-secret.json", ids[0])
    assert p.returncode == EXIT_ERROR and "already revoked" in p.stderr

    # a stale presentation is INVALID, naming the epochs; the revoked holder updates and is refused
    p = cli.run("cred", "verify", "req.json", "bob-pres.json", "--issuer", "issuer-verifier.json")
    assert p.returncode == EXIT_INVALID and "epoch 1" in p.stderr and "epoch 2" in p.stderr
    summary = json.loads(cli.ok("cred", "update", "--credential", "alice.json").stdout)
    assert (summary["revoked"], summary["updated"]) == (1, 0)
    assert summary["credentials"]["alice.json"] == {"epoch": 1, "revoked": True}
    assert json.loads((d / "alice.json").read_text())["revoked"] is True
    assert stat.S_IMODE((d / "alice.json").stat().st_mode) == 0o600
    cli.ok("cred", "new-request", "req2.json", "--template", "req.json", ledger=False)
    p = cli.run("cred", "present", "alice-holder.json", "req2.json", "alice-pres2.json", "--credential", "alice.json",
                "--issuer", "issuer.json")
    assert p.returncode == EXIT_ERROR and "revoked" in p.stderr and not (d / "alice-pres2.json").exists()
    # bob's present brings his witness up to date first (no explicit update)
    cli.ok("cred", "present", "bob-holder.json", "req2.json", "bob-pres2.json", "--credential", "bob.json",
           "--issuer", "issuer.json")
    assert json.loads((d / "bob.json").read_text())["revocation"]["epoch"] == 2
    out = cli.ok("cred", "verify", "req2.json", "bob-pres2.json", "--issuer", "issuer-verifier.json").stdout
    assert json.loads(out) == {"idcard": {"given_name": "bob"}}
    summary = json.loads(cli.ok("cred", "update", "--credential", "bob.json", "--credential", "carol.json",
                                "--issuer", "issuer.json").stdout)
    assert (summary["updated"], summary["revoked"]) == (1, 0)          # carol; bob was current
    assert cli.ok("ledger", "verify").stdout.startswith("OK")


def test_two_copies_of_an_issuer_file_conflict_and_resync(cli):
    """Two copies of one issuer file (two machines): one publishes epoch 1 while the other has journalled its own
    epoch 1 (its append lost the race). The second's next command exits 5 (conflict) naming what to do and
    changes nothing; `registry sync` takes the ledger's epoch and prints the revocation ids to revoke again; then
    two processes revoking from two copies at once: exactly one epoch lands, the other exits 4 or 5."""
    from zkcred.credentials import Issuer
    d = cli.d
    (d / "schema.json").write_text(json.dumps(SCHEMA))
    cli.ok("cred", "issuer-keys", "schema.json", "issuer-secret.json", "--public", "issuer.json", "--merkle-depths",
           "", "--revocable", "--registry-block", "8")
    ann, bob, cid, dan = (cli.obtain(f"{w}-holder.json", w) for w in ("ann", "bob", "cid", "dan"))
    copy = Issuer.from_json((d / "issuer-secret.json").read_text())
    copy.registry.revoke([bob])                       # machine B journalled its epoch 1, not published
    copy.save(str(d / "copy.json"))
    assert json.loads(cli.ok("registry", "revoke", "issuer-secret.json", ann).stdout)["epoch"] == 1
    saved = (d / "copy.json").read_text()
    head = cli.ok("ledger", "show", "--json").stdout.count("\n")
    p = cli.run("registry", "revoke", "copy.json", cid)
    assert p.returncode == EXIT_CONFLICT, (p.stdout, p.stderr)
    assert p.stderr.startswith("conflict: registry urn:zkcred:registry:") and "another writer published epoch 1 " \
        "first" in p.stderr and f"revocation ids [{bob}]" in p.stderr and "zkcred registry sync" in p.stderr
    assert (d / "copy.json").read_text() == saved and cli.ok("ledger", "show", "--json").stdout.count("\n") == head
    p = cli.ok("registry", "sync", "copy.json")
    assert json.loads(p.stdout) == [bob] and f"revoke again: {bob}" in p.stderr
    assert json.loads(cli.ok("registry", "revoke", "copy.json", bob).stdout)["epoch"] == 2
    assert cli.ok("registry", "sync", "copy.json").stdout.strip() == "[]"       # nothing to do
    # the two machines again, now at once: copies of the newest file, one process each
    for name in ("m1.json", "m2.json"):
        (d / name).write_text((d / "copy.json").read_text())
    argv = [[sys.executable, "-m", "zkcred.cli", "registry", "revoke", f"m{k}.json", str(rid), *cli.ledger_args]
            for k, rid in ((1, cid), (2, dan))]
    procs = [subprocess.Popen(a, cwd=d, env=cli.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for a in argv]
    outs = [p.communicate(timeout=300) for p in procs]
    codes = sorted(p.returncode for p in procs)
    assert codes[0] == EXIT_OK and codes[1] in (EXIT_ERROR, EXIT_CONFLICT), outs
    assert all("Traceback" not in err for _, err in outs)
    status = json.loads(cli.ok("registry", "status", "issuer.json").stdout)
    assert (status["epoch"], status["updates"], status["revocations"]) == (3, 3, 3)
    assert cli.ok("ledger", "verify").stdout.startswith("OK")


def test_cli_errors(tmp_path):
    cli = Cli(tmp_path, ["--ledger", f"sqlite:{tmp_path / 'none.db'}"])
    (tmp_path / "x.json").write_text("{}")
    p = cli.run("registry", "status", "urn:zkcred:registry:sha256:" + "00" * 32)
    assert p.returncode == EXIT_INPUT and "no ledger file" in p.stderr            # never created by status
    p = cli.run("registry", "revoke", "x.json", "zero")
    assert p.returncode == EXIT_INPUT and "revocation id 'zero'" in p.stderr
    p = cli.run("registry", "status", "x.json", ledger=False)
    assert p.returncode == EXIT_INPUT
    p = cli.run("registry", "status", "x.json", "--ledger", "ftp:somewhere", ledger=False)
    assert p.returncode == EXIT_INPUT and "expected sqlite:" in p.stderr
    cli.ok("ledger", "init")
    p = cli.run("registry", "status", "urn:zkcred:registry:sha256:" + "00" * 32)
    assert p.returncode == EXIT_ERROR and "no registry" in p.stderr
    p = cli.run("cred", "update", "--credential", "missing.json")
    assert p.returncode == EXIT_INPUT


def test_registry_create_publishes_an_issuer_that_is_not_on_the_ledger_yet(tmp_path):
    """`issuer-keys --revocable` writes the secret file before it publishes; when that publication fails (or goes to
    another ledger), `registry create` is the way to publish it. The journal's ledger check (Issuer.sync) refused it
    ("publish the issuer before its first revocation") before any state was on the ledger at all."""
    cli = Cli(tmp_path, [])
    (tmp_path / "schema.json").write_text(json.dumps(SCHEMA))
    cli.ok("cred", "issuer-keys", "schema.json", "issuer-secret.json", "--public", "issuer.json", "--merkle-depths",
           "", "--revocable", "--registry-block", "2", "--ledger", f"sqlite:{tmp_path}/first.db", ledger=False)
    other = ["--ledger", f"sqlite:{tmp_path}/second.db"]
    cli.ok("ledger", "init", *other, ledger=False)
    reg = cli.ok("registry", "create", "issuer-secret.json", *other, ledger=False).stdout.strip()
    status = json.loads(cli.ok("registry", "status", "issuer.json", *other, ledger=False).stdout)
    assert status["registry"] == reg and status["epoch"] == 0
