"""The command line under hostile input files (issue 12, item 7): every malformed document is exit 3 with one
``error:`` line naming the file or field -- never a traceback, never exit 1 (which means INVALID)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from zkcred import cli
from zkcred.cli import EXIT_INPUT, EXIT_OK

FIX = Path(__file__).resolve().parent / "fixtures" / "snarkjs"
DEEP_TEXTS = {"array": "[" * 4096, "object": '{"a":' * 4096, "mixed": '[{"a":' * 2048}


def run(*argv: str) -> int:
    try:
        return cli.main(list(argv))
    except SystemExit as e:          # argparse usage errors
        return int(e.code)


@pytest.fixture(scope="module")
def bbs_files(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("bbs")
    files = {n: d / f"{n}.json" for n in ("key", "msgs", "sig", "proof")}
    assert run("bbs", "keygen", "--key-material-hex", "33" * 32, "-o", str(files["key"])) == EXIT_OK
    files["msgs"].write_text(json.dumps(["a", "b", "c"]))
    assert run("bbs", "sign", "--key", str(files["key"]), "--messages", str(files["msgs"]), "-o",
               str(files["sig"])) == EXIT_OK
    assert run("bbs", "prove", str(files["sig"]), "--disclose", "1", "-o", str(files["proof"])) == EXIT_OK
    return files


def _json_commands(f: dict[str, Path], deep: Path) -> list[list[str]]:
    """Every command that reads a JSON file, once per JSON argument, with that argument replaced by ``deep``."""
    k, m, s, p = (str(f[n]) for n in ("key", "msgs", "sig", "proof"))
    fx = {n: str(FIX / n) for n in ("verification_key.json", "public.json", "proof.json")}
    d = str(deep)
    return [
        ["bbs", "sign", "--key", d, "--messages", m],
        ["bbs", "sign", "--key", k, "--messages", d],
        ["bbs", "verify", d, "--public-key", k],
        ["bbs", "verify", s, "--public-key", d],
        ["bbs", "prove", d, "--disclose", "0"],
        ["bbs", "verify-proof", d, "--public-key", k],
        ["bbs", "verify-proof", p, "--public-key", d],
        ["groth16", "verify", d, fx["public.json"], fx["proof.json"]],
        ["groth16", "verify", fx["verification_key.json"], d, fx["proof.json"]],
        ["groth16", "verify", fx["verification_key.json"], fx["public.json"], d],
        ["circuits", "witness", "in_range", d, str(deep.with_suffix(".wtns"))],
    ]


@pytest.mark.parametrize("shape", sorted(DEEP_TEXTS))
def test_deeply_nested_json_is_exit_3_everywhere(tmp_path, capsys, bbs_files, shape):
    deep = tmp_path / "deep.json"
    deep.write_text(DEEP_TEXTS[shape])
    for argv in _json_commands(bbs_files, deep):
        assert run(*argv) == EXIT_INPUT, argv
        err = capsys.readouterr().err
        assert "nested deeper than" in err and "Traceback" not in err, (argv, err)


def test_deep_json_in_a_real_process(tmp_path, bbs_files):
    """As a script sees it: exit 3, one error line, no traceback (RecursionError used to escape)."""
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 4096)
    for argv in (["groth16", "verify", str(deep), str(FIX / "public.json"), str(FIX / "proof.json")],
                 ["bbs", "verify-proof", str(deep), "--public-key", str(bbs_files["key"])]):
        r = subprocess.run([sys.executable, "-m", "zkcred.cli", *argv], capture_output=True, text=True, timeout=120)
        assert r.returncode == EXIT_INPUT and "Traceback" not in r.stderr, r.stderr
        assert r.stderr.startswith("error: ") and r.stderr.count("\n") == 1


def test_duplicate_keys_and_nan_rejected(tmp_path, capsys, bbs_files):
    sig = json.loads(bbs_files["sig"].read_text())
    dup = tmp_path / "dup.json"
    text = json.dumps(sig)
    dup.write_text(text[:-1] + ', "signature": "' + "00" * 80 + '"}')         # a second "signature"
    assert run("bbs", "verify", str(dup), "--public-key", str(bbs_files["key"])) == EXIT_INPUT
    assert "duplicate key 'signature'" in capsys.readouterr().err
    pub = tmp_path / "public.json"
    pub.write_text('[NaN, "1", "2", "3"]')
    assert run("groth16", "verify", str(FIX / "verification_key.json"), str(pub), str(FIX / "proof.json")) \
        == EXIT_INPUT
    assert "NaN is not a JSON number" in capsys.readouterr().err


# ----------------------------------------------------------------------------- BBS documents: field types

_WRONG_VALUES = [123, 1.5, None, True, ["BLS12-381-SHA-256"], {"name": "BLS12-381-SHA-256"}]


def _docs(bbs_files) -> dict[str, tuple[dict, list[str], list[str]]]:
    """kind -> (document, the command reading it with {} for its path, the fields that command reads)."""
    key = str(bbs_files["key"])
    return {
        "key": (json.loads(bbs_files["key"].read_text()), ["bbs", "sign", "--key", "{}", "--messages",
                                                            str(bbs_files["msgs"])],
                ["suite", "secret_key", "public_key", "type"]),
        "sig": (json.loads(bbs_files["sig"].read_text()), ["bbs", "verify", "{}", "--public-key", key],
                ["suite", "signature", "header", "messages", "type"]),
        "prove": (json.loads(bbs_files["sig"].read_text()), ["bbs", "prove", "{}", "--disclose", "0"],
                  ["suite", "signature", "header", "messages", "public_key"]),
        "proof": (json.loads(bbs_files["proof"].read_text()), ["bbs", "verify-proof", "{}", "--public-key", key],
                  ["suite", "proof", "header", "presentation_header", "disclosed_indexes", "disclosed_messages",
                   "type"]),
        "pkfile": (json.loads(bbs_files["key"].read_text()),
                   ["bbs", "verify-proof", str(bbs_files["proof"]), "--public-key", "{}"], ["suite", "public_key"]),
    }


@pytest.mark.parametrize("kind", ["key", "sig", "prove", "proof", "pkfile"])
def test_bbs_field_of_the_wrong_json_type_is_exit_3(tmp_path, capsys, bbs_files, kind):
    doc, argv, fields = _docs(bbs_files)[kind]
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc))
    assert run(*[a.replace("{}", str(path)) for a in argv]) == EXIT_OK       # the untouched document is fine
    capsys.readouterr()
    for field in fields:
        for value in _WRONG_VALUES:
            if field in ("messages", "disclosed_messages", "disclosed_indexes") and isinstance(value, list):
                value = [value]                                        # an array whose item has the wrong type
            path.write_text(json.dumps({**doc, field: value}))
            assert run(*[a.replace("{}", str(path)) for a in argv]) == EXIT_INPUT, (kind, field, value)
            err = capsys.readouterr().err
            assert err.startswith("error: ") and "Traceback" not in err, (field, value, err)
            assert field in err or ("type" == field and "document" in err), (field, value, err)


def test_bbs_whole_document_of_the_wrong_type(tmp_path, capsys, bbs_files):
    path = tmp_path / "doc.json"
    for text in ("[]", '"text"', "3", "null"):
        path.write_text(text)
        assert run("bbs", "verify-proof", str(path), "--public-key", str(bbs_files["key"])) == EXIT_INPUT
        assert "expected a JSON object" in capsys.readouterr().err


# ----------------------------------------------------------------------------- BBS documents: one spelling


@pytest.mark.parametrize("respell", [str.upper, lambda h: "0x" + h, lambda h: " ".join(h[i:i + 2] for i in
                                     range(0, len(h), 2)), lambda h: h + "\n", lambda h: h[:-1]],
                         ids=["upper", "0x", "spaces", "newline", "odd"])
def test_bbs_hex_has_one_spelling(tmp_path, capsys, bbs_files, respell):
    """What zkcred writes is canonical hex; the same bytes spelled any other way are rejected (exit 3)."""
    proof = json.loads(bbs_files["proof"].read_text())
    path = tmp_path / "proof.json"
    for field in ("proof", "header", "presentation_header"):
        if not proof[field]:           # an empty byte string has one spelling
            continue
        path.write_text(json.dumps({**proof, field: respell(proof[field])}))
        assert run("bbs", "verify-proof", str(path), "--public-key", str(bbs_files["key"])) == EXIT_INPUT
        assert "canonical hex" in capsys.readouterr().err
    key = json.loads(bbs_files["key"].read_text())
    assert run("bbs", "verify-proof", str(bbs_files["proof"]), "--public-key", key["public_key"]) == EXIT_OK
    assert run("bbs", "verify-proof", str(bbs_files["proof"]), "--public-key", respell(key["public_key"])) \
        == EXIT_INPUT


def test_bbs_written_documents_are_canonical(bbs_files):
    for name in ("key", "sig", "proof"):
        doc = json.loads(bbs_files[name].read_text())
        for k, v in doc.items():
            for s in (v if isinstance(v, list) else [v]):
                if isinstance(s, str) and k not in ("type", "suite"):
                    assert bytes.fromhex(s).hex() == s, (name, k)


def test_bbs_suite_name_spelled_exactly(tmp_path, capsys, bbs_files):
    proof = json.loads(bbs_files["proof"].read_text())
    path = tmp_path / "proof.json"
    for suite in ("bls12-381-sha-256", "BLS12-381-SHA-256 ", "BLS12-381-SHA-512"):
        path.write_text(json.dumps({**proof, "suite": suite}))
        assert run("bbs", "verify-proof", str(path), "--public-key", str(bbs_files["key"])) == EXIT_INPUT
        assert "unknown BBS ciphersuite" in capsys.readouterr().err
