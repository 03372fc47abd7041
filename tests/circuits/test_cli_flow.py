"""The predicate circuits through files: `zkcred circuits` writes .r1cs/.wtns, the drop-in CLI
(`zkcred groth16 setup/prove/export-vkey/verify`) proves and verifies them, and snarkjs verifies the same proof.
The snarkjs step needs `make peers`; without it that step skips loudly (fails under CI)."""
from __future__ import annotations

import json

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from _testlib import require_peer

ROOT = Path(__file__).resolve().parents[2]
SNARKJS = ROOT / "peers" / "node_modules" / "snarkjs" / "build" / "cli.cjs"


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600)


def _circuits(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return _run([sys.executable, "-m", "zkcred.cli", "circuits", *args], cwd)


def _zkcred(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return _run([sys.executable, "-m", "zkcred.cli", "groth16", *args, "-q"], cwd)


def _flow(tmp: Path, name: str, inputs: dict, expect_public: list[int]) -> None:
    (tmp / "input.json").write_text(json.dumps(inputs))
    for args in (("r1cs", name, str(tmp / "c.r1cs")), ("witness", name, str(tmp / "input.json"), str(tmp / "w.wtns"))):
        res = _circuits(*args, cwd=tmp)
        assert res.returncode == 0, res.stderr
    for args in (("setup", "c.r1cs", "c.zkey"), ("prove", "c.zkey", "w.wtns", "proof.json", "public.json"),
                 ("export-vkey", "c.zkey", "vk.json")):
        res = _zkcred(*args, cwd=tmp)
        assert res.returncode == 0, res.stdout + res.stderr
    assert [int(x) for x in json.loads((tmp / "public.json").read_text())] == expect_public
    res = _zkcred("verify", "vk.json", "public.json", "proof.json", cwd=tmp)
    assert res.returncode == 0 and res.stdout.strip() == "OK", res.stdout + res.stderr
    tampered = [str(expect_public[0] + 1)] + [str(x) for x in expect_public[1:]]
    (tmp / "bad.json").write_text(json.dumps(tampered))
    assert _zkcred("verify", "vk.json", "bad.json", "proof.json", cwd=tmp).returncode == 1
    require_peer(SNARKJS.exists() and shutil.which("node") is not None,
                 "snarkjs (peers/node_modules, and node): snarkjs did NOT verify the zkcred proof of " + name)
    res = _run(["node", str(SNARKJS), "groth16", "verify", "vk.json", "public.json", "proof.json"], tmp)
    assert res.returncode == 0 and "OK" in res.stdout, res.stdout + res.stderr
    res = _run(["node", str(SNARKJS), "groth16", "verify", "vk.json", "bad.json", "proof.json"], tmp)
    assert res.returncode != 0 or "Invalid proof" in res.stdout + res.stderr


def test_age_at_least_flow(tmp_path):
    _flow(tmp_path, "age_at_least", {"birth": "13939", "today": "20513", "min_age": 18}, [20513, 18])


def test_in_range_flow(tmp_path):
    _flow(tmp_path, "in_range", {"v": 70, "lo": "18", "hi": "120"}, [18, 120])


@pytest.mark.slow
def test_set_membership_flow(tmp_path):
    from zkcred.circuits import set_membership
    from zkcred.circuit import MerkleTree
    root = MerkleTree([3, 5, 8, 13], depth=set_membership.DEPTH).root
    _flow(tmp_path, "set_membership", {"set": ["3", "5", "8", "13"], "element": "8"}, [root])


@pytest.mark.parametrize("name, inputs, code, text", [
    ("age_at_least", {"birth": "13939", "today": "20513", "min_age": 19}, 4, "age >= min_age"),
    ("in_range", {"v": 7, "lo": 8, "hi": 9}, 4, "lo <= v"),
    ("set_membership", {"set": [1, 2], "element": 3}, 4, "not in the set"),
    ("in_range", {"v": 7, "lo": 8}, 3, "missing field 'hi'"),
    ("in_range", {"v": "seven", "lo": 8, "hi": 9}, 3, "not a decimal integer"),
])
def test_witness_errors(tmp_path, name, inputs, code, text):
    (tmp_path / "input.json").write_text(json.dumps(inputs))
    res = _circuits("witness", name, str(tmp_path / "input.json"), str(tmp_path / "w.wtns"), cwd=tmp_path)
    assert res.returncode == code and text in res.stderr, res.stderr
    assert not (tmp_path / "w.wtns").exists()
    assert _circuits("witness", "nope", "x", "y", cwd=tmp_path).returncode == 2


@pytest.mark.parametrize("content, text", [
    (None, "No such file"),                       # missing input
    ("[" * 5000, "nested deeper"),                # deep JSON: a clear error, not a RecursionError traceback
    ('{"v": "\u0661\u0660", "lo": 1, "hi": 20}', "ASCII digits"),   # Arabic-Indic digits are not accepted
    ('{"v": " 10", "lo": 1, "hi": 20}', "ASCII digits"),
])
def test_witness_bad_files(tmp_path, content, text):
    if content is not None:
        (tmp_path / "input.json").write_text(content)
    res = _circuits("witness", "in_range", str(tmp_path / "input.json"), str(tmp_path / "w.wtns"), cwd=tmp_path)
    assert res.returncode == 3 and text in res.stderr and "Traceback" not in res.stderr, res.stderr


def test_unwritable_output(tmp_path):
    res = _circuits("r1cs", "in_range", str(tmp_path / "no" / "such" / "dir" / "c.r1cs"), cwd=tmp_path)
    assert res.returncode == 3 and "Traceback" not in res.stderr, res.stderr


def test_module_entry_point(tmp_path):
    res = _run([sys.executable, "-m", "zkcred.circuits", "r1cs", "in_range", str(tmp_path / "c.r1cs")], tmp_path)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "c.r1cs").stat().st_size > 0
