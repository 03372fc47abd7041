"""Revocation end to end (issue 9): revocable issuers on a ledger (SQLite and EVM), holders updating witnesses from
the published update data, verifiers reading registry states from the ledger, and every way to cheat.

Issuers are created once per module and backend (Issuer.create runs the predicate setups, ~1.5 s); every test
issues its own credentials and revokes only those, so tests do not depend on each other's order. Extra issuers
(a non-revocable one, small-block registries) reuse the first issuer's predicate keys (``_like``): only the BBS key
and the registry are fresh, which is all those tests are about.

References: the accumulator relations are checked against plain scalar arithmetic in tests/registry; here the
checks are the protocol's outcomes (accepted / rejected, and what the error names), with presentations forged
from the building blocks (build_statements + prove) where an honest holder would refuse.
"""
from __future__ import annotations

import copy
import json
import os
import stat

import pytest

from zkcred.bbs import _api
from zkcred.credentials import Holder, Issuer, IssuerPublic, Presentation, PresentationRequest, Schema, Verifier
from zkcred.credentials.holder import Credential, Revoked
from zkcred.credentials.issuer import SUITE, IssuedCredential, updates_record
from zkcred.credentials.presentation import build_statements
from zkcred.errors import DecodeError, VerificationError
from zkcred.ledger import LedgerError, open_ledger
from zkcred.proofs import BBSWitness, prove
from zkcred.registry import RegistryState, RevocationRegistry, UpdateData, Witness, update_digest

SCHEMA = {"name": "IdentityCard", "version": "1.0",
          "attributes": {"given_name": "string", "family_name": "string", "birth_date": "date",
                         "nationality": {"enum": ["DE", "FR", "NL", "US"]}, "document_number": "string"}}


def attrs(name: str) -> dict:
    return {"given_name": name, "family_name": "Doe", "birth_date": "1990-02-03", "nationality": "FR",
            "document_number": f"FR-{name}"}


class Env:
    """One backend: a ledger opener, a revocable issuer made by Issuer.create on it, a non-revocable issuer."""

    def __init__(self, backend: str, opener) -> None:
        self.backend, self.open = backend, opener
        self.ledger = opener()
        self.schema = Schema.from_json(json.dumps(SCHEMA))
        self.issuer = Issuer.create(self.schema, ledger=self.ledger, revocable=True, registry_block=64)
        self.plain = _like(self.issuer, self.schema)             # not revocable, not on the ledger

    def holder_with(self, name: str, issuer: Issuer | None = None) -> tuple[Holder, Credential]:
        issuer = issuer or self.issuer
        holder = Holder.create()
        offer = holder.request_credential(IssuerPublic.from_json(issuer.public().to_json()))
        issued = issuer.issue(offer.to_json(), attrs(name))
        return holder, holder.store(issued.to_json(), offer)

    def request(self, issuer: Issuer | None = None, **kw) -> PresentationRequest:
        issuer = issuer or self.issuer
        entry = {"id": "idcard", "schema": self.schema.id, "issuers": [issuer.id], "disclose": ["given_name"],
                 "not_revoked": True}
        entry.update(kw)
        return PresentationRequest.create([{k: v for k, v in entry.items() if v is not None}], verifier="shop")

    def verifier(self, *issuers: Issuer) -> Verifier:
        return Verifier.from_ledger(self.ledger, [i.public().id for i in (issuers or (self.issuer,))])


def _like(base: Issuer, schema: Schema, *, ledger=None, block: int | None = None) -> Issuer:
    """A new issuer (fresh BBS key; a fresh registry of ``block`` handles when given) with ``base``'s predicate
    keys, published on ``ledger`` when given."""
    sk = _api.keygen(os.urandom(32), suite=SUITE)
    pub0 = base.public()
    registry = RevocationRegistry.create("pending", block=block) if block else None
    pub = IssuerPublic(schema, _api.sk_to_pk(sk, suite=SUITE), pub0.predicate_keys, pub0.merkle_depths,
                       registry.public if registry else None, registry.state().value if registry else None)
    if registry is not None:
        registry.id = pub.registry or ""
    issuer = Issuer(sk, pub, registry, ledger)
    if ledger is not None:
        issuer.publish()
    return issuer


@pytest.fixture(scope="module", params=["sqlite", "evm"])
def env(request, tmp_path_factory):
    if request.param == "sqlite":
        url = f"sqlite:{tmp_path_factory.mktemp('ledger') / 'ledger.db'}"
        opener = lambda: open_ledger(url)               # noqa: E731
    else:
        node = request.getfixturevalue("anvil")         # skipped loudly (failed in CI) without the anvil peer
        with open_ledger(f"evm:{node.url}", account=0) as deployer:
            address = deployer.address
        opener = lambda: open_ledger(f"evm:{node.url}", account=0, contract=address)   # noqa: E731
    e = Env(request.param, opener)
    yield e
    e.ledger.close()


# ------------------------------------------------------------------------------------ the issue's flow

def test_flow_as_in_the_issue(env):
    """issue 9, item 4, word for word: revoke one holder, the other updates and passes, the revoked one is refused."""
    ledger, issuer = env.ledger, env.issuer
    alice, alice_card = env.holder_with("Alice")
    bob, bob_card = env.holder_with("Bob")
    assert isinstance(alice_card.revocation_id, int) and alice_card.revocation_id != bob_card.revocation_id
    verifier = Verifier.from_ledger(ledger, [issuer.public().id])
    req = env.request(predicates=[{"attribute": "birth_date", "op": "<=", "value": "2007-01-01"}])
    for holder, card, name in ((alice, alice_card, "Alice"), (bob, bob_card, "Bob")):
        pres = holder.present(req, [card])
        assert verifier.verify(req, pres.to_json()) == {"idcard": {"given_name": name}}
        assert "revocation" in pres.to_obj()["credentials"][0]

    before = issuer.registry.epoch
    state = issuer.revoke([alice_card.revocation_id])
    assert state.epoch == before + 1
    assert RegistryState.from_json(ledger.get(state.registry).data) == state       # one new state on the ledger
    assert ledger.get(updates_record(state.registry)).version == state.epoch

    assert alice.update(ledger) == {"updated": 0, "revoked": 1, "epochs": {state.registry: state.epoch}}
    assert alice_card.revoked
    with pytest.raises(Revoked, match="revoked"):
        alice.present(env.request(), [alice_card])
    assert bob.update(ledger) == {"updated": 1, "revoked": 0, "epochs": {state.registry: state.epoch}}
    assert bob_card.revocation.epoch == state.epoch
    req = env.request(predicates=[{"attribute": "birth_date", "op": "<=", "value": "2007-01-01"}])
    assert Verifier.from_ledger(ledger, [issuer.public().id]).verify(req, bob.present(req, [bob_card]).to_json()) \
        == {"idcard": {"given_name": "Bob"}}
    assert bob.update(ledger)["updated"] == 0                  # already current: nothing to do
    assert ledger.verify() is None


def test_revoke_errors(env):
    _, card = env.holder_with("Carol")
    env.issuer.revoke([card.revocation_id])
    with pytest.raises(Exception, match="already revoked"):
        env.issuer.revoke([card.revocation_id])
    with pytest.raises(DecodeError, match="no credential"):
        env.issuer.revoke([10 ** 9])
    with pytest.raises(Exception, match="not revocable"):
        env.plain.revoke([0])


# ------------------------------------------------------------------------------------ stale presentations

def test_stale_presentation_rejected_naming_the_epoch(env):
    holder, card = env.holder_with("Dave")
    _, other = env.holder_with("Erin")
    req = env.request()
    early = holder.present(req, [card]).to_json()               # made before the revocation
    old_epoch = card.revocation.epoch
    verifier = env.verifier()
    verifier.verify(req, early)
    state = env.issuer.revoke([other.revocation_id])
    with pytest.raises(VerificationError, match=f"epoch {old_epoch}.*epoch {state.epoch}"):
        verifier.verify(req, early)
    # a fresh request, answered with the witness of the older epoch (the holder did not update)
    req2 = env.request()
    stale = holder.present(req2, [card]).to_json()
    assert json.loads(stale)["credentials"][0]["revocation"]["epoch"] == old_epoch
    with pytest.raises(VerificationError, match=f"epoch {old_epoch}.*epoch {state.epoch}.*update"):
        env.verifier().verify(req2, stale)
    holder.update(env.ledger)
    req3 = env.request()
    env.verifier().verify(req3, holder.present(req3, [card]).to_json())


def test_epoch_in_the_request_pins_the_state(env):
    holder, card = env.holder_with("Frank")
    _, other = env.holder_with("Grace")
    old = card.revocation.epoch
    old_card = Credential.from_json(card.to_json())             # the witness at the old epoch, kept aside
    env.issuer.revoke([other.revocation_id])
    holder.update(env.ledger)
    new = card.revocation.epoch
    assert new > old
    # pinned to the old epoch: the old witness proves it, a verifier reading the ledger checks that state
    req = env.request(epoch=old)
    pres = holder.present(req, [old_card]).to_json()
    assert json.loads(pres)["credentials"][0]["revocation"]["epoch"] == old
    assert env.verifier().verify(req, pres) == {"idcard": {"given_name": "Frank"}}
    # the updated witness does not fit a request pinned elsewhere: the holder says which epochs
    with pytest.raises(DecodeError, match=f"epoch {old}.*epoch {new}"):
        holder.present(req, [card])
    # pinned to the latest: fine; a presentation at epoch `old` answering a request pinned at `new`: rejected
    req_new = env.request(epoch=new)
    env.verifier().verify(req_new, holder.present(req_new, [card]).to_json())
    req_new.credentials[0].epoch = None          # the digest is fixed: the holder is tricked into the old epoch
    forged = holder.present(req_new, [old_card]).to_json()
    req_new.credentials[0].epoch = new
    with pytest.raises(VerificationError, match=f"epoch {old}.*epoch {new}"):
        env.verifier().verify(req_new.to_json(), forged)


def test_epoch_not_on_the_ledger_is_a_verification_error(env):
    """Regression: a request pinned to an epoch the ledger does not have raised RecordNotFound (a KeyError naming
    the record version), not a VerificationError naming the epoch."""
    holder, card = env.holder_with("Heidi")
    far = env.issuer.registry.epoch + 1000
    req = env.request(epoch=far)
    req.credentials[0].epoch = None
    pres = holder.present(req, [card]).to_json()
    req.credentials[0].epoch = far
    with pytest.raises(VerificationError, match=f"epoch {far}"):
        env.verifier().verify(req.to_json(), pres)
    with pytest.raises(VerificationError, match="#0"):
        env.verifier().verify_batch([(req.to_json(), pres)])


# ------------------------------------------------------------------------------------ cheating holders

def _forge(holder: Holder, card: Credential, req: PresentationRequest, pub: IssuerPublic, epoch: int, value,
           witness: Witness) -> str:
    """A presentation built directly from the composite proof (no holder-side checks): the statement claims
    ``epoch`` and accumulator ``value``; the membership witness is ``witness``."""
    disclosed = [{a: card.attributes[a] for a in req.credentials[0].disclose}]
    spec, layouts = build_statements(req, [pub], disclosed, [(epoch, value)])
    scalars = pub.schema.encode_attributes(card.attributes)
    bbs = BBSWitness.from_signature(card.signature, [*scalars, card.revocation.witness.y, card.prover_blind,
                                                     holder._link])
    return Presentation.from_proof(req, layouts, prove(spec, [bbs, witness])).to_json()


def test_forced_presentation_of_a_revoked_credential_rejected(env):
    holder, card = env.holder_with("Ivan")
    old = card.revocation
    pub = env.issuer.public()
    state = env.issuer.revoke([card.revocation_id])
    latest = RegistryState.from_json(env.ledger.get(state.registry).data)
    assert latest.epoch == state.epoch and latest.value != old.witness.value
    # the cheater cannot update its witness (its handle is among the removed ones)
    assert holder.update(env.ledger)["revoked"] == 1
    with pytest.raises(Revoked):
        holder.present(env.request(), [card])
    verifier = env.verifier()
    # 1. the old witness (y, C) with the latest value: the membership equation fails
    req = env.request()
    bad = _forge(holder, card, req, pub, latest.epoch, latest.value, Witness(old.witness.y, old.witness.C,
                                                                              latest.value))
    with pytest.raises(VerificationError):
        verifier.verify(req, bad)
    # 2. the old witness with the old state's value, labelled with the latest epoch: the verifier proves against
    #    the latest value, and the transcript does not match
    req = env.request()
    bad = _forge(holder, card, req, pub, latest.epoch, old.witness.value, old.witness)
    with pytest.raises(VerificationError):
        verifier.verify(req, bad)
    # 3. the old witness at its own (old) epoch: honest but stale, rejected naming both epochs
    req = env.request()
    bad = _forge(holder, card, req, pub, old.epoch, old.witness.value, old.witness)
    with pytest.raises(VerificationError, match=f"epoch {old.epoch}.*epoch {latest.epoch}"):
        verifier.verify(req, bad)
    # control: the same forging path with an honest, current witness is accepted (the forger itself is sound)
    h2, c2 = env.holder_with("Judy")
    req = env.request()
    cur = RegistryState.from_json(env.ledger.get(state.registry).data)
    assert verifier.verify(req, _forge(h2, c2, req, pub, cur.epoch, cur.value, c2.revocation.witness))


def test_spliced_membership_proof_and_rev_handle_rejected(env):
    h1, c1 = env.holder_with("Ken")
    h2, c2 = env.holder_with("Liz")
    h1.update(env.ledger)
    h2.update(env.ledger)
    req = env.request()
    p1, p2 = h1.present(req, [c1]).to_obj(), h2.present(req, [c2]).to_obj()
    verifier = env.verifier()
    verifier.verify(req, json.dumps(p1))
    verifier.verify(req, json.dumps(p2))
    for path in (("revocation",), ("revocation", "C_prime"), ("revocation", "C_bar"), ("revocation", "r_hat"),
                 ("signature", "rev_handle")):
        forged = copy.deepcopy(p1)
        src, dst = p2["credentials"][0], forged["credentials"][0]
        for k in path[:-1]:
            src, dst = src[k], dst[k]
        assert dst[path[-1]] != src[path[-1]]
        dst[path[-1]] = copy.deepcopy(src[path[-1]])
        with pytest.raises(VerificationError):
            verifier.verify(req, json.dumps(forged))
    # the membership proof of another presentation of the same credential (another request)
    req_b = env.request()
    other = h1.present(req_b, [c1]).to_obj()
    forged = copy.deepcopy(p1)
    forged["credentials"][0]["revocation"] = other["credentials"][0]["revocation"]
    with pytest.raises(VerificationError):
        verifier.verify(req, json.dumps(forged))
    # a presentation without the revocation part, or with one the request does not ask for
    forged = copy.deepcopy(p1)
    del forged["credentials"][0]["revocation"]
    with pytest.raises(VerificationError, match="lacks a non-revocation proof"):
        verifier.verify(req, json.dumps(forged))


# ------------------------------------------------------------------------------------ requests without revocation

def test_revocable_credential_without_not_revoked(env):
    holder, card = env.holder_with("Mallory")
    req = env.request(not_revoked=None)
    pres = holder.present(req, [card]).to_obj()
    assert "revocation" not in pres["credentials"][0]
    assert env.verifier().verify(req, json.dumps(pres)) == {"idcard": {"given_name": "Mallory"}}
    assert Verifier([env.issuer.public()]).verify(req, json.dumps(pres))        # no ledger needed either
    # a revocation part the request does not ask for is rejected
    with_rev = env.request()
    extra = copy.deepcopy(pres)
    extra["credentials"][0]["revocation"] = holder.present(with_rev, [card]).to_obj()["credentials"][0]["revocation"]
    with pytest.raises(VerificationError, match="carries a non-revocation proof"):
        env.verifier().verify(req, json.dumps(extra))


def test_not_revoked_for_a_non_revocable_issuer_rejected(env):
    holder, card = env.holder_with("Niaj", env.plain)
    assert card.revocation is None and card.revocation_id is None
    req = env.request(env.plain)
    with pytest.raises(DecodeError, match=env.plain.id):
        holder.present(req, [card])
    # a presentation made for the same digest without the non-revocation part: the verifier names the issuer
    req.credentials[0].not_revoked = False
    pres = holder.present(req, [card]).to_json()
    req.credentials[0].not_revoked = True
    verifier = Verifier([env.plain.public()], ledger=env.ledger)
    with pytest.raises(VerificationError, match=f"{env.plain.id} keeps no revocation registry"):
        verifier.verify(req.to_json(), pres)


# ------------------------------------------------------------------------------------ persistence

def test_state_persists_across_restarts(env, tmp_path):
    issuer_file, h1_file, h2_file = tmp_path / "issuer.json", tmp_path / "alice.json", tmp_path / "bob.json"
    small = _like(env.issuer, env.schema, ledger=env.ledger, block=64)
    h1, c1 = env.holder_with("Olivia", small)
    h2, c2 = env.holder_with("Peggy", small)
    rid1, iid = c1.revocation_id, small.id
    small.save(str(issuer_file))
    h1.save(str(h1_file))
    h2.save(str(h2_file))
    for f in (issuer_file, h1_file, h2_file):
        assert stat.S_IMODE(os.stat(f).st_mode) == 0o600
    del small, h1, h2, c1, c2
    # a new process: new ledger handles, state from the files
    with env.open() as ledger:
        issuer = Issuer.load(str(issuer_file), ledger=ledger)
        assert issuer.id == iid and issuer.registry.epoch == 0
        pub = IssuerPublic.from_json(ledger.get(iid).data)
        state = issuer.revoke([rid1])
        assert state.epoch == 1
        holder, card = env.holder_with("Rupert", issuer)        # handle ids carry on after the load
        assert card.revocation_id == 2
        issuer.save(str(issuer_file))
    with env.open() as ledger:
        full = Issuer.load(str(issuer_file)).public()
        h1 = Holder.load(str(h1_file), [full])
        h2 = Holder.load(str(h2_file), [full])
        assert [c.revocation_id for c in h1.credentials] == [rid1]
        assert h1.update(ledger)["revoked"] == 1
        assert h2.update(ledger)["updated"] == 1
        h1.save(str(h1_file))
        h2.save(str(h2_file))
    with env.open() as ledger:
        h1 = Holder.load(str(h1_file), [full])
        h2 = Holder.load(str(h2_file), [full])
        assert h1.credentials[0].revoked and h2.credentials[0].revocation.epoch == 1
        req = PresentationRequest.create([{"id": "idcard", "schema": env.schema.id, "issuers": [iid],
                                           "disclose": ["given_name"], "not_revoked": True}], verifier="shop")
        with pytest.raises(Revoked):
            h1.present(req, h1.credentials)
        assert Verifier.from_ledger(ledger, [pub.id]).verify(req, h2.present(req, h2.credentials).to_json()) \
            == {"idcard": {"given_name": "Peggy"}}
        # the reloaded issuer refuses to revoke twice (its revoked set persisted)
        with pytest.raises(Exception, match="already revoked"):
            Issuer.load(str(issuer_file), ledger=ledger).revoke([rid1])


class _Crash(Exception):
    pass


class _CrashingLedger:
    """A ledger handle whose process dies (raises _Crash) at its ``after``-th append, the appends before it done."""

    def __init__(self, ledger, after: int) -> None:
        self._ledger, self._left = ledger, after

    def append(self, record_id, kind, data, **kw):
        if self._left == 0:
            raise _Crash(record_id)
        self._left -= 1
        return self._ledger.append(record_id, kind, data, **kw)

    def __getattr__(self, name):
        return getattr(self._ledger, name)


@pytest.mark.parametrize("crash_after", [0, 1], ids=["before the update data", "between update data and state"])
def test_a_crash_while_publishing_an_epoch_is_finished_on_the_next_start(env, tmp_path, crash_after):
    """The issuer file used to be saved after publishing: a crash between them left the file one epoch behind the
    ledger (the next revocation then published a second "epoch 1"). Now the epoch goes into the file's journal
    first; the next start (``Issuer.load`` with the ledger) publishes what is missing of it, and the ledger, the
    file and a holder's update agree."""
    issuer_file = str(tmp_path / "issuer.json")
    small = _like(env.issuer, env.schema, ledger=env.ledger, block=64)
    h1, c1 = env.holder_with("Olivia", small)
    h2, c2 = env.holder_with("Peggy", small)
    small.save(issuer_file)
    with env.open() as ledger:
        issuer = Issuer.load(issuer_file, ledger=_CrashingLedger(ledger, crash_after))
        head = ledger.head()
        with pytest.raises(_Crash):
            issuer.revoke([c1.revocation_id])
        assert ledger.head() == head + crash_after
    saved = json.loads(open(issuer_file).read())
    assert saved["registry"]["epoch"] == 1 and len(saved["registry"]["pending"]) == 1
    with env.open() as ledger:
        issuer = Issuer.load(issuer_file, ledger=ledger)        # the next start publishes the rest
        assert ledger.get(small.registry.id).version == 2 and ledger.get(updates_record(small.registry.id)).version == 1
        assert "pending" not in json.loads(open(issuer_file).read())["registry"]
        assert issuer.revoke([c2.revocation_id]).epoch == 2     # and carries on
        assert h1.update(ledger)["revoked"] == 1 and h2.update(ledger)["revoked"] == 1
        assert Issuer.load(issuer_file, ledger=ledger).registry.epoch == 2


def test_a_stale_issuer_file_is_refused_and_changes_nothing(env, tmp_path):
    """An older copy of the issuer file (restored from a backup) must not publish a second epoch n + 1 from an old
    accumulator: loading it with the ledger is a ZkcredError naming both epochs, and nothing is appended."""
    from zkcred.errors import ZkcredError
    issuer_file, old_file = str(tmp_path / "issuer.json"), str(tmp_path / "issuer.old.json")
    small = _like(env.issuer, env.schema, ledger=env.ledger, block=64)
    _h, c1 = env.holder_with("Olivia", small)
    small.save(old_file)
    small.journal = issuer_file
    small.revoke([c1.revocation_id])
    with env.open() as ledger:
        head = ledger.head()
        with pytest.raises(ZkcredError, match="the ledger is at epoch 1, this issuer file at epoch 0: it is an older"):
            Issuer.load(old_file, ledger=ledger)
        assert ledger.head() == head
        assert Issuer.load(issuer_file, ledger=ledger).registry.epoch == 1
        # the same copy read without the ledger, the ledger attached later: its revocation is refused before the
        # registry changes, and the file is not rewritten (its journal would otherwise replace a good file)
        stale = Issuer.from_json(open(old_file).read())
        stale.ledger, stale.journal = ledger, old_file
        before = open(old_file).read()
        with pytest.raises(ZkcredError, match="this issuer file at epoch 0: it is an older copy"):
            stale.revoke([c1.revocation_id])
        assert open(old_file).read() == before and ledger.head() == head


class _Gated:
    """A ledger handle whose first append waits at ``barrier``: two issuers that both passed their pre-revocation
    sync (both read epoch n) append at the same moment."""

    def __init__(self, ledger, barrier) -> None:
        self._ledger, self._barrier = ledger, barrier

    def append(self, record_id, kind, data, **kw):
        if self._barrier is not None:
            self._barrier, barrier = None, self._barrier
            barrier.wait(timeout=60)
        return self._ledger.append(record_id, kind, data, **kw)

    def __getattr__(self, name):
        return getattr(self._ledger, name)


class _Lagging:
    """A ledger handle whose reads of a record's latest version (and history) lag behind: they show the ledger as
    it was at position ``cut`` (an RPC node that has not seen the last blocks yet). Reads of a given version and
    appends go to the ledger."""

    def __init__(self, ledger, cut: int) -> None:
        self._ledger, self._cut = ledger, cut

    def get(self, record_id, version=None):
        from zkcred.ledger import RecordNotFound
        if version is not None:
            return self._ledger.get(record_id, version)
        seen = self.history(record_id)
        if not seen:
            raise RecordNotFound(f"no record {record_id!r}")
        return seen[-1]

    def history(self, record_id):
        return [e for e in self._ledger.history(record_id) if e.position <= self._cut]

    def __getattr__(self, name):
        return getattr(self._ledger, name)


def _versions(ledger, reg: str) -> tuple[int, int]:
    """(versions of the registry's state record, versions of its update record)."""
    return len(ledger.history(reg)), len(ledger.history(updates_record(reg)))


def test_two_issuer_file_copies_revoking_at_once_publish_one_epoch(env, tmp_path):
    """Two copies of one issuer file (two machines) revoke different credentials at once: both read epoch 0, both
    make an epoch 1 and journal it, both append. Exactly one epoch 1 lands (the ledger checks the version each
    append expects); the other issuer gets LedgerConflict naming the registry and the epoch, its file keeps its
    journal (a reload reports the conflict again, never overwrites), and ``resync`` takes the ledger's epoch so
    that it can revoke again. Holders and verifiers see one consistent history."""
    import threading

    from zkcred.errors import LedgerConflict
    small = _like(env.issuer, env.schema, ledger=env.ledger, block=64)
    reg = small.registry.id
    (h1, c1), (h2, c2), (h3, c3) = (env.holder_with(n, small) for n in ("Ann", "Bob", "Cid"))
    files = [str(tmp_path / "a.json"), str(tmp_path / "b.json")]
    for f in files:
        small.save(f)
    barrier, results, handles = threading.Barrier(2), {}, [env.open(), env.open()]
    issuers = [Issuer.load(f, ledger=_Gated(h, barrier)) for f, h in zip(files, handles)]

    def revoke(k: int, rid: int) -> None:
        try:
            results[k] = issuers[k].revoke([rid])
        except Exception as exc:        # noqa: BLE001 - the test inspects it
            results[k] = exc
    threads = [threading.Thread(target=revoke, args=(0, c1.revocation_id)),
               threading.Thread(target=revoke, args=(1, c2.revocation_id))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    won = [k for k in (0, 1) if isinstance(results[k], RegistryState)]
    lost = [k for k in (0, 1) if isinstance(results[k], LedgerConflict)]
    assert len(won) == 1 and len(lost) == 1, results
    w, lo = won[0], lost[0]
    assert results[w].epoch == 1
    err = results[lo]
    assert err.record_id in (reg, updates_record(reg))
    assert f"another writer published epoch 1 first" in str(err) and "zkcred registry sync" in str(err)
    with env.open() as ledger:
        assert _versions(ledger, reg) == (2, 1)               # epochs 0 and 1, one update: no second epoch 1
        assert RegistryState.from_json(ledger.get(reg).data) == results[w]
        # the loser's file keeps its journal; loading it reports the conflict again and changes nothing
        saved = open(files[lo]).read()
        assert len(json.loads(saved)["registry"]["pending"]) == 1
        head = ledger.head()
        with pytest.raises(LedgerConflict, match="another writer published epoch 1 first"):
            Issuer.load(files[lo], ledger=ledger)
        assert open(files[lo]).read() == saved and ledger.head() == head
        # re-sync from the ledger: the loser takes epoch 1 and revokes its credential again
        loser = Issuer.from_json(saved)
        loser.ledger, loser.journal = ledger, files[lo]
        mine, theirs = (c2, c1) if lo == 1 else (c1, c2)
        assert loser.resync() == [mine.revocation_id]
        assert loser.registry.epoch == 1 and loser.registry.is_revoked(theirs.revocation_id)
        assert not loser.registry.is_revoked(mine.revocation_id) and "pending" not in open(files[lo]).read()
        assert Issuer.load(files[lo], ledger=ledger).revoke([mine.revocation_id]).epoch == 2
        assert _versions(ledger, reg) == (3, 2)
        # the winner's file is now behind: refused as an older copy, and resync catches it up
        with pytest.raises(Exception, match="the ledger is at epoch 2, this issuer file at epoch 1"):
            Issuer.load(files[w], ledger=ledger)
        winner = Issuer.from_json(open(files[w]).read())
        winner.ledger, winner.journal = ledger, files[w]
        assert winner.resync() == [] and winner.registry.epoch == 2
        assert winner.registry.is_revoked(c1.revocation_id) and winner.registry.is_revoked(c2.revocation_id)
        assert winner.registry.acc.value == RegistryState.from_json(ledger.get(reg).data).value
        assert h1.update(ledger)["revoked"] == 1 and h2.update(ledger)["revoked"] == 1
        assert h3.update(ledger)["updated"] == 1
        req = env.request(small)
        assert Verifier.from_ledger(ledger, [small.id]).verify(req, h3.present(req, h3.credentials).to_json()) \
            == {"idcard": {"given_name": "Cid"}}
        ledger.verify()
    for h in handles:
        h.close()


class _CrashAfter:
    """A ledger handle whose process dies (raises _Crash) right after its ``after``-th append landed."""

    def __init__(self, ledger, after: int) -> None:
        self._ledger, self._left = ledger, after

    def append(self, record_id, kind, data, **kw):
        e = self._ledger.append(record_id, kind, data, **kw)
        self._left -= 1
        if self._left == 0:
            raise _Crash(record_id)
        return e

    def __getattr__(self, name):
        return getattr(self._ledger, name)


@pytest.mark.parametrize("lagging", [False, True], ids=["fresh read", "lagging read"])
@pytest.mark.parametrize("landed", [1, 2], ids=["update data landed", "state landed"])
def test_replay_after_a_crash_where_the_append_landed(env, tmp_path, landed, lagging):
    """The process dies right after an append landed (before it could clear its journal). The replay on the next
    start finds that version on the ledger with the journal's bytes and counts it as done, also when its read of
    the latest version lags behind (it then tries the append, the ledger refuses the version it expects, and the
    bytes there are the journal's): no second epoch, the journal cleared, the ledger intact."""
    issuer_file = str(tmp_path / "issuer.json")
    small = _like(env.issuer, env.schema, ledger=env.ledger, block=64)
    reg = small.registry.id
    h1, c1 = env.holder_with("Olivia", small)
    small.save(issuer_file)
    with env.open() as ledger:
        issuer = Issuer.load(issuer_file, ledger=_CrashAfter(ledger, landed))
        cut = ledger.head()
        with pytest.raises(_Crash):
            issuer.revoke([c1.revocation_id])
        assert _versions(ledger, reg) == (landed, 1)
        assert len(json.loads(open(issuer_file).read())["registry"]["pending"]) == 1
        reader = _Lagging(ledger, cut) if lagging else ledger     # lagging: the node shows none of the epoch
        again = Issuer.load(issuer_file, ledger=reader)
        assert _versions(ledger, reg) == (2, 1)               # epoch 1 once
        assert "pending" not in json.loads(open(issuer_file).read())["registry"]
        assert again.registry.epoch == 1 and h1.update(ledger)["revoked"] == 1
        ledger.verify()


def test_a_lagging_read_cannot_publish_a_duplicate_epoch(env, tmp_path):
    """A copy of the issuer file journalled its own epoch 1 (a revocation of another credential) while the
    other copy published epoch 1; its replay reads through a node that does not show that epoch yet. The ledger
    refuses the append that expects version 0 of the update record, the bytes there are not the journal's:
    LedgerConflict, nothing appended, the journal kept."""
    from zkcred.errors import LedgerConflict
    small = _like(env.issuer, env.schema, ledger=env.ledger, block=64)
    reg = small.registry.id
    _h1, c1 = env.holder_with("Ann", small)
    _h2, c2 = env.holder_with("Bob", small)
    copy_file = str(tmp_path / "copy.json")
    copy = Issuer.from_json(small.to_json())
    copy.registry.revoke([c2.revocation_id])                  # journalled, not published
    copy.save(copy_file)
    saved = open(copy_file).read()
    cut = env.ledger.head()
    small.revoke([c1.revocation_id])                          # the other copy publishes epoch 1
    with env.open() as ledger:
        head = ledger.head()
        with pytest.raises(LedgerConflict, match="another writer published epoch 1 first") as exc:
            Issuer.load(copy_file, ledger=_Lagging(ledger, cut))
        assert exc.value.record_id == updates_record(reg) and (exc.value.expected, exc.value.found) == (0, 1)
        assert ledger.head() == head and open(copy_file).read() == saved and _versions(ledger, reg) == (2, 1)
        # the same through a node that is up to date: the journal's epoch is compared with the ledger's
        with pytest.raises(LedgerConflict, match=r"revocation ids \[%d\]" % c2.revocation_id):
            Issuer.load(copy_file, ledger=ledger)
        assert ledger.head() == head


def test_resync_refuses_what_it_cannot_adopt(env, tmp_path):
    """A journal that adds a block of handles (credentials were issued from it) is not dropped; nor is a ledger
    epoch that adds handles this file does not know. ZkcredError, nothing changed."""
    from zkcred.errors import LedgerConflict, ZkcredError
    small = _like(env.issuer, env.schema, ledger=env.ledger, block=2)
    _h1, c1 = env.holder_with("Ann", small)
    _h2, c2 = env.holder_with("Bob", small)                   # the block of 2 is used up
    copy = Issuer.from_json(small.to_json())
    copy.registry.issue_handle()                              # a local block top-up: epoch 1 in the journal
    small.revoke([c1.revocation_id])                          # the other copy's epoch 1
    with env.open() as ledger:
        copy.ledger = ledger
        with pytest.raises(LedgerConflict):
            copy.sync()
        before = copy.to_json()
        with pytest.raises(ZkcredError, match="unpublished epochs add a block of handles"):
            copy.resync()
        assert copy.to_json() == before
        stale = Issuer.from_json(before)
        stale.registry.pending.clear()                        # a file at epoch 0 without a journal, and a
        stale.registry.epoch, stale.registry.acc.value = 0, small.registry.acc.value  # value it never had
        stale.ledger = ledger
        with pytest.raises(ZkcredError, match="is not the one this issuer file built on"):
            stale.resync()


def test_a_journal_that_does_not_end_at_the_accumulator_is_refused(env):
    """A file whose journal was edited (another registry's update data) is a DecodeError naming the field."""
    from zkcred._fields import b64u
    small = _like(env.issuer, env.schema, ledger=None, block=4)
    obj = json.loads(small.to_json())
    other = RevocationRegistry.create("x", block=2)
    other.issue_handle()
    _state, data = other.revoke([0])
    obj["registry"]["epoch"] = 1
    obj["registry"]["pending"] = [b64u(data)]
    with pytest.raises(DecodeError, match="registry.pending: the last pending epoch does not end at the accumulator"):
        Issuer.from_json(json.dumps(obj))
    obj["registry"]["pending"] = [b64u(data), b64u(data)]
    with pytest.raises(DecodeError, match="more pending epochs than the registry's epoch"):
        Issuer.from_json(json.dumps(obj))


# ------------------------------------------------------------------------------------ block top-up

def test_block_top_up_publishes_an_epoch_and_old_witnesses_cross_it(env):
    small = _like(env.issuer, env.schema, ledger=env.ledger, block=3)
    reg = small.registry.id
    holders = [env.holder_with(f"H{k}", small) for k in range(7)]     # blocks of 3: epochs 1 and 2 add blocks
    assert [c.revocation.epoch for _, c in holders] == [0, 0, 0, 1, 1, 1, 2]
    states = [RegistryState.from_json(e.data) for e in env.ledger.history(reg)]
    assert [s.epoch for s in states] == [0, 1, 2]
    for e in (1, 2):
        upd = UpdateData.from_bytes(env.ledger.get(updates_record(reg), e).data)
        assert (len(upd.added), len(upd.removed)) == (3, 0)
        assert update_digest(upd.to_bytes()) == states[e].update_digest
    victim = holders[4][1]
    state = small.revoke([victim.revocation_id])
    assert state.epoch == 3
    verifier = env.verifier(small)
    for k, (holder, card) in enumerate(holders):
        out = holder.update(env.ledger)
        req = PresentationRequest.create([{"id": "idcard", "schema": env.schema.id, "issuers": [small.id],
                                           "not_revoked": True}], verifier="shop")
        if k == 4:
            assert out["revoked"] == 1
            with pytest.raises(Revoked):
                holder.present(req, [card])
        else:
            assert out["updated"] == 1 and card.revocation.epoch == 3
            assert verifier.verify(req, holder.present(req, [card]).to_json()) == {"idcard": {}}
    # one revocation published: the update data (80 d + 8 bytes for d changes) and a state
    assert len(env.ledger.get(updates_record(reg), 3).data) == UpdateData.encoded_size(0, 1)


# ------------------------------------------------------------------------------------ tampered ledger data

class _Tampered:
    """A ledger that answers the update data of one epoch with a flipped byte (a lying node, a damaged copy)."""

    def __init__(self, inner, epoch: int) -> None:
        self.inner, self.epoch = inner, epoch

    def history(self, record_id):
        return self.inner.history(record_id)

    def get(self, record_id, version=None):
        e = self.inner.get(record_id, version)
        if record_id.endswith("/updates") and e.version == self.epoch:
            from types import SimpleNamespace
            data = bytearray(e.data)
            data[-7] ^= 0x10
            return SimpleNamespace(record_id=e.record_id, kind=e.kind, version=e.version, data=bytes(data),
                                   position=e.position, time=e.time, digest=e.digest)
        return e


def test_tampered_update_data_names_the_epoch(env):
    holder, card = env.holder_with("Sybil")
    _, other = env.holder_with("Trent")
    before = card.revocation.epoch
    state = env.issuer.revoke([other.revocation_id])
    with pytest.raises(VerificationError, match=f"epoch {state.epoch} does not match"):
        holder.update(_Tampered(env.ledger, state.epoch))
    assert card.revocation.epoch == before and not card.revoked        # nothing changed
    assert holder.update(env.ledger)["updated"] == 1


def test_tampered_sqlite_file_detected(tmp_path, env):
    if env.backend != "sqlite":
        pytest.skip("a stored byte of the SQLite file (the EVM's logs cannot be changed in place)")
    import sqlite3
    path = tmp_path / "ledger.db"
    ledger = open_ledger(f"sqlite:{path}")
    small = _like(env.issuer, env.schema, ledger=ledger, block=8)
    holder, card = env.holder_with("Uma", small)
    _, other = env.holder_with("Vic", small)
    small.revoke([other.revocation_id])
    ledger.close()
    con = sqlite3.connect(path)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    table = next(t for t in tables if "data" in [c[1] for c in con.execute(f"PRAGMA table_info({t})")])
    con.execute(f"UPDATE {table} SET data = CAST(? AS BLOB) WHERE kind = 'registry-update'", (b"\x00" * 88,))
    con.commit()
    con.close()
    with open_ledger(f"sqlite:{path}") as ledger:
        with pytest.raises(LedgerError):
            ledger.verify()
        with pytest.raises((LedgerError, VerificationError, DecodeError)):
            holder.update(ledger)
    assert card.revocation.epoch == 0


# ------------------------------------------------------------------------------------ malformed input

def _state_obj(env) -> dict:
    return json.loads(env.ledger.get(env.issuer.registry.id).data)


@pytest.mark.parametrize("field, value, match", [
    ("type", "zkcred/registry-state/v2", "type"),
    ("registry", 7, "registry"),
    ("epoch", -1, "epoch"),
    ("epoch", "3", "epoch"),
    ("epoch", True, "epoch"),
    ("value", "AAAA", "value"),
    ("value", None, "value"),
    ("update_digest", "00" * 31, "update_digest"),
    ("update_digest", "zz" * 32, "update_digest"),
    ("extra", 1, "extra"),
])
def test_malformed_registry_state(env, field, value, match):
    obj = _state_obj(env)
    obj[field] = value
    with pytest.raises(DecodeError, match=match):
        RegistryState.from_json(json.dumps(obj))


def test_malformed_registry_state_value_identity_and_missing_fields(env):
    from zkcred._fields import b64u
    from zkcred.bls12_381 import G1
    obj = _state_obj(env)
    obj["value"] = b64u(G1.identity().to_bytes())
    with pytest.raises(DecodeError, match="value: the identity"):
        RegistryState.from_json(json.dumps(obj))
    for field in ("registry", "epoch", "value", "update_digest"):
        obj = _state_obj(env)
        del obj[field]
        with pytest.raises(DecodeError, match=field):
            RegistryState.from_json(json.dumps(obj))
    with pytest.raises(DecodeError):
        RegistryState.from_json(b"{not json")


def test_malformed_registry_state_on_the_ledger(env):
    """A registry record whose latest version is not a state: the verifier and the holder name it."""
    small = _like(env.issuer, env.schema, ledger=env.ledger, block=4)
    holder, card = env.holder_with("Walter", small)
    env.ledger.append(small.registry.id, "registry-state", b'{"type": "zkcred/registry-state/v1"}')
    req = PresentationRequest.create([{"id": "idcard", "schema": env.schema.id, "issuers": [small.id],
                                       "not_revoked": True}], verifier="shop")
    pres = holder.present(req, [card]).to_json()
    with pytest.raises(DecodeError, match="registry state"):
        env.verifier(small).verify(req, pres)
    with pytest.raises(DecodeError, match="registry state"):
        holder.update(env.ledger)


def test_malformed_update_data(env):
    _, other = env.holder_with("Xena")
    state = env.issuer.revoke([other.revocation_id])
    blob = env.ledger.get(updates_record(state.registry), state.epoch).data
    UpdateData.from_bytes(blob)
    for bad, match in ((blob[:-1], "wrong length"), (blob[:5], "too short"), (bytes(8), "counts"),
                       (blob[:8] + b"\xff" * 48 + blob[56:], "UpdateData.value"),
                       (blob[:56] + b"\xff" * 32 + blob[88:], "UpdateData.removed")):
        with pytest.raises(DecodeError, match=match):
            UpdateData.from_bytes(bad)


def test_malformed_witness_and_revocation_json(env):
    holder, card = env.holder_with("Yves")
    w = card.revocation.witness.to_bytes()
    for bad, match in ((w[:-1], "wrong length"), (b"\xff" * 32 + w[32:], "Witness.y"),
                       (w[:32] + b"\xff" * 48 + w[80:], "Witness.C"), (w[:80] + b"\x11" * 48, "Witness.value")):
        with pytest.raises(DecodeError, match=match):
            Witness.from_bytes(bad)
    doc = json.loads(card.to_json())
    for field, value, match in (("id", -1, "revocation.id"), ("id", "0", "revocation.id"),
                                ("epoch", 2 ** 60, "revocation.epoch"),
                                ("witness", "AAAA", "revocation.witness"),
                                ("extra", 0, "revocation: unexpected field")):
        bad = copy.deepcopy(doc)
        bad["revocation"][field] = value
        with pytest.raises(DecodeError, match=match):
            Credential.from_json(json.dumps(bad))
    bad = copy.deepcopy(doc)
    bad["revoked"] = "no"
    with pytest.raises(DecodeError, match="revoked"):
        Credential.from_json(json.dumps(bad))
    # the issued credential's revocation part
    offer = holder.request_credential(env.issuer.public())
    issued = json.loads(env.issuer.issue(offer, attrs("Yves")).to_json())
    bad = copy.deepcopy(issued)
    bad["revocation"]["witness"] = bad["revocation"]["witness"][:-4]
    with pytest.raises(DecodeError, match="revocation.witness"):
        IssuedCredential.from_json(json.dumps(bad))
    bad = copy.deepcopy(issued)
    del bad["revocation"]
    with pytest.raises(DecodeError, match="revocation: missing"):
        holder.store(json.dumps(bad), offer)
    # a witness for another handle: the pairing check at store fails
    bad = copy.deepcopy(issued)
    bad["revocation"]["witness"] = doc["revocation"]["witness"]
    with pytest.raises(VerificationError):
        holder.store(json.dumps(bad), offer)
    # the presentation's revocation part
    req = env.request()
    pres = holder.present(req, [card]).to_obj()
    for field, value, match in (("epoch", "1", "revocation.epoch"), ("C_prime", "AAAA", "revocation.C_prime"),
                                ("C_bar", 5, "revocation.C_bar"), ("r_hat", "_" * 43, "revocation.r_hat"),
                                ("extra", 1, "revocation: unexpected field")):
        bad = copy.deepcopy(pres)
        bad["credentials"][0]["revocation"][field] = value
        with pytest.raises(DecodeError, match=match):
            env.verifier().verify(req, json.dumps(bad))
    # a request's epoch without not_revoked, or a malformed one
    for entry, match in (({"epoch": 1}, "epoch"), ({"not_revoked": True, "epoch": -2}, "epoch"),
                         ({"not_revoked": "yes"}, "not_revoked")):
        with pytest.raises(DecodeError, match=match):
            PresentationRequest.create([{"id": "c", "schema": env.schema.id, "issuers": [env.issuer.id], **entry}],
                                       verifier="v")


# ------------------------------------------------------------------------------------ publishing

def test_publish_is_idempotent_and_a_schema_is_shared(env):
    """Regression: publish appended the schema record again for every issuer of a schema, so on the EVM ledger a
    second issuer of the same schema under another account reverted (NotRecordOwner), and a second publish()
    added versions of every record."""
    schema_versions = len(env.ledger.history(env.schema.id))
    head = env.ledger.head()
    env.issuer.publish()
    assert env.ledger.head() == head                            # nothing new: every record already holds it
    if env.backend == "evm":
        second_ledger = open_ledger(env.ledger.url, account=1, contract=env.ledger.address)
    else:
        second_ledger = env.open()
    with second_ledger:
        second = _like(env.issuer, env.schema, ledger=second_ledger, block=4)
        assert len(env.ledger.history(env.schema.id)) == schema_versions
        holder, card = env.holder_with("Zoe", second)
        req = env.request(second)
        pres = holder.present(req, [card]).to_json()
        assert env.verifier(second).verify(req, pres) == {"idcard": {"given_name": "Zoe"}}
    # an issuer whose registry moved on without a ledger cannot be published half-way
    offline = _like(env.issuer, env.schema, block=4)
    _, c = env.holder_with("Ann", offline)
    offline.revoke([c.revocation_id])
    offline.ledger = env.ledger
    with pytest.raises(Exception, match="epoch 1"):
        offline.publish()


def test_resync_completes_an_epoch_whose_writer_died_between_its_appends(env, tmp_path):
    """Copy A publishes epoch 1's update data and dies for good before its state (review finding: copy B's sync
    then met A's update at the version it expects, LedgerConflict, and resync called sync again: stuck for ever).
    B's resync derives A's state from the update data, checks it in public, appends it, adopts epoch 1 and names
    B's revocation to do again; the revocation then lands as epoch 2, and A's file, replayed, finds its state
    there byte for byte."""
    from zkcred.errors import LedgerConflict
    small = _like(env.issuer, env.schema, ledger=env.ledger, block=64)
    reg = small.registry.id
    (h1, c1), (h2, c2) = (env.holder_with(n, small) for n in ("Ann", "Bob"))
    file_a, file_b = str(tmp_path / "a.json"), str(tmp_path / "b.json")
    small.save(file_a)
    small.save(file_b)
    with env.open() as ledger:
        a = Issuer.load(file_a, ledger=_CrashingLedger(ledger, 1))
        with pytest.raises(_Crash):
            a.revoke([c1.revocation_id])                      # update data of epoch 1 landed, its state did not
        assert _versions(ledger, reg) == (1, 1)
        b = Issuer.load(file_b, ledger=ledger)
        with pytest.raises(LedgerConflict):
            b.revoke([c2.revocation_id])
        assert _versions(ledger, reg) == (1, 1)              # nothing of B's landed
        b = Issuer.from_json(open(file_b).read())
        b.ledger, b.journal = ledger, file_b
        assert b.resync() == [c2.revocation_id]
        assert _versions(ledger, reg) == (2, 1) and b.registry.epoch == 1
        assert b.registry.is_revoked(c1.revocation_id) and not b.registry.is_revoked(c2.revocation_id)
        assert Issuer.load(file_b, ledger=ledger).revoke([c2.revocation_id]).epoch == 2
        assert _versions(ledger, reg) == (3, 2)
        assert h1.update(ledger)["revoked"] == 1 and h2.update(ledger)["revoked"] == 1
        # A's file comes back: its journal's epoch 1 is on the ledger as it wrote it (nothing appended); it is
        # then one epoch behind, which resync catches up
        head = ledger.head()
        with pytest.raises(Exception, match="the ledger is at epoch 2, this issuer file at epoch 1"):
            Issuer.load(file_a, ledger=ledger)
        assert ledger.head() == head
        ledger.verify()
