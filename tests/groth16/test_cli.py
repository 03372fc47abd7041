"""`zkcred groth16 ...` as a drop-in for `snarkjs groth16 ...`: same arguments, files snarkjs accepts."""
import json
import os
import subprocess
import sys

import pytest

from zkcred.cli import EXIT_INPUT, EXIT_INVALID, GROUPS, main


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


# ---------------------------------------------------------------- start-up: what `zkcred groth16 verify` loads

# Modules the verifier must not load: each one cost 1-6 ms of start-up (python -X importtime), and together
# they made `zkcred groth16 verify` ~3x slower than it is. The prover's modules belong to prove/setup only.
HEAVY = ["dataclasses", "inspect", "typing", "pathlib", "secrets", "hashlib", "random",
         "zkcred.groth16._proving_key", "zkcred.groth16.r1cs", "zkcred.groth16._ntt", "zkcred.bls12_381.hash_to_curve",
         "zkcred.cli.bbs", "zkcred.bbs", "shutil"]


def test_cli_verify_loads_no_heavy_modules(fix, cli_modules):
    p, mods = cli_modules("groth16", "verify", fix / "verification_key.json", fix / "public.json",
                               fix / "proof.json")
    assert p.returncode == 0 and p.stdout == "OK\n", p.stderr
    # the check really ran the verifier through the library (not a copy of it)...
    assert {"zkcred.groth16.core", "zkcred.groth16.snarkjs", "zkcred.bls12_381._gt"} <= mods
    # ...without loading any of these
    assert sorted(mods & set(HEAVY)) == []


def test_cli_verify_failure_loads_no_heavy_modules(fix, tmp_path, cli_modules):
    bad = tmp_path / "public.json"
    bad.write_text('["1", "2", "3", "4"]')
    p, mods = cli_modules("groth16", "verify", fix / "verification_key.json", bad, fix / "proof.json")
    assert p.returncode == EXIT_INVALID and "INVALID: Groth16 pairing check failed" in p.stderr
    assert "zkcred.groth16.core" in mods and sorted(mods & set(HEAVY)) == []


def test_cli_partial_parser_same_usage_and_full_help(capsys):
    """Only the named group/command is built for a run, but usage errors and help still show every choice."""
    from zkcred.cli import build_parser
    full = build_parser()
    part = build_parser(["groth16", "verify", "a", "b", "c"])
    for path in (("groth16",), ("groth16", "verify")):
        assert _subparser(part, *path).format_usage() == _subparser(full, *path).format_usage()
    assert set(_choices(part)) == {"groth16"} and set(_choices(_subparser(part, "groth16"))) == {"verify"}
    assert set(_choices(full)) == set(GROUPS) and {"bbs", "groth16"} <= set(GROUPS)
    assert set(_choices(_subparser(full, "groth16"))) == {"prove", "verify", "setup", "export-vkey",
                                                             "export-solidity", "calldata"}
    assert set(_choices(_subparser(full, "bbs"))) == {"keygen", "sign", "verify", "prove", "verify-proof"}
    # an unknown command, or --help, builds the whole group (or tree) so the message lists every choice
    cases = [(["groth16", "verfy"], "err", "(choose from 'prove', 'verify', 'setup', 'export-vkey', "
                                         "'export-solidity', 'calldata')"),
             (["nope"], "err", "(choose from " + ", ".join(repr(g) for g in GROUPS) + ")"),
             (["--help"], "out", "BBS signatures"), (["--help"], "out", "Groth16 on BLS12-381"),
             (["groth16", "--help"], "out", "DEVELOPMENT-ONLY local trusted setup"),
             (["bbs", "-h"], "out", "derive a proof disclosing some messages"),
             (["groth16", "verify", "only-one.json"], "err", "the following arguments are required: public, proof")]
    for argv, stream, text in cases:
        with pytest.raises(SystemExit):
            main(argv)
        assert text in getattr(capsys.readouterr(), stream), argv


def _choices(parser):
    import argparse
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return action.choices


def _subparser(parser, *names):
    for n in names:
        parser = _choices(parser)[n]
    return parser


@pytest.mark.parametrize("columns", [None, "57", "0", "-3", "wide"])
def test_help_width_matches_shutil(monkeypatch, columns):
    """zkcred.cli reads the terminal width itself (no shutil import): same answer as shutil.get_terminal_size."""
    import shutil
    from zkcred.cli import HelpFormatter, _terminal_columns
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert _terminal_columns() == shutil.get_terminal_size().columns
    import argparse
    for kw in ({}, {"width": 40}, {"max_help_position": 30}):
        assert HelpFormatter("zkcred", **kw)._width == argparse.HelpFormatter("zkcred", **kw)._width
        assert (HelpFormatter("zkcred", **kw)._max_help_position
                == argparse.HelpFormatter("zkcred", **kw)._max_help_position)
    # the whole help text is argparse's own, e.g. for the groth16 group
    from zkcred.cli import build_parser
    ours = _subparser(build_parser(), "groth16")
    theirs = argparse.ArgumentParser(prog=ours.prog, description=ours.description)
    for a in ours._actions[1:]:
        theirs._add_action(a)
    assert ours.format_help() == theirs.format_help()
