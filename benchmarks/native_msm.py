"""MSM through cffi (zk_g1_msm_var / zk_g2_msm_var / zk_g1_msm_ct) against py-arkworks-bls12381's multiexp_unchecked.

``python -m benchmarks native_msm`` prints the table. zkcred is timed on the C call alone (points already affine,
scalars already zk_fr, scratch allocated once), arkworks on ``multiexp_unchecked`` over its own point and scalar
objects (its conversion of the Python lists is part of its call and cannot be separated).
"""
from __future__ import annotations

import random
import statistics
import time

from ._harness import Table, median_time

R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001


def _zk_inputs(name: str, n: int, rng: random.Random):
    from zkcred._native import ffi, lib

    gen, mul = getattr(lib, f"zk_{name}_generator"), getattr(lib, f"zk_{name}_mul_var")
    g = ffi.new(f"zk_{name} *")
    gen(g)
    # n distinct points: multiples of the generator by consecutive small integers (cheap to make), then a few
    # random ones; the MSM cost does not depend on how the points were made.
    pts = ffi.new(f"zk_{name}[{n}]")
    k = ffi.new("zk_fr *")
    for i in range(n):
        lib.zk_fr_from_bytes(k, rng.randrange(1, R).to_bytes(32, "big"))
        mul(pts + i, g, k)
    aff = ffi.new(f"zk_{name}_affine[{n}]")
    getattr(lib, f"zk_{name}_batch_to_affine")(aff, pts, n)
    ks = ffi.new(f"zk_fr[{n}]")
    for i in range(n):
        lib.zk_fr_from_bytes(ks + i, rng.randrange(R).to_bytes(32, "big"))
    return pts, aff, ks


def _zk_msm(name: str, n: int, threads: int, aff, ks):
    from zkcred._native import ffi, lib

    size = getattr(lib, f"zk_{name}_msm_scratch_size")(n, threads)
    scratch = ffi.new("uint8_t[]", size)
    out = ffi.new(f"zk_{name} *")
    fn = getattr(lib, f"zk_{name}_msm_var")

    def run():
        assert fn(out, aff, ks, n, threads, scratch, size) == 0

    return run


def _ark_msm(name: str, n: int, rng: random.Random):
    try:
        import py_arkworks_bls12381 as ark
    except ImportError:
        return None
    P = ark.G1Point if name == "g1" else ark.G2Point
    g = P()
    pts = [g * ark.Scalar(rng.randrange(1, R)) for _ in range(n)]
    ks = [ark.Scalar(rng.randrange(R)) for _ in range(n)]
    return lambda: P.multiexp_unchecked(pts, ks)


def cpu_median(fn, *, min_runs: int = 3, min_seconds: float = 1.0) -> float:
    """Median process CPU time of fn() (single-threaded code only). On a shared machine wall time counts the
    time this process waited for a core; CPU time does not, so ratios between single-threaded peers stay fair."""
    fn()
    times: list[float] = []
    start = time.process_time()
    while len(times) < min_runs or time.process_time() - start < min_seconds:
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return statistics.median(times)


def run(quick: bool) -> list[Table]:
    rng = random.Random(1)
    t = Table("MSM (csrc/msm, through cffi), single thread, process CPU time", ["zkcred", "arkworks"])
    tw = Table("MSM (csrc/msm, through cffi), single thread, wall time", ["zkcred", "arkworks"])
    t2 = Table("MSM threads (zkcred only)", ["zkcred 1 thread", "zkcred 2 threads"])
    cases = [("g1", 10), ("g2", 10), ("g1", 16)] if not quick else [("g1", 10), ("g2", 8)]
    min_s = 0.3 if quick else 1.0
    for name, logn in cases:
        n = 1 << logn
        _, aff, ks = _zk_inputs(name, n, rng)
        zk1 = _zk_msm(name, n, 1, aff, ks)
        ark = _ark_msm(name, n, rng)
        z = cpu_median(zk1, min_seconds=min_s)
        a = cpu_median(ark, min_seconds=min_s) if ark else None
        t.add(f"{name.upper()} MSM 2^{logn}", zkcred=z, arkworks=a)
        zw = median_time(zk1, min_runs=3, min_seconds=min_s)
        aw = median_time(ark, min_runs=3, min_seconds=min_s) if ark else None
        tw.add(f"{name.upper()} MSM 2^{logn}", zkcred=zw, arkworks=aw)
        z2 = median_time(_zk_msm(name, n, 2, aff, ks), min_runs=3, min_seconds=min_s)
        t2.add(f"{name.upper()} MSM 2^{logn}", **{"zkcred 1 thread": zw, "zkcred 2 threads": z2})
    if not quick:
        from zkcred._native import ffi, lib

        for n in (10, 100, 200):
            pts, _, ks = _zk_inputs("g1", n, rng)
            size = lib.zk_g1_msm_ct_scratch_size(n)
            scratch = ffi.new("uint8_t[]", size)
            out = ffi.new("zk_g1 *")
            z = cpu_median(lambda: lib.zk_g1_msm_ct(out, pts, ks, n, scratch, size), min_seconds=0.5)
            t.add(f"G1 constant-time MSM n={n}", zkcred=z, arkworks=None)
    t.notes.append("arkworks: py-arkworks-bls12381 multiexp_unchecked (single-threaded wheel).")
    t2.notes.append("wall time (threads: CPU time would add the threads up).")
    return [t, tw, t2]
