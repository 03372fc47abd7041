"""``python -m fuzz TARGET [libFuzzer options]``: run one target under atheris (libFuzzer), starting from the
target's seeds (written to a temporary corpus directory unless a corpus directory is given). ``--list`` lists the
targets; ``--runs-hypothesis N`` runs N hypothesis-generated inputs instead (where atheris cannot be installed).

zkcred's own modules are instrumented for coverage (atheris.instrument_imports); the native core is not (it is C
behind cffi: its branches are not seen, its crashes are).
"""
from __future__ import annotations

import os
import sys
import tempfile


def main(argv: list[str]) -> int:
    if argv[:1] == ["--list"]:
        from .targets import TARGETS
        print("\n".join(TARGETS))
        return 0
    if not argv or argv[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    name, rest = argv[0], argv[1:]
    if rest[:1] == ["--runs-hypothesis"]:
        return _hypothesis(name, int(rest[1]))
    import atheris
    with atheris.instrument_imports(include=["zkcred", "fuzz"]):
        from . import targets
        _import_decoders()
    fn = targets.TARGETS[name]
    corpus = [a for a in rest if not a.startswith("-")]
    if not corpus:
        d = tempfile.mkdtemp(prefix=f"zkcred-fuzz-{name}-")
        for k, seed in enumerate(targets.seeds(name)):
            with open(os.path.join(d, f"seed{k}"), "wb") as f:
                f.write(seed)
        rest = [*rest, d]
    else:
        targets.world()
    atheris.Setup([sys.argv[0], *rest], fn)
    atheris.Fuzz()
    return 0


# The packages whose code the targets run, imported (and so instrumented) up front: a module that a target imports
# lazily, on its first call, would be imported after instrument_imports has ended and run without coverage. The
# CLI, the demos and the on-chain tooling are left out: no target reaches them.
DECODER_PACKAGES = ("zkcred.bls12_381", "zkcred.bbs", "zkcred.groth16", "zkcred.circuit", "zkcred.circuits",
                    "zkcred.proofs", "zkcred.registry", "zkcred.credentials", "zkcred.ledger", "zkcred.vc",
                    "zkcred.service")


def _import_decoders() -> list[str]:
    """Import every module of DECODER_PACKAGES (a module whose optional dependency is missing is skipped)."""
    import importlib
    import pkgutil
    done = []
    for name in DECODER_PACKAGES:
        pkg = importlib.import_module(name)
        done.append(name)
        for info in pkgutil.walk_packages(pkg.__path__, name + "."):
            if info.name.endswith("__main__"):
                continue
            try:
                importlib.import_module(info.name)
            except ImportError:
                continue
            done.append(info.name)
    return done


def _hypothesis(name: str, runs: int) -> int:
    """The fallback: hypothesis draws byte strings and mutations of the seeds."""
    from hypothesis import given, settings, strategies as st

    from . import targets
    fn = targets.TARGETS[name]
    seeds = targets.seeds(name)

    def mutate(args: tuple) -> bytes:
        seed, pos, junk, cut = args
        seed = seeds[seed % len(seeds)]
        pos %= len(seed) + 1
        return seed[:pos] + junk + seed[pos + cut:]

    inputs = st.one_of(st.binary(max_size=2048),
                       st.tuples(st.integers(0, 99), st.integers(0, 1 << 20), st.binary(max_size=64),
                                 st.integers(0, 64)).map(mutate))

    @settings(max_examples=runs, deadline=None, database=None)
    @given(inputs)
    def run(data: bytes) -> None:
        fn(data)

    run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
