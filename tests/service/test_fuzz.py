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
