"""Groth16 benchmarks: zkcred against snarkjs 0.7.6 on the same .zkey and .wtns, in the same run.

Circuits are multiplication chains (t_{i+1} = t_i (t_i + i), like peers' mul_4000/mul_65000) built in Python as
R1CS, and the depth-20 set_membership predicate circuit of circuits/ (Poseidon, 5078 constraints); the keys come from zkcred's development setup written in snarkjs's .zkey format (snarkjs proves from
them: tests/groth16 checks that), because a 2^16 bls12381 powers of tau takes ~35 minutes in snarkjs.
Whole-process figures (CLI) include interpreter/node start-up and file reading; peak memory is the child's
maximum resident set size (wait4 rusage). Files are cached under $ZKCRED_BENCH_DIR (default /tmp/zkcred-bench).
"""
from __future__ import annotations

import compileall
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from ._harness import Table, median_time

ROOT = Path(__file__).resolve().parents[1]
SNARKJS = ROOT / "peers" / "node_modules" / "snarkjs" / "build" / "cli.cjs"
CACHE = Path(os.environ.get("ZKCRED_BENCH_DIR", "/tmp/zkcred-bench"))


def _mul_chain(n_constraints: int):
    """out = f(x) with n_constraints multiplications: t_{i+1} = t_i * (t_i + c_i); one public input."""
    from zkcred.groth16.keys import R
    from zkcred.groth16.r1cs import R1CS
    # wires: 0 ONE, 1 out, 2 x (public input), 3 y (private), 4.. t_i
    cons, wires, prev = [], 4, 3
    for i in range(n_constraints - 1):
        cons.append(([(prev, 1)], [(prev, 1), (0, i + 1)], [(wires, 1)]))
        prev, wires = wires, wires + 1
    cons.append(([(prev, 1)], [(2, 1)], [(1, 1)]))
    r1cs = R1CS(n_wires=wires, n_pub_out=1, n_pub_in=1, n_prv_in=1, constraints=cons)
    x, y = 5, 7
    w = [1, 0, x, y]
    t = y
    for i in range(n_constraints - 1):
        t = t * (t + i + 1) % R
        w.append(t)
    w[1] = t * x % R
    return r1cs, w


def _set_membership():
    """The depth-20 Poseidon Merkle membership circuit of circuits/ (sparse B, small witness values)."""
    from zkcred.circuits import set_membership
    from zkcred.circuit import MerkleTree
    tree = MerkleTree(list(range(100, 164)), depth=set_membership.DEPTH)
    c = set_membership.circuit()
    return c.to_r1cs(), c.witness_bytes(set_membership.inputs(tree, 133, tree.index_of(133)))


def _files(case: int | str) -> tuple[Path, Path, Path, float | None]:
    """(zkey, wtns, vk.json, setup seconds or None when cached) for mul_<n> or the set_membership circuit."""
    from zkcred.groth16 import core, snarkjs as sj
    d = CACHE / (f"mul_{case}" if isinstance(case, int) else str(case))
    zkey, wtns, vk = d / "circuit.zkey", d / "witness.wtns", d / "verification_key.json"
    if zkey.exists() and wtns.exists() and vk.exists():
        return zkey, wtns, vk, None
    d.mkdir(parents=True, exist_ok=True)
    r1cs, w = _mul_chain(case) if isinstance(case, int) else _set_membership()
    t0 = time.perf_counter()
    pk = core.setup(r1cs)
    dt = time.perf_counter() - t0
    zkey.write_bytes(sj.write_zkey(pk))
    wtns.write_bytes(sj.write_wtns(w))
    vk.write_text(sj.vk_to_json(pk.verifying_key()))
    return zkey, wtns, vk, dt


def _run_usage(cmd: list[str], env: dict | None = None) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds (user + sys), peak RSS (MiB) of one child process, output."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    out = p.stdout.read().decode(errors="replace") if p.stdout else ""
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} failed ({p.returncode}): {out[-400:]}")
    return dt, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, out


def _run(cmd: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MiB) of one child process, output."""
    dt, _, rss, out = _run_usage(cmd, env)
    return dt, rss, out


def _alternating(a: list[str], b: list[str] | None, runs: int, env: dict | None = None) -> list[float | None]:
    """[wall a, wall b, cpu a, cpu b]: medians over ``runs`` of two commands run alternately (a, b, a, b, ...)
    after one warm-up each, so that load changes on a shared machine hit both sides alike; CPU time (user + sys)
    moves less with the load than wall time. b may be None (peer missing): its entries are None."""
    import statistics
    samples: list[list[float]] = [[], [], [], []]
    for i in range(runs + 1):
        wa, ca, _, _ = _run_usage(a, env)
        wb, cb, _, _ = _run_usage(b) if b else (0.0, 0.0, 0.0, "")
        if i:
            for k, v in enumerate((wa, wb, ca, cb)):
                samples[k].append(v)
    return [statistics.median(s) if b or k % 2 == 0 else None for k, s in enumerate(samples)]


def _best_of(cmd: list[str], runs: int, env: dict | None = None) -> tuple[float, float]:
    import statistics
    res = [_run(cmd, env) for _ in range(runs)]
    return statistics.median(r[0] for r in res), max(r[1] for r in res)


_NODE_VERIFY = r"""
const { createRequire } = require("module");
const req = createRequire(process.argv[2]);
const snarkjs = req("snarkjs");
const fs = require("fs");
(async () => {
  const [vk, pub, proof] = [3, 4, 5].map(i => JSON.parse(fs.readFileSync(process.argv[i], "utf8")));
  const log = { info() {}, debug() {}, warn() {}, error() {} };
  for (let i = 0; i < 3; i++) await snarkjs.groth16.verify(vk, pub, proof, log);   // warm-up
  const times = [];
  for (let i = 0; i < 15; i++) {
    const t = process.hrtime.bigint();
    const ok = await snarkjs.groth16.verify(vk, pub, proof, log);
    times.push(Number(process.hrtime.bigint() - t) / 1e9);
    if (!ok) throw new Error("snarkjs rejected the proof");
  }
  times.sort((a, b) => a - b);
  console.log(times[7]);
  process.exit(0);
})();
"""


def _snarkjs_inprocess_verify(vk: Path, pub: Path, proof: Path) -> float | None:
    script = CACHE / "verify_inprocess.cjs"
    script.write_text(_NODE_VERIFY)
    try:
        _, _, out = _run(["node", str(script), str(ROOT / "peers" / "package.json"), str(vk), str(pub), str(proof)])
        return float(out.strip().splitlines()[-1])
    except (RuntimeError, ValueError):
        return None


def _ntt_table(quick: bool) -> Table:
    import random
    from zkcred.bls12_381._ffi import lib
    from zkcred.groth16 import _ntt
    threads = _ntt.default_threads()
    t = Table("NTT over Fr (in place, natural order)", ["zkcred 1 thread", f"zkcred {threads} threads"])
    for log_n in ((16,) if quick else (16, 20)):
        n = 1 << log_n
        dom = _ntt.Domain(log_n)
        rng = random.Random(1)
        data = b"".join(rng.randrange(_ntt.R).to_bytes(32, "little") for _ in range(n))
        arr = _ntt.fr_array_from_le(data, n)
        res = {}
        for label, th in (("zkcred 1 thread", 1), (f"zkcred {threads} threads", threads)):
            res[label] = median_time(lambda: lib.zk_fr_ntt(arr, n, 0, dom.buf, dom.nbytes, th), min_runs=3,
                                     min_seconds=0.3 if quick else 1.0)
        t.add(f"NTT 2^{log_n}", **res)
    t.notes.append("ratio column: 1 thread / all threads")
    return t


def run(quick: bool) -> list[Table]:
    from zkcred.groth16 import _ntt, core, snarkjs as sj
    CACHE.mkdir(parents=True, exist_ok=True)
    # An installed package has its bytecode compiled (pip does it). In a source tree with PYTHONDONTWRITEBYTECODE
    # set, every child process would recompile every module it imports and the CLI rows would time the compiler.
    compileall.compile_dir(str(ROOT / "zkcred"), quiet=1)
    have_snarkjs = SNARKJS.exists() and shutil.which("node") is not None
    threads = _ntt.default_threads()
    sizes: list[int | str] = [4000] if quick else [4000, "set_membership", 65000]
    runs = 1 if quick else 3
    verify_runs = 5 if quick else 15      # whole-process verify is short: more runs, alternating the two tools
    tables: list[Table] = []
    prove_t = Table("Groth16 prove, bls12381 (same .zkey and .wtns)", ["zkcred", "snarkjs"])
    ver_t = Table("Groth16 verify, bls12381", ["zkcred", "snarkjs"])
    env1 = dict(os.environ, ZKCRED_THREADS="1", PYTHONPATH=str(ROOT))
    envn = dict(os.environ, PYTHONPATH=str(ROOT))
    for n_c in sizes:
        zkey, wtns, vkp, setup_s = _files(n_c)
        pk = sj.read_zkey(zkey.read_bytes())
        w = sj.read_wtns(wtns.read_bytes())
        label = (f"{n_c} constraints" if isinstance(n_c, int) else f"{n_c} (depth 20)") + f" (domain 2^{pk.log_n})"
        if setup_s is not None:
            prove_t.notes.append(f"zkcred setup (written as .zkey) for {label}: {setup_s:.2f} s on {threads} threads")
        pk.native()
        one = median_time(lambda: core.prove(pk, w, nthreads=1), min_runs=runs, min_seconds=0.5, max_runs=runs + 2)
        alln = median_time(lambda: core.prove(pk, w, nthreads=threads), min_runs=runs, min_seconds=0.5,
                           max_runs=runs + 2)
        prove_t.add(f"{label}: in-process, 1 thread (zkcred) / singleThread (snarkjs, RESULTS.md)", zkcred=one)
        prove_t.add(f"{label}: in-process, {threads} threads", zkcred=alln)
        proof_p, pub_p = CACHE / f"p{n_c}.json", CACHE / f"pub{n_c}.json"
        cli = [sys.executable, "-m", "zkcred.cli", "groth16", "prove", "-q", str(zkey), str(wtns), str(proof_p),
               str(pub_p)]
        z1, zm1 = _best_of(cli, runs, env1)
        zn, zmn = _best_of(cli, runs, envn)
        s_t = s_m = None
        if have_snarkjs:
            sp, spub = CACHE / f"sp{n_c}.json", CACHE / f"spub{n_c}.json"
            s_t, s_m = _best_of(["node", str(SNARKJS), "groth16", "prove", str(zkey), str(wtns), str(sp), str(spub)],
                                runs)
        prove_t.add(f"{label}: CLI whole process, 1 thread (snarkjs: its default workers)", zkcred=z1, snarkjs=s_t)
        prove_t.add(f"{label}: CLI whole process, {threads} threads", zkcred=zn, snarkjs=s_t)
        ratio = f" ({max(zm1, zmn) / s_m:.2f}x snarkjs)" if s_m else ""
        prove_t.notes.append(f"{label}: CLI peak RSS zkcred {zm1:.0f} MiB (1 thread) / {zmn:.0f} MiB "
                             f"({threads} threads), snarkjs {s_m or 0:.0f} MiB{ratio}")
        # verify
        vk = sj.read_vk_json(vkp.read_text())
        proof = sj.read_proof_json(proof_p.read_text())
        public = sj.read_public_json(pub_p.read_text())
        pvk = core.prepare(vk)
        v_in = median_time(lambda: core.verify(vk, public, proof), min_seconds=0.3 if quick else 1.0)
        v_prep = median_time(lambda: core.verify(pvk, public, proof), min_seconds=0.3 if quick else 1.0)
        s_in = _snarkjs_inprocess_verify(vkp, pub_p, proof_p) if have_snarkjs else None
        ver_t.add(f"{label}: in-process verify", zkcred=v_in, snarkjs=s_in)
        ver_t.add(f"{label}: in-process verify, prepared key (e(alpha, beta) cached)", zkcred=v_prep, snarkjs=s_in)
        vcli = [sys.executable, "-m", "zkcred.cli", "groth16", "verify", str(vkp), str(pub_p), str(proof_p)]
        scli = ["node", str(SNARKJS), "groth16", "verify", str(vkp), str(pub_p), str(proof_p)]
        zv, sv, zc, sc = _alternating(vcli, scli if have_snarkjs else None, verify_runs, envn)
        ver_t.add(f"{label}: CLI whole process", zkcred=zv, snarkjs=sv)
        ver_t.add(f"{label}: CLI whole process, CPU time (user + sys)", zkcred=zc, snarkjs=sc)
        if n_c == sizes[0]:
            items = [core.prove(pk, w)[::-1] for _ in range(64)]
            single = median_time(lambda: [core.verify(pvk, p, pf) for p, pf in items], min_runs=3, min_seconds=0.5)
            batch = median_time(lambda: core.batch_verify(pvk, items), min_runs=3, min_seconds=0.5)
            bt = Table("Groth16 batch verification, 64 proofs, one key", ["batch_verify", "64 x verify"])
            bt.add("64 proofs (prepared key)", batch_verify=batch, **{"64 x verify": single})
            bt.notes.append("ratio below 1: batch is faster (target: <= 0.33)")
            tables.append(bt)
    if not have_snarkjs:
        prove_t.notes.append("snarkjs not installed (make peers): peer columns empty")
    prove_t.notes.append(f"snarkjs CLI uses its default worker pool ({os.cpu_count()} CPUs); its in-process "
                         "singleThread figures are in ../shared/peers/RESULTS.md (17.7 s at 65,000 constraints)")
    prove_t.notes.append("peak RSS: ru_maxrss of the child process (wait4)")
    ver_t.notes.append(f"CLI whole process: median of {verify_runs} runs, zkcred and snarkjs alternating "
                       "(`python -m zkcred.cli groth16 verify` / `node snarkjs/build/cli.cjs groth16 verify`)")
    return [prove_t, ver_t] + tables + [_ntt_table(quick)]
