"""mypy on the package, with the configuration in pyproject.toml ([tool.mypy]): any error fails the suite."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from _testlib import require_peer

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_is_clean_on_the_package(tmp_path):
    try:
        import mypy  # noqa: F401  (the test extra)
    except ImportError:
        require_peer(False, "mypy (pip install -e '.[test]'): the type check did NOT run")
    res = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache")], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "Success" in res.stdout
