"""``zkcred bbs``: the whole flow through files, and the exit codes scripts rely on."""
from __future__ import annotations

import json
import os
import stat

import pytest

from zkcred import cli
from zkcred.cli import EXIT_INPUT, EXIT_INVALID, EXIT_OK, EXIT_USAGE


@pytest.fixture(autouse=True)
def only_bbs(monkeypatch):
    # the dispatcher loads every command group; these tests need only this one
    monkeypatch.setattr(cli, "GROUPS", ("bbs",))


def run(*argv: str) -> int:
    try:
        return cli.main(list(argv))
    except SystemExit as e:          # argparse usage errors
        return int(e.code)


@pytest.mark.parametrize("suite", ["BLS12-381-SHA-256", "BLS12-381-SHAKE-256"])
def test_flow(tmp_path, capsys, suite):
    key, msgs, sig, proof = (str(tmp_path / n) for n in ("key.json", "msgs.json", "sig.json", "proof.json"))
    assert run("bbs", "keygen", "--suite", suite, "--key-material-hex", "11" * 32, "-o", key) == EXIT_OK
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    k = json.load(open(key))
    assert k["suite"] == suite and len(bytes.fromhex(k["public_key"])) == 96
    json.dump(["name=Alice", "age=31", "city=Paris", ""], open(msgs, "w"))
    assert run("bbs", "sign", "--key", key, "--messages", msgs, "--header", "v1", "-o", sig) == EXIT_OK
    assert run("bbs", "verify", sig, "--public-key", k["public_key"]) == EXIT_OK
    assert "OK" in capsys.readouterr().out
    assert run("bbs", "verify", sig, "--public-key", key) == EXIT_OK
    assert run("bbs", "prove", sig, "--disclose", "0,2", "--ph", "nonce-1", "-o", proof) == EXIT_OK
    p = json.load(open(proof))
    assert [bytes.fromhex(m) for m in p["disclosed_messages"]] == [b"name=Alice", b"city=Paris"]
    assert run("bbs", "verify-proof", proof, "--public-key", key) == EXIT_OK
    assert run("bbs", "verify-proof", proof, "--public-key", key, "--expect-ph", "nonce-1") == EXIT_OK
    assert run("bbs", "verify-proof", proof, "--public-key", key, "--expect-ph", "nonce-2") == EXIT_INPUT
    # a disclosed message changed: INVALID
    p["disclosed_messages"][1] = b"city=Rome".hex()
    json.dump(p, open(proof, "w"))
    assert run("bbs", "verify-proof", proof, "--public-key", key) == EXIT_INVALID
    assert "INVALID" in capsys.readouterr().err
    # a signature over other messages: INVALID
    s = json.load(open(sig))
    s["messages"][1] = b"age=21".hex()
    json.dump(s, open(sig, "w"))
    assert run("bbs", "verify", sig, "--public-key", key) == EXIT_INVALID


def test_input_errors(tmp_path, capsys):
    key = str(tmp_path / "key.json")
    assert run("bbs", "keygen", "-o", key) == EXIT_OK
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert run("bbs", "verify", str(bad), "--public-key", key) == EXIT_INPUT
    assert "not valid JSON" in capsys.readouterr().err
    assert run("bbs", "verify", str(tmp_path / "missing.json"), "--public-key", key) == EXIT_INPUT
    bad.write_text(json.dumps({"type": "bbs-signature", "suite": "BLS12-381-SHA-256"}))
    assert run("bbs", "verify", str(bad), "--public-key", key) == EXIT_INPUT
    assert "missing field 'signature'" in capsys.readouterr().err
    bad.write_text(json.dumps({"type": "bbs-signature", "suite": "BLS12-381-SHA-256", "header": "",
                               "messages": [], "signature": "00" * 80}))
    assert run("bbs", "verify", str(bad), "--public-key", key) == EXIT_INPUT
    msgs = tmp_path / "m.json"
    msgs.write_text(json.dumps({"a": 1}))
    assert run("bbs", "sign", "--key", key, "--messages", str(msgs)) == EXIT_INPUT
    msgs.write_text(json.dumps(["a"]))
    sig = str(tmp_path / "s.json")
    assert run("bbs", "sign", "--key", key, "--messages", str(msgs), "-o", sig) == EXIT_OK
    assert run("bbs", "prove", sig, "--disclose", "x") == EXIT_INPUT
    assert run("bbs", "prove", sig, "--disclose", "3") == EXIT_INPUT
    assert run("bbs", "verify", sig, "--public-key", "zz") == EXIT_INPUT
    assert run("bbs", "verify", sig) == EXIT_USAGE
    assert run("bbs", "keygen", "--key-material-hex", "00" * 8) == EXIT_INPUT
    assert run("bbs", "frobnicate") == EXIT_USAGE
    # the secret key never shows up in error output
    k = json.load(open(key))
    err = capsys.readouterr().err
    assert k["secret_key"] not in err


def test_real_entry_point_exit_codes(tmp_path):
    """Through a separate process, as a script would call it (`python -m zkcred.cli`)."""
    import subprocess
    import sys

    def z(*argv):
        return subprocess.run([sys.executable, "-m", "zkcred.cli", *argv], capture_output=True, text=True,
                              timeout=120)

    key, msgs, sig = tmp_path / "k.json", tmp_path / "m.json", tmp_path / "s.json"
    assert z("bbs", "keygen", "-o", str(key)).returncode == EXIT_OK
    msgs.write_text(json.dumps(["a", "b"]))
    assert z("bbs", "sign", "--key", str(key), "--messages", str(msgs), "-o", str(sig)).returncode == EXIT_OK
    r = z("bbs", "verify", str(sig), "--public-key", str(key))
    assert r.returncode == EXIT_OK and r.stdout.startswith("OK")
    s = json.loads(sig.read_text())
    s["header"] = "00"
    sig.write_text(json.dumps(s))
    r = z("bbs", "verify", str(sig), "--public-key", str(key))
    assert r.returncode == EXIT_INVALID and r.stderr.startswith("INVALID")
    assert z("bbs", "verify", str(tmp_path / "nope.json"), "--public-key", str(key)).returncode == EXIT_INPUT
    assert z("bbs", "verify").returncode == EXIT_USAGE


def test_verify_commands_load_no_heavy_modules(tmp_path, cli_modules):
    """`zkcred bbs verify` / `verify-proof` start-up: none of these modules (1-10 ms each per process; the batch
    verifier and the Groth16 group are other commands' code)."""
    heavy = {"dataclasses", "inspect", "typing", "shutil", "zkcred.bbs.batch", "zkcred.cli.groth16",
             "zkcred.groth16"}
    key, msgs, sig, proof = (str(tmp_path / n) for n in ("key.json", "msgs.json", "sig.json", "proof.json"))
    assert run("bbs", "keygen", "--key-material-hex", "22" * 32, "-o", key) == EXIT_OK
    json.dump(["a", "b", "c"], open(msgs, "w"))
    assert run("bbs", "sign", "--key", key, "--messages", msgs, "-o", sig) == EXIT_OK
    assert run("bbs", "prove", sig, "--disclose", "1", "-o", proof) == EXIT_OK
    for argv, ok in ((("verify", sig), "OK: valid"), (("verify-proof", proof), "OK: valid")):
        p, mods = cli_modules("bbs", *argv, "--public-key", key)
        assert p.returncode == EXIT_OK and p.stdout.startswith(ok), p.stderr
        assert {"zkcred.bbs._core", "zkcred.bls12_381.hash_to_curve"} <= mods      # it did run the verifier
        assert sorted(mods & heavy) == []
