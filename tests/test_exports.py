"""Every public module of the package declares what it exports (issue 12, item 6): ``__all__`` exists, names only
public things, has no duplicates, and ``from module import *`` binds every name in it (a stale entry raises)."""
from __future__ import annotations

import importlib
import pkgutil

import pytest

import zkcred


def _public_modules() -> list[str]:
    """zkcred and its modules and packages whose dotted path has no part starting with "_" (``__main__``, the
    entry-point scripts, excepted too)."""
    names = ["zkcred"]
    for info in pkgutil.walk_packages(zkcred.__path__, "zkcred.",
                                      onerror=lambda name: pytest.fail(f"cannot import {name}")):
        if not any(part.startswith("_") for part in info.name.split(".")[1:]):
            names.append(info.name)
    return names


PUBLIC = _public_modules()


def test_the_walk_finds_the_public_modules():
    # the test would pass vacuously if the walk found nothing: pin a few modules of each layer
    for name in ("zkcred", "zkcred.errors", "zkcred.bbs.blind", "zkcred.groth16.snarkjs", "zkcred.circuit.poseidon",
                 "zkcred.circuits.in_range", "zkcred.cli.bbs", "zkcred.credentials.issuer", "zkcred.proofs.pedersen"):
        assert name in PUBLIC
    assert not [n for n in PUBLIC if n.endswith("__main__") or "._" in n]


@pytest.mark.parametrize("name", PUBLIC)
def test_public_module_declares_all(name):
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert isinstance(exported, list) and exported, f"{name} has no __all__"
    assert all(isinstance(n, str) for n in exported)
    assert len(set(exported)) == len(exported), f"{name}.__all__ has duplicates"
    private = [n for n in exported if n.startswith("_") and n != "__version__"]
    assert not private, f"{name}.__all__ exports private names {private}"
    namespace: dict[str, object] = {}
    exec(f"from {name} import *", namespace)    # AttributeError for a name the module does not have
    missing = [n for n in exported if n not in namespace]
    assert not missing, f"{name}.__all__ names {missing}, which import * did not bind"
