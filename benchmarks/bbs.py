"""BBS benchmarks (issue 3): sign, verify, proof_gen, proof_verify at 10 and 100 messages with 2 disclosed,
against Digital Bazaar's JS and MATTR's wasm measured in the same run, and batch verification of 100 proofs.

``python -m benchmarks bbs [--quick]``. The peers run in node (peers/bbs/bench.mjs, packages from ``make peers``);
when they are missing their columns read "–" and a note says why.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from ._harness import Table, median_time

ROOT = Path(__file__).resolve().parent.parent
BENCH_JS = ROOT / "peers" / "bbs" / "bench.mjs"
OPS = ("sign", "verify", "proof_gen", "proof_verify")
TARGET_VS_MATTR = 8.0
Z, M, D = "zkcred", "mattr pairing-crypto 0.4.2 (wasm)", "digitalbazaar bbs-signatures 3.0.0 (JS)"


def _messages(n: int) -> list[bytes]:
    # the same messages as peers/bbs/bench.mjs
    return [f"attribute-{i}: value number {i * 7919}".encode() for i in range(n)]


def _amortised(fn, seconds: float, inner: int) -> float:
    """Median over samples of ``inner`` back-to-back calls, per call. On a shared machine a single ~2 ms call
    that is preempted once pays a whole scheduler slice (~4 ms); the peers' 20-500 ms calls absorb such slices
    in proportion. Timing groups of calls that last about as long as one peer call puts both on the same
    footing."""
    return median_time(lambda: [fn() for _ in range(inner)], min_runs=5, min_seconds=seconds) / inner


def _zkcred(n: int, k: int, suite, seconds: float) -> dict[str, float]:
    from zkcred import bbs
    sk = bbs.keygen(b"zkcred-benchmark-key-material-32", suite=suite)
    pk = bbs.sk_to_pk(sk, suite=suite)
    msgs = _messages(n)
    header, ph = b"zkcred-bench-header", b"zkcred-bench-presentation-header"
    idx = list(range(k))
    sig = bbs.sign(sk, pk, header, msgs, suite=suite)
    proof = bbs.proof_gen(pk, sig, header, ph, msgs, idx, suite=suite)
    disclosed = [msgs[i] for i in idx]
    inner = 10 if n <= 20 else 2
    return {
        "sign": _amortised(lambda: bbs.sign(sk, pk, header, msgs, suite=suite), seconds, inner),
        "verify": _amortised(lambda: bbs.verify(pk, sig, header, msgs, suite=suite), seconds, inner),
        "proof_gen": _amortised(lambda: bbs.proof_gen(pk, sig, header, ph, msgs, idx, suite=suite), seconds, inner),
        "proof_verify": _amortised(lambda: bbs.proof_verify(pk, proof, header, ph, disclosed, idx, suite=suite),
                                   seconds, inner),
    }


def _peers(n: int, k: int, seconds: float) -> tuple[dict, str | None]:
    node = shutil.which("node")
    if node is None or not (ROOT / "peers" / "node_modules").exists():
        return {}, "peers not measured: node or peers/node_modules missing (run `make peers`)"
    try:
        res = subprocess.run([node, BENCH_JS.name, str(n), str(k), str(seconds)], cwd=BENCH_JS.parent,
                             capture_output=True, text=True, timeout=900, check=True)
        return json.loads(res.stdout.strip().splitlines()[-1]), None
    except (subprocess.SubprocessError, ValueError, IndexError) as e:
        return {}, f"peers failed: {e}"


def _batch(count: int, n: int, k: int, seconds: float) -> Table:
    from zkcred import bbs
    suite = bbs.BLS12_381_SHA_256
    sk = bbs.keygen(b"zkcred-benchmark-key-material-32", suite=suite)
    pk = bbs.sk_to_pk(sk, suite=suite)
    header = b"zkcred-bench-header"
    idx = list(range(k))
    proofs, sigs = [], []
    for j in range(count):
        msgs = [m + b"/%d" % j for m in _messages(n)]
        sig = bbs.sign(sk, pk, header, msgs, suite=suite)
        ph = b"nonce-%d" % j
        proofs.append(bbs.ProofItem(pk, bbs.proof_gen(pk, sig, header, ph, msgs, idx, suite=suite), header, ph,
                                    [msgs[i] for i in idx], idx, suite))
        sigs.append(bbs.SignatureItem(pk, sig, header, msgs, suite))

    def singles_p():
        for it in proofs:
            bbs.proof_verify(it.pk, it.proof, it.header, it.ph, it.disclosed_messages, it.disclosed_indexes,
                             suite=suite)

    def singles_s():
        for it in sigs:
            bbs.verify(it.pk, it.signature, it.header, it.messages, suite=suite)

    b, s = "batch_verify", f"{count} single verifications"
    t = Table(f"BBS batch verification: {count} items, n = {n} messages ({k} disclosed), one key, BLS12-381-SHA-256",
              [b, s])
    tp_b = median_time(lambda: bbs.batch_verify(proofs), min_runs=3, min_seconds=seconds)
    tp_s = median_time(singles_p, min_runs=3, min_seconds=seconds)
    ts_b = median_time(lambda: bbs.batch_verify(sigs), min_runs=3, min_seconds=seconds)
    ts_s = median_time(singles_s, min_runs=3, min_seconds=seconds)
    t.add(f"{count} proofs", **{b: tp_b, s: tp_s})
    t.add(f"{count} signatures", **{b: ts_b, s: ts_s})
    t.notes.append(f"speed-up of batch over singles: proofs {tp_s / tp_b:.2f}×, signatures {ts_s / ts_b:.2f}× "
                   f"(target for proofs: >= 2×: {'met' if tp_s / tp_b >= 2 else 'NOT met'})")
    return t


def run(quick: bool = False) -> list[Table]:
    from zkcred import bbs
    seconds = 0.3 if quick else 1.0
    peer_seconds = 0.3 if quick else 2.0
    tables = []
    for n in ((10,) if quick else (10, 100)):
        k = 2
        zk = _zkcred(n, k, bbs.BLS12_381_SHA_256, seconds)
        peers, why = _peers(n, k, peer_seconds)
        t = Table(f"BBS BLS12-381-SHA-256, n = {n} messages, {k} disclosed, header and presentation header set",
                  [Z, M, D])
        for op in OPS:
            t.add(op, **{Z: zk[op], M: peers.get("mattr", {}).get(op), D: peers.get("digitalbazaar", {}).get(op)})
        if why:
            t.notes.append(why)
        elif n == 10:
            speedups = {op: peers["mattr"][op] / zk[op] for op in OPS}
            met = all(v >= TARGET_VS_MATTR for v in speedups.values())
            t.notes.append("speed-up over MATTR wasm: " + ", ".join(f"{op} {v:.1f}×" for op, v in speedups.items())
                           + f" (target >= {TARGET_VS_MATTR:.0f}× each: {'met' if met else 'NOT met'})")
        t.notes.append("MATTR implements an older draft (not interoperable); it is here for speed only. zkcred "
                       "caches generators per suite; both peers recompute them in every call. zkcred times are "
                       "medians of groups of back-to-back calls, per call (see _amortised).")
        tables.append(t)
    shake = _zkcred(10, 2, bbs.BLS12_381_SHAKE_256, seconds)
    t = Table("BBS BLS12-381-SHAKE-256, n = 10 messages, 2 disclosed (zkcred only; no peer implements it here)",
              [Z])
    for op in OPS:
        t.add(op, **{Z: shake[op]})
    tables.append(t)
    tables.append(_batch(20 if quick else 100, 10, 2, seconds))
    return tables
