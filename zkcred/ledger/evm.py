"""The EVM ledger backend: the Ledger protocol (LEDGER.md) on contracts/ZkcredRegistry.sol over JSON-RPC.

    ledger = EvmLedger.open("http://127.0.0.1:8545", account=0)          # or account="0x<private key>"
    ledger = open_ledger("evm:http://127.0.0.1:8545", account=..., chain_id=31337, confirmations=2,
                         contract="0x...", config="registry.json")
    ledger = open_ledger("evm:http://127.0.0.1:8545#contract=0x...&chain_id=31337")   # options in the URL
    ledger.owner("did:key:z...")          # the account that may append to a record (None: no record)
    ledger.change_owner(record_id, "0x...")

Serialised appends: ``append(..., expect_version=n)`` passes n to the contract, which reverts unless the record is
at version n when the transaction runs (``VersionConflict``); that revert, at estimation or in a mined block, is
``LedgerConflict`` naming the version found.

Access control (contracts/README.md): the first writer of a record id owns it and only it appends later versions
(else ``TransactionReverted``); ids under a DID (``did:key:z.../registry``) can only be created by the owner of
the DID's record. Issuer DIDs are ``did:key`` ids whose documents are ``"did"`` records of this same contract.

The URL's fragment (never sent to the node) may carry ``contract``, ``chain_id``, ``confirmations``, ``config``
and ``account`` (an unlocked-account index only: private keys never go in URLs), for command lines.

Where things live (contracts/README.md): each record's owner, latest version, block of that version and chain
digest, and the global head (position, digest, block), are contract storage; the record bytes are only in the
``Appended`` event of each append and are read back with ``eth_getLogs``. ``position`` is the contract's append
counter (1, 2, ...), which increases with (block number, log index); ``time`` is the block timestamp; ``digest``
is the LEDGER.md hash chain, computed by the contract and recomputed here by ``verify()``.

The contract: ``contract="0x..."`` uses a deployed registry (its code must be the committed artifact's);
otherwise ``config=path`` names a small JSON file ``{"chain_id": ..., "contract": "0x..."}`` that is read when it
exists and written after deploying a fresh registry when it does not; with neither, ``open`` deploys a fresh
registry (``ledger.address`` says where).

Transport: web3.py's HTTPProvider (no retries; a timeout per request) carries the requests; every answer is
decoded here strictly (zkcred._json) and checked field by field, so a malformed answer is a ``DecodeError`` naming
the method and the field, never a crash. A dead node, a timeout and a wrong chain id are ``LedgerUnavailable``;
a reverted transaction is ``TransactionReverted`` (a ``LedgerError``) naming the contract's reason.
"""
from __future__ import annotations

import json
import os
import re
import time as _time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import DecodeError
from ._protocol import (KINDS, ZERO_DIGEST, Entry, Ledger, LedgerConflict, LedgerError, LedgerIntegrityError,
                        LedgerUnavailable, RecordNotFound, check_record_id, check_version, entry_digest)

__all__ = ["EvmLedger", "TransactionReverted", "MAX_DATA", "artifact"]

#: The largest record the EVM backend accepts (bytes). Calldata costs 40 gas a byte under EIP-7623 and the event
#: 8 more: 128 KiB is about 6.5 M gas, well inside a 30 M block.
MAX_DATA = 128 * 1024

_APPENDED_TYPES = ["string", "string", "uint64", "uint64", "bytes", "bytes32", "uint64"]
_APPENDED_SIG = "Appended(bytes32,uint64,string,string,uint64,uint64,bytes,bytes32,uint64)"
_ERRORS = {  # custom errors of the contract: signature -> (argument types, what it means for the user)
    "NotRecordOwner(bytes32,address)": (["bytes32", "address"], "the record is owned by another account"),
    "BadRecordId()": ([], "the record id is not 1..256 printable ASCII bytes"),
    "BadKind()": ([], "the kind is not one of the six ledger kinds"),
    "KindChanged(bytes32,uint8)": (["bytes32", "uint8"], "a record keeps the kind of its first version"),
    "UnknownRecord(bytes32)": (["bytes32"], "the DID record this id lives under does not exist yet: append the "
                                            "DID document first"),
    "ZeroOwner()": ([], "the new owner is the zero address"),
    "VersionConflict(bytes32,uint64,uint64)": (["bytes32", "uint64", "uint64"],
                                               "the record is not at the expected version"),
}
ANY_VERSION = (1 << 64) - 1     # the contract's ``ANY_VERSION``: append whatever the record's version
_HEX = re.compile(r"0x[0-9a-fA-F]*\Z")
_ADDRESS = re.compile(r"0x[0-9a-fA-F]{40}\Z")
_KEY = re.compile(r"(0x)?[0-9a-fA-F]{64}\Z")


class TransactionReverted(LedgerError):
    """The contract rejected a transaction (the message names its reason). ``revert``: the revert data (b"" when
    the node gave none); ``block``: the block it reverted in (None: refused before it was sent)."""

    def __init__(self, message: str, revert: bytes = b"", block: int | None = None) -> None:
        super().__init__(message)
        self.revert, self.block = revert, block


def artifact() -> dict[str, Any]:
    """The committed compiler output for contracts/ZkcredRegistry.sol (ABI, bytecode; tools/compile_contracts.py)."""
    return json.loads(resources.files(__package__).joinpath("_registry.json").read_text(encoding="utf-8"))


def _keccak(b: bytes) -> bytes:
    from eth_utils import keccak
    return bytes(keccak(b))


# ----------------------------------------------------------------------------------------------------------------
# strict readers of JSON-RPC values (every one raises DecodeError naming what it read)

def _quantity(v: object, what: str) -> int:
    if not isinstance(v, str) or not _HEX.match(v) or len(v) < 3 or len(v) > 66:
        raise DecodeError(f"{what}: expected a hex quantity (0x...), got {str(v)[:80]!r}")
    return int(v, 16)


def _hexdata(v: object, what: str, length: int | None = None) -> bytes:
    if not isinstance(v, str) or not _HEX.match(v) or len(v) % 2:
        raise DecodeError(f"{what}: expected hex data (0x + an even number of hex digits), got {str(v)[:80]!r}")
    b = bytes.fromhex(v[2:])
    if length is not None and len(b) != length:
        raise DecodeError(f"{what}: expected {length} bytes, got {len(b)}")
    return b


def _address(v: object, what: str) -> str:
    if not isinstance(v, str) or not _ADDRESS.match(v):
        raise DecodeError(f"{what}: expected a 20-byte address, got {str(v)[:80]!r}")
    return v.lower()


def _obj(v: object, what: str) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise DecodeError(f"{what}: expected a JSON object, got {type(v).__name__}")
    return v


def _abi_decode(types: list[str], data: bytes, what: str) -> tuple[Any, ...]:
    from eth_abi import decode
    from eth_abi.exceptions import DecodingError
    try:
        return tuple(decode(types, data, strict=True))
    except (DecodingError, UnicodeDecodeError, OverflowError, ValueError) as exc:
        raise DecodeError(f"{what}: not ABI-encoded {tuple(types)} ({type(exc).__name__})") from None


class _Log:
    """One validated ``Appended`` log, decoded."""

    __slots__ = ("block", "log_index", "key", "position", "record_id", "kind", "version", "time", "data", "digest",
                 "prev_block", "tx")

    def __init__(self, raw: object, address: str, topic0: bytes, what: str):
        log = _obj(raw, what)
        if _address(log.get("address"), what + ".address") != address:
            raise DecodeError(f"{what}: log from another contract")
        topics = log.get("topics")
        if not isinstance(topics, list) or len(topics) != 3:
            raise DecodeError(f"{what}.topics: expected 3 topics")
        t = [_hexdata(x, f"{what}.topics", 32) for x in topics]
        if t[0] != topic0:
            raise DecodeError(f"{what}.topics[0]: not the Appended event")
        if log.get("removed", False) is not False:
            raise DecodeError(f"{what}.removed: a removed (reorganized) log")
        self.block = _quantity(log.get("blockNumber"), what + ".blockNumber")
        self.log_index = _quantity(log.get("logIndex"), what + ".logIndex")
        self.tx = _hexdata(log.get("transactionHash"), what + ".transactionHash", 32)
        self.key = t[1]
        self.position = int.from_bytes(t[2], "big")
        fields = _abi_decode(_APPENDED_TYPES, _hexdata(log.get("data"), what + ".data"), what + ".data")
        self.record_id, self.kind, self.version, self.time, self.data, self.digest, self.prev_block = fields
        try:
            check_record_id(self.record_id)
        except DecodeError as exc:
            raise DecodeError(f"{what}: {exc}") from None
        if self.kind not in KINDS:
            raise DecodeError(f"{what}: kind {self.kind[:40]!r} is not one of {', '.join(KINDS)}")
        if _keccak(self.record_id.encode("ascii")) != self.key:
            raise DecodeError(f"{what}: topic 1 is not keccak256 of the record id")
        if self.position < 1 or self.position >= 1 << 64 or self.version < 1:
            raise DecodeError(f"{what}: position and version start at 1")

    def entry(self) -> Entry:
        return Entry(record_id=self.record_id, kind=self.kind, version=self.version, data=bytes(self.data),
                     position=self.position, time=self.time, digest=bytes(self.digest))


def _fragment_options(fragment: str) -> dict[str, Any]:
    """``contract=0x...&chain_id=N&confirmations=N&config=PATH&account=INDEX`` (a private key never goes in a URL)."""
    out: dict[str, Any] = {}
    for part in fragment.split("&"):
        k, eq, v = part.partition("=")
        if not eq or k not in ("contract", "chain_id", "confirmations", "config", "account") or k in out:
            raise LedgerError(f"ledger URL fragment {part[:40]!r}: expected contract=0x..., chain_id=N, "
                              "confirmations=N, config=PATH or account=INDEX, each at most once")
        if k in ("chain_id", "confirmations", "account"):
            if not v.isdigit() or len(v) > 19:
                raise LedgerError(f"ledger URL fragment: {k} must be a decimal number (account: the index of an "
                                  "unlocked account; pass private keys as the account option, never in a URL)")
            out[k] = int(v)
        else:
            out[k] = v
    return out


def _http_provider(url: str, timeout: float) -> Any:
    from web3 import HTTPProvider

    from .._json import loads

    class _StrictProvider(HTTPProvider):
        @staticmethod
        def decode_rpc_response(raw_response: bytes) -> Any:
            return loads(raw_response, "JSON-RPC answer")

    # No retries: a dead node is reported at once (LedgerUnavailable), not after seconds of backoff.
    return _StrictProvider(url, request_kwargs={"timeout": timeout}, exception_retry_configuration=None)


class EvmLedger(Ledger):
    """The Ledger protocol on a ZkcredRegistry contract (module docstring): ``EvmLedger(url, ...)``,
    ``EvmLedger.open(url, ...)`` or ``open_ledger("evm:<url>", ...)``."""

    max_data = MAX_DATA

    def __init__(self, url: str, account: int | str | None = None, chain_id: int | None = None,
                 confirmations: int = 0, contract: str | None = None, config: str | os.PathLike[str] | None = None,
                 timeout: float = 30.0, poll_interval: float = 0.05, log_chunk: int = 10_000) -> None:
        """Connect to the node at ``url`` (``http(s)://...``, optionally prefixed ``evm:``) and to its registry.

        ``account``: the index of one of the node's unlocked accounts (``eth_accounts``; development nodes such as
        anvil), or a hex private key (transactions are signed here); None opens the ledger read-only.
        ``chain_id``: when given, the node must serve this chain (else ``LedgerUnavailable``). ``confirmations``:
        blocks to wait on top of an append's block before it returns (0: the receipt suffices). ``contract`` /
        ``config``: where the registry is (module docstring). ``timeout``: seconds per request, and for a
        transaction to be mined and confirmed. ``log_chunk``: blocks per eth_getLogs request.
        """
        if not isinstance(url, str):
            raise DecodeError(f"ledger url: expected a str, got {type(url).__name__}")
        if url.startswith("evm:"):
            url = url[4:]
        url, _, fragment = url.partition("#")
        if fragment:  # options in the URL's fragment (never sent to the node), for command lines
            given: dict[str, Any] = {"account": account, "chain_id": chain_id, "contract": contract, "config": config,
                     "confirmations": confirmations or None}
            for k, v in _fragment_options(fragment).items():
                if given[k] is not None:
                    raise LedgerError(f"{k} is given both in the ledger URL and as an option")
                given[k] = v
            account, chain_id, contract, config = (given["account"], given["chain_id"], given["contract"],
                                                   given["config"])
            confirmations = given["confirmations"] or 0
        if not re.match(r"https?://[^\s/]", url):
            raise LedgerError(f"EVM ledger URL must be http(s)://host:port, not {url[:80]!r}")
        if not isinstance(confirmations, int) or isinstance(confirmations, bool) or confirmations < 0:
            raise LedgerError(f"confirmations must be an int >= 0, not {confirmations!r}")
        if chain_id is not None and (not isinstance(chain_id, int) or isinstance(chain_id, bool) or chain_id < 1):
            raise LedgerError(f"chain_id must be a positive int, not {chain_id!r}")
        if not isinstance(timeout, (int, float)) or not timeout > 0:
            raise LedgerError(f"timeout must be > 0 seconds, not {timeout!r}")
        if not isinstance(log_chunk, int) or log_chunk < 1:
            raise LedgerError(f"log_chunk must be an int >= 1, not {log_chunk!r}")
        self.url = "evm:" + url
        self._url = url
        self._provider = _http_provider(url, timeout)
        self._timeout = timeout
        self._confirmations = confirmations
        self._poll = poll_interval
        self._log_chunk = log_chunk
        self._closed = False
        art = artifact()
        self._bytecode = bytes.fromhex(art["bytecode"][2:])
        self._runtime = bytes.fromhex(art["deployedBytecode"][2:])
        self._topic0 = _keccak(_APPENDED_SIG.encode())
        self._errors = {_keccak(sig.encode())[:4]: (sig.split("(")[0], types, why)
                        for sig, (types, why) in _ERRORS.items()}
        self.address = ""
        self.chain_id = 0
        self.sender: str | None = None      # the account that appends (None: read-only)
        self._key: bytes | None = None      # its private key, when transactions are signed here
        self._nonce_floor = 0               # above every nonce the node refused as taken (signed here)
        self._last_nonce: int | None = None
        #: gas used by the last transaction this object sent (benchmarks read it)
        self.last_gas_used = 0

        self.chain_id = _quantity(self._rpc("eth_chainId", []), "eth_chainId")
        if chain_id is not None and self.chain_id != chain_id:
            raise LedgerUnavailable(f"the node at {url} serves chain id {self.chain_id}, not {chain_id}: point the "
                                    "ledger at a node of the right chain, or fix chain_id")
        self._set_account(account)
        cfg = Path(config) if config is not None else None
        if contract is None and cfg is not None and cfg.exists():
            contract = self._read_config(cfg)
        if contract is not None:
            if not isinstance(contract, str) or not _ADDRESS.match(contract):
                raise LedgerError(f"contract must be a 0x-prefixed 20-byte hex address, not {contract!r}")
            self.address = contract.lower()
            code = _hexdata(self._rpc("eth_getCode", [self.address, "latest"]), "eth_getCode")
            if code != self._runtime:
                raise LedgerUnavailable(
                    f"no zkcred registry at {self.address} on chain {self.chain_id} "
                    f"({'no code' if not code else 'different code'}): check the address, or open without one to "
                    "deploy a new registry")
        else:
            self._deploy()
            if cfg is not None:
                tmp = cfg.with_name(cfg.name + ".tmp")
                tmp.write_text(json.dumps({"chain_id": self.chain_id, "contract": self.address}) + "\n")
                os.replace(tmp, cfg)

    @classmethod
    def open(cls, url: str, **options: Any) -> EvmLedger:
        """``EvmLedger(url, **options)``: connect (and deploy a registry when none is named); see ``__init__``."""
        return cls(url, **options)

    def _read_config(self, cfg: Path) -> str:
        from .._json import loads
        doc = _obj(loads(cfg.read_bytes(), f"EVM ledger config {cfg}"), f"EVM ledger config {cfg}")
        if set(doc) != {"chain_id", "contract"} or not isinstance(doc["chain_id"], int):
            raise DecodeError(f"EVM ledger config {cfg}: expected {{\"chain_id\": int, \"contract\": \"0x...\"}}")
        if doc["chain_id"] != self.chain_id:
            raise LedgerUnavailable(f"{cfg} names a registry on chain {doc['chain_id']} but the node at {self._url} "
                                    f"serves chain {self.chain_id}: point the ledger at the right node")
        return _address(doc["contract"], f"EVM ledger config {cfg}: contract")

    def _set_account(self, account: int | str | None) -> None:
        if account is None:
            return
        if isinstance(account, int) and not isinstance(account, bool):
            accounts = self._rpc("eth_accounts", [])
            if not isinstance(accounts, list):
                raise DecodeError("eth_accounts: expected a list")
            if not 0 <= account < len(accounts):
                raise LedgerError(f"account index {account} out of range: the node has {len(accounts)} unlocked "
                                  "accounts; pass a private key instead")
            self.sender = _address(accounts[account], "eth_accounts[]")
        elif isinstance(account, str) and _KEY.match(account):
            from eth_account import Account
            self._key = bytes.fromhex(account.removeprefix("0x"))
            self.sender = str(Account.from_key(self._key).address).lower()
        else:
            raise LedgerError("account must be an unlocked-account index or a 32-byte hex private key")

    # ------------------------------------------------------------------------------------------------------------
    # JSON-RPC

    def _rpc(self, method: str, params: list[Any]) -> Any:
        """One request; the ``result``, or LedgerUnavailable / DecodeError / _RpcError (an ``error`` answer)."""
        import requests
        if self._closed:
            raise LedgerError("the ledger is closed")
        try:
            answer = self._provider.make_request(method, params)
        except requests.exceptions.Timeout:
            raise LedgerUnavailable(f"the EVM node at {self._url} did not answer {method} within {self._timeout} s: "
                                    "check that it is running and not overloaded, or raise timeout") from None
        except requests.exceptions.ConnectionError as exc:
            raise LedgerUnavailable(f"cannot reach the EVM node at {self._url} ({type(exc).__name__}): start the "
                                    "node, or fix the ledger URL") from None
        except requests.exceptions.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else "?"
            raise LedgerUnavailable(f"the EVM node at {self._url} answered {method} with HTTP {status}: check "
                                    "the URL (and any API key) of the JSON-RPC endpoint") from None
        except requests.exceptions.RequestException as exc:
            raise LedgerUnavailable(f"request to the EVM node at {self._url} failed ({type(exc).__name__}): "
                                    "check the ledger URL") from None
        what = f"JSON-RPC answer to {method}"
        answer = _obj(answer, what)
        if answer.get("jsonrpc") != "2.0":
            raise DecodeError(f"{what}: \"jsonrpc\" is not \"2.0\"")
        if "error" in answer:
            err = _obj(answer["error"], what + ".error")
            code, message = err.get("code"), err.get("message")
            if not isinstance(code, int) or not isinstance(message, str):
                raise DecodeError(f"{what}.error: expected an int code and a str message")
            data = err.get("data")
            raise _RpcError(method, code, message, data if isinstance(data, str) else None)
        if "result" not in answer:
            raise DecodeError(f"{what}: neither \"result\" nor \"error\"")
        return answer["result"]

    def _call(self, data: bytes, what: str, block: str = "latest") -> bytes:
        try:
            return _hexdata(self._rpc("eth_call", [{"to": self.address, "data": "0x" + data.hex()}, block]),
                            f"eth_call {what}")
        except _RpcError as exc:
            raise LedgerError(f"{what} failed on the node at {self._url}: {exc.message}") from None

    def _encode(self, signature: str, types: list[str], args: list[Any]) -> bytes:
        from eth_abi import encode
        return _keccak(signature.encode())[:4] + encode(types, args)

    def _state(self) -> tuple[int, bytes, int, int]:
        out = self._call(self._encode("state()", [], []), "state()")
        head, digest, head_block, deploy_block = _abi_decode(["uint64", "bytes32", "uint64", "uint64"], out,
                                                             "eth_call state()")
        return head, bytes(digest), head_block, deploy_block

    def _record(self, record_id: str) -> tuple[str, int, int, bytes, str | None]:
        """(owner, latest version, its block, its digest, kind) of a record; version 0 and kind None: none."""
        out = self._call(self._encode("record(string)", ["string"], [record_id]), "record()")
        owner, version, last_block, digest, code = _abi_decode(["address", "uint64", "uint64", "bytes32", "uint8"],
                                                               out, "eth_call record()")
        if (version == 0) != (code == 0) or code > len(KINDS):
            raise DecodeError(f"eth_call record(): kind code {code} with version {version}")
        return str(owner).lower(), version, last_block, bytes(digest), KINDS[code - 1] if code else None

    def _logs(self, from_block: int, to_block: int, topics: list[Any]) -> list[_Log]:
        flt = {"address": self.address, "fromBlock": hex(from_block), "toBlock": hex(to_block), "topics": topics}
        try:
            raw = self._rpc("eth_getLogs", [flt])
        except _RpcError as exc:
            raise LedgerUnavailable(f"the node at {self._url} refused eth_getLogs over blocks {from_block}.."
                                    f"{to_block} ({exc.message}): lower log_chunk, or use a node that serves "
                                    "logs") from None
        if not isinstance(raw, list):
            raise DecodeError("JSON-RPC answer to eth_getLogs: expected a list")
        logs = [_Log(x, self.address, self._topic0, f"eth_getLogs[{i}]") for i, x in enumerate(raw)]
        for log in logs:
            if not from_block <= log.block <= to_block:
                raise DecodeError(f"eth_getLogs: a log from block {log.block}, outside {from_block}..{to_block}")
        return sorted(logs, key=lambda log: (log.block, log.log_index))

    def _scan(self, from_block: int, to_block: int, topics: list[Any]) -> Iterator[_Log]:
        b = from_block
        while b <= to_block:
            end = min(to_block, b + self._log_chunk - 1)
            yield from self._logs(b, end, topics)
            b = end + 1

    # ------------------------------------------------------------------------------------------------------------
    # transactions

    def _deploy(self) -> None:
        if self.sender is None:
            raise LedgerError("no registry contract given and the ledger is read-only: pass contract= (or config=) "
                              "to use a deployed registry, or account= to deploy one")
        receipt = self._transact(None, self._bytecode, "deploying the registry")
        self.address = _address(receipt.get("contractAddress"), "receipt.contractAddress")
        code = _hexdata(self._rpc("eth_getCode", [self.address, "latest"]), "eth_getCode")
        if code != self._runtime:
            raise LedgerUnavailable(f"the registry deployed at {self.address} has unexpected code: the node does not "
                                    "run the EVM this contract was compiled for (it needs the prague rules)")

    @staticmethod
    def _revert_data(exc: _RpcError) -> bytes:
        data = exc.data
        return bytes.fromhex(data[2:]) if data and _HEX.match(data) and not len(data) % 2 else b""

    def _conflict(self, exc: TransactionReverted, call: bytes) -> int | None:
        """The version a ``VersionConflict`` revert found, or None when ``exc`` is another revert. A transaction
        mined and reverted carries no reason: it is run again with eth_call on the state after its block (where
        the competing append is), to read the reason the contract gives there; an estimation revert that came
        without its data (some nodes put the reason in the message only) is run again on the latest state."""
        raw = exc.revert
        if not raw:
            # no reason came with it: a mined revert (run it again after its block), or a node that reports an
            # estimation revert in its message only (run it again on the latest state)
            at = hex(exc.block) if exc.block is not None else "latest"
            try:
                self._rpc("eth_call", [{"from": self.sender, "to": self.address, "data": "0x" + call.hex()}, at])
                return None                 # it succeeds there: the revert was something else (out of gas)
            except _RpcError as again:
                raw = self._revert_data(again)
        sel = _keccak(b"VersionConflict(bytes32,uint64,uint64)")[:4]
        if raw[:4] != sel:
            return None
        _key, _expected, found = _abi_decode(["bytes32", "uint64", "uint64"], raw[4:], "VersionConflict")
        return int(found)

    def _revert_reason(self, exc: _RpcError) -> str:
        data = exc.data
        if not data or not _HEX.match(data) or len(data) % 2:
            return f"no reason decoded (the node said: {exc.message[:120]})"
        raw = bytes.fromhex(data[2:])
        if raw[:4] in self._errors:
            name, types, why = self._errors[raw[:4]]
            try:
                args = _abi_decode(types, raw[4:], name)
            except DecodeError:
                return f"{name}: {why}"
            if name == "NotRecordOwner":
                return f"{name}: {why} (owner {str(args[1]).lower()}, you are {self.sender})"
            return f"{name}: {why}"
        return f"revert data 0x{raw[:68].hex()}"

    def _transact(self, to: str | None, data: bytes, what: str) -> dict[str, Any]:
        """Send one transaction, wait for its receipt and ``confirmations``; the validated receipt. A transaction
        refused for its nonce (another writer of the same account took it: "nonce too low", "replacement
        transaction underpriced") was not sent: it is estimated and sent again, a few times."""
        for attempt in range(_NONCE_RETRIES):
            try:
                return self._transact_once(to, data, what)
            except _NonceTaken as exc:
                if attempt == _NONCE_RETRIES - 1:
                    raise LedgerError(f"{what}: the node at {self._url} refused the transaction {_NONCE_RETRIES} "
                                      f"times ({exc}): another writer of {self.sender} keeps taking its nonce; "
                                      "retry") from None
                _time.sleep(self._poll * (attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover

    def _transact_once(self, to: str | None, data: bytes, what: str) -> dict[str, Any]:
        assert self.sender is not None
        tx: dict[str, Any] = {"from": self.sender, "data": "0x" + data.hex()}
        if to is not None:
            tx["to"] = to
        try:  # a revert surfaces here, with its reason, before anything is sent
            gas = _quantity(self._rpc("eth_estimateGas", [tx]), "eth_estimateGas")
        except _RpcError as exc:
            if exc.code != 3 and not exc.data:  # 3: execution reverted (EIP-1474 / geth)
                raise LedgerError(f"{what}: the node at {self._url} would not run the transaction "
                                  f"({exc.message}): check the balance of {self.sender}") from None
            raise TransactionReverted(f"{what} was rejected by the contract: {self._revert_reason(exc)}",
                                      self._revert_data(exc)) from None
        gas = gas + gas // 5 + 10_000
        try:
            if self._key is None:
                tx["gas"] = hex(gas)
                tx_hash = _hexdata(self._rpc("eth_sendTransaction", [tx]), "eth_sendTransaction", 32)
            else:
                tx_hash = _hexdata(self._rpc("eth_sendRawTransaction", ["0x" + self._sign(tx, gas).hex()]),
                                   "eth_sendRawTransaction", 32)
        except _RpcError as exc:
            if any(m in exc.message.lower() for m in ("nonce too low", "replacement transaction underpriced")):
                if self._key is not None and self._last_nonce is not None:
                    # never that nonce again: a resend with higher fees could replace the other writer's
                    # pending transaction (when the node's "pending" count lags behind it)
                    self._nonce_floor = max(self._nonce_floor, self._last_nonce + 1)
                raise _NonceTaken(exc.message) from None
            raise LedgerError(f"{what}: the node at {self._url} refused the transaction ({exc.message}): check the "
                              f"balance and nonce of {self.sender}") from None
        receipt = self._wait(tx_hash, what)
        self.last_gas_used = _quantity(receipt.get("gasUsed"), "receipt.gasUsed")
        if _quantity(receipt.get("status"), "receipt.status") != 1:
            block = _quantity(receipt.get("blockNumber"), "receipt.blockNumber")
            raise TransactionReverted(f"{what} reverted in block {block} (transaction 0x{tx_hash.hex()}): the state "
                                      "changed since it was estimated; retry", block=block)
        return receipt

    def _sign(self, tx: dict[str, Any], gas: int) -> bytes:
        from eth_account import Account
        assert self._key is not None
        nonce = _quantity(self._rpc("eth_getTransactionCount", [self.sender, "pending"]), "eth_getTransactionCount")
        nonce = self._last_nonce = max(nonce, self._nonce_floor)
        block = _obj(self._rpc("eth_getBlockByNumber", ["latest", False]), "eth_getBlockByNumber")
        base = _quantity(block.get("baseFeePerGas"), "block.baseFeePerGas")
        try:
            tip = _quantity(self._rpc("eth_maxPriorityFeePerGas", []), "eth_maxPriorityFeePerGas")
        except _RpcError:
            tip = 10**9
        fields: dict[str, Any] = {"type": 2, "chainId": self.chain_id, "nonce": nonce, "gas": gas, "value": 0,
                                  "maxPriorityFeePerGas": tip, "maxFeePerGas": 2 * base + tip,
                                  "data": tx["data"]}
        if "to" in tx:
            from eth_utils import to_checksum_address
            fields["to"] = to_checksum_address(tx["to"])
        return bytes(Account.sign_transaction(fields, self._key).raw_transaction)

    def _wait(self, tx_hash: bytes, what: str) -> dict[str, Any]:
        deadline = _time.monotonic() + self._timeout
        h = "0x" + tx_hash.hex()
        while True:
            receipt = self._rpc("eth_getTransactionReceipt", [h])
            if receipt is not None:
                receipt = _obj(receipt, "eth_getTransactionReceipt")
                block = _quantity(receipt.get("blockNumber"), "receipt.blockNumber")
                block_hash = _hexdata(receipt.get("blockHash"), "receipt.blockHash", 32)
                if self._confirmations == 0:
                    return receipt
                tip = _quantity(self._rpc("eth_blockNumber", []), "eth_blockNumber")
                if tip >= block + self._confirmations:
                    again = _obj(self._rpc("eth_getTransactionReceipt", [h]), "eth_getTransactionReceipt")
                    if _hexdata(again.get("blockHash"), "receipt.blockHash", 32) != block_hash:
                        continue  # reorganized into another block: wait for its confirmations there
                    return again
            if _time.monotonic() > deadline:
                state = "not mined" if receipt is None else f"mined but not {self._confirmations} blocks deep"
                raise LedgerUnavailable(
                    f"{what}: transaction {h} {state} after {self._timeout} s: the node may not be producing "
                    "blocks; it may still be mined later — check with `zkcred ledger show` before retrying")
            _time.sleep(self._poll)

    # ------------------------------------------------------------------------------------------------------------
    # the Ledger protocol

    def append(self, record_id: str, kind: str, data: bytes, *, expect_version: int | None = None) -> Entry:
        """Append the next version of ``record_id`` (LEDGER.md ``append``); the sender must own the record (the
        first writer does) or ``TransactionReverted`` says who does. ``expect_version`` goes to the contract,
        which reverts when the record is at another version when the transaction runs (not when this node last
        answered a read): ``LedgerConflict`` naming the version it found, and nothing is written."""
        record_id, kind, data = self._check_append(record_id, kind, data, expect_version)
        if self.sender is None:
            raise LedgerError("the ledger was opened read-only: pass account= to append")
        _, version, _, _, stored_kind = self._record(record_id)
        if version and stored_kind != kind:
            raise DecodeError(f"record {record_id!r} has kind {stored_kind!r}; a new version cannot change it to "
                              f"{kind!r}")
        expected = ANY_VERSION if expect_version is None else expect_version
        call = self._encode("append(string,string,bytes,uint64)", ["string", "string", "bytes", "uint64"],
                            [record_id, kind, data, expected])
        try:
            receipt = self._transact(self.address, call, f"append of {record_id!r}")
        except TransactionReverted as exc:
            if expect_version is None:
                raise
            found = self._conflict(exc, call)
            if found is None:
                raise
            raise LedgerConflict(record_id, expect_version, found) from None
        raw_logs = receipt.get("logs")
        if not isinstance(raw_logs, list):
            raise DecodeError("receipt.logs: expected a list")
        mine = [_Log(x, self.address, self._topic0, "receipt.logs[]") for x in raw_logs
                if isinstance(x, dict) and isinstance(x.get("topics"), list) and x["topics"]
                and str(x["topics"][0]).lower() == "0x" + self._topic0.hex()
                and str(x.get("address", "")).lower() == self.address]
        if len(mine) != 1:
            raise DecodeError(f"receipt of the append: expected one Appended log, found {len(mine)}")
        log = mine[0]
        if (log.record_id, log.kind, bytes(log.data)) != (record_id, kind, data):
            raise DecodeError("receipt of the append: its Appended log does not carry the record sent")
        return log.entry()

    def get(self, record_id: str, version: int | None = None) -> Entry:
        """The latest version of ``record_id``, or ``version`` (RecordNotFound when missing)."""
        check_record_id(record_id)
        if version is not None:
            check_version(version)
        _, latest, last_block, _, _ = self._record(record_id)
        want = latest if version is None else version
        if latest == 0 or not 1 <= want <= latest:
            raise RecordNotFound(f"no record {record_id!r}" + ("" if latest == 0 or version is None
                                                                else f" version {version} (latest {latest})"))
        for log in self._walk(record_id, latest, last_block):
            if log.version == want:
                return log.entry()
        raise AssertionError("unreachable: _walk yields every version")  # pragma: no cover

    def history(self, record_id: str) -> list[Entry]:
        """Every version of ``record_id``, oldest first (an empty list for an unknown id)."""
        check_record_id(record_id)
        _, latest, last_block, _, _ = self._record(record_id)
        if latest == 0:
            return []
        return [log.entry() for log in reversed(list(self._walk(record_id, latest, last_block)))]

    def _walk(self, record_id: str, latest: int, block: int) -> Iterator[_Log]:
        """The record's logs from ``latest`` down to version 1, one eth_getLogs per block (each log names the
        block of the previous version)."""
        key = "0x" + _keccak(record_id.encode("ascii")).hex()
        topics = [("0x" + self._topic0.hex()), key]
        v, cache_block, cache = latest, -1, []
        while v >= 1:
            if block != cache_block:
                cache = self._logs(block, block, topics)
                cache_block = block
            found = [log for log in cache if log.version == v]
            if len(found) != 1 or found[0].record_id != record_id:
                raise LedgerIntegrityError(f"record {record_id!r} version {v}: its Appended event is missing from "
                                           f"block {block} ({len(found)} found)")
            yield found[0]
            block = found[0].prev_block
            v -= 1
            if (v == 0) != (block == 0):
                raise LedgerIntegrityError(f"record {record_id!r} version {v + 1}: bad link to the previous version")

    def entries(self, since: int = 0) -> Iterator[Entry]:
        """Every entry with position > ``since``, in position order."""
        if isinstance(since, bool) or not isinstance(since, int) or since < 0:
            raise DecodeError(f"since: expected an int >= 0, got {since!r}")
        head, _, head_block, deploy_block = self._state()
        if head <= since:
            return
        start = deploy_block
        if since > 0:  # find the block of position since + 1 (position is an indexed topic)
            first = self._logs(deploy_block, head_block,
                               ["0x" + self._topic0.hex(), None, "0x" + (since + 1).to_bytes(32, "big").hex()])
            if len(first) != 1:
                raise LedgerIntegrityError(f"position {since + 1}: {len(first)} Appended events instead of one")
            start = first[0].block
        expect = since + 1
        for log in self._scan(start, head_block, ["0x" + self._topic0.hex()]):
            if log.position <= since:
                continue
            if log.position != expect:
                raise LedgerIntegrityError(f"position {expect}: missing from the node's logs (found {log.position})")
            expect += 1
            yield log.entry()
            if log.position == head:
                return
        raise LedgerIntegrityError(f"position {expect}: missing from the node's logs (head is {head})")

    def head(self) -> int:
        """The position of the last entry (0: empty)."""
        return self._state()[0]

    def owner(self, record_id: str) -> str | None:
        """The account (lower-case 0x address) allowed to append to ``record_id``; None when there is no record."""
        check_record_id(record_id)
        owner, latest, _, _, _ = self._record(record_id)
        return owner if latest else None

    def change_owner(self, record_id: str, new_owner: str) -> None:
        """Hand ``record_id`` to the account ``new_owner`` (0x address); only its current owner may (for example
        when the issuer moves to a new EVM key)."""
        check_record_id(record_id)
        if not isinstance(new_owner, str) or not _ADDRESS.match(new_owner):
            raise LedgerError(f"new_owner must be a 0x-prefixed 20-byte hex address, not {new_owner!r}")
        new = new_owner.lower()
        if self.sender is None:
            raise LedgerError("the ledger was opened read-only: pass account= to change an owner")
        call = self._encode("changeOwner(string,address)", ["string", "address"], [record_id, new])
        self._transact(self.address, call, f"change of the owner of {record_id!r}")

    def verify(self) -> None:
        """Recompute the hash chain from the event logs and compare it with every digest the events carry and
        with the contract's storage (head, head digest, each record's version, block and digest); raises
        LedgerIntegrityError naming the first bad record (position, id, rule)."""
        head, head_digest, head_block, deploy_block = self._state()
        prev, expect = ZERO_DIGEST, 1
        records: dict[str, tuple[int, int, bytes]] = {}  # id -> (version, block, digest)
        times: dict[int, int] = {}
        kinds: dict[str, str] = {}
        last_block = 0
        for log in self._scan(deploy_block, head_block, ["0x" + self._topic0.hex()]):
            where = f"position {log.position}, record {log.record_id!r}"
            if log.position != expect:
                raise LedgerIntegrityError(f"position {expect}: missing (the next event has {log.position})")
            if log.block not in times:
                blk = _obj(self._rpc("eth_getBlockByNumber", [hex(log.block), False]), "eth_getBlockByNumber")
                times[log.block] = _quantity(blk.get("timestamp"), "block.timestamp")
            if log.time != times[log.block]:
                raise LedgerIntegrityError(f"{where}: time {log.time} is not its block's timestamp")
            pv, pblock, _ = records.get(log.record_id, (0, 0, b""))
            if log.version != pv + 1:
                raise LedgerIntegrityError(f"{where}: version {log.version} follows version {pv}")
            if log.prev_block != pblock:
                raise LedgerIntegrityError(f"{where}: links to block {log.prev_block}, not {pblock}")
            digest = entry_digest(prev, log.position, log.record_id, log.kind, log.version, log.time,
                                  bytes(log.data))
            if digest != log.digest:
                raise LedgerIntegrityError(f"{where}: the event's digest is not the hash chain's")
            if kinds.setdefault(log.record_id, log.kind) != log.kind:
                raise LedgerIntegrityError(f"{where}: kind {log.kind!r} differs from this id's "
                                           f"{kinds[log.record_id]!r}")
            records[log.record_id] = (log.version, log.block, digest)
            prev, expect, last_block = digest, expect + 1, log.block
        if expect - 1 != head:
            raise LedgerIntegrityError(f"position {expect}: missing (the contract's head is {head})")
        if prev != head_digest or last_block != (head_block if head else 0):
            raise LedgerIntegrityError(f"position {head}: the contract's head digest or block differs from the "
                                       "chain recomputed from the events")
        for record_id, (version, block, digest) in records.items():
            _, sv, sblock, sdigest, skind = self._record(record_id)
            if (sv, sblock, sdigest) != (version, block, digest) or skind != kinds[record_id]:
                raise LedgerIntegrityError(f"record {record_id!r}: the contract stores version {sv} (block {sblock}, "
                                           f"kind {skind!r}) with another digest than the events' version {version}")

    def close(self) -> None:
        """Forget the connection (further calls raise LedgerError)."""
        self._closed = True

    def __enter__(self) -> EvmLedger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"EvmLedger({self._url!r}, chain_id={self.chain_id}, contract={self.address!r})"


_NONCE_RETRIES = 5


class _NonceTaken(Exception):
    """The node refused a transaction for its nonce (another transaction of the same account has it)."""


class _RpcError(LedgerError):
    """An ``error`` answer of the node. Callers that expect one (reverts, refused transactions) turn it into an
    error that tells the user what to do; elsewhere it surfaces as this LedgerError naming the method."""

    def __init__(self, method: str, code: int, message: str, data: str | None) -> None:
        super().__init__(f"the EVM node refused {method} (error {code}: {message[:300]}): check that it is a "
                         "full JSON-RPC node of the expected chain")
        self.code, self.message, self.data = code, message[:300], data

