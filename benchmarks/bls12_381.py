"""BLS12-381 core: zkcred against py_ecc (pure Python) and py-arkworks-bls12381 (Rust), measured in one run.

``python -m benchmarks bls12_381 [--quick]``. Medians, single thread. py_ecc is timed on few runs (its single
run can take seconds) and left out ("–") where one run would take minutes; the notes under the table say which.
"""
from __future__ import annotations

import hashlib
import random
import statistics
import time
from typing import Callable

from zkcred.bls12_381 import CURVE_ORDER as R, Fr, G1, G2, pairing, pairing_check

from ._harness import Table, median_time

try:
    import py_arkworks_bls12381 as ark
except ImportError:  # pragma: no cover - the bench extra installs it
    ark = None

try:
    from py_ecc import optimized_bls12_381 as pe
    from py_ecc.bls.hash_to_curve import hash_to_G1 as pe_hash_to_G1
    from py_ecc.bls.point_compression import compress_G1, compress_G2, decompress_G1, decompress_G2
    from py_ecc.optimized_bls12_381.optimized_pairing import final_exponentiate, miller_loop
except ImportError:  # pragma: no cover
    pe = None

DST = b"QUUX-V01-CS02-with-BLS12381G1_XMD:SHA-256_SSWU_RO_"


def _few(fn: Callable[[], object], runs: int) -> float:
    """Median of `runs` timed calls, no warm-up (for py_ecc, whose single call can take seconds)."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _zk_points(cls, n: int, rng: random.Random) -> list:
    """n distinct pseudo-random subgroup points from additions (cheap to build; MSM cost does not depend on it)."""
    step = cls.generator().mul_var(rng.randrange(1, R))
    p = cls.generator().mul_var(rng.randrange(1, R))
    out = []
    for _ in range(n):
        out.append(p)
        p = p + step
    return cls.batch_normalize(out)


def _ark_g1(p: G1):
    return ark.G1Point.from_compressed_bytes_unchecked(p.to_bytes())


def _ark_g2(p: G2):
    return ark.G2Point.from_compressed_bytes_unchecked(p.to_bytes())


def _pe_point(p):
    """zkcred point -> py_ecc projective point (through affine coordinates)."""
    a = p.affine()
    if isinstance(p, G1):
        return (pe.FQ(a[0]), pe.FQ(a[1]), pe.FQ.one())
    (x0, x1), (y0, y1) = a
    return (pe.FQ2([x0, x1]), pe.FQ2([y0, y1]), pe.FQ2.one())


def run(quick: bool = False) -> list[Table]:
    rng = random.Random(2024)
    ms = 0.2 if quick else 0.8          # min seconds per zkcred / arkworks measurement
    pe_runs = 1 if quick else 3
    cols = ["zkcred"] + (["py-arkworks-bls12381"] if ark else []) + (["py_ecc"] if pe else [])
    t = Table("BLS12-381 core (single thread)", cols)
    notes = t.notes

    k1, k2 = rng.randrange(1, R), rng.randrange(1, R)
    P, Q = G1.generator().mul_var(k1), G2.generator().mul_var(k2)
    P2, Q2 = G1.generator().mul_var(k2), G2.generator().mul_var(k1)
    fk = Fr(rng.randrange(1, R))
    aP, aQ, aP2, aQ2 = (_ark_g1(P), _ark_g2(Q), _ark_g1(P2), _ark_g2(Q2)) if ark else (None,) * 4
    ak = ark.Scalar(int(fk)) if ark else None
    pP, pQ, pP2, pQ2 = (_pe_point(P), _pe_point(Q), _pe_point(P2), _pe_point(Q2)) if pe else (None,) * 4

    def row(op: str, zk, ark_fn=None, pe_fn=None, pe_runs_=None, ms_=None):
        m = ms_ if ms_ is not None else ms
        times = {"zkcred": median_time(zk, min_seconds=m)}
        if ark and ark_fn is not None:
            times["py-arkworks-bls12381"] = median_time(ark_fn, min_seconds=m)
        if pe and pe_fn is not None:
            times["py_ecc"] = _few(pe_fn, pe_runs_ or pe_runs)
        t.add(op, **times)
        print(f"  ... {op}", flush=True)

    # pairing: py_ecc's default pairing() uses the naive final exponentiation (about 300 ms)
    row("pairing", lambda: pairing(P, Q), lambda: ark.GT.pairing(aP, aQ), lambda: pe.pairing(pQ, pP))
    # multi-pairing check; py_ecc: one Miller loop per pair + its fast final_exponentiate
    pairs2 = [(P, Q), (-P, Q)]
    pairs3 = [(P, Q), (P2, Q2), (-(P + P2), Q)]

    def pe_check(pairs):
        f = pe.FQ12.one()
        for a, b in pairs:
            f = f * miller_loop(_pe_point(b), _pe_point(a), final_exponentiate=False)
        return final_exponentiate(f) == pe.FQ12.one()

    pe_pairs2 = [(p, q) for p, q in pairs2]
    row("pairing_check, 2 pairs", lambda: pairing_check(pairs2),
        lambda: ark.GT.pairing_check([aP, -aP], [aQ, aQ]), lambda: pe_check(pe_pairs2))
    row("pairing_check, 3 pairs", lambda: pairing_check(pairs3),
        lambda: ark.GT.pairing_check([aP, aP2, -(aP + aP2)], [aQ, aQ2, aQ]),
        lambda: pe_check(pairs3))
    row("G1 scalar mul (constant time)", lambda: P * fk, lambda: aP * ak, lambda: pe.multiply(pP, int(fk)))
    row("G2 scalar mul (constant time)", lambda: Q * fk, lambda: aQ * ak, lambda: pe.multiply(pQ, int(fk)))
    row("G1 add", lambda: P + P2, lambda: aP + aP2, lambda: pe.add(pP, pP2))

    # MSMs: zkcred gets Fr scalars and G1 values, arkworks its own Scalar and point objects
    sizes = [("G1 MSM 2^10", G1, 1 << 10), ("G1 MSM 2^16", G1, 1 << 16), ("G2 MSM 2^10", G2, 1 << 10)]
    for name, cls, n in sizes:
        if quick and n > 1 << 12:
            notes.append(f"{name}: left out in --quick mode")
            continue
        pts = _zk_points(cls, n, rng)
        ints = [rng.randrange(R) for _ in range(n)]
        frs = [Fr(v) for v in ints]
        ark_fn = None
        if ark:
            conv = _ark_g1 if cls is G1 else _ark_g2
            apts = [conv(p) for p in pts]
            ascs = [ark.Scalar(v) for v in ints]
            cls_ark = ark.G1Point if cls is G1 else ark.G2Point
            ark_fn = lambda: cls_ark.multiexp_unchecked(apts, ascs)   # noqa: E731
        pe_fn = None
        if pe and cls is G1 and n <= 1 << 10 and not quick:
            ppts = [_pe_point(p) for p in pts]

            def naive_sum(ppts=ppts, ints=ints):
                acc = pe.Z1
                for p, s in zip(ppts, ints):
                    acc = pe.add(acc, pe.multiply(p, s))
                return acc
            pe_fn = naive_sum
        row(name, lambda: cls.msm_var(pts, frs), ark_fn, pe_fn, pe_runs_=1, ms_=ms * (3 if n > 1 << 12 else 1))
    notes.append("py_ecc MSM: a naive loop of scalar multiplications, one run, 2^10 G1 only "
                 "(2^16 G1 and 2^10 G2 would take minutes: –)")

    msg = b"zkcred benchmark message"
    row("hash_to_curve G1 (RFC 9380 SSWU RO)", lambda: G1.hash_to_curve(msg, DST),
        (lambda: ark.G1Point.hash_to_curve(msg, DST)) if ark else None,
        lambda: pe_hash_to_G1(msg, DST, hashlib.sha256))

    e1, e2 = P.to_bytes(), Q.to_bytes()
    pe_z1 = compress_G1(pP) if pe else None
    pe_z2 = compress_G2(pQ) if pe else None
    row("G1 decompress + subgroup check", lambda: G1.from_bytes(e1),
        lambda: ark.G1Point.from_compressed_bytes(e1),
        lambda: pe.is_inf(pe.multiply(decompress_G1(pe_z1), R)))
    row("G2 decompress + subgroup check", lambda: G2.from_bytes(e2),
        lambda: ark.G2Point.from_compressed_bytes(e2),
        lambda: pe.is_inf(pe.multiply(decompress_G2(pe_z2), R)))
    notes.append("py_ecc: pairing() with its default naive final exponentiation; pairing_check = Miller loops + "
                 "its fast final_exponentiate; decompression + subgroup check = decompress + multiply by r")
    if pe:
        speedups = [f"{op} {tm['py_ecc'] / tm['zkcred']:,.0f}×" for op, tm in t.rows
                    if tm.get("py_ecc") and tm.get("zkcred")]
        notes.append("zkcred speed-up over py_ecc: " + ", ".join(speedups))
    notes.append("arkworks: GT.pairing, GT.pairing_check, Point * Scalar, multiexp_unchecked, "
                 "G1Point.hash_to_curve, from_compressed_bytes (checked)")
    return [t]
