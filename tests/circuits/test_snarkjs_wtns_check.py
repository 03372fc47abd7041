"""Peer check: snarkjs (`snarkjs wtns check`) judges the predicate circuits' R1CS and witnesses, written in the
iden3 .r1cs/.wtns formats (../shared/notes/snarkjs-formats.md) by a small writer in this file.

Honest witnesses must be accepted; forged ones (a non-boolean bit, a wrapped-around difference, a wrong Merkle
sibling) must be rejected at the same constraint our own raw checker names. Needs node and `make peers`; without
them the test skips loudly, unless CI is set, where it fails.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from _testlib import require_peer
from circuit.r1cs_check import first_failure, unchecked

from zkcred.circuits import age_at_least, in_range, set_membership
from zkcred.circuit import MerkleTree

ROOT = Path(__file__).resolve().parents[2]
SNARKJS = ROOT / "peers" / "node_modules" / "snarkjs" / "build" / "cli.cjs"
R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
EPOCH = dt.date(1970, 1, 1)


def _need_snarkjs() -> None:
    require_peer(SNARKJS.exists() and shutil.which("node") is not None,
                 "snarkjs (peers/node_modules, and node): the snarkjs R1CS/witness interop check DID NOT RUN")


def _section(sid: int, payload: bytes) -> bytes:
    return struct.pack("<IQ", sid, len(payload)) + payload


def write_r1cs(r1cs) -> bytes:
    header = struct.pack("<I", 32) + R.to_bytes(32, "little") + struct.pack(
        "<IIIIQI", r1cs.n_wires, r1cs.n_pub_out, r1cs.n_pub_in, r1cs.n_prv_in, r1cs.n_wires, len(r1cs.constraints))
    body = bytearray()
    for con in r1cs.constraints:
        for lc in con:
            body += struct.pack("<I", len(lc))
            for wire, coef in lc:
                body += struct.pack("<I", wire) + coef.to_bytes(32, "little")
    labels = b"".join(struct.pack("<Q", i) for i in range(r1cs.n_wires))
    secs = _section(1, header) + _section(2, bytes(body)) + _section(3, labels)
    return b"r1cs" + struct.pack("<II", 1, 3) + secs


def write_wtns(values: list[int]) -> bytes:
    header = struct.pack("<I", 32) + R.to_bytes(32, "little") + struct.pack("<I", len(values))
    body = b"".join(v.to_bytes(32, "little") for v in values)
    return b"wtns" + struct.pack("<II", 2, 2) + _section(1, header) + _section(2, body)


def snarkjs_check(tmp: Path, r1cs, witness: list[int] | bytes) -> int | None:
    """None if snarkjs accepts the witness, else the index of the constraint where it stopped."""
    if isinstance(witness, bytes):     # the builder's .wtns-layout bytes
        witness = [int.from_bytes(witness[i:i + 32], "little") for i in range(0, len(witness), 32)]
    (tmp / "c.r1cs").write_bytes(write_r1cs(r1cs))
    (tmp / "w.wtns").write_bytes(write_wtns(witness))
    res = subprocess.run(["node", str(SNARKJS), "wtns", "check", "c.r1cs", "w.wtns"], cwd=tmp,
                         capture_output=True, text=True, timeout=300)
    out = res.stdout + res.stderr
    if "WITNESS IS CORRECT" in out:
        assert res.returncode == 0, out
        return None
    m = re.search(r"aborting checking process at constraint (\d+)", out)
    assert m and "WITNESS IS NOT CORRECT" in out, out
    return int(m.group(1))


def _days(d: dt.date) -> int:
    return (d - EPOCH).days


@pytest.fixture(scope="module")
def tree() -> MerkleTree:
    return MerkleTree([101, 202, 303, 404, 505], depth=20)


def test_age_at_least(tmp_path):
    _need_snarkjs()
    c = age_at_least.circuit()
    r1cs = c.to_r1cs()
    good = age_at_least.inputs(_days(dt.date(2008, 2, 29)), _days(dt.date(2026, 3, 1)), 18)
    assert snarkjs_check(tmp_path, r1cs, c.witness_bytes(good)) is None
    # 17 years and 364 days old: the wrapped-around difference; bits forged to non-boolean values
    young = unchecked(c, age_at_least.inputs(_days(dt.date(2008, 3, 2)), _days(dt.date(2026, 3, 1)), 18))
    assert snarkjs_check(tmp_path, r1cs, young) == first_failure(r1cs, young)
    bits = [k for k, nm in enumerate(c.wire_names()) if nm.startswith("age_at_least/age >= min_age")]
    assert len(bits) == 18
    forged = list(young)
    forged[bits[0]] = R - 1            # a "bit" holding -1
    bad = snarkjs_check(tmp_path, r1cs, forged)
    assert bad is not None and bad == first_failure(r1cs, forged)


def test_in_range(tmp_path):
    _need_snarkjs()
    c = in_range.circuit()
    r1cs = c.to_r1cs()
    assert snarkjs_check(tmp_path, r1cs, c.witness_bytes(in_range.inputs(6, 5, 10))) is None
    w = unchecked(c, in_range.inputs(6, 5, 10))
    bits = [k for k, nm in enumerate(c.wire_names()) if nm.startswith("in_range/v is 64-bit")]
    forged = list(w)
    forged[bits[0]], forged[bits[1]], forged[bits[2]] = 2, 2, 0          # 2 + 2*2 = 6, non-boolean "bits"
    bad = snarkjs_check(tmp_path, r1cs, forged)
    assert bad is not None and bad == first_failure(r1cs, forged) and "boolean" in c.labels[bad]
    wrapped = unchecked(c, in_range.inputs(11, 5, 10))
    assert snarkjs_check(tmp_path, r1cs, wrapped) == first_failure(r1cs, wrapped) is not None


def test_set_membership(tmp_path, tree):
    _need_snarkjs()
    c = set_membership.circuit()
    r1cs = c.to_r1cs()
    good = set_membership.inputs(tree, 303, 2)
    assert snarkjs_check(tmp_path, r1cs, c.witness_bytes(good)) is None
    forged = unchecked(c, dict(good, siblings=[good["siblings"][0], 12345] + good["siblings"][2:]))
    forged[1] = tree.root
    bad = snarkjs_check(tmp_path, r1cs, forged)
    assert bad is not None and bad == first_failure(r1cs, forged)
    assert c.labels[bad] == "set_membership/path reaches the root"
