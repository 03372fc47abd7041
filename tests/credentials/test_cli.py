"""``zkcred cred``: the whole credential flow through files, each step a separate process (``python -m zkcred.cli``),
and the exit codes scripts rely on (0 OK, 1 INVALID, 2 usage, 3 malformed input, 4 other errors)."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from zkcred.cli import EXIT_ERROR, EXIT_INPUT, EXIT_INVALID, EXIT_OK, EXIT_USAGE

ROOT = Path(__file__).resolve().parents[2]
ENV = dict(os.environ, PYTHONPATH=str(ROOT))

SCHEMA = {"name": "IdentityCard", "version": "1.0",
          "attributes": {"given_name": "string", "family_name": "string", "birth_date": "date", "score": "integer",
                         "nationality": {"enum": ["DE", "FR", "NL", "US"]}}}
ALICE = {"given_name": "Alice", "family_name": "Doe", "birth_date": "2001-05-17", "score": -15, "nationality": "FR"}
ALICE2 = {"given_name": "Alicia", "family_name": "Doe", "birth_date": "2001-05-17", "score": 3, "nationality": "DE"}
SECRET_MODE = 0o600


def zk(cwd: Path, *args: object) -> subprocess.CompletedProcess:
    """``zkcred cred <args>`` as a whole process; no run may ever end in a traceback."""
    p = subprocess.run([sys.executable, "-m", "zkcred.cli", "cred", *map(str, args)], cwd=cwd, env=ENV,
                       capture_output=True, text=True, timeout=300)
    assert "Traceback" not in p.stderr, p.stderr
    return p


def ok(cwd: Path, *args: object) -> subprocess.CompletedProcess:
    p = zk(cwd, *args)
    assert p.returncode == EXIT_OK, (args, p.stderr)
    return p


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def obtain(d: Path, attributes: dict, name: str) -> Path:
    """request -> issue -> store: a credential for the holder of d/holder.json; returns credential path."""
    (d / f"{name}-attributes.json").write_text(json.dumps(attributes))
    ok(d, "request", "holder.json", "issuer.json", f"{name}-offer.json", f"{name}-offer-secret.json")
    ok(d, "issue", "issuer-secret.json", f"{name}-offer.json", f"{name}-attributes.json", f"{name}-issued.json")
    ok(d, "store", "holder.json", "issuer.json", f"{name}-issued.json", f"{name}-offer-secret.json",
       f"{name}.json")
    return d / f"{name}.json"


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict:
    """An issuer (made once: ~1 s of key setup; the README walkthrough test uses the default depths), a holder and
    one stored credential, all through the CLI."""
    d = tmp_path_factory.mktemp("cred")
    (d / "schema.json").write_text(json.dumps(SCHEMA))
    schema_id = ok(d, "schema-id", "schema.json").stdout.strip()
    p = ok(d, "issuer-keys", "schema.json", "issuer-secret.json", "--public", "issuer.json",
           "--verifier-public", "issuer-verifier.json", "--merkle-depths", "4")   # small keys: fast tests
    assert "predicate key range" in p.stderr          # progress on stderr, the id alone on stdout
    issuer_id = p.stdout.strip()
    ok(d, "link-secret", "holder.json")
    obtain(d, ALICE, "idcard")
    return {"dir": d, "schema": schema_id, "issuer": issuer_id}


def entry(world: dict, cid: str = "idcard", disclose=("given_name",), predicates=()) -> str:
    return json.dumps({"id": cid, "schema": world["schema"], "issuers": [world["issuer"]],
                       "disclose": list(disclose), "predicates": list(predicates)})


def new_request(world: dict, out: str, *entries: str, extra=()) -> dict:
    args = [a for e in entries for a in ("--credential", e)]
    ok(world["dir"], "new-request", out, "--verifier", "shop.example", *args, *extra)
    return load(world["dir"] / out)


# ------------------------------------------------------------------------------------------------ issuer side

def test_schema_id_is_the_documented_digest(world):
    canonical = json.dumps(SCHEMA, sort_keys=True, separators=(",", ":")).encode()
    assert world["schema"] == "urn:zkcred:schema:sha256:" + hashlib.sha256(canonical).hexdigest()


def test_issuer_documents(world):
    d = world["dir"]
    full, ver = load(d / "issuer.json"), load(d / "issuer-verifier.json")
    assert full["id"] == ver["id"] == world["issuer"]
    assert full["schema"] == SCHEMA
    assert set(full["predicate_keys"]) == {"range", "set16", "merkle4"} and full["merkle_depths"] == [4]
    assert all("pk" in k for k in full["predicate_keys"].values())
    assert not any("pk" in k for k in ver["predicate_keys"].values())
    assert ok(d, "issuer-id", "issuer-verifier.json").stdout.strip() == world["issuer"]
    # re-exported from the secret: the same documents
    assert ok(d, "issuer-public", "issuer-secret.json", "again.json").stdout.strip() == world["issuer"]
    assert load(d / "again.json") == full
    ok(d, "issuer-public", "issuer-secret.json", "again-verifier.json", "--verifier")
    assert load(d / "again-verifier.json") == ver
    # an issuer document whose keys were changed no longer matches its id
    ver["public_key"] = full["predicate_keys"]["range"]["pk_digest"] * 4
    (d / "bad-issuer.json").write_text(json.dumps(ver))
    p = zk(d, "issuer-id", "bad-issuer.json")
    assert p.returncode == EXIT_INPUT and "bad-issuer.json: issuer.public_key" in p.stderr


def test_secrets_are_0600(world):
    d = world["dir"]
    for name in ("issuer-secret.json", "holder.json", "idcard-offer-secret.json", "idcard.json"):
        assert mode(d / name) == SECRET_MODE, name
    assert "secret_key" in load(d / "issuer-secret.json")
    assert "link_secret" in load(d / "holder.json")
    assert "prover_blind" in load(d / "idcard-offer-secret.json")
    assert "prover_blind" not in load(d / "idcard-offer.json")      # what the issuer receives
    # an existing, world-readable file is made 0600 before the secret goes into it
    (d / "loose.json").write_text("{}")
    os.chmod(d / "loose.json", 0o644)
    ok(d, "store", "holder.json", "issuer.json", "idcard-issued.json", "idcard-offer-secret.json", "loose.json")
    assert mode(d / "loose.json") == SECRET_MODE
    assert load(d / "loose.json") == load(d / "idcard.json")


def test_secret_files_are_not_overwritten_without_force(world, tmp_path):
    d = world["dir"]
    before = (d / "holder.json").read_text()
    p = zk(d, "link-secret", "holder.json")
    assert p.returncode == EXIT_ERROR and "--force" in p.stderr
    assert (d / "holder.json").read_text() == before
    p = zk(d, "issuer-keys", "schema.json", "issuer-secret.json")
    assert p.returncode == EXIT_ERROR and "--force" in p.stderr
    (tmp_path / "h.json").write_text("{}")
    ok(tmp_path, "link-secret", "h.json", "--force")
    assert "link_secret" in load(tmp_path / "h.json") and mode(tmp_path / "h.json") == SECRET_MODE


def test_issue_rejects_bad_attributes(world):
    d = world["dir"]
    bad = dict(ALICE, birth_date="2001-02-30")
    (d / "bad-attributes.json").write_text(json.dumps(bad))
    p = zk(d, "issue", "issuer-secret.json", "idcard-offer.json", "bad-attributes.json", "x-issued.json")
    assert p.returncode == EXIT_INPUT and "attributes.birth_date" in p.stderr
    (d / "bad-attributes.json").write_text(json.dumps({k: v for k, v in ALICE.items() if k != "score"}))
    p = zk(d, "issue", "issuer-secret.json", "idcard-offer.json", "bad-attributes.json", "x-issued.json")
    assert p.returncode == EXIT_INPUT and "'score'" in p.stderr
    assert not (d / "x-issued.json").exists()


def test_store_rejects_a_forged_credential(world):
    d = world["dir"]
    issued = load(d / "idcard-issued.json")
    issued["attributes"]["birth_date"] = "1990-01-01"              # not what the issuer signed
    (d / "forged-issued.json").write_text(json.dumps(issued))
    p = zk(d, "store", "holder.json", "issuer.json", "forged-issued.json", "idcard-offer-secret.json", "forged.json")
    assert p.returncode == EXIT_INVALID and p.stderr.startswith("INVALID: ")
    assert not (d / "forged.json").exists()
    # the offer sent to the issuer has no prover blind: store needs the holder's offer secret
    p = zk(d, "store", "holder.json", "issuer.json", "idcard-issued.json", "idcard-offer.json", "forged.json")
    assert p.returncode == EXIT_INPUT and "prover_blind" in p.stderr


# ------------------------------------------------------------------------------------------------ present, verify

_B64_BLOB = re.compile(r"[A-Za-z0-9_-]{40,}")


def _leaks(doc, value: str) -> list[str]:
    """The strings of a JSON document (keys and values, at any depth) that carry ``value``: equal to it, or holding
    it inside any string but a long base64url blob (a point or scalar: random text, which holds a short string
    by chance -- "Doe" about once in a hundred presentations -- and cannot carry a clear value)."""
    out: list[str] = []

    def walk(x) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                walk(k)
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, str) and (x == value or (value in x and not _B64_BLOB.fullmatch(x))):
            out.append(x)
    walk(doc)
    return out


def test_present_verify(world):
    d = world["dir"]
    req = new_request(world, "request.json", entry(world, predicates=[
        {"attribute": "birth_date", "op": "<=", "value": "2008-12-02"},
        {"attribute": "nationality", "op": "in", "value": ["DE", "FR", "NL"]},
        {"attribute": "score", "op": "between", "value": [-20, -10]}]))
    assert len(base64.urlsafe_b64decode(req["nonce"] + "==")) == 32
    ok(d, "present", "holder.json", "request.json", "presentation.json", "--credential", "idcard.json",
       "--issuer", "issuer.json")
    pres = load(d / "presentation.json")
    assert pres["credentials"][0]["disclosed"] == {"given_name": "Alice"}
    assert _leaks(pres, "Doe") == []                                 # hidden attributes stay hidden
    assert _leaks({"a": ["Doe"]}, "Doe") and _leaks({"b": "is Doe"}, "Doe") and _leaks({"Doe": 1}, "Doe")
    p = ok(d, "verify", "request.json", "presentation.json", "--issuer", "issuer-verifier.json")
    assert json.loads(p.stdout) == {"idcard": {"given_name": "Alice"}}
    # the full issuer document serves verifiers too
    assert json.loads(ok(d, "verify", "request.json", "presentation.json", "--issuer", "issuer.json").stdout) \
        == {"idcard": {"given_name": "Alice"}}


def test_two_credentials_of_one_holder(world):
    d = world["dir"]
    obtain(d, ALICE2, "idcard2")
    new_request(world, "two.json", entry(world, "a", disclose=("given_name",)),
                entry(world, "b", disclose=("nationality",)), extra=("--same", "a.family_name,b.family_name"))
    ok(d, "present", "holder.json", "two.json", "two-presentation.json", "--credential", "idcard.json",
       "--credential", "idcard2.json", "--issuer", "issuer.json")
    p = ok(d, "verify", "two.json", "two-presentation.json", "--issuer", "issuer-verifier.json")
    assert json.loads(p.stdout) == {"a": {"given_name": "Alice"}, "b": {"nationality": "DE"}}
    # one credential for two entries: a usage mistake named, no file
    p = zk(d, "present", "holder.json", "two.json", "two-bad.json", "--credential", "idcard.json",
           "--issuer", "issuer.json")
    assert p.returncode == EXIT_INPUT and "asks for 2 credentials, 1 given" in p.stderr
    assert not (d / "two-bad.json").exists()


def test_tampered_presentations_are_invalid(world):
    d = world["dir"]
    new_request(world, "t-request.json", entry(world, predicates=[
        {"attribute": "birth_date", "op": "<=", "value": "2008-12-02"}]))
    ok(d, "present", "holder.json", "t-request.json", "t.json", "--credential", "idcard.json",
       "--issuer", "issuer.json")
    good = load(d / "t.json")
    cases = {
        "disclosed value": lambda p: p["credentials"][0]["disclosed"].update(given_name="Mallory"),
        "signature response": lambda p: p["credentials"][0]["signature"].update(
            e_hat=p["credentials"][0]["signature"]["r1_hat"]),
        "predicate proof": lambda p: p["credentials"][0]["predicates"][0]["proof"].update(
            A=p["credentials"][0]["signature"]["Abar"]),
        "challenge": lambda p: p.update(challenge=p["credentials"][0]["signature"]["r3_hat"]),
    }
    for what, change in cases.items():
        bad = json.loads(json.dumps(good))
        change(bad)
        (d / "t-bad.json").write_text(json.dumps(bad))
        p = zk(d, "verify", "t-request.json", "t-bad.json", "--issuer", "issuer-verifier.json")
        assert p.returncode == EXIT_INVALID and p.stderr.startswith("INVALID: "), (what, p.stderr)
        assert p.stdout == "", what
    # replayed under a fresh request (same content, new nonce: new-request --template)
    ok(d, "new-request", "t-request2.json", "--template", "t-request.json")
    r1, r2 = load(d / "t-request.json"), load(d / "t-request2.json")
    assert r1["nonce"] != r2["nonce"] and {**r1, "nonce": None} == {**r2, "nonce": None}
    p = zk(d, "verify", "t-request2.json", "t.json", "--issuer", "issuer-verifier.json")
    assert p.returncode == EXIT_INVALID and "another request" in p.stderr


def test_predicates_follow_the_dates(world, rng):
    """Present succeeds exactly when the hidden birth date satisfies the predicate (datetime as the reference);
    a false predicate is a clear error (exit 4) and no presentation file."""
    d = world["dir"]
    birth = dt.date.fromisoformat(ALICE["birth_date"])
    thresholds = [birth, birth - dt.timedelta(days=1)] + [birth + dt.timedelta(days=rng.randint(-4000, 4000))
                                                         for _ in range(2)]
    for k, t in enumerate(thresholds):
        op = rng.choice(["<=", "<", ">=", ">"]) if k >= 2 else "<="
        holds = {"<=": birth <= t, "<": birth < t, ">=": birth >= t, ">": birth > t}[op]
        new_request(world, "p-request.json", entry(world, disclose=(), predicates=[
            {"attribute": "birth_date", "op": op, "value": t.isoformat()}]))
        out = d / f"p-{k}.json"
        p = zk(d, "present", "holder.json", "p-request.json", out.name, "--credential", "idcard.json",
               "--issuer", "issuer.json")
        if holds:
            assert p.returncode == EXIT_OK, (op, t, p.stderr)
            assert json.loads(ok(d, "verify", "p-request.json", out.name, "--issuer", "issuer-verifier.json")
                              .stdout) == {"idcard": {}}
        else:
            assert p.returncode == EXIT_ERROR, (op, t, p.stderr)
            assert "does not satisfy the requested predicate" in p.stderr and "no presentation" in p.stderr
            assert not out.exists()


# ------------------------------------------------------------------------------------------------ input errors

def test_malformed_and_missing_files(world):
    d = world["dir"]
    ok(d, "new-request", "m-request.json", "--verifier", "v", "--credential",
       entry(world, predicates=[{"attribute": "birth_date", "op": "<=", "value": "2008-12-02"}]))
    ok(d, "present", "holder.json", "m-request.json", "m.json", "--credential", "idcard.json",
       "--issuer", "issuer.json")
    pres = load(d / "m.json")
    pres["credentials"][0]["signature"]["Abar"] = "AAAA"
    (d / "m-bad.json").write_text(json.dumps(pres))
    p = zk(d, "verify", "m-request.json", "m-bad.json", "--issuer", "issuer-verifier.json")
    assert p.returncode == EXIT_INPUT
    assert p.stderr == "error: m-bad.json: presentation.credentials[0].signature.Abar: expected 96 bytes, got 3\n"
    (d / "m-bad.json").write_text('{"type": "zkcred/presentation/v2", "type": 1}')
    p = zk(d, "verify", "m-request.json", "m-bad.json", "--issuer", "issuer-verifier.json")
    assert p.returncode == EXIT_INPUT and "m-bad.json" in p.stderr and "duplicate key 'type'" in p.stderr
    (d / "m-bad.json").write_text("{not json")
    p = zk(d, "verify", "m-request.json", "m-bad.json", "--issuer", "issuer-verifier.json")
    assert p.returncode == EXIT_INPUT and "not valid JSON" in p.stderr
    p = zk(d, "verify", "m-request.json", "missing.json", "--issuer", "issuer-verifier.json")
    assert p.returncode == EXIT_INPUT and "missing.json" in p.stderr
    p = zk(d, "present", "holder.json", "m-request.json", "m2.json", "--credential", "nope.json",
           "--issuer", "issuer.json")
    assert p.returncode == EXIT_INPUT and "nope.json" in p.stderr and not (d / "m2.json").exists()
    cred = load(d / "idcard.json")
    del cred["signature"]
    (d / "m-cred.json").write_text(json.dumps(cred))
    p = zk(d, "present", "holder.json", "m-request.json", "m2.json", "--credential", "m-cred.json",
           "--issuer", "issuer.json")
    assert p.returncode == EXIT_INPUT and "m-cred.json: credential.signature: missing" in p.stderr
    # a holder needs the proving keys: the verifier's copy is named as the wrong file
    p = zk(d, "present", "holder.json", "m-request.json", "m2.json", "--credential", "idcard.json",
           "--issuer", "issuer-verifier.json")
    assert p.returncode == EXIT_INPUT and "issuer-verifier.json: a verifier's copy" in p.stderr


def test_new_request_errors(world):
    d = world["dir"]
    typo = entry(world, disclose=(), predicates=[{"attribute": "birthdate", "op": "<=", "value": "2008-12-02"}])
    p = zk(d, "new-request", "n.json", "--verifier", "v", "--credential", typo, "--issuer", "issuer-verifier.json")
    assert p.returncode == EXIT_INPUT and "request.credentials[0].predicates[0].attribute" in p.stderr
    assert not (d / "n.json").exists()
    p = zk(d, "new-request", "n.json", "--verifier", "v", "--credential", '{"id": "x"')
    assert p.returncode == EXIT_INPUT and "--credential #1: not valid JSON" in p.stderr
    p = zk(d, "new-request", "n.json", "--credential", entry(world))
    assert p.returncode == EXIT_INPUT and "request.verifier: missing" in p.stderr
    p = zk(d, "new-request", "n.json", "--verifier", "v", "--credential", entry(world), "--same", "idcard.x")
    assert p.returncode == EXIT_INPUT and "request.same[0]" in p.stderr
    # without --issuer the schema is not known: the typo is caught when presenting
    ok(d, "new-request", "n.json", "--verifier", "v", "--credential", typo)
    p = zk(d, "present", "holder.json", "n.json", "n-pres.json", "--credential", "idcard.json",
           "--issuer", "issuer.json")
    assert p.returncode == EXIT_INPUT and "schema has no attribute 'birthdate'" in p.stderr


def test_usage(world):
    d = world["dir"]
    assert zk(d, "verify", "a.json", "b.json").returncode == EXIT_USAGE          # --issuer is required
    assert zk(d, "present", "h.json", "r.json", "o.json", "--issuer", "i.json").returncode == EXIT_USAGE
    assert zk(d, "nope").returncode == EXIT_USAGE
    p = ok(d, "--help")
    assert "issuer-keys" in p.stdout and "new-request" in p.stdout
    p = zk(d, "issuer-keys", "schema.json", "s.json", "--merkle-depths", "ten")
    assert p.returncode == EXIT_INPUT and "--merkle-depths" in p.stderr


# ------------------------------------------------------------------------------------------------ the README

def test_readme_walkthrough_runs(tmp_path):
    """The shell walkthrough of README.md's "zkcred cred" section, run as written (``zkcred`` = this checkout)."""
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## zkcred cred"):]
    script = section[section.index("```sh\n") + 6:]
    script = script[:script.index("```\n")]
    assert "zkcred cred verify" in script
    bindir = tmp_path / "bin"
    bindir.mkdir()
    shim = bindir / "zkcred"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m zkcred.cli "$@"\n')
    shim.chmod(0o755)
    env = dict(ENV, PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    p = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 0 and "Traceback" not in p.stderr, p.stderr
    assert json.loads(p.stdout) == {"idcard": {"given_name": "Alice"}}
    assert mode(tmp_path / "credential.json") == SECRET_MODE


# ------------------------------------------------------------------------------------------------ hostile files

HOSTILE_TEXTS = {"deep": "[" * 4096, "array": "[]", "null": "null", "string": '"x"', "dup": '{"type": 1, "type": 2}',
                 "nan": '{"type": NaN}', "not json": "{oops", "not utf-8": b"\xff\xfe{}"}
# each command with every JSON file it reads (OUT*: files it writes)
HOSTILE_COMMANDS = {
    "schema-id": ["schema-id", "schema.json"],
    "issuer-id": ["issuer-id", "issuer-verifier.json"],
    "issuer-public": ["issuer-public", "issuer-secret.json", "OUT"],
    "request": ["request", "holder.json", "issuer-verifier.json", "OUT", "OUT2"],
    "issue": ["issue", "issuer-secret.json", "idcard-offer.json", "idcard-attributes.json", "OUT"],
    "store": ["store", "holder.json", "issuer.json", "idcard-issued.json", "idcard-offer-secret.json", "OUT"],
    "present": ["present", "holder.json", "h-request.json", "OUT", "--credential", "idcard.json",
                "--issuer", "issuer.json"],
    "new-request": ["new-request", "OUT", "--template", "h-request.json", "--issuer", "issuer-verifier.json"],
    "verify": ["verify", "h-request.json", "h-presentation.json", "--issuer", "issuer-verifier.json"],
}
BIG = {"issuer.json", "issuer-secret.json"}       # several MB: only whole-document hostility, not per field


def run_in_process(*argv: object) -> int:
    from zkcred import cli
    try:
        return cli.main(["cred", *map(str, argv)])
    except SystemExit as e:          # argparse usage errors
        return int(e.code)


@pytest.fixture(scope="module")
def hostile_world(world) -> dict:
    d = world["dir"]
    new_request(world, "h-request.json", entry(world, predicates=[
        {"attribute": "birth_date", "op": "<=", "value": "2008-12-02"}]))
    ok(d, "present", "holder.json", "h-request.json", "h-presentation.json", "--credential", "idcard.json",
       "--issuer", "issuer.json")
    return world


def _args(d: Path, argv: list[str], replace: int, bad: Path) -> list[str]:
    """``argv`` with file names under ``d``, outputs renamed h-out-*, and argument ``replace`` set to ``bad``."""
    return [str(bad) if i == replace else str(d / f"h-out-{a}.json") if a.startswith("OUT")
            else str(d / a) if a.endswith(".json") else a for i, a in enumerate(argv)]


def _inputs(argv: list[str]) -> list[int]:
    return [i for i, a in enumerate(argv) if a.endswith(".json")]


@pytest.mark.parametrize("command", sorted(HOSTILE_COMMANDS))
def test_hostile_documents_are_exit_3(hostile_world, tmp_path, capsys, command):
    """Every JSON input of every command, replaced by a hostile document: exit 3 and one "error:" line naming the
    file, never a traceback, never 1 (INVALID), nothing written."""
    d = hostile_world["dir"]
    argv = HOSTILE_COMMANDS[command]
    bad = tmp_path / "bad.json"
    for what, text in HOSTILE_TEXTS.items():
        bad.write_bytes(text if isinstance(text, bytes) else text.encode())
        for k in _inputs(argv):
            rc, err = run_in_process(*_args(d, argv, k, bad)), capsys.readouterr().err
            name = argv[k]
            assert rc == EXIT_INPUT, (command, name, what, err)
            assert err.startswith("error: ") and err.count("\n") == 1 and "bad.json" in err, (command, name, what, err)
    assert not list(d.glob("h-out-*"))


@pytest.mark.parametrize("command", sorted(HOSTILE_COMMANDS))
def test_documents_with_a_bad_field_are_exit_3(hostile_world, tmp_path, capsys, command):
    """Each top-level field of each (small) input removed, null, or an object: exit 3 naming the field or file."""
    d = hostile_world["dir"]
    argv = HOSTILE_COMMANDS[command]
    bad = tmp_path / "bad.json"
    for k in _inputs(argv):
        name = argv[k]
        if name in BIG:
            continue
        doc = load(d / name)
        for field in doc:
            for what, value in (("removed", ...), ("null", None), ("object", {"x": 1})):
                if command == "new-request" and field == "nonce":
                    continue                                    # the template's nonce is replaced anyway
                changed = {key: val for key, val in doc.items() if key != field}
                if value is not ...:
                    changed[field] = value
                bad.write_text(json.dumps(changed))
                rc = run_in_process(*_args(d, argv, k, bad))
                err = capsys.readouterr().err
                assert rc == EXIT_INPUT, (command, name, field, what, err)
                assert err.startswith("error: ") and err.count("\n") == 1, (command, name, field, what, err)
                assert field in err or "bad.json" in err, (command, name, field, what, err)
    assert not list(d.glob("h-out-*"))
