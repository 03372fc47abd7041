"""``make bench``: every layer's tables, zkcred against its peers, measured in one run."""
from __future__ import annotations

import argparse
import importlib

from ._harness import machine

LAYERS = ["bls12_381", "bbs", "groth16", "circuit", "credentials", "vc", "registry", "ledger", "ledger_evm",
          "onchain"]


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks")
    ap.add_argument("layers", nargs="*", default=LAYERS, help="layers to run (default: all)")
    ap.add_argument("--quick", action="store_true", help="fewer sizes and runs (smoke test)")
    args = ap.parse_args()
    print(f"Machine: {machine()}\nRatios below 1 mean zkcred is faster. Medians, single thread unless noted.\n")
    for layer in args.layers:
        mod = importlib.import_module(f"benchmarks.{layer}")
        for table in mod.run(quick=args.quick):
            print(table.render(), flush=True)
            print()


if __name__ == "__main__":
    main()
