"""Every fuzz target (fuzz/targets.py) runs briefly: a few seconds of coverage-guided atheris, starting from the
target's valid seeds; any crash, hang (libFuzzer's -timeout) or unexpected exception fails. `make fuzz` runs them
longer. Where atheris is not installed, the hypothesis fallback runs instead (and says so)."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

from .conftest import ROOT

sys.path.insert(0, str(ROOT))
from fuzz.targets import TARGETS  # noqa: E402

SECONDS = int(os.environ.get("ZKCRED_FUZZ_SECONDS", "2"))
HAVE_ATHERIS = importlib.util.find_spec("atheris") is not None


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_fuzz_target(target, tmp_path):
    if HAVE_ATHERIS:
        args = [target, f"-max_total_time={SECONDS}", "-timeout=20", "-rss_limit_mb=4096",
                f"-artifact_prefix={tmp_path}/"]
    else:
        print("atheris is not installed: hypothesis fallback")
        args = [target, "--runs-hypothesis", "100"]
    p = subprocess.run([sys.executable, "-m", "fuzz", *args], cwd=ROOT, capture_output=True, text=True,
                       env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=300)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    if HAVE_ATHERIS:
        assert "Done " in p.stderr and " runs in " in p.stderr, p.stderr[-2000:]
        assert not list(tmp_path.iterdir()), "crash artifacts written"


@pytest.mark.skipif(not HAVE_ATHERIS, reason="atheris is not installed")
def test_decoders_are_instrumented(tmp_path):
    """The targets import zkcred lazily; the harness imports every decoder module under instrument_imports first,
    or the fuzzer would see coverage of zkcred._json only (as it once did)."""
    p = subprocess.run([sys.executable, "-m", "fuzz", "issuer", "-runs=1", f"-artifact_prefix={tmp_path}/"],
                       cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                       timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    done = {line.split()[-1] for line in p.stderr.splitlines() if line.startswith("INFO: Instrumenting ")}
    for module in ("zkcred.credentials.issuer", "zkcred.groth16.lego", "zkcred.bls12_381._curve",
                   "zkcred.registry.accumulator", "zkcred.bbs._core", "zkcred.groth16.snarkjs", "zkcred.vc._cbor",
                   "zkcred.service.app", "zkcred._json"):
        assert module in done, (module, sorted(done))
