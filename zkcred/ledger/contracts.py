"""Deploy and call the generated verifier contracts (``zkcred.groth16.solidity``, ``zkcred.bbs.solidity``) over
JSON-RPC: a small client for development nodes (anvil) and scripts, beside the EVM ledger backend.

    from zkcred.ledger.contracts import Chain, compile_solidity
    chain = Chain("http://127.0.0.1:8545")                  # account: an unlocked account index (anvil)
    built = compile_solidity(source, "Groth16Verifier")      # solc-js (npm solc, peers/package.json)
    address = chain.deploy(built["bytecode"])
    ok = chain.call_bool(address, data)                      # eth_call of a ``returns (bool)`` function
    receipt = chain.transact(address, data)                  # a mined transaction: its gasUsed

``compile_solidity`` runs the pinned solc-js 0.8.37 with the settings of the registry (evmVersion prague, viaIR,
optimizer 200 runs): it needs node and the npm ``solc`` package (peers/node_modules, or the directory named by
``$ZKCRED_SOLC_JS``), so it is a development tool, not a runtime dependency. ``Chain`` needs only the standard
library; ABI encoding of calls lives with each verifier's generator (``encode_call``), which needs the ``evm``
extra (eth-abi, eth-utils).
"""
from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from pathlib import Path
from typing import Any

from ..errors import ZkcredError
from ._protocol import LedgerError, LedgerUnavailable

__all__ = ["Chain", "compile_solidity", "calldata_gas", "SOLC_VERSION", "SOLC_SETTINGS", "ContractReverted"]

SOLC_VERSION = "0.8.37+commit.f401782d.Emscripten.clang"
SOLC_SETTINGS: dict[str, Any] = {
    "evmVersion": "prague",
    "viaIR": True,
    "optimizer": {"enabled": True, "runs": 200},
}

_NODE = r"""
const solc = require('solc');
let input = '';
process.stdin.on('data', d => { input += d; });
process.stdin.on('end', () => {
  process.stdout.write(JSON.stringify({version: solc.version(), output: JSON.parse(solc.compile(input))}));
});
"""


class ContractReverted(LedgerError):
    """A call or transaction to a contract reverted or failed (out of gas, a precompile's error)."""


def _solc_path() -> str:
    env = os.environ.get("ZKCRED_SOLC_JS")
    if env:
        return env
    return str(Path(__file__).resolve().parents[2] / "peers" / "node_modules")


def compile_solidity(source: str, contract: str, filename: str = "Verifier.sol") -> dict[str, Any]:
    """Compile ``source`` with the pinned solc-js (module docstring); returns {"abi", "bytecode",
    "deployedBytecode"} of ``contract`` (hex strings with 0x). ZkcredError with solc's messages on failure."""
    std_input = {"language": "Solidity", "sources": {filename: {"content": source}},
                 "settings": dict(SOLC_SETTINGS, outputSelection={
                     "*": {"*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"]}})}
    env = dict(os.environ, NODE_PATH=_solc_path())
    try:
        p = subprocess.run(["node", "-e", _NODE], input=json.dumps(std_input), capture_output=True, text=True,
                           env=env, timeout=600)
    except FileNotFoundError:
        raise ZkcredError("compile_solidity needs node on the PATH") from None
    if p.returncode != 0:
        raise ZkcredError(f"solc-js failed (is the npm solc package installed? make peers):\n{p.stderr[-2000:]}")
    answer = json.loads(p.stdout)
    if answer["version"] != SOLC_VERSION:
        raise ZkcredError(f"solc {answer['version']} found, {SOLC_VERSION} pinned (peers/package.json)")
    out = answer["output"]
    errors = [e["formattedMessage"] for e in out.get("errors", []) if e["severity"] == "error"]
    if errors:
        raise ZkcredError("solc: " + "\n".join(errors))
    c = out["contracts"][filename][contract]
    return {"abi": c["abi"], "bytecode": "0x" + c["evm"]["bytecode"]["object"],
            "deployedBytecode": "0x" + c["evm"]["deployedBytecode"]["object"]}


class Chain:
    """A JSON-RPC endpoint and the account that sends transactions (an index into ``eth_accounts``: development
    nodes such as anvil, which sign for their unlocked accounts)."""

    def __init__(self, url: str, account: int = 0, timeout: float = 30.0) -> None:
        self.url, self.timeout = url, timeout
        self._account_index = account
        self._sender: str | None = None

    def rpc(self, method: str, params: list[Any] | None = None) -> Any:
        """One request: its result; LedgerUnavailable when the node cannot be reached, LedgerError (or
        ContractReverted for a revert) for an error answer."""
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params or []}).encode()
        req = urllib.request.Request(self.url, body, {"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as r:
                answer = json.loads(r.read())
        except OSError as exc:
            raise LedgerUnavailable(f"cannot reach the EVM node at {self.url}: {exc}") from None
        if "error" in answer:
            err = answer["error"]
            msg = str(err.get("message", err))[:300] if isinstance(err, dict) else str(err)[:300]
            if any(w in msg.lower() for w in ("revert", "out of gas", "evm error", "precompile")):
                raise ContractReverted(f"{method}: {msg}")
            raise LedgerError(f"{method}: {msg}")
        return answer["result"]

    @property
    def sender(self) -> str:
        if self._sender is None:
            self._sender = self.rpc("eth_accounts")[self._account_index]
        return self._sender

    def _wait(self, tx_hash: str) -> dict[str, Any]:
        import time
        deadline = time.monotonic() + self.timeout
        while True:
            receipt = self.rpc("eth_getTransactionReceipt", [tx_hash])
            if receipt is not None:
                return receipt
            if time.monotonic() > deadline:
                raise LedgerUnavailable(f"transaction {tx_hash} not mined within {self.timeout} s")
            time.sleep(0.02)

    def deploy(self, bytecode: str | bytes, gas: int = 15_000_000) -> str:
        """Deploy creation code; the new contract's address (ContractReverted when the constructor fails)."""
        code = bytecode if isinstance(bytecode, str) else "0x" + bytecode.hex()
        tx = self.rpc("eth_sendTransaction", [{"from": self.sender, "data": code, "gas": hex(gas)}])
        receipt = self._wait(tx)
        if int(receipt["status"], 16) != 1 or not receipt.get("contractAddress"):
            raise ContractReverted("deployment failed")
        return receipt["contractAddress"]

    def call(self, to: str, data: bytes, gas: int | None = None) -> bytes:
        """eth_call at the latest block: the return data (ContractReverted on a revert)."""
        tx: dict[str, Any] = {"to": to, "data": "0x" + data.hex()}
        if gas is not None:
            tx["gas"] = hex(gas)
        return bytes.fromhex(self.rpc("eth_call", [tx, "latest"])[2:])

    def call_bool(self, to: str, data: bytes, gas: int | None = None) -> bool:
        """eth_call of a function that ``returns (bool)``: its value (ZkcredError if the answer is not one)."""
        out = self.call(to, data, gas)
        if len(out) != 32 or int.from_bytes(out, "big") > 1:
            raise ZkcredError(f"expected an ABI bool, got {out.hex()[:80]!r}")
        return out[31] == 1

    def estimate_gas(self, to: str, data: bytes) -> int:
        return int(self.rpc("eth_estimateGas", [{"from": self.sender, "to": to, "data": "0x" + data.hex()}]), 16)

    def transact(self, to: str, data: bytes, gas: int = 5_000_000) -> dict[str, Any]:
        """Send a transaction and wait for its receipt (returned; ``int(receipt["gasUsed"], 16)`` is its gas)."""
        tx = self.rpc("eth_sendTransaction", [{"from": self.sender, "to": to, "data": "0x" + data.hex(),
                                               "gas": hex(gas)}])
        receipt = self._wait(tx)
        if int(receipt["status"], 16) != 1:
            raise ContractReverted(f"transaction {tx} reverted")
        return receipt


def calldata_gas(data: bytes) -> tuple[int, int]:
    """(standard, floor) calldata cost of a transaction's data under Prague (EIP-2028 and EIP-7623): 4 gas per
    zero byte and 16 per other byte; the floor is 10 gas per token (zero byte 1 token, other byte 4)."""
    zeros = data.count(0)
    tokens = zeros + 4 * (len(data) - zeros)
    return 4 * tokens, 10 * tokens
