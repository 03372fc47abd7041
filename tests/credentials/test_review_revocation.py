"""Review: non-revocation attacked as a cheating holder (stale witness, forged epoch, a borrowed witness, the
registry of another issuer) and as a hostile ledger (missing epochs), on a SQLite ledger.

The issuer reuses the shared world's predicate keys (no setup); its registry is created directly (block of 4)."""
from __future__ import annotations

import json
import os

import pytest

from zkcred.bbs import _api
from zkcred.credentials import Holder, Issuer, IssuerPublic, PresentationRequest, Verifier
from zkcred.credentials.holder import Revoked
from zkcred.credentials.issuer import SUITE
from zkcred.credentials.presentation import Presentation, build_statements
from zkcred.errors import DecodeError, VerificationError
from zkcred.ledger import open_ledger
from zkcred.proofs import BBSWitness, prove
from zkcred.registry.registry import RevocationRegistry

from .conftest import ALICE, BOB


def revocable_issuer(world, ledger=None) -> Issuer:
    reg = RevocationRegistry.create("pending", block=4)
    sk = _api.keygen(os.urandom(32), suite=SUITE)
    a = world.A.public()
    pub = IssuerPublic(world.id_schema, _api.sk_to_pk(sk, suite=SUITE), a.predicate_keys, a.merkle_depths,
                       reg.public, reg.state().value)
    reg.id = pub.registry or ""
    issuer = Issuer(sk, pub, reg, ledger)
    if ledger is not None:
        issuer.publish()
    return issuer


class Rev:
    def __init__(self, world, path) -> None:
        self.ledger = open_ledger(f"sqlite:{path}/ledger.db")
        self.world = world
        self.R = revocable_issuer(world, self.ledger)
        self.alice, self.bob = Holder.create(), Holder.create()
        self.acred = self._obtain(self.alice, ALICE)
        self.bcred = self._obtain(self.bob, BOB)
        self.verifier = Verifier.from_ledger(self.ledger, [self.R.id])

    def _obtain(self, holder, attrs):
        offer = holder.request_credential(IssuerPublic.from_json(self.R.public().to_json()))
        return holder.store(self.R.issue(offer, attrs), offer)

    def request(self, **kw) -> PresentationRequest:
        entry = {"id": "c", "schema": self.world.id_schema.id, "issuers": [self.R.id], "disclose": ["given_name"],
                 "not_revoked": True}
        entry.update(kw)
        return PresentationRequest.create([entry], verifier="v")


@pytest.fixture
def rev(world, tmp_path) -> Rev:
    return Rev(world, tmp_path)


def test_flow_and_revocation(rev):
    req = rev.request()
    assert rev.verifier.verify(req, rev.alice.present(req, [rev.acred])) == {"c": {"given_name": "Alice"}}
    rev.R.revoke([rev.acred.revocation_id])
    assert rev.bob.update(rev.ledger)["updated"] == 1
    assert rev.alice.update(rev.ledger)["revoked"] == 1
    req = rev.request()
    assert rev.verifier.verify(req, rev.bob.present(req, [rev.bcred])) == {"c": {"given_name": "Bob"}}
    with pytest.raises(Revoked):
        rev.alice.present(req, [rev.acred])


def test_stale_witness_and_forged_epoch_are_rejected(rev):
    """Alice is revoked but never updates: her witness (epoch 0) still proves membership in the epoch-0 value;
    the verifier checks the latest epoch, and relabelling the proof's epoch breaks the challenge."""
    rev.R.revoke([rev.acred.revocation_id])
    req = rev.request()
    pres = rev.alice.present(req, [rev.acred])
    with pytest.raises(VerificationError, match="proved at epoch 0, the registry state checked is epoch 1"):
        rev.verifier.verify(req, pres)
    doc = json.loads(pres.to_json())
    doc["credentials"][0]["revocation"]["epoch"] = 1
    with pytest.raises(VerificationError, match="challenge mismatch"):
        rev.verifier.verify(req, json.dumps(doc))
    # a request that names epoch 0 explicitly accepts it: the verifier chose that state
    old = rev.request(epoch=0)
    assert rev.verifier.verify(old, rev.alice.present(old, [rev.acred])) == {"c": {"given_name": "Alice"}}


def test_borrowed_witness_is_rejected(rev):
    """The revoked Alice proves membership with Bob's (valid, updated) witness while her signature proof hides
    her own rev_handle: the rev_handle equality makes the responses differ. Control: Bob's own values verify."""
    rev.R.revoke([rev.acred.revocation_id])
    rev.bob.update(rev.ledger)
    req = rev.request()
    pub = rev.R.public()
    st = rev.verifier.registry_state(pub.registry)
    bw = rev.bcred.revocation.witness
    assert bw.value == st.value

    def forge(holder, cred):
        spec, layouts = build_statements(req, [pub], [{"given_name": cred.attributes["given_name"]}],
                                         [(st.epoch, st.value)])
        scalars = pub.schema.encode_attributes(cred.attributes)
        w = BBSWitness.from_signature(cred.signature, [*scalars, cred.revocation.witness.y, cred.prover_blind,
                                                       holder._link])
        return Presentation.from_proof(req, layouts, prove(spec, [w, bw]))

    assert rev.verifier.verify(req, forge(rev.bob, rev.bcred)) == {"c": {"given_name": "Bob"}}
    # the membership proof answers with the signature's rev_handle response (Alice's): its equation fails
    with pytest.raises(VerificationError,
                       match=r"Schnorr equation fails: statement #1 \(vb-accumulator-membership\): membership"):
        rev.verifier.verify(req, forge(rev.alice, rev.acred))


def test_registry_of_another_issuer(rev, world, tmp_path):
    """A second revocable issuer's credential and registry cannot stand in for the first's."""
    R2 = revocable_issuer(world, rev.ledger)
    carol = Holder.create()
    offer = carol.request_credential(R2.public())
    ccred = carol.store(R2.issue(offer, ALICE), offer)
    req = rev.request()           # asks for issuer R
    with pytest.raises(VerificationError, match="is not one the request accepts"):
        carol.present(req, [ccred])
    both = rev.request(issuers=[rev.R.id, R2.id])
    pres = carol.present(both, [ccred])
    assert Verifier.from_ledger(rev.ledger, [rev.R.id, R2.id]).verify(both, pres) == {"c": {"given_name": "Alice"}}
    # the presentation relabelled as issuer R's (same schema): R's key and R's registry value are used
    doc = json.loads(pres.to_json())
    doc["credentials"][0]["issuer"] = rev.R.id
    with pytest.raises(VerificationError):
        Verifier.from_ledger(rev.ledger, [rev.R.id, R2.id]).verify(both, json.dumps(doc))


def test_missing_registry_epoch_is_a_verification_error(rev):
    """A request naming an epoch the ledger does not hold (and a registry the ledger lacks): VerificationError,
    not the ledger's RecordNotFound (a KeyError)."""
    future = rev.request(epoch=7)
    doc = json.loads(rev.bob.present(rev.request(), [rev.bcred]).to_json())
    doc["request"] = future.digest.hex()          # so that the verifier gets as far as the registry state
    with pytest.raises(VerificationError, match="epoch 7"):
        rev.verifier.verify(future, json.dumps(doc))
    with pytest.raises(VerificationError, match="epoch 7"):
        rev.verifier.registry_state(rev.R.public().registry, 7)
    with pytest.raises(VerificationError, match="no state"):
        rev.verifier.registry_state("urn:zkcred:registry:sha256:" + "0" * 64)


def test_holder_refuses_an_epoch_it_cannot_prove(rev):
    req = rev.request(epoch=3)
    with pytest.raises(DecodeError, match="asks for epoch 3, the witness is for epoch 0"):
        rev.alice.present(req, [rev.acred])


def test_holder_update_from_a_ledger_without_the_registry(rev, tmp_path):
    """A ledger that lacks the registry (or its update data): VerificationError naming it, not IndexError or the
    ledger's RecordNotFound."""
    empty = open_ledger(f"sqlite:{tmp_path}/empty.db")
    with pytest.raises(VerificationError, match="no state"):
        rev.alice.update(empty)
    # states copied without the update data
    rev.R.revoke([rev.bcred.revocation_id])
    partial = open_ledger(f"sqlite:{tmp_path}/partial.db")
    reg = rev.R.public().registry
    for e in rev.ledger.history(reg):
        partial.append(reg, "registry-state", e.data)
    with pytest.raises(VerificationError, match="update data of epoch 1"):
        rev.alice.update(partial)


def _relabel(cred, epoch):
    from zkcred.credentials.issuer import Revocation
    old = cred.revocation
    cred.revocation = Revocation(old.id, epoch, old.witness)


def test_rollback_of_a_revocation_through_the_ledger(rev):
    """Registry states were not checked against the issuer's accumulator key: whoever could append to the
    registry's record republished the epoch-0 value as epoch 2 and the revoked Alice, her epoch-0 witness
    relabelled, was accepted. Now every epoch must follow the previous one by its update data."""
    from zkcred.credentials.issuer import updates_record
    from zkcred.registry import RegistryState, update_digest
    reg = rev.R.public().registry
    v0 = rev.verifier.registry_state(reg).value
    rev.R.revoke([rev.acred.revocation_id])                    # epoch 1: Alice's handle removed
    junk = b"rollback"
    rev.ledger.append(updates_record(reg), "registry-update", junk)
    rev.ledger.append(reg, "registry-state", RegistryState(reg, 2, v0, update_digest(junk)).to_json().encode())
    _relabel(rev.acred, 2)
    req = rev.request()
    pres = rev.alice.present(req, [rev.acred])
    with pytest.raises(VerificationError, match="epoch 2: update data"):
        Verifier.from_ledger(rev.ledger, [rev.R.id]).verify(req, pres)


def test_revoked_handle_added_back_through_the_ledger(rev):
    """The subtler rollback: an update that ADDS Alice's removed handle y. (y + alpha) V_1 is the public epoch-0
    value, so this update passes every pairing check; it is refused because y was removed before."""
    from zkcred.credentials.issuer import updates_record
    from zkcred.registry import RegistryState, UpdateData, update_digest
    reg = rev.R.public().registry
    v0 = rev.verifier.registry_state(reg).value
    rev.R.revoke([rev.acred.revocation_id])
    y = rev.acred.revocation.witness.y                         # Alice knows her own handle
    data = UpdateData((y,), (), v0, ()).to_bytes()
    rev.ledger.append(updates_record(reg), "registry-update", data)
    rev.ledger.append(reg, "registry-state", RegistryState(reg, 2, v0, update_digest(data)).to_json().encode())
    _relabel(rev.acred, 2)
    req = rev.request()
    pres = rev.alice.present(req, [rev.acred])
    with pytest.raises(VerificationError, match="epoch 2: the update adds back 1 element"):
        Verifier.from_ledger(rev.ledger, [rev.R.id]).verify(req, pres)


def test_forged_transitions_are_refused(rev):
    """A value that does not follow (a removal claimed with a random value), and tampered Omega points."""
    from zkcred.bls12_381 import G1, Fr
    from zkcred.credentials.issuer import updates_record
    from zkcred.registry import RegistryState, UpdateData, update_digest
    from zkcred.registry.registry import verify_transition
    reg = rev.R.public().registry
    public = rev.R.public().revocation
    s0 = rev.verifier.registry_state(reg)
    rev.R.revoke([rev.acred.revocation_id, rev.bcred.revocation_id])
    s1 = RegistryState.from_json(rev.ledger.get(reg).data)
    good = rev.ledger.get(updates_record(reg), 1).data
    verify_transition(public, s0, s1, good, set())
    u = UpdateData.from_bytes(good)
    for bad in (UpdateData(u.added, u.removed, G1.generator() * Fr.random(), u.omega),
                UpdateData(u.added, u.removed, u.value, (u.omega[0] + G1.generator(),)),
                UpdateData(u.added, (u.removed[1], u.removed[0]), u.value, u.omega)):
        data = bad.to_bytes()
        st = RegistryState(reg, 1, bad.value, update_digest(data))
        with pytest.raises(VerificationError, match="epoch 1: its value does not follow"):
            verify_transition(public, s0, st, data, set())
    with pytest.raises(VerificationError, match="does not match the state's digest"):
        verify_transition(public, s0, s1, good + b"x", set())


def test_honest_chain_with_additions_and_removals(rev, world):
    """Blocks of handles added (block of 4: the 5th credential adds a block) and revocations over several
    epochs: a fresh verifier checks the whole chain and accepts."""
    holders = [(rev.bob, rev.bcred)]
    for k in range(4):
        h = Holder.create()
        holders.append((h, rev._obtain(h, BOB)))
    rev.R.revoke([rev.acred.revocation_id])
    rev.R.revoke([holders[2][1].revocation_id, holders[3][1].revocation_id])
    latest = RegistryStateFromLedger(rev)
    assert latest >= 3
    verifier = Verifier.from_ledger(rev.ledger, [rev.R.id])
    for h, c in (holders[0], holders[1], holders[4]):
        h.update(rev.ledger)
        req = rev.request()
        assert verifier.verify(req, h.present(req, [c])) == {"c": {"given_name": "Bob"}}
    assert verifier._chain[rev.R.public().registry][0] == latest


def RegistryStateFromLedger(rev) -> int:
    from zkcred.registry import RegistryState
    return RegistryState.from_json(rev.ledger.get(rev.R.public().registry).data).epoch


def test_a_squatted_epoch_0_is_refused(rev, tmp_path):
    """Epoch 0 used to be trusted as the ledger gave it; on EVM a record belongs to its first writer, so whoever
    wrote the registry's record before the issuer chose its epoch-0 value. The issuer id now pins that value: a
    ledger whose state 0 holds another value (here 2 V_0, for which every honest witness doubles into a valid one)
    is refused, at epoch 0 and at every later epoch, naming the rule; the honest ledger still verifies."""
    from zkcred.registry import RegistryState
    reg = rev.R.public().registry
    squatted = open_ledger(f"sqlite:{tmp_path}/squatted.db")
    for e in rev.ledger.entries():
        data = e.data
        if e.record_id == reg and e.version == 1:
            st = RegistryState.from_json(data)
            data = RegistryState(reg, 0, st.value + st.value, st.update_digest).to_json().encode()
        squatted.append(e.record_id, e.kind, data)
    req = rev.request(epoch=0)
    pres = rev.alice.present(req, [rev.acred])
    assert rev.verifier.verify(req, pres) == {"c": {"given_name": "Alice"}}
    with pytest.raises(VerificationError, match="epoch 0 is not the registry's initial state pinned by issuer"):
        Verifier.from_ledger(squatted, [rev.R.id]).verify(req, pres)
    rev.R.revoke([rev.bcred.revocation_id])                    # epoch 1 on the honest ledger, copied over
    for e in rev.ledger.entries(squatted.head()):
        squatted.append(e.record_id, e.kind, e.data)
    rev.alice.update(rev.ledger)
    req = rev.request()
    pres = rev.alice.present(req, [rev.acred])
    assert Verifier.from_ledger(rev.ledger, [rev.R.id]).verify(req, pres) == {"c": {"given_name": "Alice"}}
    with pytest.raises(VerificationError, match="epoch 0 is not the registry's initial state"):
        Verifier.from_ledger(squatted, [rev.R.id]).verify(req, pres)


def test_the_issuer_document_pins_the_initial_value(rev):
    """The document's initial value is part of the issuer id and of the registry id: changing it is a DecodeError."""
    doc = json.loads(rev.R.public().to_json(proving_keys=False))
    other = json.loads(rev.R.public().to_json(proving_keys=False))
    from zkcred.bls12_381 import G1
    from zkcred._fields import b64u
    other["revocation"]["initial_value"] = b64u((G1.generator() * 7).to_bytes())
    with pytest.raises(DecodeError, match="revocation.registry.*initial value"):
        IssuerPublic.from_json(json.dumps(other))
    assert IssuerPublic.from_json(json.dumps(doc)).id == rev.R.id
