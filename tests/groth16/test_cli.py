"""`zkcred groth16 ...` as a drop-in for `snarkjs groth16 ...`: same arguments, files snarkjs accepts."""
import json
import os
import subprocess
import sys

import pytest

from zkcred.cli import EXIT_INPUT, EXIT_INVALID, main


def test_cli_prove_verify_export(fix, tmp_path, capsys):
    proof, public = tmp_path / "proof.json", tmp_path / "public.json"
    assert main(["groth16", "prove", str(fix / "fixture.zkey"), str(fix / "witness.wtns"), str(proof),
                 str(public)]) == 0
    assert "proving" in capsys.readouterr().err
    assert public.read_text() == (fix / "public.json").read_text()
    assert main(["groth16", "verify", str(fix / "verification_key.json"), str(public), str(proof)]) == 0
    assert capsys.readouterr().out == "OK\n"
    vk = tmp_path / "vk.json"
    assert main(["groth16", "export-vkey", "-q", str(fix / "fixture.zkey"), str(vk)]) == 0
    assert vk.read_text() == (fix / "verification_key.json").read_text()


def test_cli_verify_failures(fix, tmp_path, capsys):
    pub = json.loads((fix / "public.json").read_text())
    pub[3] = "8"
    bad = tmp_path / "public.json"
    bad.write_text(json.dumps(pub))
    assert main(["groth16", "verify", str(fix / "verification_key.json"), str(bad), str(fix / "proof.json")]) \
        == EXIT_INVALID
    assert "INVALID: Groth16 pairing check failed" in capsys.readouterr().err
    bad.write_text('["1", "2"]')
    assert main(["groth16", "verify", str(fix / "verification_key.json"), str(bad), str(fix / "proof.json")]) \
        == EXIT_INVALID
    assert "expected 4 public inputs, got 2" in capsys.readouterr().err
    bad.write_text('["1", "2"')
    assert main(["groth16", "verify", str(fix / "verification_key.json"), str(bad), str(fix / "proof.json")]) \
        == EXIT_INPUT
    assert "not valid JSON" in capsys.readouterr().err
    assert main(["groth16", "verify", str(fix / "verification_key.json"), str(tmp_path / "missing.json"),
                 str(fix / "proof.json")]) == EXIT_INPUT
    assert main(["groth16", "prove", str(fix / "witness.wtns"), str(fix / "witness.wtns"), str(bad), str(bad)]) \
        == EXIT_INPUT
    assert "magic" in capsys.readouterr().err


@pytest.mark.peer
def test_cli_setup_then_snarkjs(fix, tmp_path, snarkjs):
    """zkcred groth16 setup -> zkcred prove -> snarkjs verify, as a whole process."""
    env = dict(os.environ, PYTHONPATH=str(fix.parents[2]))
    run = lambda *a: subprocess.run([sys.executable, "-m", "zkcred.cli", "groth16", *map(str, a)], cwd=tmp_path,
                                    env=env, capture_output=True, text=True, timeout=300)
    p = run("setup", fix / "fixture.r1cs", "k.zkey")
    assert p.returncode == 0, p.stderr
    assert "DEVELOPMENT ONLY" in p.stderr
    assert run("export-vkey", "k.zkey", "vk.json").returncode == 0
    p = run("prove", "k.zkey", fix / "witness.wtns", "proof.json", "public.json")
    assert p.returncode == 0, p.stderr
    p = run("verify", "vk.json", "public.json", "proof.json")
    assert p.returncode == 0 and p.stdout == "OK\n"
    rc, out = snarkjs("groth16", "verify", "vk.json", "public.json", "proof.json", cwd=tmp_path)
    assert rc == 0 and "OK!" in out, out
    p = run("verify", fix / "verification_key.json", "public.json", "proof.json")
    assert p.returncode == 1 and "INVALID" in p.stderr
