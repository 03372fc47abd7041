"""Thread counts are validated where they enter (issue 12, item 7: `-t -1` or a count >= 2^32 was an
OverflowError traceback from cffi): the CLI rejects them as usage errors, the library with ValueError."""
from __future__ import annotations

import pytest

from zkcred.cli import EXIT_OK, EXIT_USAGE, main
from zkcred.groth16 import _ntt, core
from zkcred.groth16 import snarkjs as sj

BAD = ["-1", "0", "1025", str(2**32), str(2**64), "x", "1.5", " 2", "٢"]


@pytest.mark.parametrize("value", BAD)
def test_cli_threads_out_of_range_is_a_usage_error(fix, tmp_path, capsys, value):
    argv = ["groth16", "prove", "-q", "-t", value, str(fix / "fixture.zkey"), str(fix / "witness.wtns"),
            str(tmp_path / "p.json"), str(tmp_path / "pub.json")]
    with pytest.raises(SystemExit) as ei:
        main(argv)
    assert ei.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert "expected an integer from 1 to 1024" in err and "Traceback" not in err
    with pytest.raises(SystemExit):
        main(["groth16", "setup", "-q", "--threads", value, str(fix / "fixture.r1cs"), str(tmp_path / "k.zkey")])


def test_cli_threads_in_range(fix, tmp_path):
    argv = ["groth16", "prove", "-q", "-t", "2", str(fix / "fixture.zkey"), str(fix / "witness.wtns"),
            str(tmp_path / "p.json"), str(tmp_path / "pub.json")]
    assert main(argv) == EXIT_OK
    assert main(["groth16", "verify", str(fix / "verification_key.json"), str(tmp_path / "pub.json"),
                 str(tmp_path / "p.json")]) == EXIT_OK


@pytest.mark.parametrize("value", [-1, 0, 1025, 2**32, 2**64, True, 2.0, "2"])
def test_library_threads_validated(fix, value):
    pk = sj.read_zkey((fix / "fixture.zkey").read_bytes())
    w = sj.read_wtns((fix / "witness.wtns").read_bytes())
    with pytest.raises(ValueError, match="nthreads must be an integer in \\[1, 1024\\]"):
        core.prove(pk, w, nthreads=value)
    with pytest.raises(ValueError, match="nthreads"):
        core.setup(sj.read_r1cs((fix / "fixture.r1cs").read_bytes()), nthreads=value)
    with pytest.raises(ValueError, match="nthreads"):
        _ntt.ntt([1, 2], nthreads=value)


@pytest.mark.parametrize("env", ["-1", "0", "4294967296", "abc", "1e3"])
def test_zkcred_threads_environment_validated(monkeypatch, env):
    monkeypatch.setenv("ZKCRED_THREADS", env)
    with pytest.raises(ValueError, match="ZKCRED_THREADS must be an integer"):
        _ntt.default_threads()


def test_default_threads_in_range(monkeypatch):
    monkeypatch.delenv("ZKCRED_THREADS", raising=False)
    assert 1 <= _ntt.default_threads() <= _ntt.MAX_THREADS
    monkeypatch.setenv("ZKCRED_THREADS", "3")
    assert _ntt.default_threads() == 3
