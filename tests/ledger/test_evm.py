"""zkcred.ledger.evm on a local anvil node (the session's ``anvil`` fixture, tests/conftest.py).

Oracles independent of the module: the LEDGER.md hash chain is recomputed here from its text (hashlib, struct),
block timestamps come from anvil directly, storage is tampered with anvil_setStorageAt, and a small JSON-RPC proxy
on 127.0.0.1 forwards to anvil or answers garbage so that every malformed answer is seen to be a clear error.
"""
from __future__ import annotations

import hashlib
import http.server
import json
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from _testlib import require_peer
from zkcred.errors import DecodeError
from zkcred.ledger import (Entry, LedgerConflict, LedgerError, LedgerIntegrityError, LedgerUnavailable,
                           RecordNotFound, open_ledger)
from zkcred.ledger._anvil import AnvilNode, find_anvil
from zkcred.ledger.evm import MAX_DATA, EvmLedger, TransactionReverted, artifact

ROOT = Path(__file__).resolve().parents[2]
# anvil's second default development key (mnemonic "test test ... junk"); account 0 is used by index
KEY1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"
ADDR1 = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"
ADDR2 = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc"


def expected_digest(prev: bytes, position: int, record_id: str, kind: str, version: int, t: int,
                    data: bytes) -> bytes:
    """LEDGER.md, written out again: SHA256(prev || u64 position || len-prefixed id || len-prefixed kind ||
    u64 version || u64 time || SHA256(data)); u64 big-endian, length prefixes u64."""
    rid, k = record_id.encode(), kind.encode()
    msg = (prev + struct.pack(">Q", position) + struct.pack(">Q", len(rid)) + rid + struct.pack(">Q", len(k)) + k
           + struct.pack(">Q", version) + struct.pack(">Q", t) + hashlib.sha256(data).digest())
    return hashlib.sha256(msg).digest()


@pytest.fixture
def ledger(anvil):
    """A fresh registry (deployed by account 0) on the session's anvil node."""
    with EvmLedger.open(anvil.url, account=0) as led:
        yield led


# ---------------------------------------------------------------------------------------------------------------
# the committed artifact

def test_artifact_is_built_from_the_committed_source():
    art = json.loads((ROOT / "contracts/build/ZkcredRegistry.json").read_text())
    assert art["sourceSha256"] == hashlib.sha256((ROOT / "contracts/ZkcredRegistry.sol").read_bytes()).hexdigest()
    assert (ROOT / "zkcred/ledger/_registry.json").read_bytes() == (
        ROOT / "contracts/build/ZkcredRegistry.json").read_bytes()
    assert artifact() == art
    assert art["settings"]["evmVersion"] == "prague" and art["compiler"].startswith("solc-js 0.8.37+")


@pytest.mark.peer
def test_recompiling_the_source_gives_the_committed_artifact():
    require_peer((ROOT / "peers/node_modules/solc/package.json").exists(), "solc-js 0.8.37 (npm solc)")
    p = subprocess.run([sys.executable, str(ROOT / "tools/compile_contracts.py"), "--check"], capture_output=True,
                       text=True, timeout=300)
    assert p.returncode == 0, p.stderr


# ---------------------------------------------------------------------------------------------------------------
# the Ledger protocol (LEDGER.md)

def test_conformance(ledger, anvil):
    assert ledger.head() == 0 and list(ledger.entries()) == []
    ledger.verify()
    writes = [("did:key:zIssuer", "did", b"document v1"), ("schema:employee", "schema", b"{}"),
              ("did:key:zIssuer", "did", b"document v2" * 40), ("did:key:zIssuer/registry/1", "registry-state",
                                                                bytes(range(256)) * 4), ("schema:employee", "schema", b"")]
    got, prev, versions = [], bytes(32), {}
    for i, (rid, kind, data) in enumerate(writes, 1):
        e = ledger.append(rid, kind, data)
        versions[rid] = versions.get(rid, 0) + 1
        block = anvil.rpc("eth_getBlockByNumber", ["latest", False])
        t = int(block["timestamp"], 16)
        assert isinstance(e, Entry)
        assert (e.record_id, e.kind, e.version, e.data, e.position, e.time) == (rid, kind, versions[rid], data, i, t)
        assert e.digest == expected_digest(prev, i, rid, kind, versions[rid], t, data)
        prev = e.digest
        got.append(e)
        assert ledger.head() == i
    assert list(ledger.entries()) == got
    for since in range(len(got) + 2):
        assert list(ledger.entries(since)) == got[since:]
    assert ledger.get("did:key:zIssuer") == got[2]
    assert ledger.get("did:key:zIssuer", 1) == got[0]
    assert ledger.history("did:key:zIssuer") == [got[0], got[2]]
    assert ledger.history("schema:employee") == [got[1], got[4]]
    assert ledger.owner("schema:employee") == ledger.sender and ledger.owner("nope") is None
    ledger.verify()
    # a second reader (read-only) sees the same
    with EvmLedger.open(anvil.url, contract=ledger.address) as reader:
        assert list(reader.entries()) == got
        reader.verify()
        with pytest.raises(LedgerError, match="read-only"):
            reader.append("x", "schema", b"")


def test_several_versions_in_one_block(ledger, anvil):
    anvil.rpc("evm_setAutomine", [False])
    try:
        t = threading.Thread(target=lambda: (time.sleep(0.5), anvil.rpc("evm_mine")))
        # two appends from two accounts land in one block; each append waits for its own receipt
        other = EvmLedger.open(anvil.url, account=KEY1, contract=ledger.address, timeout=10)
        results = {}
        t1 = threading.Thread(target=lambda: results.setdefault("a", ledger.append("r", "schema", b"1")))
        t2 = threading.Thread(target=lambda: results.setdefault("b", other.append("s", "schema", b"2")))
        t1.start(); t2.start(); t.start()
        t1.join(); t2.join(); t.join()
    finally:
        anvil.rpc("evm_setAutomine", [True])
    assert sorted(e.position for e in results.values()) == [1, 2]
    assert results["a"].time == results["b"].time
    ledger.append("r", "schema", b"3")
    assert [e.data for e in ledger.history("r")] == [b"1", b"3"]
    ledger.verify()


def test_not_found(ledger):
    ledger.append("a", "schema", b"x")
    for args in [("b",), ("a", 2), ("a", (1 << 64) - 1), ("b", 1)]:
        with pytest.raises(RecordNotFound) as exc:
            ledger.get(*args)
        assert isinstance(exc.value, KeyError) and "no record" in str(exc.value)
    assert ledger.history("b") == []


@pytest.mark.parametrize("rid, kind, data, err", [
    ("", "schema", b"", DecodeError), ("x" * 257, "schema", b"", DecodeError), ("caf\u00e9", "schema", b"", DecodeError),
    ("a\nb", "schema", b"", DecodeError), ("a", "Schema", b"", DecodeError), ("a", "blob", b"", DecodeError),
    ("a", "schema", "text", DecodeError), ("a", "schema", bytes(MAX_DATA + 1), DecodeError),
])
def test_bad_append_arguments(ledger, rid, kind, data, err):
    with pytest.raises(err):
        ledger.append(rid, kind, data)
    assert ledger.head() == 0


def test_largest_record(ledger):
    e = ledger.append("big", "registry-update", bytes(range(256)) * (MAX_DATA // 256))
    assert ledger.get("big") == e and len(e.data) == MAX_DATA


def test_contract_rejects_what_python_would_not_send(ledger, anvil):
    """Readers decode every log strictly, so the contract itself refuses ids and kinds they could not decode."""
    from eth_abi import encode
    from eth_utils import keccak
    sel = keccak(text="append(string,string,bytes,uint64)")[:4]
    types, any_version = ["string", "string", "bytes", "uint64"], (1 << 64) - 1
    for rid, kind in [("caf\u00e9", "schema"), ("", "schema"), ("x" * 257, "schema"), ("a", "Schema"), ("a", "")]:
        data = "0x" + (sel + encode(types, [rid, kind, b"", any_version])).hex()
        with pytest.raises(RuntimeError, match="revert"):
            anvil.rpc("eth_estimateGas", [{"from": ADDR1, "to": ledger.address, "data": data}])
    # a record keeps its kind, even for its owner calling the contract directly
    ledger.append("k", "schema", b"")
    data = "0x" + (sel + encode(types, ["k", "did", b"", any_version])).hex()
    with pytest.raises(RuntimeError, match="revert"):
        anvil.rpc("eth_estimateGas", [{"from": ledger.sender, "to": ledger.address, "data": data}])
    ok = "0x" + (sel + encode(types, ["k", "schema", b"", any_version])).hex()
    anvil.rpc("eth_estimateGas", [{"from": ledger.sender, "to": ledger.address, "data": ok}])
    # the expected version is the contract's check, not only Python's: "k" is at version 1
    conflict = keccak(text="VersionConflict(bytes32,uint64,uint64)")[:4]
    for expected in (0, 2, any_version - 1):
        data = "0x" + (sel + encode(types, ["k", "schema", b"", expected])).hex()
        with pytest.raises(RuntimeError, match="0x" + conflict.hex() + ".*" + "0" * 63 + "1'"):
            anvil.rpc("eth_estimateGas", [{"from": ledger.sender, "to": ledger.address, "data": data}])
    ok = "0x" + (sel + encode(types, ["k", "schema", b"", 1])).hex()
    anvil.rpc("eth_estimateGas", [{"from": ledger.sender, "to": ledger.address, "data": ok}])


# ---------------------------------------------------------------------------------------------------------------
# access control

def test_only_the_owner_appends(ledger, anvil):
    ledger.append("did:key:zA", "did", b"doc")
    intruder = EvmLedger.open(anvil.url, account=KEY1, contract=ledger.address)
    assert intruder.sender == ADDR1
    with pytest.raises(TransactionReverted, match=rf"NotRecordOwner.*owner {ledger.sender}, you are {ADDR1}"):
        intruder.append("did:key:zA", "did", b"forged")
    # resources under the DID (DID URLs) belong to the DID's owner, and need the DID record first
    with pytest.raises(TransactionReverted, match="NotRecordOwner"):
        intruder.append("did:key:zA/registry", "registry-state", b"forged")
    with pytest.raises(TransactionReverted, match="UnknownRecord.*append the DID document first"):
        ledger.append("did:key:zB#key-1", "did", b"x")
    ledger.append("did:key:zA/registry", "registry-state", b"state")
    e = intruder.append("own-record", "schema", b"mine")  # an id of its own is fine
    assert ledger.head() == 3 and e.position == 3
    assert [x.data for x in ledger.history("did:key:zA")] == [b"doc"]
    # the owner hands the DID record over; the new owner appends, the old one no longer can
    ledger.change_owner("did:key:zA", ADDR1)
    assert ledger.owner("did:key:zA") == ADDR1
    intruder.append("did:key:zA", "did", b"rotated")
    with pytest.raises(TransactionReverted, match="NotRecordOwner"):
        ledger.append("did:key:zA", "did", b"old key")
    with pytest.raises(TransactionReverted, match="UnknownRecord"):
        ledger.change_owner("missing", ADDR2)
    ledger.verify()


# ---------------------------------------------------------------------------------------------------------------
# opening: contract, config, chain id, accounts

def test_open_options(ledger, anvil, tmp_path):
    ledger.append("a", "schema", b"1")
    with open_ledger("evm:" + anvil.url, contract=ledger.address, chain_id=31337) as same:
        assert same.get("a").data == b"1"
    cfg = tmp_path / "registry.json"
    first = EvmLedger.open(anvil.url, account=0, config=cfg)
    assert json.loads(cfg.read_text()) == {"chain_id": 31337, "contract": first.address}
    first.append("b", "schema", b"2")
    again = EvmLedger.open(anvil.url, config=cfg)
    assert again.address == first.address and again.get("b").data == b"2"
    cfg.write_text(json.dumps({"chain_id": 1, "contract": first.address}))
    with pytest.raises(LedgerUnavailable, match="chain 1 but the node .* serves chain 31337"):
        EvmLedger.open(anvil.url, config=cfg)
    cfg.write_text('{"chain_id": 31337, "contract": "0x12"}')
    with pytest.raises(DecodeError, match="contract"):
        EvmLedger.open(anvil.url, config=cfg)
    cfg.write_text('{"chain_id": 31337, "chain_id": 31337, "contract": "0x12"}')
    with pytest.raises(DecodeError, match="duplicate"):
        EvmLedger.open(anvil.url, config=cfg)
    with pytest.raises(LedgerUnavailable, match="no zkcred registry at 0x0000000000000000000000000000000000000001"):
        EvmLedger.open(anvil.url, contract="0x0000000000000000000000000000000000000001")
    with pytest.raises(LedgerError, match="read-only"):
        EvmLedger.open(anvil.url)
    for bad in [{"account": 99}, {"account": "0x1234"}, {"account": True}, {"confirmations": -1},
                {"chain_id": 0}, {"contract": "nope"}]:
        with pytest.raises(LedgerError):
            EvmLedger.open(anvil.url, **bad)
    with pytest.raises(LedgerError, match="http"):
        EvmLedger.open("evm:ws://127.0.0.1:1")


def test_wrong_chain_id(anvil):
    with pytest.raises(LedgerUnavailable, match=r"serves chain id 31337, not 1\b.*right chain"):
        EvmLedger.open(anvil.url, account=0, chain_id=1)


def test_private_key_account_signs_locally(ledger, anvil, rng):
    from eth_account import Account
    key = "0x" + rng.randbytes(32).hex()
    addr = Account.from_key(key).address.lower()
    anvil.rpc("anvil_setBalance", [addr, hex(10**18)])
    signer = EvmLedger.open(anvil.url, account=key, contract=ledger.address)
    assert signer.sender == addr
    e = signer.append("k", "schema", b"signed here")
    tx = anvil.rpc("eth_getBlockByNumber", ["latest", True])["transactions"][0]
    assert tx["from"].lower() == addr and tx["type"] == "0x2"
    assert signer.get("k") == e and ledger.owner("k") == addr
    broke = EvmLedger.open(anvil.url, account="0x" + rng.randbytes(32).hex(), contract=ledger.address)
    with pytest.raises(LedgerError, match="refused the transaction.*balance"):
        broke.append("k2", "schema", b"no funds")


# ---------------------------------------------------------------------------------------------------------------
# confirmations

def test_confirmations(ledger, anvil):
    conf = EvmLedger.open(anvil.url, account=0, contract=ledger.address, confirmations=2, timeout=20)
    done = threading.Event()

    def miner():  # anvil mines one block per transaction; someone else must add the confirmations
        time.sleep(0.3)
        assert not done.is_set()
        for _ in range(2):
            anvil.rpc("evm_mine")
            time.sleep(0.1)
    t = threading.Thread(target=miner)
    t.start()
    e = conf.append("c", "schema", b"deep")
    done.set()
    t.join()
    tip = int(anvil.rpc("eth_blockNumber"), 16)
    block_of_e = int(anvil.rpc("eth_getBlockByNumber", [hex(tip - 2), False])["number"], 16)
    assert conf.get("c") == e and tip - block_of_e == 2
    # nobody mines: the append is on chain, but not deep enough before the timeout
    slow = EvmLedger.open(anvil.url, account=0, contract=ledger.address, confirmations=3, timeout=1)
    with pytest.raises(LedgerUnavailable, match="not 3 blocks deep after 1 s.*check"):
        slow.append("c", "schema", b"shallow")
    assert ledger.get("c").data == b"shallow"


def test_transaction_never_mined(ledger, anvil):
    anvil.rpc("evm_setAutomine", [False])
    try:
        stuck = EvmLedger.open(anvil.url, account=0, contract=ledger.address, timeout=1)
        with pytest.raises(LedgerUnavailable, match="not mined after 1 s"):
            stuck.append("m", "schema", b"pending")
    finally:
        anvil.rpc("evm_mine")
        anvil.rpc("evm_setAutomine", [True])


# ---------------------------------------------------------------------------------------------------------------
# a dead node

def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_dead_node():
    with pytest.raises(LedgerUnavailable, match="cannot reach the EVM node at http://127.0.0.1:.*start the node"):
        EvmLedger.open(f"http://127.0.0.1:{_closed_port()}", account=0)
    require_peer(find_anvil() is not None, "anvil (npm @foundry-rs/anvil)")
    node = AnvilNode.start()
    try:
        led = EvmLedger.open(node.url, account=0)
        led.append("a", "schema", b"x")
    finally:
        node.stop()
    for op in [led.head, led.verify, lambda: led.get("a"), lambda: list(led.entries()),
               lambda: led.append("a", "schema", b"y")]:
        with pytest.raises(LedgerUnavailable, match="cannot reach"):
            op()
    led.close()
    with pytest.raises(LedgerError, match="closed"):
        led.head()


# ---------------------------------------------------------------------------------------------------------------
# malformed answers and tampering, through a JSON-RPC proxy

class Proxy:
    """Forwards JSON-RPC to anvil; ``rules[method]`` (a function of the forwarded answer's bytes, or bytes) replaces
    the answer; ``status`` replaces the HTTP status; ``delay`` stalls every answer."""

    def __init__(self, upstream: str):
        self.upstream, self.rules, self.status, self.delay = upstream, {}, 200, 0.0
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                import urllib.request
                body = self.rfile.read(int(self.headers["Content-Length"]))
                method = json.loads(body)["method"]
                req = urllib.request.Request(proxy.upstream, body, {"Content-Type": "application/json"})
                with urllib.request.urlopen(req, timeout=10) as r:
                    answer = r.read()
                rule = proxy.rules.get(method)
                if rule is not None:
                    answer = rule(answer) if callable(rule) else rule
                time.sleep(proxy.delay)
                try:
                    self.send_response(proxy.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except OSError:
                    pass

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxy(anvil):
    p = Proxy(anvil.url)
    yield p
    p.close()


def _result(value):
    return json.dumps({"jsonrpc": "2.0", "id": 1, "result": value}).encode()


def _edit_result(fn):
    def rule(answer: bytes) -> bytes:
        doc = json.loads(answer)
        doc["result"] = fn(doc["result"])
        return json.dumps(doc).encode()
    return rule


def _edit_logs(fn):
    return _edit_result(lambda logs: [fn(dict(log)) for log in logs])


BAD_ANSWERS = [
    ("eth_chainId", b"not json"), ("eth_chainId", b"\xff\xfe"), ("eth_chainId", b"[1, 2]"),
    ("eth_chainId", b'{"jsonrpc": "2.0", "id": 1, "result": NaN}'), ("eth_chainId", b"[" * 5000),
    ("eth_chainId", b'{"jsonrpc": "2.0", "id": 1, "result": "0x1", "result": "0x2"}'),
    ("eth_chainId", b'{"id": 1, "result": "0x7a69"}'), ("eth_chainId", b'{"jsonrpc": "2.0", "id": 1}'),
    ("eth_chainId", _result(31337)), ("eth_chainId", _result("0xzz")), ("eth_chainId", _result(None)),
    ("eth_chainId", b'{"jsonrpc": "2.0", "id": 1, "error": "boom"}'),
    ("eth_call", _result("0x123")), ("eth_call", _result("0x" + "00" * 31)), ("eth_call", _result({"a": 1})),
    ("eth_call", _result("0x" + "ff" * 128)),
    ("eth_getLogs", _result({})), ("eth_getLogs", _result([1])), ("eth_getLogs", _result([{}])),
    ("eth_getLogs", _edit_logs(lambda log: {**log, "topics": log["topics"][:2]})),
    ("eth_getLogs", _edit_logs(lambda log: {**log, "topics": [log["topics"][0], log["topics"][2], log["topics"][1]]})),
    ("eth_getLogs", _edit_logs(lambda log: {**log, "address": "0x" + "11" * 20})),
    ("eth_getLogs", _edit_logs(lambda log: {**log, "data": log["data"][:-64]})),
    ("eth_getLogs", _edit_logs(lambda log: {**log, "data": log["data"] + "0"})),
    ("eth_getLogs", _edit_logs(lambda log: {**log, "blockNumber": "0x" + "f" * 70})),
    ("eth_getLogs", _edit_logs(lambda log: {**log, "blockNumber": "0x99999"})),
    ("eth_getLogs", _edit_logs(lambda log: {**log, "removed": True})),
    ("eth_getLogs", _edit_logs(lambda log: {**log, "data": log["data"].replace("726563", "72e963")})),  # é in id
]


@pytest.mark.parametrize("method, answer", BAD_ANSWERS, ids=[f"{m}-{i}" for i, (m, _) in enumerate(BAD_ANSWERS)])
def test_malformed_answers_are_decode_errors(ledger, proxy, method, answer):
    ledger.append("rec", "schema", b"payload")

    def read_all():
        led = EvmLedger.open(proxy.url, contract=ledger.address)
        led.head()
        led.get("rec")
        list(led.entries())
        led.verify()
    read_all()  # the proxy forwards faithfully
    proxy.rules[method] = answer
    with pytest.raises(DecodeError) as exc:
        read_all()
    assert method in str(exc.value) or "answer" in str(exc.value) or "eth_" in str(exc.value)


@pytest.mark.parametrize("method", ["eth_chainId", "eth_getCode", "eth_call", "eth_getLogs", "eth_getBlockByNumber"])
def test_error_answers_are_ledger_errors(ledger, proxy, method):
    ledger.append("rec", "schema", b"payload")
    proxy.rules[method] = b'{"jsonrpc": "2.0", "id": 1, "error": {"code": -32000, "message": "no such thing"}}'
    with pytest.raises(LedgerError, match=f"{method}.*no such thing|no such thing") as exc:
        led = EvmLedger.open(proxy.url, contract=ledger.address)
        led.get("rec")
        led.verify()
    assert not isinstance(exc.value, DecodeError)


@pytest.mark.parametrize("method", ["eth_estimateGas", "eth_sendTransaction", "eth_getTransactionReceipt"])
def test_malformed_answers_while_appending(ledger, proxy, method):
    led = EvmLedger.open(proxy.url, account=0, contract=ledger.address)
    proxy.rules[method] = _result({"not": "what was asked"})
    with pytest.raises(DecodeError, match=method.removeprefix("eth_") if method != "eth_getTransactionReceipt"
                       else "receipt"):
        led.append("rec", "schema", b"payload")


def test_receipt_without_the_event_is_an_error(ledger, proxy):
    led = EvmLedger.open(proxy.url, account=0, contract=ledger.address)
    proxy.rules["eth_getTransactionReceipt"] = _edit_result(lambda r: r and {**r, "logs": []})
    with pytest.raises(DecodeError, match="expected one Appended log, found 0"):
        led.append("rec", "schema", b"payload")


def test_http_errors_and_timeouts(ledger, proxy):
    proxy.status = 500
    with pytest.raises(LedgerUnavailable, match="HTTP 500"):
        EvmLedger.open(proxy.url, contract=ledger.address)
    proxy.status, proxy.delay = 200, 2.0
    with pytest.raises(LedgerUnavailable, match="did not answer eth_chainId within 0.5 s"):
        EvmLedger.open(proxy.url, contract=ledger.address, timeout=0.5)


def test_tampered_logs_fail_verify(ledger, proxy):
    for i in range(3):
        ledger.append(f"r{i}", "schema", b"hello %d" % i)
    led = EvmLedger.open(proxy.url, contract=ledger.address)
    led.verify()
    proxy.rules["eth_getLogs"] = lambda a: a.replace(b"hello 1".hex().encode(), b"jello 1".hex().encode())
    with pytest.raises(LedgerIntegrityError, match="position 2, record 'r1': the event's digest"):
        led.verify()
    # a node that hides an entry
    proxy.rules["eth_getLogs"] = _edit_result(lambda logs: [x for x in logs if b"hello 1".hex() not in x["data"]])
    with pytest.raises(LedgerIntegrityError, match="position 2: missing"):
        led.verify()
    with pytest.raises(LedgerIntegrityError, match="position 2: missing"):
        list(led.entries())
    # a node that lies about a block's time
    proxy.rules["eth_getLogs"] = None
    proxy.rules["eth_getBlockByNumber"] = _edit_result(lambda b: {**b, "timestamp": hex(int(b["timestamp"], 16) + 1)})
    with pytest.raises(LedgerIntegrityError, match="position 1, record 'r0': time"):
        led.verify()


def test_tampered_storage_fails_verify(ledger, anvil):
    from eth_utils import keccak
    ledger.append("a", "schema", b"1")
    ledger.append("b", "schema", b"2")
    ledger.verify()
    # slot 1 holds headDigest (layout: slot 0 head/headBlock/deployBlock, 1 headDigest, 2 records, 3 digests)
    good = anvil.rpc("eth_getStorageAt", [ledger.address, "0x1", "latest"])
    assert bytes.fromhex(good[2:]) == ledger.get("b").digest
    anvil.rpc("anvil_setStorageAt", [ledger.address, "0x1", "0x" + "ab" * 32])
    with pytest.raises(LedgerIntegrityError, match="head digest"):
        ledger.verify()
    anvil.rpc("anvil_setStorageAt", [ledger.address, "0x1", good])
    ledger.verify()
    slot = "0x" + keccak(keccak(b"a") + (3).to_bytes(32, "big")).hex()
    assert bytes.fromhex(anvil.rpc("eth_getStorageAt", [ledger.address, slot, "latest"])[2:]) == ledger.get("a").digest
    anvil.rpc("anvil_setStorageAt", [ledger.address, slot, "0x" + "cd" * 32])
    with pytest.raises(LedgerIntegrityError, match="record 'a': the contract stores"):
        ledger.verify()


def test_options_in_the_url_fragment(ledger, anvil, tmp_path):
    ledger.append("f", "schema", b"x")
    with open_ledger(f"evm:{anvil.url}#contract={ledger.address}&chain_id=31337") as led:
        assert led.get("f").data == b"x" and led.sender is None and led.url == "evm:" + anvil.url
    cfg = tmp_path / "reg.json"
    with open_ledger(f"evm:{anvil.url}#account=1&config={cfg}&confirmations=0") as led:
        assert led.sender == ADDR1 and json.loads(cfg.read_text())["contract"] == led.address
    with pytest.raises(LedgerUnavailable, match="not 1"):
        open_ledger(f"evm:{anvil.url}#contract={ledger.address}&chain_id=1")
    for frag in ["account=" + KEY1, "contract", "x=1", "chain_id=1&chain_id=1", "confirmations=-1"]:
        with pytest.raises(LedgerError, match="fragment"):
            open_ledger(f"evm:{anvil.url}#{frag}")
    with pytest.raises(LedgerError, match="both"):
        open_ledger(f"evm:{anvil.url}#contract={ledger.address}", contract=ledger.address)


def test_cli_on_the_evm_ledger(ledger, anvil):
    """`zkcred ledger show | verify --ledger evm:...#contract=...` (the CLI is the ledger branch's)."""
    ledger.append("did:key:zCli", "did", b"doc")
    ledger.append("did:key:zCli/registry", "registry-state", b"state")
    url = f"evm:{anvil.url}#contract={ledger.address}"
    run = [sys.executable, "-m", "zkcred.cli", "ledger"]
    p = subprocess.run(run + ["verify", "--ledger", url], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    p = subprocess.run(run + ["show", "--ledger", url, "--json"], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0 and [json.loads(x)["record_id"] for x in p.stdout.splitlines()] == [
        "did:key:zCli", "did:key:zCli/registry"]
    slot = "0x1"  # headDigest
    anvil.rpc("anvil_setStorageAt", [ledger.address, slot, "0x" + "ee" * 32])
    p = subprocess.run(run + ["verify", "--ledger", url], capture_output=True, text=True, timeout=120)
    assert p.returncode == 1 and p.stderr.startswith("INVALID: ")
    p = subprocess.run(run + ["verify", "--ledger", f"evm:http://127.0.0.1:{_closed_port()}"], capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 4 and "cannot reach" in p.stderr


def test_a_stale_append_mined_in_the_same_block_is_a_conflict(ledger, anvil):
    """Two writers of one record both estimate against version 1 and send (automine off: both transactions wait
    in the pool, so both estimates pass); the block runs the first, which lands version 2, and the second, whose
    expected version is now stale: the contract reverts it in the block, and its receipt (status 0, no reason) is
    reported as LedgerConflict naming the version found (the call replayed at that block)."""
    ledger.append("r", "registry-state", b"1", expect_version=0)
    other = EvmLedger.open(anvil.url, account=0, contract=ledger.address, timeout=10)
    results: dict[str, object] = {}

    def run(name, led, data):
        try:
            results[name] = led.append("r", "registry-state", data, expect_version=1)
        except LedgerError as exc:
            results[name] = exc
    anvil.rpc("evm_setAutomine", [False])
    try:
        t1 = threading.Thread(target=run, args=("a", ledger, b"a"))
        t1.start()
        time.sleep(0.4)                      # a's transaction is in the pool; b estimates on the latest block
        t2 = threading.Thread(target=run, args=("b", other, b"b"))
        t2.start()
        time.sleep(0.4)
        anvil.rpc("evm_mine")
        t1.join(20)
        t2.join(20)
    finally:
        anvil.rpc("evm_setAutomine", [True])
    assert isinstance(results["a"], Entry) and results["a"].version == 2, results
    err = results["b"]
    assert isinstance(err, LedgerConflict) and (err.record_id, err.expected, err.found) == ("r", 1, 2), err
    assert [e.data for e in ledger.history("r")] == [b"1", b"a"]
    ledger.verify()


def test_version_conflict_revert_reason_without_expect_version(ledger, anvil):
    """Only an append with an expected version can meet VersionConflict; the reason decodes for readers of the
    raw revert (TransactionReverted's message) too."""
    ledger.append("r", "schema", b"1")
    with pytest.raises(LedgerConflict, match="record 'r' is at version 1, not at the expected version 0"):
        ledger.append("r", "schema", b"2", expect_version=0)
    assert ledger.append("r", "schema", b"2").version == 2       # ANY_VERSION on chain
