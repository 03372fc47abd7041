"""A local anvil node (npm ``@foundry-rs/anvil``, pinned in peers/package.json) for tests, benchmarks and the demo.

    with AnvilNode.start() as node:        # anvil --host 127.0.0.1 --port 0 --hardfork prague
        ledger = EvmLedger.open(node.url, account=0)

The binary is ``$ZKCRED_ANVIL`` when set, else peers/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil of the
source tree (``make peers``), else ``anvil`` on the PATH. anvil prints the port it chose for ``--port 0``; its
output goes to a temporary file (a pipe nobody reads would stall it once full).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

__all__ = ["AnvilNode", "find_anvil"]

_PEERS_BIN = Path("peers/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil")


def find_anvil() -> str | None:
    """The anvil binary to run, or None when there is none (module docstring)."""
    env = os.environ.get("ZKCRED_ANVIL")
    if env:
        return env if os.access(env, os.X_OK) else None
    root = Path(__file__).resolve().parents[2]
    if os.access(root / _PEERS_BIN, os.X_OK):
        return str(root / _PEERS_BIN)
    return shutil.which("anvil")


class AnvilNode:
    """A running anvil process; ``url`` is its JSON-RPC endpoint. ``stop()`` (or leaving ``with``) ends it."""

    def __init__(self, proc: subprocess.Popen[bytes], url: str, log: Path):
        self.proc, self.url, self.log = proc, url, log

    @classmethod
    def start(cls, *extra: str, binary: str | None = None, timeout: float = 20.0) -> AnvilNode:
        """Start anvil on a free port of 127.0.0.1 with the prague rules (EIP-2537) and wait until it answers."""
        exe = binary or find_anvil()
        if exe is None:
            raise FileNotFoundError("anvil not found: run `make peers` (npm @foundry-rs/anvil) or set ZKCRED_ANVIL")
        fd, name = tempfile.mkstemp(prefix="zkcred-anvil-", suffix=".log")
        log = Path(name)
        with os.fdopen(fd, "wb") as out:
            proc = subprocess.Popen([exe, "--host", "127.0.0.1", "--port", "0", "--hardfork", "prague", *extra],
                                    stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        url = None
        try:
            while url is None:
                m = re.search(rb"Listening on (127\.0\.0\.1:\d+)", log.read_bytes())
                if m:
                    url = "http://" + m.group(1).decode()
                elif proc.poll() is not None:
                    raise RuntimeError(f"anvil exited with {proc.returncode}: {log.read_text(errors='replace')[-500:]}")
                elif time.monotonic() > deadline:
                    raise TimeoutError(f"anvil printed no port within {timeout} s")
                else:
                    time.sleep(0.02)
            node = cls(proc, url, log)
            while not node.answers():
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"anvil at {url} does not answer eth_chainId")
                time.sleep(0.02)
            return node
        except BaseException:
            proc.kill()
            proc.wait()
            log.unlink(missing_ok=True)
            raise

    def rpc(self, method: str, params: list[object] | None = None) -> object:
        """One JSON-RPC call (for tests: evm_mine, anvil_setStorageAt, ...); the result or RuntimeError."""
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params or []}).encode()
        req = urllib.request.Request(self.url, body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            answer = json.loads(r.read())
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer["result"]

    def answers(self) -> bool:
        try:
            self.rpc("eth_chainId")
            return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.unlink(missing_ok=True)

    def __enter__(self) -> AnvilNode:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
