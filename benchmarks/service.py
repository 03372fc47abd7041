"""Load, throughput and soak of the verifier service over loopback: ``python -m benchmarks.service [options]``.

Real ``zkcred serve`` processes (1 or 2 workers, batching on or off) share a real redis-server (started here on a
free 127.0.0.1 port); an open-loop client (asyncio + uvloop, raw HTTP/1.1 keep-alive, one process) posts real
presentations of the credential engine's AnonCreds-like statement (5 attributes, 1 disclosed, 1 predicate
``birth_date <=``) at each offered rate and reports throughput and p50/p99 latency, measured from each request's
scheduled send time (no coordinated omission), plus a closed-loop maximum (``--closed-conns`` connections posting
back to back).

Presentations: one per request (a request takes one presentation), each a full verification. Making thousands of
presentations takes seconds each run, so a pool of ``--pool`` (request, presentation) pairs is made once and
cached in ``~/.cache/zkcred-bench/``; before each measurement the harness writes each request into Redis under
fresh request ids (the store's record format, zkcred.service.store), as often as the run needs, so every post is
a first answer to its own request id. Production requests always get fresh nonces; only this harness stores one
request under several ids.

Besides throughput and latency, each row reports the CPU time spent per answered post (``cpu_ms``: the server
processes, redis-server and this client, from /proc and ``time.process_time``) and what that cost allows on the
machine's cores if nothing else ran (``cpu_bound``: cores x 1000 / cpu_ms per second). On a shared machine the
throughput says how much CPU the run got; the CPU per post says what the service costs.

``--soak SECONDS``: one server (first of --workers, batching as the first of --batching) at ``--soak-rate`` for the
given time, reporting errors and the server processes' resident memory (after warm-up vs the end).
The machine is shared and noisy: numbers vary from run to run; the client runs on the same cores as the server.
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("ZKCRED_BENCH_CACHE", Path.home() / ".cache" / "zkcred-bench"))
SCHEMA = {"name": "IdentityCard", "version": "1.0",
          "attributes": {"given_name": "string", "family_name": "string", "birth_date": "date", "score": "integer",
                         "nationality": {"enum": ["DE", "FR", "NL", "US"]}}}
ALICE = {"given_name": "Alice", "family_name": "Doe", "birth_date": "2001-05-17", "score": 15, "nationality": "FR"}
VERIFIER = "bench-verifier"


# ------------------------------------------------------------------------------------------------ material

def material(pool: int) -> dict:
    """{"issuer": public document JSON (no proving keys), "pairs": [[request obj, presentation JSON], ...]}."""
    from zkcred import credentials as zc
    from zkcred.credentials.predicates import circuit_for
    # the key names what the pool depends on: a pool made with another range circuit would be measured otherwise
    from zkcred.credentials.presentation import PRESENTATION_TYPE
    # (and the presentation format: a cached pool of another version would be rejected, measuring errors)
    tag = f"v2:{pool}:{VERIFIER}:{json.dumps(SCHEMA)}:range={circuit_for('range').n_wires}:{PRESENTATION_TYPE}"
    path = CACHE / f"service-{hashlib.sha256(tag.encode()).hexdigest()[:16]}.json"
    if path.exists():
        return json.loads(path.read_text())
    print(f"making {pool} presentations (cached in {path}) ...", file=sys.stderr, flush=True)
    issuer = zc.Issuer.create(zc.Schema.from_json(SCHEMA))
    holder = zc.Holder.create()
    offer = holder.request_credential(issuer.public())
    cred = holder.store(issuer.issue(offer, ALICE), offer)
    pairs = []
    for _ in range(pool):
        req = zc.PresentationRequest.create([{"id": "idcard", "schema": issuer.public().schema.id,
                                              "issuers": [issuer.id], "disclose": ["given_name"],
                                              "predicates": [{"attribute": "birth_date", "op": "<=",
                                                              "value": "2008-12-02"}]}], verifier=VERIFIER)
        pairs.append([req.to_obj(), holder.present(req, [cred]).to_json()])
    doc = {"issuer": issuer.public().to_json(proving_keys=False), "pairs": pairs}
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc))
    return doc


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(port: int, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                if s.recv(64).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("server did not become healthy")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes (Linux /proc; 0 for a process that is gone)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU seconds of the server's processes, redis-server and this process over one measurement."""

    def __init__(self, server: "Server", redis: "Redis") -> None:
        self.server, self.redis = server, redis
        self.t0 = self._now()

    def _now(self) -> tuple[float, float, float]:
        return cpu_seconds(self.server.pids()), cpu_seconds([self.redis.proc.pid]), time.process_time()

    def per_post(self, posts: int) -> dict:
        t1 = self._now()
        server, redis, client = ((b - a) * 1e3 / max(1, posts) for a, b in zip(self.t0, t1))
        total = server + redis + client
        return {"cpu_ms": round(total, 3), "cpu_ms_server": round(server, 3), "cpu_ms_redis": round(redis, 3),
                "cpu_ms_client": round(client, 3),
                "cpu_bound": round((os.cpu_count() or 1) * 1e3 / total) if total > 0 else None,
                "load_avg": round(os.getloadavg()[0], 2)}


class Redis:
    def __init__(self, tmp: str) -> None:
        exe = shutil.which("redis-server")
        if exe is None:
            raise SystemExit("redis-server is needed (make redis)")
        self.port = free_port()
        self.proc = subprocess.Popen([exe, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", tmp,
                                      "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        import redis
        self.client = redis.Redis(port=self.port)
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def load(self, pairs: list, n: int, ttl: int = 3600) -> list[tuple[str, bytes]]:
        """n (request id, presentation) posts: the pool's requests stored under fresh ids."""
        out = []
        pipe = self.client.pipeline(transaction=False)
        expires = time.time() + ttl
        for k in range(n):
            req, pres = pairs[k % len(pairs)]
            rid = secrets.token_urlsafe(16)
            pipe.set("zkcred:req:" + rid, json.dumps({"request": req, "expires": expires}), ex=ttl)
            out.append((rid, pres.encode()))
            if k % 2000 == 1999:
                pipe.execute()
        pipe.execute()
        return out

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


class Server:
    def __init__(self, issuers: str, redis_url: str, workers: int, batching: bool, threads: int | None,
                 extra: list[str] = ()) -> None:
        self.port = free_port()
        cmd = [sys.executable, "-m", "zkcred.cli", "serve", "--issuers", issuers, "--host", "127.0.0.1",
               "--port", str(self.port), "--workers", str(workers), "--store", redis_url, "--verifier-id", VERIFIER,
               "--keep-alive", "300", "--audit-log", os.devnull, "--log-level", "warning", *extra]
        if not batching:
            cmd.append("--no-batch")
        if threads:
            cmd += ["--threads", str(threads)]
        self.proc = subprocess.Popen(cmd, env=dict(os.environ, PYTHONPATH=str(ROOT)))
        wait_http(self.port, self.proc)

    def pids(self) -> list[int]:
        """The server process and its worker processes."""
        pids = [self.proc.pid]
        try:
            out = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout
            pids += [int(x) for x in out.split()]
        except OSError:
            pass
        return pids

    def rss_mb(self) -> float:
        """Resident memory of the server and its worker processes."""
        total = 0
        for pid in self.pids():
            try:
                for line in open(f"/proc/{pid}/status"):
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                pass
        return total / 1024

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# ------------------------------------------------------------------------------------------------ client

class Result:
    def __init__(self) -> None:
        self.lat: list[float] = []
        self.status: dict[int, int] = {}
        self.errors = 0

    def summary(self, elapsed: float) -> dict:
        lat = sorted(self.lat)
        ok = self.status.get(200, 0)

        def q(p: float) -> float:
            return lat[min(len(lat) - 1, int(p * len(lat)))] * 1e3 if lat else float("nan")

        return {"ok": ok, "throughput": ok / elapsed, "p50_ms": q(0.50), "p99_ms": q(0.99),
                "non200": sum(v for k, v in self.status.items() if k != 200), "errors": self.errors,
                "status": {str(k): v for k, v in sorted(self.status.items())}}


async def _post(r: asyncio.StreamReader, w: asyncio.StreamWriter, rid: str, body: bytes) -> int:
    w.write(f"POST /requests/{rid}/presentation HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
    head = await r.readuntil(b"\r\n\r\n")
    n = 0
    for line in head.split(b"\r\n")[1:]:
        if line[:15].lower() == b"content-length:":
            n = int(line[15:])
    await r.readexactly(n)
    return int(head[9:12])


async def _connect(port: int, n: int) -> list:
    conns = []
    for i in range(0, n, 500):
        conns += await asyncio.gather(*(asyncio.open_connection("127.0.0.1", port) for _ in range(min(500, n - i))))
    return conns


async def open_loop(port: int, posts: list, rate: float, conns: int) -> tuple[Result, float]:
    """Post ``posts`` at ``rate`` per second over ``conns`` keep-alive connections (latency from schedule)."""
    res = Result()
    pool = await _connect(port, conns)
    queue: asyncio.Queue = asyncio.Queue()

    async def worker(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        while True:
            item = await queue.get()
            if item is None:
                return
            t_sched, rid, body = item
            try:
                st = await _post(r, w, rid, body)
                res.status[st] = res.status.get(st, 0) + 1
            except (OSError, asyncio.IncompleteReadError, ValueError):
                res.errors += 1
                try:
                    r, w = await asyncio.open_connection("127.0.0.1", port)
                except OSError:
                    pass
            res.lat.append(time.perf_counter() - t_sched)

    tasks = [asyncio.create_task(worker(r, w)) for r, w in pool]
    t0 = time.perf_counter()
    for k, (rid, body) in enumerate(posts):
        t_sched = t0 + k / rate
        delay = t_sched - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait((t_sched, rid, body))
    for _ in tasks:
        queue.put_nowait(None)
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - t0
    for _r, w in pool:
        w.close()
    return res, elapsed


async def closed_loop(port: int, posts: list, conns: int, seconds: float) -> tuple[Result, float]:
    """``conns`` connections posting back to back for ``seconds``."""
    res = Result()
    pool = await _connect(port, conns)
    it = iter(posts)
    stop = time.perf_counter() + seconds

    async def worker(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        for rid, body in it:
            if time.perf_counter() > stop:
                return
            t = time.perf_counter()
            try:
                st = await _post(r, w, rid, body)
                res.status[st] = res.status.get(st, 0) + 1
            except (OSError, asyncio.IncompleteReadError, ValueError):
                res.errors += 1
                return
            res.lat.append(time.perf_counter() - t)

    t0 = time.perf_counter()
    await asyncio.gather(*(worker(r, w) for r, w in pool))
    elapsed = time.perf_counter() - t0
    for _r, w in pool:
        w.close()
    return res, elapsed


def _loop_run(coro):      # type: ignore[no-untyped-def]
    try:
        import uvloop
        return uvloop.run(coro)
    except ImportError:
        return asyncio.run(coro)


# ------------------------------------------------------------------------------------------------ main

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.service", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", default="1,2", help="worker counts to measure (default 1,2)")
    ap.add_argument("--batching", default="on,off", help="on, off or both (default on,off)")
    ap.add_argument("--rates", default="100,200,400", help="offered rates per second (default 100,200,400)")
    ap.add_argument("--duration", type=float, default=5.0, help="seconds per offered rate (default 5)")
    ap.add_argument("--connections", type=int, default=256, help="client connections for the open loop (256)")
    ap.add_argument("--closed-conns", type=int, default=64, help="connections of the closed-loop maximum (64; 0: "
                                                                   "skip)")
    ap.add_argument("--closed-seconds", type=float, default=5.0)
    ap.add_argument("--threads", type=int, default=None,
                    help="verification threads per worker (default: zkcred serve's, cores / workers)")
    ap.add_argument("--pool", type=int, default=1000, help="distinct presentations (cached; default 1000)")
    ap.add_argument("--soak", type=float, default=0.0, help="soak seconds instead of the rate sweep")
    ap.add_argument("--soak-rate", type=float, default=200.0)
    ap.add_argument("--json", help="also write the results as JSON to this file")
    ap.add_argument("--serve-args", default="", help="more `zkcred serve` options, e.g. '--max-batch 16'")
    args = ap.parse_args(argv)

    doc = material(args.pool)
    tmp = tempfile.mkdtemp(prefix="zkcred-bench-service-")
    issuers = os.path.join(tmp, "issuers")
    os.makedirs(issuers)
    Path(issuers, "issuer.json").write_text(doc["issuer"])
    redis = Redis(tmp)
    rows: list[dict] = []
    print(f"machine: {os.cpu_count()} cores; loopback; client and server on the same machine", flush=True)
    try:
        workers = [int(x) for x in args.workers.split(",")]
        batching = [x.strip() == "on" for x in args.batching.split(",")]
        if args.soak:
            rows.append(soak(doc, issuers, redis, workers[0], batching[0], args))
        else:
            for w in workers:
                for b in batching:
                    rows += sweep(doc, issuers, redis, w, b, args)
    finally:
        redis.close()
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


def sweep(doc: dict, issuers: str, redis: Redis, workers: int, batching: bool, args: argparse.Namespace) -> list:
    server = Server(issuers, redis.url, workers, batching, args.threads, args.serve_args.split())
    rows = []
    label = f"workers={workers} batching={'on' if batching else 'off'}"
    try:
        _loop_run(closed_loop(server.port, redis.load(doc["pairs"], 200), 16, 2.0))     # warm-up
        if args.closed_conns:
            posts = redis.load(doc["pairs"], int(4000 * args.closed_seconds))
            cpu = CpuMeter(server, redis)
            res, el = _loop_run(closed_loop(server.port, posts, args.closed_conns, args.closed_seconds))
            s = res.summary(el)
            rows.append({"config": label, "offered": "max", **s, **cpu.per_post(sum(res.status.values()))})
            _print(rows[-1])
        for rate in [float(x) for x in args.rates.split(",")]:
            posts = redis.load(doc["pairs"], int(rate * args.duration))
            cpu = CpuMeter(server, redis)
            res, el = _loop_run(open_loop(server.port, posts, rate, args.connections))
            rows.append({"config": label, "offered": rate, **res.summary(el), **cpu.per_post(sum(res.status.values()))})
            _print(rows[-1])
    finally:
        server.close()
    return rows


def soak(doc: dict, issuers: str, redis: Redis, workers: int, batching: bool, args: argparse.Namespace) -> dict:
    server = Server(issuers, redis.url, workers, batching, args.threads, args.serve_args.split())
    label = f"soak workers={workers} batching={'on' if batching else 'off'} rate={args.soak_rate:g}/s"
    try:
        chunk = 10.0
        warm = redis.load(doc["pairs"], int(args.soak_rate * chunk))
        _loop_run(open_loop(server.port, warm, args.soak_rate, args.connections))
        rss0 = server.rss_mb()
        total = Result()
        t_end = time.monotonic() + args.soak
        elapsed = 0.0
        samples = [rss0]
        while time.monotonic() < t_end:
            posts = redis.load(doc["pairs"], int(args.soak_rate * min(chunk, t_end - time.monotonic()) + 1))
            res, el = _loop_run(open_loop(server.port, posts, args.soak_rate, args.connections))
            elapsed += el
            total.lat += res.lat
            total.errors += res.errors
            for k, v in res.status.items():
                total.status[k] = total.status.get(k, 0) + v
            samples.append(server.rss_mb())
        row = {"config": label, "offered": args.soak_rate, **total.summary(elapsed), "rss_start_mb": rss0,
               "rss_end_mb": samples[-1], "rss_max_mb": max(samples),
               "rss_growth_pct": 100.0 * (samples[-1] - rss0) / rss0 if rss0 else float("nan")}
        _print(row)
        return row
    finally:
        server.close()


def _print(row: dict) -> None:
    extra = ""
    if "rss_start_mb" in row:
        extra = (f"  rss {row['rss_start_mb']:.0f} -> {row['rss_end_mb']:.0f} MB (max {row['rss_max_mb']:.0f}, "
                 f"{row['rss_growth_pct']:+.1f} %)")
    if "cpu_ms" in row:
        extra += (f"  cpu {row['cpu_ms']:.2f} ms/post (server {row['cpu_ms_server']:.2f}) -> cpu-bound "
                  f"{row['cpu_bound']}/s  load {row['load_avg']:.1f}")
    offered = row["offered"] if isinstance(row["offered"], str) else f"{row['offered']:g}/s"
    print(f"{row['config']:<28} offered {offered:>8}  done {row['throughput']:7.0f}/s  p50 {row['p50_ms']:7.1f} ms"
          f"  p99 {row['p99_ms']:7.1f} ms  non-200 {row['non200']}  errors {row['errors']}{extra}"
          f"  status {row['status']}", flush=True)


if __name__ == "__main__":
    random.seed(0)
    sys.exit(main())
