"""Pairing layer of the native core, called through cffi directly, against py-arkworks-bls12381.

`python -m benchmarks native_pairing` prints: pairing, multi-pairing / pairing_check of 2 and 3 pairs.
zkcred and arkworks are timed in alternating short blocks in one process (the machine is shared, so the
median of the per-block ratios is steadier than a ratio of two medians; both are printed).
"""
from __future__ import annotations

import statistics
import time

from ._harness import Table


def _interleaved(fa, fb, *, rounds: int, block: int) -> tuple[float, float, float]:
    fa(), fb()
    ta, tb, ratios = [], [], []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(block):
            fa()
        t1 = time.perf_counter()
        for _ in range(block):
            fb()
        t2 = time.perf_counter()
        ta.append((t1 - t0) / block)
        tb.append((t2 - t1) / block)
        ratios.append(ta[-1] / tb[-1])
    return statistics.median(ta), statistics.median(tb), statistics.median(ratios)


def run(quick: bool = False) -> list[Table]:
    from zkcred._native import ffi, lib

    try:
        import py_arkworks_bls12381 as ark
    except ImportError:
        ark = None
    rounds, block = (5, 5) if quick else (40, 10)
    table = Table("Native pairing (cffi direct)", ["zkcred", "arkworks"],
                  notes=["ratio column: median over alternating blocks of the per-block ratio zkcred/arkworks"])

    def points(n):
        ps = ffi.new("zk_g1[]", n)
        qs = ffi.new("zk_g2[]", n)
        for i in range(n):
            k = ffi.new("zk_fr *")
            lib.zk_fr_from_u64(k, 1234567 + i)
            g1, g2 = ffi.new("zk_g1 *"), ffi.new("zk_g2 *")
            lib.zk_g1_generator(g1)
            lib.zk_g2_generator(g2)
            lib.zk_g1_mul(ps + i, g1, k)
            lib.zk_g2_mul(qs + i, g2, k)
        return ps, qs

    out = ffi.new("zk_fp12 *")
    for n in (1, 2, 3):
        ps, qs = points(n)
        if n == 1:
            def zk():
                lib.zk_pairing(out, ps, qs)
        else:
            def zk():
                lib.zk_pairing_check(ps, qs, n)
        if ark is not None:
            aps = [ark.G1Point() * ark.Scalar(1234567 + i) for i in range(n)]
            aqs = [ark.G2Point() * ark.Scalar(1234567 + i) for i in range(n)]
            if n == 1:
                def ak():
                    ark.GT.pairing(aps[0], aqs[0])
            else:
                def ak():
                    ark.GT.pairing_check(aps, aqs)
            tz, ta, ratio = _interleaved(zk, ak, rounds=rounds, block=block)
        else:
            tz, ta, ratio = _interleaved(zk, zk, rounds=rounds, block=block)[0], None, None
        name = "pairing" if n == 1 else f"pairing_check, {n} pairs"
        table.add(name, zkcred=tz, arkworks=ta)
        if ratio is not None:
            table.notes.append(f"{name}: median per-block ratio {ratio:.3f}")
    return [table]


if __name__ == "__main__":
    for t in run():
        print(t.render())
