"""``make demo`` (until the BBS story lands): a short self-check of the native BLS12-381 core.

It checks a pairing (bilinearity and a two-pair ``pairing_check``), a hash-to-curve against the first RFC 9380
test vector of ``BLS12381G1_XMD:SHA-256_SSWU_RO_`` (Appendix J.9.1), and prints a mini benchmark table.
Run: ``python -m zkcred.demos.selfcheck``.
"""
from __future__ import annotations

import statistics
import sys
import time
from typing import Callable

from zkcred.bls12_381 import Fr, G1, G2, pairing, pairing_check
from zkcred.bls12_381._ffi import ffi, lib

__all__ = ["run", "check_pairing", "check_hash_to_curve", "mini_bench", "H2C_DST", "H2C_X", "H2C_Y"]

# RFC 9380, Appendix J.9.1: BLS12381G1_XMD:SHA-256_SSWU_RO_, msg = "" (empty string)
H2C_DST = b"QUUX-V01-CS02-with-BLS12381G1_XMD:SHA-256_SSWU_RO_"
H2C_X = 0x052926ADD2207B76CA4FA57A8734416C8DC95E24501772C814278700EED6D1E4E8CF62D9C09DB0FAC349612B759E79A1
H2C_Y = 0x08BA738453BFED09CB546DBB0783DBB3A5F1F566ED67BB6BE0E8C67E2E81A4CC68EE29813BB7994998F3EAE0C9C6A265


def _median(fn: Callable[[], object], budget: float = 0.25) -> float:
    fn()
    times: list[float] = []
    start = time.perf_counter()
    while len(times) < 3 or (time.perf_counter() - start < budget and len(times) < 10_000):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _fmt(s: float) -> str:
    return f"{s * 1e3:9.3f} ms" if s >= 1e-3 else f"{s * 1e6:9.2f} µs"


def check_pairing() -> str:
    a, b = Fr.random(), Fr.random()
    g1, g2 = G1.generator(), G2.generator()
    e = pairing(g1, g2)
    if e.is_one():
        raise AssertionError("e(G1, G2) is 1: the pairing is degenerate")
    if pairing(g1 * a, g2 * b) != e ** (a * b):
        raise AssertionError("bilinearity failed: e(aP, bQ) != e(P, Q)^(ab)")
    if not pairing_check([(g1 * a, g2 * b), (-(g1 * (a * b)), g2)]):
        raise AssertionError("pairing_check failed on e(aP, bQ) e(-abP, Q)")
    return "e(aP, bQ) == e(P, Q)^(ab) and pairing_check([(aP, bQ), (-abP, Q)]) hold for random a, b"


def check_hash_to_curve() -> str:
    p = G1.hash_to_curve(b"", H2C_DST)
    if p.affine() != (H2C_X, H2C_Y):
        raise AssertionError("hash_to_curve(\"\") differs from RFC 9380 J.9.1")
    return "hash_to_curve(msg=\"\") matches RFC 9380 J.9.1 (BLS12381G1_XMD:SHA-256_SSWU_RO_)"


def mini_bench() -> list[tuple[str, float]]:
    g1, g2 = G1.generator() * Fr.random(), G2.generator() * Fr.random()
    k = Fr.random()
    pts = [G1.generator().mul_var(i + 1) for i in range(1024)]
    scs = [Fr.random() for _ in pts]
    enc1, enc2 = g1.to_bytes(), g2.to_bytes()
    return [
        ("Fr mul", _median(lambda: k * k)),
        ("G1 add", _median(lambda: g1 + g1)),
        ("G1 scalar mul (constant time)", _median(lambda: g1 * k)),
        ("G2 scalar mul (constant time)", _median(lambda: g2 * k)),
        ("G1 decompress + subgroup check", _median(lambda: G1.from_bytes(enc1))),
        ("G2 decompress + subgroup check", _median(lambda: G2.from_bytes(enc2))),
        ("hash_to_curve G1", _median(lambda: G1.hash_to_curve(b"zkcred", H2C_DST))),
        ("pairing", _median(lambda: pairing(g1, g2))),
        ("pairing_check, 2 pairs", _median(lambda: pairing_check([(g1, g2), (-g1, g2)]))),
        ("G1 MSM, 1024 points", _median(lambda: G1.msm_var(pts, scs), budget=0.5)),
    ]


def run() -> int:
    """Print the self-check; returns 0 when every check passes (the process exit status)."""
    print("zkcred self-check: " + ffi.string(lib.zk_build_info()).decode())
    ok = True
    for name, check in (("pairing", check_pairing), ("hash_to_curve", check_hash_to_curve)):
        try:
            print(f"  [ok]   {name}: {check()}")
        except Exception as exc:  # report every check, then fail
            ok = False
            print(f"  [FAIL] {name}: {type(exc).__name__}: {exc}")
    if not ok:
        return 1
    print("\n  mini benchmark (median, single thread)")
    rows = mini_bench()
    width = max(len(n) for n, _ in rows)
    for name, secs in rows:
        print(f"    {name:<{width}}  {_fmt(secs)}")
    return 0


if __name__ == "__main__":
    sys.exit(run())
