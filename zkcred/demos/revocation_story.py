"""The revocation story (issue 9, item 6): a revocable issuer on a ledger, three holders, a revocation, holders
updating their witnesses from the published update data, and verifiers that read the registry state from the
ledger.

- City Hall publishes its DID document, schema, issuer document and revocation registry on the ledger;
- Alice, Bob and Carol hold identity cards; each proves "adult, EU national, not revoked";
- City Hall revokes Bob's card: one new registry epoch (the update data and the state) on the ledger;
- Bob's replayed presentation names the stale epoch; Bob's software updates and REFUSES to present ("revoked");
  a presentation forced with Bob's old witness is rejected; Alice updates and still passes;
- a batch of 100 revocations, Carol's witness update over them, and ``ledger.verify()``.

``make demo`` runs it on a SQLite ledger in a temporary directory; ``python -m zkcred.demos --ledger anvil`` (or
``make demo-evm``) on a local anvil node (the EVM ledger: the registry contract, one transaction per record).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import time
from collections.abc import Callable
from typing import TypeVar

from ..credentials import Holder, Issuer, PresentationRequest, Schema, Verifier
from ..credentials.holder import Revoked
from ..errors import DecodeError, VerificationError

__all__ = ["run", "ID_SCHEMA"]

ID_SCHEMA = {"name": "IdentityCard", "version": "1.0",
             "attributes": {"given_name": "string", "family_name": "string", "birth_date": "date",
                            "nationality": {"enum": ["DE", "FR", "NL", "IT", "ES", "US", "GB"]},
                            "document_number": "string"}}
EU = ["AT", "BE", "DE", "ES", "FR", "IT", "NL", "PT"]

_T = TypeVar("_T")


def _ms(t: float) -> str:
    return f"{t * 1e3:.2f} ms"


def run(out: Callable[[str], None] = print, ledger: str = "sqlite") -> int:
    """Tell the story on a fresh ``ledger`` ("sqlite": a file in a temporary directory; "anvil": a local anvil
    node); return 0 when every step behaved as expected, 1 otherwise."""
    if ledger == "anvil":
        from ..ledger._anvil import AnvilNode, find_anvil
        if find_anvil() is None:
            out("revocation story: anvil not found (run `make peers`: npm @foundry-rs/anvil, or set ZKCRED_ANVIL)")
            return 1
        with AnvilNode.start() as node:
            from ..ledger import open_ledger
            with open_ledger(f"evm:{node.url}", account=0) as led:
                where = f"a local anvil node ({node.url}, registry contract {getattr(led, 'address', '?')})"
                return _story(out, led, where)
    if ledger != "sqlite":
        raise ValueError(f"ledger {ledger!r}: expected 'sqlite' or 'anvil'")
    from ..ledger import open_ledger
    with tempfile.TemporaryDirectory(prefix="zkcred-demo-") as d:
        path = os.path.join(d, "ledger.db")
        with open_ledger(f"sqlite:{path}") as led:
            return _story(out, led, f"a SQLite ledger ({path})")


def _story(out: Callable[[str], None], ledger, where: str) -> int:
    ok = True
    timings: list[tuple[str, float]] = []

    def step(label: str, fn: Callable[[], _T]) -> _T:
        t0 = time.perf_counter()
        value = fn()
        timings.append((label, time.perf_counter() - t0))
        return value

    def expect_accept(label: str, fn: Callable[[], object]) -> None:
        nonlocal ok
        try:
            disclosed = fn()
            out(f"   {label}: ACCEPTED {json.dumps(disclosed)}")
        except (VerificationError, DecodeError) as e:
            out(f"   {label}: UNEXPECTED REJECTION ({e})")
            ok = False

    def expect_reject(label: str, fn: Callable[[], object]) -> None:
        nonlocal ok
        try:
            fn()
            out(f"   {label}: ACCEPTED (unexpected)")
            ok = False
        except (VerificationError, DecodeError) as e:
            out(f"   {label}: REJECTED ({e})")

    today = dt.date.today()
    adult = dt.date(today.year - 18, today.month, 28 if (today.month, today.day) == (2, 29) else today.day)
    out("zkcred revocation demo -- a VB accumulator registry (rev_handle in every credential), on " + where)
    out("")
    out("1. City Hall publishes its DID document, schema, issuer document and revocation registry on the ledger.")
    schema = Schema.from_json(ID_SCHEMA)
    head0 = ledger.head()
    city_hall = step("issuer create + publish (revocable)", lambda: Issuer.create(schema, ledger=ledger,
                                                                                   revocable=True))
    reg = city_hall.public().registry
    assert reg is not None
    out(f"   issuer   {city_hall.id}")
    out(f"   DID      {city_hall.public().did[:60]}...")
    out(f"   registry {reg}: epoch 0, {ledger.head() - head0} ledger records  [{_ms(timings[-1][1])}]")

    out("")
    out("2. Alice, Bob and Carol obtain identity cards (each carries a hidden revocation handle and its witness).")
    people = {}
    for name, nat in (("Alice", "FR"), ("Bob", "DE"), ("Carol", "NL")):
        h = Holder.create()
        offer = h.request_credential(city_hall.public())
        card = h.store(city_hall.issue(offer, {"given_name": name, "family_name": "Liddell",
                                               "birth_date": "1999-05-04", "nationality": nat,
                                               "document_number": f"{nat}-{len(name)}-0027"}), offer)
        people[name] = (h, card)
        assert card.revocation is not None          # a revocable issuer's credential carries its witness
        out(f"   {name}: revocation id {card.revocation_id}, witness at epoch {card.revocation.epoch}")

    def request() -> PresentationRequest:
        return PresentationRequest.create([
            {"id": "idcard", "schema": schema.id, "issuers": [city_hall.id], "disclose": ["given_name"],
             "predicates": [{"attribute": "birth_date", "op": "<=", "value": adult.isoformat()}],
             "not_revoked": True}], verifier="https://bar.example")

    out("")
    out(f"3. A verifier asks: given name, born on or before {adult}, and NOT REVOKED (the latest registry state,")
    out("   read from the ledger). Everyone passes.")
    verifier = Verifier.from_ledger(ledger, [city_hall.public().id])
    bob_old = None
    for name, (h, card) in people.items():
        req = request()
        pres = step(f"present with non-revocation ({name}; first: makes the LegoGroth16 proof)",
                    lambda: h.present(req, [card]).to_json())
        expect_accept(f"{name} ({len(pres):,} bytes)", lambda: step("verify with non-revocation (registry state "
                                                                     "from the ledger)",
                                                                     lambda: verifier.verify(req, pres)))
        if name == "Bob":
            bob_old = (req, pres)
    plain_req = PresentationRequest.create([dict(request().credentials[0].to_obj(), not_revoked=False)],
                                           verifier="https://bar.example")
    h, card = people["Alice"]
    plain = step("present without non-revocation (Alice, re-randomised proof)",
                 lambda: h.present(plain_req, [card]).to_json())
    step("verify without non-revocation", lambda: verifier.verify(plain_req, plain))

    out("")
    out("4. City Hall revokes Bob's card: one new epoch on the ledger.")
    head = ledger.head()
    state = step("issuer: revoke 1", lambda: city_hall.revoke([people["Bob"][1].revocation_id]))
    published = [e for e in ledger.entries(head)]
    out(f"   epoch {state.epoch}: {len(published)} records, "
        f"{' + '.join(f'{e.kind} {len(e.data)} B' for e in published)}  [{_ms(timings[-1][1])}]")
    assert bob_old is not None
    expect_reject("Bob replays his earlier presentation", lambda: verifier.verify(*bob_old))
    bob, bob_card = people["Bob"]
    out(f"   Bob's software updates from the ledger: {bob.update(ledger)}")
    try:
        bob.present(request(), [bob_card])
        out("   Bob presents again: MADE (unexpected)")
        ok = False
    except Revoked as e:
        out(f"   Bob presents again: REFUSED ({e})")
    req = request()
    forged = _forced(bob, bob_card, req, verifier, state)
    expect_reject("Bob forces a presentation from his old witness and the latest state",
                  lambda: verifier.verify(req, forged))
    alice, alice_card = people["Alice"]
    summary = step("holder: witness update over 1 removal", lambda: alice.update(ledger))
    out(f"   Alice updates: {summary}")
    req = request()
    pres = step("present with non-revocation (Alice, again: re-randomised proof)",
                lambda: alice.present(req, [alice_card]).to_json())
    expect_accept("Alice presents at the new epoch", lambda: step("verify with non-revocation (again)",
                                                                  lambda: verifier.verify(req, pres)))

    out("")
    out("5. A batch: 100 more cards, then all 100 revoked in ONE epoch; Carol updates over the 100 removals.")
    ids = []
    for k in range(100):
        h = Holder.create()
        offer = h.request_credential(city_hall.public())
        issued = city_hall.issue(offer, {"given_name": f"P{k}", "family_name": "X", "birth_date": "2000-01-01",
                                         "nationality": "IT", "document_number": str(k)})
        assert issued.revocation is not None
        ids.append(issued.revocation.id)
    head = ledger.head()
    state = step("issuer: revoke 100 (one batch)", lambda: city_hall.revoke(ids))
    update_bytes = sum(len(e.data) for e in ledger.entries(head) if e.kind == "registry-update")
    state_bytes = sum(len(e.data) for e in ledger.entries(head) if e.kind == "registry-state")
    out(f"   epoch {state.epoch}: update data {update_bytes:,} B = {update_bytes / 100:.2f} B per revocation, plus a "
        f"{state_bytes} B state  [{_ms(timings[-1][1])}]")
    carol, carol_card = people["Carol"]
    step("holder: witness update over 101 removals (2 epochs)", lambda: carol.update(ledger))
    req = request()
    pres = carol.present(req, [carol_card]).to_json()
    assert carol_card.revocation is not None
    expect_accept(f"Carol presents at epoch {carol_card.revocation.epoch}", lambda: verifier.verify(req, pres))

    out("")
    out("6. Anyone can check the ledger's hash chain.")
    try:
        step("ledger.verify()", ledger.verify)
        total = sum(len(e.data) for e in ledger.entries(0))
        out(f"   ledger.verify(): intact, {ledger.head()} records, {total:,} bytes in all")
    except Exception as e:          # noqa: BLE001 -- the demo reports any failure
        out(f"   ledger.verify(): UNEXPECTED FAILURE ({e})")
        ok = False

    out("")
    out("Timings on this machine (single thread; the ledger's own time included where it is read or written):")
    for label, t in timings:
        out(f"   {label:<62} {_ms(t):>10}")
    out("")
    out("Revocation story complete." if ok else "Revocation story FAILED.")
    return 0 if ok else 1


def _forced(holder: Holder, card, request: PresentationRequest, verifier: Verifier, state) -> str:
    """A revoked holder bypasses its own software: the composite proof built directly with its old witness (y, C)
    claimed for the latest accumulator value. The membership equation cannot hold."""
    from ..credentials.presentation import Presentation, build_statements
    from ..proofs import BBSWitness, prove
    from ..registry import Witness
    pub = holder.issuers[card.issuer]
    latest = verifier.registry_state(state.registry)
    spec, layouts = build_statements(request, [pub], [{"given_name": card.attributes["given_name"]}],
                                     [(latest.epoch, latest.value)])
    w = card.revocation.witness
    witnesses: list = [BBSWitness.from_signature(card.signature, [*pub.schema.encode_attributes(card.attributes),
                                                                   w.y, card.prover_blind, holder._link])]
    witnesses += [holder._predicate_witness(card, pub, pred) for pred in layouts[0].predicates]
    witnesses.append(Witness(w.y, w.C, latest.value))
    return Presentation.from_proof(request, layouts, prove(spec, witnesses)).to_json()


if __name__ == "__main__":
    raise SystemExit(run())
