"""zkcred.registry.registry: the issuer's revocation registry with epochs, against independent computation.

References: every accumulator value is checked against plain integers mod r from the previous value (V_new =
prod (a + alpha) / prod (b + alpha) * V_old, one G1 multiplication of the old point), every witness against
(y + alpha) C == V, every digest against hashlib, every byte size against the documented layout (80 d + 8 bytes
for d changes). alpha is read from the registry's accumulator (the test is the issuer).
"""
from __future__ import annotations

import copy
import hashlib
import json

import pytest

from zkcred.bls12_381 import G1, Fr
from zkcred.errors import DecodeError, ZkcredError
from zkcred.registry import BLOCK, RegistryState, RevocationRegistry, UpdateData, update_digest
from zkcred._fields import Obj

R = Fr.ORDER


def alpha(reg: RevocationRegistry) -> int:
    return int(reg.acc._alpha)


def check_witness(reg: RevocationRegistry, w) -> None:
    assert w.C * ((int(w.y) + alpha(reg)) % R) == w.value


def test_create_and_issue(rng):
    reg = RevocationRegistry.create("urn:test:reg", block=5)
    assert (reg.epoch, reg.block, len(reg.unused), reg.issued) == (0, 5, 5, [])
    assert len({int(y) for y in reg.unused}) == 5
    s0 = reg.state()
    assert (s0.registry, s0.epoch, s0.value, s0.update_digest) == ("urn:test:reg", 0, reg.acc.value, bytes(32))
    ids = []
    for k in range(5):
        rid, w, published = reg.issue_handle()
        assert published == [] and rid == k and w.value == reg.acc.value
        check_witness(reg, w)
        w.verify(reg.public)                                      # and the pairing check agrees
        ids.append(rid)
    assert reg.unused == [] and len(reg.issued) == 5 and reg.epoch == 0
    assert RevocationRegistry.create("x").block == BLOCK
    for bad in (0, 1 << 16 | 1):
        with pytest.raises(ValueError):
            RevocationRegistry.create("x", block=bad)


def test_block_top_up_is_one_addition_epoch():
    reg = RevocationRegistry.create("urn:test:reg", block=2)
    reg.issue_handle(), reg.issue_handle()
    v_old = reg.acc.value
    rid, w, published = reg.issue_handle()
    assert rid == 2 and reg.epoch == 1 and len(published) == 1
    state, data = published[0]
    assert state.epoch == 1 and state.update_digest == hashlib.sha256(data).digest()
    upd = UpdateData.from_bytes(data)
    assert len(data) == 80 * 2 + 8 and upd.removed == () and len(upd.added) == 2
    f = 1
    for a in upd.added:
        f = f * (int(a) + alpha(reg)) % R
    assert v_old * f == state.value == reg.acc.value == upd.value
    assert w.y in upd.added and w.value == state.value
    check_witness(reg, w)


def test_revoke_removes_the_handles_in_one_epoch():
    reg = RevocationRegistry.create("urn:test:reg", block=8)
    wits = [reg.issue_handle()[1] for _ in range(6)]
    v_old = reg.acc.value
    state, data = reg.revoke([1, 4, 5])
    assert state.epoch == 1 and state.update_digest == hashlib.sha256(data).digest() == update_digest(data)
    upd = UpdateData.from_bytes(data)
    assert len(data) == UpdateData.encoded_size(0, 3) == 80 * 3 + 8
    assert [int(b) for b in upd.removed] == [int(wits[k].y) for k in (1, 4, 5)]
    f = 1
    for b in upd.removed:
        f = f * (int(b) + alpha(reg)) % R
    assert v_old == state.value * f and reg.acc.value == state.value
    assert all(reg.is_revoked(k) == (k in (1, 4, 5)) for k in range(6))
    for k in (0, 2, 3):                                  # the others update from the published data alone
        w = wits[k].update([UpdateData.from_bytes(data)])
        check_witness(reg, w)
        assert w.value == state.value


@pytest.mark.parametrize("ids, err, match", [
    ([], DecodeError, "no revocation ids"),
    ([6], DecodeError, "revocation id 6"),
    ([-1], DecodeError, "revocation id -1"),
    ([True], DecodeError, "revocation id True"),
    (["0"], DecodeError, "revocation id '0'"),
    ([0, 0], ZkcredError, "already revoked"),
])
def test_revoke_errors(ids, err, match):
    reg = RevocationRegistry.create("r", block=8)
    for _ in range(6):
        reg.issue_handle()
    value = reg.acc.value
    with pytest.raises(err, match=match):
        reg.revoke(ids)
    assert reg.epoch == 0 and reg.acc.value == value and not reg.revoked      # nothing changed
    reg.revoke([0])
    with pytest.raises(ZkcredError, match="revocation id 0 is already revoked"):
        reg.revoke([0])


def test_persistence_round_trip_carries_on():
    reg = RevocationRegistry.create("urn:test:reg", block=3)
    for _ in range(4):
        reg.issue_handle()
    reg.revoke([0])
    obj = json.loads(json.dumps(reg.to_obj()))
    back = RevocationRegistry.from_obj(Obj(obj, "registry"))
    assert back.to_obj() == reg.to_obj() and back.public == reg.public and "secret" in repr(back)
    # both continue identically: the same next handle, the same next value
    r1, w1, _ = reg.issue_handle()
    r2, w2, _ = back.issue_handle()
    assert (r1, w1.y, w1.C, w1.value) == (r2, w2.y, w2.C, w2.value)
    assert back.revoke([2])[0] == reg.revoke([2])[0]


@pytest.mark.parametrize("field, value, match", [
    ("type", "zkcred/other", "type"),
    ("epoch", -1, "epoch"),
    ("block", 0, "block"),
    ("accumulator", "AAAA", "accumulator"),
    ("unused", "AAAA", "unused"),
    ("issued", "AA", "issued"),
    ("revoked", [99], "revoked"),
    ("revoked", [True], "revoked"),
    ("revoked", "0", "revoked"),
    ("extra", 1, "extra"),
])
def test_registry_secret_malformed(field, value, match):
    reg = RevocationRegistry.create("r", block=3)
    reg.issue_handle()
    obj = copy.deepcopy(reg.to_obj())
    obj[field] = value
    with pytest.raises(DecodeError, match=match):
        RevocationRegistry.from_obj(Obj(obj, "registry"))


def test_registry_secret_scalars_out_of_range():
    from zkcred._fields import b64u
    reg = RevocationRegistry.create("r", block=2)
    obj = reg.to_obj()
    obj["unused"] = b64u(b"\xff" * 64)
    with pytest.raises(DecodeError, match="registry.unused"):
        RevocationRegistry.from_obj(Obj(obj, "registry"))


def test_registry_state_json():
    reg = RevocationRegistry.create("urn:test:reg", block=2)
    st = reg.state()
    text = st.to_json()
    doc = json.loads(text)
    assert list(doc) == sorted(doc)                                    # canonical JSON
    assert doc["type"] == "zkcred/registry-state/v1" and doc["epoch"] == 0 and doc["update_digest"] == "00" * 32
    assert RegistryState.from_json(text) == st == RegistryState.from_json(doc)
    assert G1.from_bytes(__import__("base64").urlsafe_b64decode(doc["value"] + "==")) == reg.acc.value
    assert update_digest(None) == bytes(32) and update_digest(b"x") == hashlib.sha256(b"x").digest()
