"""zkcred as a user gets it: the sdist and the wheel built from a clean copy of the tree, the wheel installed into a
fresh venv outside the checkout, and the README's examples and CLI commands run from another directory.

- The clean copy holds what git tracks (plus new files not yet committed, never ignored build output): a file
  the build needs but git does not carry fails here, not on PyPI.
- ``python -m build`` builds the sdist, then the wheel *from the sdist*, each in an isolated build environment
  with only [build-system]'s requirements: a file the wheel needs but MANIFEST.in misses fails here.
- The fresh venv has no PYTHONPATH and starts in an empty directory, so nothing can come from the checkout (the
  test asserts where ``zkcred`` was imported from).
- The build environments and the venv fetch setuptools and cffi from the package index: without one this test
  skips loudly outside CI and fails in CI (``require_peer``), like the tests that need the node peers.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

from _testlib import require_peer

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(bool(os.environ.get("ZKCRED_SANITIZED")),
                                reason="checks the release build: runs in `make test`, not against the sanitizer build")

# The README's ```python blocks are executed as written, each after a prelude that defines the names the text
# leaves to the reader (points, key material, messages, ...). A new block that uses an undefined name fails here.
_PRELUDES = {
    "from zkcred.bls12_381 import Fr, G1, G2, GT": (
        "from zkcred.bls12_381 import G1 as _G1\n"
        "points = [_G1.generator() * (i + 1) for i in range(8)]\n"
        "scalars = [3 ** i for i in range(8)]\n"
    ),
    "from zkcred import bbs": (
        "from zkcred import bbs as _bbs\n"
        "key_material = bytes(range(32))\n"
        "header, ph = b'header', b'presentation header'\n"
        "messages = [b'name: Alice', b'birth: 2001-05-17', b'city: Paris', b'member: yes']\n"
        "_sk = _bbs.keygen(key_material); _pk = _bbs.sk_to_pk(_sk)\n"
        "items = [_bbs.SignatureItem(_pk, _bbs.sign(_sk, _pk, header, messages), header, messages)]\n"
    ),
    "from zkcred.bbs import blind": (
        "from zkcred import bbs as _bbs\n"
        "sk = _bbs.keygen(bytes(range(32))); pk = _bbs.sk_to_pk(sk)\n"
        "header, messages, link_secret = b'header', [b'name: Alice', b'city: Paris'], b'my link secret'\n"
    ),
}

# The key assertions after the blocks: each block leaves its results in its namespace.
_CHECKS = {
    "from zkcred.bls12_381 import Fr, G1, G2, GT": "assert G1.msm_var(points, scalars) == sum((p * s for p, s in zip(points, scalars)), "
                                    "G1.identity())\n",
    "from zkcred import bbs": "assert len(sk) == 32 and len(pk) == 96 and len(sig) == 80\n",
    "from zkcred.ledger import open_ledger, RecordNotFound": "assert latest.version == entry.version + 1 and entry in changes and latest in changes\n"
                                 "import os as _os; _os.remove('ledger.db')\n",
    "from zkcred import groth16": "assert [int(x) for x in public] == [inputs['today'], 18]\n"
                                  "import zkcred.errors as _e\n"
                                  "try:\n    groth16.verify(vk, [public[0] + 1, public[1]], proof)\n"
                                  "except _e.VerificationError: pass\n"
                                  "else: raise AssertionError('a wrong public input verified')\n",
    "from zkcred.bbs import blind": "assert m.prover_blind_index == len(messages) and len(sig) == 80\n",
    "from zkcred.credentials import Schema, Issuer, Holder, Verifier, PresentationRequest": "assert Verifier([issuer.public()]).verify(request, presentation.to_json()) == "
                                      "{'idcard': {'given_name': 'Alice'}}\n",
    "from zkcred.registry import Accumulator": "assert w.value == acc.value and len(upd2.to_bytes()) == 88\n",
    "from zkcred.credentials.holder import Revoked": "assert disclosed == {'idcard': {'given_name': 'Alice'}}\n"
                                             "assert creds['Bob'].revoked and not creds['Alice'].revoked\n"
                                             "assert ledger.verify() is None\n",
    "from zkcred import vc": "assert 'givenName' in str(derived) and 'familyName' not in str(derived['credentialSubject'])\n",
}


def _run(args: list, cwd: Path, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


def _index_unreachable(output: str) -> bool:
    return bool(re.search(r"NewConnectionError|Temporary failure in name resolution|Network is unreachable|"
                          r"No matching distribution found|Could not find a version that satisfies", output))


def _clean_copy(dest: Path) -> None:
    """The files git tracks, plus untracked files that git does not ignore (work in progress), copied to dest."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the clean copy is made from `git ls-files`")
    out = _run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT)
    assert out.returncode == 0, out.stderr
    for rel in filter(None, out.stdout.split("\0")):
        src = ROOT / rel
        if src.is_file() and not src.is_symlink():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)


def _clean_env() -> dict:
    """The environment without anything that could point Python at the checkout."""
    return {k: v for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "PYTHONSAFEPATH", "LD_PRELOAD",
                         "ZKCRED_DEBUG", "ZKCRED_NATIVE_ARCH", "ZKCRED_PORTABLE")}


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    """Build the sdist and (from it) the wheel from a clean copy; install the wheel into a fresh venv.
    Returns a dict with the paths: sdist, wheel, venv python, venv bin, build log."""
    try:
        import build  # noqa: F401  (the PEP 517 frontend, from the test extra)
    except ImportError:
        require_peer(False, "the `build` package (pip install -e '.[test]'): the packaging test did NOT run")
    base = tmp_path_factory.mktemp("packaging")
    src, out, venv = base / "src", base / "dist", base / "venv"
    src.mkdir()
    _clean_copy(src)
    env = _clean_env()
    res = _run([sys.executable, "-m", "build", "--outdir", out, src], base, env)
    log = res.stdout + res.stderr
    if res.returncode != 0 and _index_unreachable(log):
        require_peer(False, "the package index (the isolated build needs setuptools and cffi): "
                            "the packaging test did NOT run")
    assert res.returncode == 0, log[-6000:]
    assert "Building wheel from sdist" in log, "the wheel was not built from the sdist"
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    # a venv without its own pip (fast); the test's pip installs into it
    res = _run([sys.executable, "-m", "venv", "--without-pip", venv], base, env)
    assert res.returncode == 0, res.stderr
    vpy = venv / "bin" / "python"
    res = _run([sys.executable, "-m", "pip", "--python", vpy, "install", "-q", f"{wheel}[vc]"], base, env)
    if res.returncode != 0 and _index_unreachable(res.stdout + res.stderr):
        require_peer(False, "the package index (the wheel's dependency cffi): the packaging test did NOT run")
    assert res.returncode == 0, res.stdout + res.stderr
    work = base / "elsewhere"
    work.mkdir()
    return {"sdist": sdist, "wheel": wheel, "python": vpy, "bin": venv / "bin", "work": work, "env": env,
            "venv": venv}


def test_sdist_carries_what_builds_the_wheel(dist):
    with tarfile.open(dist["sdist"]) as tf:
        names = {n.split("/", 1)[1] for n in tf.getnames() if "/" in n}
    for need in ("LICENSE", "README.md", "pyproject.toml", "setup.py", "csrc/ffibuild.py", "csrc/include/zkcred.h",
                 "csrc/zkcred.c", "csrc/msm.h", "zkcred/py.typed", "zkcred/__init__.py",
                 "contracts/ZkcredRegistry.sol", "contracts/build/ZkcredRegistry.json", "zkcred/ledger/_registry.json"):
        assert need in names, f"sdist lacks {need}"
    tracked_c = {p.relative_to(ROOT).as_posix() for p in (ROOT / "csrc").rglob("*") if p.suffix in (".c", ".h")}
    assert tracked_c <= names, f"sdist lacks {sorted(tracked_c - names)}"
    bad = [n for n in names if n.endswith((".so", ".o", ".pyc")) or "node_modules" in n or n == "zkcred/_native.c"]
    assert not bad, f"sdist carries build output: {bad[:10]}"


def _elf_section_names(data: bytes) -> list[str]:
    """Section names of a 64-bit little-endian ELF file (enough of the format to see debug sections)."""
    assert data[:4] == b"\x7fELF" and data[4] == 2 and data[5] == 1, "not a 64-bit little-endian ELF file"
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize) for i in range(shnum)]
    str_off, str_size = sections[shstrndx][4], sections[shstrndx][5]
    strtab = data[str_off:str_off + str_size]
    return [strtab[s[0]:strtab.index(b"\0", s[0])].decode() for s in sections]


def test_wheel_tag_license_typing_and_a_stripped_extension(dist):
    wheel = dist["wheel"]
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    assert wheel.name == f"zkcred-0.1.0-cp311-abi3-{platform}.whl"
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/WHEEL"))
        tags = [ln.split(": ", 1)[1] for ln in zf.read(f"{info}/WHEEL").decode().splitlines()
                if ln.startswith("Tag: ")]
        assert tags == [f"cp311-abi3-{platform}"]
        meta = zf.read(f"{info}/METADATA").decode()
        assert "License-Expression: Apache-2.0" in meta and "Requires-Python: >=3.11" in meta
        assert "Apache License" in zf.read(f"{info}/licenses/LICENSE").decode()
        assert "zkcred/py.typed" in names
        assert "zkcred/circuits/age_at_least.py" in names
        assert "zkcred/ledger/_registry.json" in names      # the contract the EVM ledger deploys
        assert "zkcred/_native.c" not in names
        sos = [n for n in names if n.endswith(".so")]
        assert sos == ["zkcred/_native.abi3.so"], sos
        so = zf.read(sos[0])
    if sys.platform.startswith("linux"):
        debug = [s for s in _elf_section_names(so) if s.startswith((".debug", ".zdebug"))]
        assert not debug, f"the shipped extension carries debug sections: {debug}"
    assert len(so) < 4 << 20, f"the shipped extension is {len(so)} bytes"


def _readme_blocks(readme: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", readme, re.S | re.M)


def test_readme_python_examples_run_from_the_installed_wheel(dist):
    with tarfile.open(dist["sdist"]) as tf:
        member = next(m for m in tf.getmembers() if m.name.endswith("/README.md") and m.name.count("/") == 1)
        readme = tf.extractfile(member).read().decode()
    blocks = _readme_blocks(readme)
    assert len(blocks) >= 3, "the README's python examples were not found"
    script = ["import zkcred, sys",
              f"assert zkcred.__file__.startswith({str(dist['venv'])!r}), zkcred.__file__"]
    for i, block in enumerate(blocks):
        prelude = "".join(p for key, p in _PRELUDES.items() if key in block)
        check = "".join(c for key, c in _CHECKS.items() if key in block)
        assert sum(key in block for key in _CHECKS) <= 1, f"README python block {i} matches several checks"
        assert check, f"README python block {i} has no check in tests/test_packaging.py (add one)"
        script.append(f"ns = {{}}\nexec(compile({prelude + block + check!r}, 'README.md block {i}', 'exec'), ns)\n"
                      f"print('README block {i} OK')")
    res = _run([dist["python"], "-c", "\n".join(script)], dist["work"], dist["env"])
    assert res.returncode == 0, res.stdout + res.stderr
    assert res.stdout.split() == [w for i in range(len(blocks)) for w in ("README", "block", str(i), "OK")]


def test_cli_commands_from_the_installed_wheel(dist):
    zk, work, env = str(dist["bin"] / "zkcred"), dist["work"], dist["env"]

    def cli(*args: str, code: int = 0) -> subprocess.CompletedProcess:
        res = _run([zk, *args], work, env)
        assert res.returncode == code, f"zkcred {' '.join(args)}: exit {res.returncode}\n{res.stdout}{res.stderr}"
        return res

    # BBS: keygen, sign, verify, prove, verify-proof
    cli("bbs", "keygen", "--key-material-hex", "11" * 32, "-o", "key.json")
    key = json.loads((work / "key.json").read_text())
    assert key["type"] == "bbs-key" and len(bytes.fromhex(key["public_key"])) == 96
    (work / "msgs.json").write_text(json.dumps(["name: Alice", "age: 25", "city: Paris"]))
    cli("bbs", "sign", "--key", "key.json", "--messages", "msgs.json", "--header", "h", "-o", "sig.json")
    (work / "pk.json").write_text(json.dumps({k: key[k] for k in ("type", "suite", "public_key")}))
    cli("bbs", "verify", "--public-key", "pk.json", "sig.json")
    cli("bbs", "prove", "sig.json", "--disclose", "0,2", "--ph", "nonce", "-o", "proof.json")
    cli("bbs", "verify-proof", "--public-key", "pk.json", "--expect-ph", "nonce", "proof.json")
    proof = json.loads((work / "proof.json").read_text())
    (work / "bad-proof.json").write_text(json.dumps(dict(proof, presentation_header=b"other".hex())))
    cli("bbs", "verify-proof", "--public-key", "pk.json", "bad-proof.json", code=1)
    # the predicate circuits and Groth16, snarkjs-style files
    (work / "input.json").write_text(json.dumps({"birth": "11459", "today": "20784", "min_age": 18}))
    cli("circuits", "r1cs", "age_at_least", "age.r1cs")
    cli("circuits", "witness", "age_at_least", "input.json", "age.wtns")
    cli("groth16", "setup", "-q", "age.r1cs", "age.zkey")
    cli("groth16", "prove", "age.zkey", "age.wtns", "gproof.json", "public.json")
    cli("groth16", "export-vkey", "age.zkey", "vk.json")
    assert cli("groth16", "verify", "vk.json", "public.json", "gproof.json").stdout.strip() == "OK"
    (work / "bad.json").write_text(json.dumps(["20785", "18"]))
    cli("groth16", "verify", "vk.json", "bad.json", "gproof.json", code=1)
    # `python -m` entry points too
    res = _run([dist["python"], "-m", "zkcred.circuits", "--help"], work, env)
    assert res.returncode == 0, res.stderr
