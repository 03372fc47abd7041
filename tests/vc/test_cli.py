"""``zkcred vc keygen | issue | derive | verify`` end to end, with the exit codes of zkcred.cli."""
from __future__ import annotations

import json

from zkcred.cli import EXIT_INPUT, EXIT_INVALID, EXIT_OK, main


def test_cli_flow(tmp_path, capsys):
    key, cred, signed, derived = (tmp_path / n for n in ("key.json", "cred.json", "signed.json", "derived.json"))
    assert main(["vc", "keygen", "-o", str(key)]) == EXIT_OK
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    did = json.loads(key.read_text())["controller"]
    cred.write_text(json.dumps({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
        "type": ["VerifiableCredential"], "issuer": did,
        "credentialSubject": {"givenName": "Zoë", "familyName": "Doe", "age": 42}}))
    assert main(["vc", "issue", str(cred), "--key", str(key), "--mandatory", "/issuer", "-o", str(signed)]) == EXIT_OK
    assert main(["vc", "verify", "--base", str(signed)]) == EXIT_OK
    assert main(["vc", "derive", str(signed), "--selective", "/credentialSubject/age", "--ph", "n-1",
                 "-o", str(derived)]) == EXIT_OK
    assert main(["vc", "verify", str(derived), "--ph", "n-1"]) == EXIT_OK
    assert main(["vc", "verify", str(derived), "--ph", "n-2"]) == EXIT_INVALID
    doc = json.loads(derived.read_text())
    doc["credentialSubject"]["age"] = 43
    derived.write_text(json.dumps(doc))
    assert main(["vc", "verify", str(derived), "--ph", "n-1"]) == EXIT_INVALID
    doc["proof"]["proofValue"] = "uAAAA"
    derived.write_text(json.dumps(doc))
    assert main(["vc", "verify", str(derived), "--ph", "n-1"]) == EXIT_INPUT
    assert main(["vc", "derive", str(signed), "--selective", "/credentialSubject/nothing"]) == EXIT_INPUT
    assert "/credentialSubject/nothing" in capsys.readouterr().err
