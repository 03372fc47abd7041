"""The credential story (issue 8, item 5): an issuer publishes an identity-card schema, a holder obtains a
credential blindly, a verifier asks for the given name, age >= 18 and a nationality in an EU list, the holder
presents and the verifier accepts; a second credential (a diploma) is tied to the same holder; forged and
swapped presentations are rejected.

Run it with ``make demo`` or ``python -m zkcred.demos.credential_story``.
"""
from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from typing import TypeVar

from ..credentials import Holder, Issuer, PredicateFalse, PresentationRequest, Schema, Verifier
from ..errors import DecodeError, VerificationError

__all__ = ["run", "ID_SCHEMA", "DIPLOMA_SCHEMA", "EU"]

ID_SCHEMA = {"name": "IdentityCard", "version": "1.0",
             "attributes": {"given_name": "string", "family_name": "string", "birth_date": "date",
                            "nationality": {"enum": ["DE", "FR", "NL", "IT", "ES", "US", "GB"]},
                            "document_number": "string"}}
DIPLOMA_SCHEMA = {"name": "Diploma", "version": "1.0",
                  "attributes": {"family_name": "string", "degree": "string", "grade": "integer",
                                 "graduation_date": "date"}}
EU = ["AT", "BE", "DE", "ES", "FR", "IT", "NL", "PT"]

_T = TypeVar("_T")


def _ms(t: float) -> str:
    return f"{t * 1e3:.2f} ms"


def run(out: Callable[[str], None] = print) -> int:
    """Tell the story; return 0 when every step behaved as expected, 1 otherwise."""
    ok = True
    timings: list[tuple[str, float]] = []

    def step(label: str, fn: Callable[[], _T]) -> _T:
        t0 = time.perf_counter()
        value = fn()
        t = time.perf_counter() - t0
        timings.append((label, t))
        return value

    today = dt.date.today()
    adult = today.replace(year=today.year - 18) if not (today.month == 2 and today.day == 29) \
        else today.replace(year=today.year - 18, day=28)
    out("zkcred credential demo -- BBS (draft-irtf-cfrg-bbs-signatures, blind issuance) + LegoGroth16 predicates")
    out("")
    out("1. The ISSUERS publish their schemas and keys.")
    id_schema, dip_schema = Schema.from_json(ID_SCHEMA), Schema.from_json(DIPLOMA_SCHEMA)
    out(f"   schema IdentityCard 1.0: {id_schema.id}")
    city_hall = step("issuer create (BBS keys + predicate keys)",
                     lambda: Issuer.create(id_schema, progress=lambda m: out(f"     ... {m}")))
    university = step("issuer create (diploma)", lambda: Issuer.create(dip_schema))
    out(f"   City Hall  -> {city_hall.id}   [{_ms(timings[0][1])}]")
    out(f"   University -> {university.id}")
    pub_doc = city_hall.public().to_json(proving_keys=False)
    out(f"   the verifier's copy of City Hall's document: {len(pub_doc):,} bytes "
        f"(with the holders' proving keys: {len(city_hall.public().to_json()):,} bytes)")

    out("")
    out("2. The HOLDER makes a link secret and obtains an identity card BLINDLY (the issuer never sees the secret).")
    alice = Holder.create()
    offer = step("holder: blind request", lambda: alice.request_credential(city_hall.public()))
    out(f"   offer to the issuer: commitment + proof of knowledge, {len(offer.to_json())} bytes")
    attrs = {"given_name": "Alice", "family_name": "Liddell", "birth_date": "1999-05-04", "nationality": "FR",
             "document_number": "FR-4831-0027"}
    issued = step("issuer: check commitment + blind sign", lambda: city_hall.issue(offer, attrs))
    idcard = step("holder: check signature + store", lambda: alice.store(issued, offer))
    out(f"   issued and checked: {json.dumps(attrs)}")
    out("   ... and a diploma from the University, bound to the same link secret.")
    offer2 = alice.request_credential(university.public())
    diploma = alice.store(university.issue(offer2, {"family_name": "Liddell", "degree": "MSc Mathematics",
                                                     "grade": 17, "graduation_date": "2022-07-01"}), offer2)

    out("")
    out(f"3. The VERIFIER asks: given name, born on or before {adult} (age >= 18), nationality in {EU},")
    out("   and a diploma with grade between 12 and 20 held by the same person (same family name, same link secret).")
    request = PresentationRequest.create([
        {"id": "idcard", "schema": id_schema.id, "issuers": [city_hall.id], "disclose": ["given_name"],
         "predicates": [{"attribute": "birth_date", "op": "<=", "value": adult.isoformat()},
                        {"attribute": "nationality", "op": "in", "value": EU}]},
        {"id": "diploma", "schema": dip_schema.id, "issuers": [university.id], "disclose": ["degree"],
         "predicates": [{"attribute": "grade", "op": "between", "value": [12, 20]}]}],
        verifier="https://shop.example", same=[["idcard.family_name", "diploma.family_name"]])
    verifier = Verifier([city_hall.public(), university.public()])

    out("")
    out("4. The HOLDER presents; the VERIFIER checks.")
    pres = step("holder: present (first: makes the 3 LegoGroth16 proofs)", lambda: alice.present(request, [idcard, diploma]))
    text = pres.to_json()
    out(f"   presentation: {len(text):,} bytes; it shows only {json.dumps(pres.disclosed())}")
    try:
        disclosed = step("verifier: verify (one multi-pairing)", lambda: verifier.verify(request, text))
        out(f"   ACCEPTED, disclosed: {json.dumps(disclosed)}")
    except (VerificationError, DecodeError) as e:
        out(f"   UNEXPECTED REJECTION: {e}")
        ok = False
    request2 = PresentationRequest.create(
        [dict(c.to_obj()) for c in request.credentials], verifier="https://shop.example",
        same=[["idcard.family_name", "diploma.family_name"]])
    pres2 = step("holder: present again (re-randomised proofs)", lambda: alice.present(request2, [idcard, diploma]))
    step("verifier: verify again", lambda: verifier.verify(request2, pres2))
    out("   a second request (fresh nonce): presented from re-randomised proofs, unlinkable to the first; ACCEPTED")

    out("")
    out("5. Cheaters are rejected.")
    mallory = Holder.create()
    offer_m = mallory.request_credential(city_hall.public())
    young = mallory.store(city_hall.issue(offer_m, {**attrs, "given_name": "Mallory", "birth_date":
                                                    (today.replace(year=today.year - 16)).isoformat()}), offer_m)
    offer_d = mallory.request_credential(university.public())
    mal_diploma = mallory.store(university.issue(offer_d, {"family_name": "Liddell", "degree": "MSc Mathematics",
                                                           "grade": 17, "graduation_date": "2022-07-01"}), offer_d)
    attempts: list[tuple[str, Callable[[], object]]] = []
    try:
        mallory.present(request, [young, mal_diploma])
        out("   a 16-year-old's presentation: MADE (unexpected)")
        ok = False
    except PredicateFalse as e:
        out(f"   Mallory, 16, asks her software for a presentation: REFUSED ({e})")

    def tampered(edit: Callable[[dict], None]) -> str:
        doc = json.loads(text)
        edit(doc)
        return json.dumps(doc)

    other = json.loads(pres2.to_json())
    attempts += [
        ("replayed under a fresh nonce", lambda: verifier.verify(request2, text)),
        ("replayed with the fresh request's digest written in",
         lambda: verifier.verify(request2, tampered(lambda d: d.update(request=request2.digest.hex())))),
        ("disclosed name changed to 'Mallory'",
         lambda: verifier.verify(request, tampered(lambda d: d["credentials"][0]["disclosed"].update(
             given_name="Mallory")))),
        ("age proof swapped in from another presentation",
         lambda: verifier.verify(request, tampered(lambda d: d["credentials"][0]["predicates"][0].update(
             other["credentials"][0]["predicates"][0])))),
        ("diploma's signature proof swapped in from another presentation",
         lambda: verifier.verify(request, tampered(lambda d: d["credentials"][1].update(
             signature=other["credentials"][1]["signature"])))),
        ("a predicate proof removed",
         lambda: verifier.verify(request, tampered(lambda d: d["credentials"][1]["predicates"].clear()))),
    ]
    attempts.append(("Alice's identity card with Mallory's diploma, all their secrets pooled",
                     lambda: verifier.verify(request, _mixed(alice, mallory, request, idcard, mal_diploma))))
    for label, attempt in attempts:
        try:
            attempt()
            out(f"   {label}: ACCEPTED (unexpected)")
            ok = False
        except (VerificationError, DecodeError) as e:
            out(f"   {label}: REJECTED ({e})")

    out("")
    out("Timings on this machine (single thread):")
    for label, t in timings:
        out(f"   {label:<58} {_ms(t):>10}")
    out("")
    out("Story complete." if ok else "Story FAILED.")
    return 0 if ok else 1


def _mixed(alice: Holder, mallory: Holder, request: PresentationRequest, idcard, mal_diploma) -> str:
    """The strongest colluders: Alice and Mallory pool every secret they have (both link secrets, both
    credentials) and run the prover on the verifier's own statement. The link-secret equality needs one response
    for two different secrets, so the verifier's recomputed challenge cannot match."""
    from ..credentials.presentation import Presentation, build_statements
    from ..proofs import BBSWitness, prove
    from ..proofs.legogroth16 import LegoWitness
    creds, holders = [idcard, mal_diploma], [alice, mallory]
    pubs = [h.issuers[c.issuer] for h, c in zip(holders, creds)]
    disclosed = [{a: c.attributes[a] for a in creq.disclose} for creq, c in zip(request.credentials, creds)]
    spec, layouts = build_statements(request, pubs, disclosed)
    witnesses: list = [BBSWitness.from_signature(c.signature, [*lay.issuer.schema.encode_attributes(c.attributes),
                                                                c.prover_blind, h._link])
                       for lay, c, h in zip(layouts, creds, holders)]
    for lay, c, h in zip(layouts, creds, holders):
        witnesses += [h._predicate_witness(c, lay.issuer, pred) for pred in lay.predicates]
    return Presentation.from_proof(request, layouts, prove(spec, witnesses)).to_json()


if __name__ == "__main__":
    raise SystemExit(run())
