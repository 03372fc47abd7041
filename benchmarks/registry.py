"""The revocation accumulator (zkcred.registry.accumulator) and its membership proof (zkcred.proofs.accumulator).

Issuer: revoke 1 and 100 (one batch removal with its Omega), with and without encoding the update data. Holder:
decode the published update, update a witness over 100 removals (one epoch, and ten epochs of ten). Presentation:
a composite proof with one BBS statement (5 messages, 1 disclosed), with and without the linked membership
statement, proved and verified; the difference is non-revocation's added cost. Bytes published per revocation.
Single thread, except the rows that say "all cores" (the holder's decode and update split their work over the
threads inside the native call). Targets (issue 9): batch of 100 revocations <= 10 ms, witness update over 100
removals <= 2 ms (also reported with the decoding and with the pairing check of the new witness, which the issue's
measure -- anoncreds's update -- does not include), <= 0.5 ms added to present and to verify, <= 100 bytes per
revocation.
Run: ``python -m benchmarks registry``.

The full credential presentation (issue 9, item 8): the statement of benchmarks/credentials.py (5 attributes, 2
disclosed, 1 predicate) from a revocable issuer, presented and verified with and without "not_revoked" (the
difference is non-revocation's added cost in the real presentation: JSON, the membership sub-proof in the
composite transcript, its pairing folded into the one multi-pairing), against AnonCreds (anoncreds-rs, CL_ACCUM
tails registry of 1,000 slots) on the same statement with and without its non-revocation proof, interleaved in
the same run; issuer revoke 1 / 100, holder witness update over 100 removals, first witness and bytes published,
for both. Gas per registry update on anvil (a revocation's update data and state, alone and batched by 100).
Targets: the above, plus a presentation with a predicate and non-revocation >= 10x faster than AnonCreds's to
create and to verify, and <= 1/4 of its size.
"""
from __future__ import annotations

import os
import time

from ._harness import Table, median_time

Z = "zkcred"


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _cpu_medians(fns: dict, runs: int) -> dict:
    """Median CPU time (time.process_time) of each function, the functions interleaved run by run."""
    import statistics
    out: dict = {k: [] for k in fns}
    for f in fns.values():
        f()
    for _ in range(runs):
        for k, f in fns.items():
            t0 = time.process_time()
            f()
            out[k].append(time.process_time() - t0)
    return {k: statistics.median(v) for k, v in out.items()}


def run(quick: bool = False) -> list:
    return [*_accumulator_tables(quick), *_full_presentation(quick), _gas(quick)]


def _accumulator_tables(quick: bool) -> list[Table]:
    from zkcred.bbs import _api, _core
    from zkcred.bbs._suite import BLS12_381_SHA_256 as SUITE
    from zkcred.bls12_381 import Fr
    from zkcred.proofs import BBSSignaturePoK, BBSWitness, ProofSpec, prove, verify
    from zkcred.proofs.accumulator import AccumulatorMembership
    from zkcred.registry import Accumulator, UpdateData

    secs = 0.3 if quick else 1.5
    ys = [Fr.random() for _ in range(1200)]
    acc = Accumulator.create(ys)
    state = acc.to_bytes()
    holder = acc.witness(ys[0])

    def revoke(k: int):
        return Accumulator.from_bytes(state).batch_remove(ys[1:1 + k])

    t = Table("Revocation accumulator (positive VB, batch updates): issuer and holder", [Z])
    t1 = median_time(lambda: revoke(1), min_seconds=secs)
    t100 = median_time(lambda: revoke(100), min_seconds=secs)
    t.add("issuer: revoke 1 (one epoch)", zkcred=t1)
    t.add("issuer: revoke 100 (one batch, Omega)", zkcred=t100)
    t.add("issuer: revoke 100 + encode the update", zkcred=median_time(lambda: revoke(100).to_bytes(),
                                                                        min_seconds=secs))
    u100 = revoke(100)
    blob = u100.to_bytes()
    a10 = Accumulator.from_bytes(state)
    u10x10 = [a10.batch_remove(ys[1 + 10 * i:11 + 10 * i]) for i in range(10)]
    from zkcred.groth16._ntt import default_threads
    nt = default_threads()
    t.add("holder: decode the update (100 removals)", zkcred=median_time(lambda: UpdateData.from_bytes(blob, threads=1),
                                                                          min_seconds=secs))
    tw = median_time(lambda: holder.update([u100], threads=1), min_seconds=secs)
    t.add("holder: witness update over 100 removals", zkcred=tw)
    t.add("holder: witness update over 10 epochs of 10", zkcred=median_time(lambda: holder.update(u10x10, threads=1),
                                                                             min_seconds=secs))
    pub = acc.public

    def whole_update(data: bytes = blob, threads: int = 1):
        holder.update([UpdateData.from_bytes(data, threads=threads)], threads=threads).verify(pub)
    tall = median_time(whole_update, min_seconds=secs)
    t.add("holder: decode + update + verify the new witness (100 removals)", zkcred=tall)
    t.add(f"holder: decode the update, all cores ({nt} threads)",
          zkcred=median_time(lambda: UpdateData.from_bytes(blob, threads=nt), min_seconds=secs))
    twn = median_time(lambda: holder.update([u100], threads=nt), min_seconds=secs)
    t.add(f"holder: witness update over 100 removals, all cores ({nt} threads)", zkcred=twn)
    tdun = median_time(lambda: holder.update([UpdateData.from_bytes(blob, threads=nt)], threads=nt),
                       min_seconds=secs)
    t.add(f"holder: decode + update, all cores ({nt} threads)", zkcred=tdun)
    talln = median_time(lambda: whole_update(threads=nt), min_seconds=secs)
    t.add(f"holder: decode + update + verify, all cores ({nt} threads)", zkcred=talln)
    cpu = _cpu_medians({"decode": lambda: UpdateData.from_bytes(blob, threads=1),
                        "update": lambda: holder.update([u100], threads=1),
                        "verify": lambda: holder.verify(pub), "all": whole_update}, 15 if quick else 60)
    u1 = revoke(1)
    t.add("holder: witness update over 1 removal", zkcred=median_time(lambda: holder.update([u1]),
                                                                       min_seconds=secs))
    t.add("holder: verify a witness (pairing)", zkcred=median_time(lambda: holder.verify(acc.public),
                                                                    min_seconds=secs))
    t.add("issuer: issue a witness", zkcred=median_time(lambda: acc.witness(ys[5]), min_seconds=secs))
    g, k = acc.value, Fr.random()
    ref = median_time(lambda: g * k, min_seconds=secs)
    t.add("reference: one constant-time G1 multiplication", zkcred=ref)
    per_rev = len(blob) / 100
    one = len(revoke(1).to_bytes())
    t.notes += [
        f"bytes published per revocation: {per_rev:.2f} B in a batch of 100 ({len(blob):,} B), {one} B alone "
        f"(target <= 100 B batched: {_verdict(per_rev <= 100)})",
        f"batch of 100 revocations: {t100 * 1e3:.2f} ms (target <= 10 ms: {_verdict(t100 <= 10e-3)}); "
        f"witness update over 100 removals (the issue's measure, and what anoncreds's update does): "
        f"{tw * 1e3:.2f} ms on one thread, {twn * 1e3:.2f} ms on all cores (target <= 2 ms: "
        f"{_verdict(min(tw, twn) <= 2e-3)}); with the decoding of the published update (all the holder does with "
        f"it): {tdun * 1e3:.2f} ms on all cores (<= 2 ms: {_verdict(tdun <= 2e-3)}); and with the pairing check of "
        f"the new witness too (a safety check past the issue's measure, which anoncreds does not make; what "
        f"Holder.update does for one epoch): {tall * 1e3:.2f} ms on one thread, {talln * 1e3:.2f} ms on all cores "
        f"({nt} threads; <= 2 ms: {_verdict(min(tall, talln) <= 2e-3)})",
        "holder over 100 removals on one thread in CPU time (process_time medians, immune to the shared machine's "
        "preemption, "
        "which inflates wall times of several ms most): decode {decode:.2f} + update {update:.2f} + verify "
        "{verify:.2f} ms; all three in one call {all:.2f} ms (<= 2 ms: {v}); decode + update {du:.2f} ms"
        .format(**{k: x * 1e3 for k, x in cpu.items()}, du=(cpu["decode"] + cpu["update"]) * 1e3,
                v=_verdict(cpu["all"] <= 2e-3)),
        "no cost grows with the registry's capacity: the holder's cost is linear in the changes it crosses",
        f"in units of the reference row (machine load scales both): batch of 100 = {t100 / ref:.0f}, holder update "
        f"over 100 = {tw / ref:.0f} constant-time G1 multiplications",
    ]

    # ---- non-revocation's added cost to a presentation
    sk = _api.keygen(os.urandom(32), suite=SUITE)
    pk, skf = _api.sk_to_pk(sk, suite=SUITE), Fr.from_bytes(sk)
    L, REV = 5, 4
    gens = SUITE.create_generators(L + 1, SUITE.api_id)
    msgs = [Fr.random() for _ in range(L - 1)] + [ys[0]]
    bw = BBSWitness.from_signature(_core.core_sign(skf, pk, gens, b"", msgs, SUITE.api_id, SUITE), msgs)
    bbs = BBSSignaturePoK(pk, gens, b"", SUITE.api_id, SUITE, {0: msgs[0]})
    plain = ProofSpec([bbs], [], b"bench")
    revs = ProofSpec([bbs, AccumulatorMembership(acc.public, acc.value)], [[(0, REV), (1, 0)]], b"bench")
    p0, p1 = prove(plain, [bw]), prove(revs, [bw, holder])
    verify(revs, p1)
    p = Table("Non-revocation's added cost to a presentation (BBS, 5 messages, 1 disclosed)", [Z])
    pr0 = median_time(lambda: prove(plain, [bw]), min_seconds=secs)
    pr1 = median_time(lambda: prove(revs, [bw, holder]), min_seconds=secs)
    v0 = median_time(lambda: verify(plain, p0), min_seconds=secs)
    v1 = median_time(lambda: verify(revs, p1), min_seconds=secs)
    p.add("present: BBS only", zkcred=pr0)
    p.add("present: BBS + non-revocation", zkcred=pr1)
    p.add("verify: BBS only", zkcred=v0)
    p.add("verify: BBS + non-revocation", zkcred=v1)
    p.notes += [
        f"added to present: {(pr1 - pr0) * 1e3:.3f} ms (target <= 0.5 ms: {_verdict(pr1 - pr0 <= 0.5e-3)}); "
        f"added to verify: {(v1 - v0) * 1e3:.3f} ms (target <= 0.5 ms: {_verdict(v1 - v0 <= 0.5e-3)})",
        "the membership sub-proof: C', Cbar (2 G1) and s_r (1 Fr): 128 bytes compressed, 224 uncompressed; y's "
        "response is the BBS proof's",
    ]
    return [t, p]


# ---- the full credential presentation, zkcred and anoncreds with revocation ------------------------------------

AC = "anoncreds (CL_ACCUM, 1,000 slots)"
TARGET_SPEEDUP, TARGET_SIZE = 10.0, 0.25
AC_SLOTS = 1000


class _Zk:
    """A revocable issuer (no ledger: the verifier is given the registry state), a holder, 101 other credentials'
    handles to revoke, and the statement of benchmarks/credentials.py (5 attributes, 2 disclosed, 1 predicate)."""

    def __init__(self) -> None:
        from zkcred.credentials import Holder, Issuer, PresentationRequest, Schema
        from .credentials import SMALL, _zk_predicates
        self.schema = Schema.from_json({"name": "IdentityCard5r", "version": "1.0", "attributes": SMALL["schema"]})
        self.issuer = Issuer.create(self.schema, revocable=True)
        self.pub = self.issuer.public()
        self.holder = Holder.create()
        offer = self.holder.request_credential(self.pub)
        self.cred = self.holder.store(self.issuer.issue(offer, SMALL["values"]), offer)
        self.others = []
        for _ in range(101):
            o = self.holder.request_credential(self.pub)
            self.others.append(self.issuer.issue(o, SMALL["values"]).revocation.id)
        entry = {"id": "idcard", "schema": self.schema.id, "issuers": [self.pub.id],
                 "disclose": ["given_name", "family_name"], "predicates": _zk_predicates(False)}
        self.plain = PresentationRequest.create([entry], verifier="bench-verifier")
        self.rev = PresentationRequest.create([{**entry, "not_revoked": True}], verifier="bench-verifier")
        self.refresh()

    def refresh(self) -> None:
        from zkcred.credentials import Verifier
        self.verifier = Verifier([self.pub], registry_states=[self.issuer.registry.state()])

    def present(self, revoked: bool) -> str:
        return self.holder.present(self.rev if revoked else self.plain, [self.cred]).to_json()

    def verify(self, text: str, revoked: bool) -> None:
        self.verifier.verify(self.rev if revoked else self.plain, text)


class _Ac:
    """The same statement in AnonCreds with a CL_ACCUM revocation registry (RESULTS.md 3b names the API)."""

    ISSUER = "did:web:issuer.zkcred.example"

    def __init__(self, tails_dir: str) -> None:
        import anoncreds as ac
        from .credentials import SMALL, _ac_predicates
        self.ac = ac
        self.schema_id = f"{self.ISSUER}/schemas/IdentityCard5r/1.0"
        self.cd_id = f"{self.ISSUER}/credential-definitions/IdentityCard5r/revocable"
        self.rr_id = f"{self.ISSUER}/revocation-registries/IdentityCard5r/1"
        values = SMALL["ac_values"]
        self.schema = ac.Schema.create("IdentityCard5r", "1.0", self.ISSUER, list(values))
        self.cred_def, self.cd_pvt, kcp = ac.CredentialDefinition.create(
            self.schema_id, self.schema, self.ISSUER, "revocable", "CL", support_revocation=True)
        t0 = time.perf_counter()
        self.rr_def, self.rr_pvt = ac.RevocationRegistryDefinition.create(
            self.cd_id, self.cred_def, self.ISSUER, "1", "CL_ACCUM", AC_SLOTS, tails_dir_path=tails_dir)
        self.rr_create = time.perf_counter() - t0
        self.tails = self.rr_def.tails_location
        self.ts = int(time.time()) - 1000
        self.status = ac.RevocationStatusList.create(self.cred_def, self.rr_id, self.rr_def, self.rr_pvt,
                                                     self.ISSUER, True, self.ts)
        self.link = ac.create_link_secret()
        offer = ac.CredentialOffer.create(self.schema_id, self.cd_id, kcp)
        req, meta = ac.CredentialRequest.create("bench-holder-entropy", None, self.cred_def, self.link,
                                                "default", offer)
        self.idx = 1                                   # usable indexes: 1 .. N-1
        cfg = ac.CredentialRevocationConfig(self.rr_def, self.rr_pvt, self.status, self.idx)
        self.cred = ac.Credential.create(self.cred_def, self.cd_pvt, offer, req, values,
                                         revocation_config=cfg).process(meta, self.link, self.cred_def, self.rr_def)
        t0 = time.perf_counter()
        self.rev_state = ac.CredentialRevocationState.create(self.rr_def, self.status, self.idx, self.tails)
        self.first_witness = time.perf_counter() - t0
        restr = [{"cred_def_id": self.cd_id}]
        base = {"name": "bench", "version": "1.0",
                "requested_attributes": {"a1": {"name": "given_name", "restrictions": restr},
                                         "a2": {"name": "family_name", "restrictions": restr}},
                "requested_predicates": {k: {**v, "restrictions": restr} for k, v in _ac_predicates(False).items()}}
        self.preds = list(_ac_predicates(False))
        self.req_plain = ac.PresentationRequest.load({**base, "nonce": ac.generate_nonce()})
        self.req_rev = ac.PresentationRequest.load({**base, "nonce": ac.generate_nonce(),
                                                    "non_revoked": {"from": self.ts, "to": self.ts}})

    def _creds(self, revoked: bool):
        creds = self.ac.PresentCredentials()
        kw = {"timestamp": self.ts, "rev_state": self.rev_state} if revoked else {}
        creds.add_attributes(self.cred, "a1", "a2", reveal=True, **kw)
        creds.add_predicates(self.cred, *self.preds, **kw)
        return creds

    def present(self, revoked: bool) -> str:
        return self.ac.Presentation.create(self.req_rev if revoked else self.req_plain, self._creds(revoked), {},
                                           self.link, {self.schema_id: self.schema},
                                           {self.cd_id: self.cred_def}).to_json()

    def verify(self, text: str, revoked: bool) -> None:
        pres = self.ac.Presentation.load(text)
        if revoked:
            ok = pres.verify(self.req_rev, {self.schema_id: self.schema}, {self.cd_id: self.cred_def},
                             {self.rr_id: self.rr_def}, [self.status])
        else:
            ok = pres.verify(self.req_plain, {self.schema_id: self.schema}, {self.cd_id: self.cred_def})
        if not ok:
            raise AssertionError("anoncreds rejected its own presentation")

    def revoke(self, indexes: list[int]):
        return self.status.update(self.cred_def, self.rr_def, self.rr_pvt, None, indexes, self.ts + 1)

    def update_witness(self, new_status) -> None:
        self.ac.CredentialRevocationState.create(self.rr_def, new_status, self.idx, self.tails, self.rev_state,
                                                 self.status)


def _paired(fa, fb, seconds: float, inner: int) -> tuple[float, float, float]:
    """Medians of fa's and fb's time per call and of the per-pair difference fb - fa, over pairs of groups of
    ``inner`` calls timed back to back (the order alternating) until ``seconds`` have passed (at least 7 pairs)."""
    import statistics
    fa(), fb()
    ta: list[float] = []
    tb: list[float] = []
    start = time.perf_counter()
    while len(ta) < 7 or time.perf_counter() - start < seconds:
        for f, out in ((fa, ta), (fb, tb)) if len(ta) % 2 == 0 else ((fb, tb), (fa, ta)):
            t0 = time.perf_counter()
            for _ in range(inner):
                f()
            out.append((time.perf_counter() - t0) / inner)
    diff = [b - a for a, b in zip(ta, tb)]
    return statistics.median(ta), statistics.median(tb), statistics.median(diff)


def _full_presentation(quick: bool) -> list:
    import tempfile

    from zkcred.registry import Witness
    from .credentials import SizeTable, _anoncreds_missing, _median_with_setup

    secs = 0.3 if quick else 1.0
    inner = 3 if quick else 10
    zk = _Zk()
    why = _anoncreds_missing()
    tmp = tempfile.TemporaryDirectory(prefix="zkcred-bench-tails-")
    ac = None if why else _Ac(tmp.name)
    texts = {(sys_, r): (zk if sys_ == "zk" else ac).present(r) for sys_ in ("zk", "ac") if sys_ == "zk" or ac
             for r in (False, True)}
    for (sys_, r), text in texts.items():
        (zk if sys_ == "zk" else ac).verify(text, r)          # a benchmark of something that fails measures nothing
    # paired: each sample times "without" and "with" back to back (alternating which goes first), so a burst of
    # load on the shared machine hits both alike; the added cost is the median of the per-pair differences
    med: dict = {}
    for s_ in ("zk", "ac"):
        if s_ == "ac" and ac is None:
            continue
        obj = zk if s_ == "zk" else ac
        for op in ("present", "verify"):
            fns = [(lambda o=obj, r=r: o.present(r)) if op == "present" else
                   (lambda o=obj, r=r, t=texts[(s_, r)]: o.verify(t, r)) for r in (False, True)]
            a, b, d = _paired(fns[0], fns[1], secs * (3 if s_ == "ac" else 2), inner if s_ == "zk" else 1)
            med[(s_, op, False)], med[(s_, op, True)], med[(s_, op, "added")] = a, b, d

    t = Table("Full credential presentation (5 attributes, 2 disclosed, 1 predicate) with non-revocation: zkcred "
              "vs anoncreds with revocation", [Z, AC])
    for op in ("present", "verify"):
        for r in (False, True):
            t.add(f"{op} ({'WITH' if r else 'without'} non-revocation)", **{Z: med[("zk", op, r)],
                                                                           AC: med[("ac", op, r)]})
        t.add(f"{op}: added by non-revocation (median of paired differences)",
              **{Z: med[("zk", op, "added")], AC: med.get(("ac", op, "added"))})

    # issuer and holder, both systems (zkcred: the registry of the credential layer, its Omega update data)
    state = zk.issuer.registry.to_obj()
    from zkcred.registry import RevocationRegistry
    from zkcred._fields import Obj

    def zk_revoke(k: int):
        reg = RevocationRegistry.from_obj(Obj(state, "r"))
        return reg.revoke(zk.others[:k])

    # the registry is copied before each call, untimed (its decoding and the key's G2 multiplication are not a
    # revocation's cost)
    def copy_registry():
        return RevocationRegistry.from_obj(Obj(state, "r"))
    runs, grp = (3, 3) if quick else (7, 10)
    zr1 = _median_with_setup(copy_registry, lambda r: r.revoke(zk.others[:1]), runs, grp)
    zr100 = _median_with_setup(copy_registry, lambda r: r.revoke(zk.others[:100]), runs, grp)
    st100, upd100 = zk_revoke(100)
    from zkcred.registry import UpdateData
    u = UpdateData.from_bytes(upd100)
    w = zk.cred.revocation.witness
    from zkcred.groth16._ntt import default_threads
    nt = default_threads()
    zw = median_time(lambda: w.update([u], threads=1), min_seconds=secs)
    zd = median_time(lambda: UpdateData.from_bytes(upd100, threads=1), min_seconds=secs)
    rpub = zk.pub.revocation

    def zk_whole(threads: int):
        w.update([UpdateData.from_bytes(upd100, threads=threads)], threads=threads).verify(rpub)
    zall = median_time(lambda: zk_whole(1), min_seconds=secs)
    zalln = median_time(lambda: zk_whole(nt), min_seconds=secs)
    y = Witness(w.y, w.C, w.value)
    zfirst = median_time(lambda: zk.issuer.registry.acc.witness(y.y), min_seconds=secs)
    t.add("issuer: revoke 1 (zkcred: one epoch's update data; anoncreds: status list update)",
          **{Z: zr1, AC: median_time(lambda: ac.revoke([2]), min_seconds=secs) if ac else None})
    t.add("issuer: revoke 100 in one batch", **{Z: zr100, AC: median_time(lambda: ac.revoke(list(range(2, 102))),
                                                                          min_seconds=secs) if ac else None})
    ac_new = ac.revoke(list(range(2, 102))) if ac else None
    t.add("holder: witness update over 100 removals",
          **{Z: zw, AC: median_time(lambda: ac.update_witness(ac_new), min_seconds=secs) if ac else None})
    t.add("holder: decode the published update (zkcred: 100 removals, Omega on-curve checks)", **{Z: zd, AC: None})
    t.add("holder: decode + update + verify the new witness (zkcred: 100 removals, what Holder.update does)",
          **{Z: zall, AC: None})
    t.add(f"holder: the same on all cores (zkcred: {nt} threads in the decode and the update)", **{Z: zalln, AC: None})
    t.add(f"holder: first witness (zkcred: issuer's C = V/(y+alpha); anoncreds: from the tails file, {AC_SLOTS:,} "
          "slots)", **{Z: zfirst, AC: ac.first_witness if ac else None})
    if ac:
        t.add(f"registry definition create (anoncreds: writes the {AC_SLOTS:,}-slot tails file; zkcred: "
              "accumulate a 1,024-handle block)", **{Z: median_time(lambda: RevocationRegistry.create("x"),
                                                                    min_seconds=secs), AC: ac.rr_create})
    add_p, add_v = med[("zk", "present", "added")], med[("zk", "verify", "added")]
    t.notes.append(f"non-revocation adds {add_p * 1e3:.3f} ms to present and {add_v * 1e3:.3f} ms to verify (target "
                   f"<= 0.5 ms each: present {_verdict(add_p <= 0.5e-3)}, verify {_verdict(add_v <= 0.5e-3)})")
    if ac:
        sp = med[("ac", "present", True)] / med[("zk", "present", True)]
        sv = med[("ac", "verify", True)] / med[("zk", "verify", True)]
        t.notes.append(f"with a predicate and non-revocation: {sp:.1f}× faster to present, {sv:.1f}× to verify than "
                       f"anoncreds (target >= {TARGET_SPEEDUP:.0f}×: present {_verdict(sp >= TARGET_SPEEDUP)}, "
                       f"verify {_verdict(sv >= TARGET_SPEEDUP)})")
    else:
        t.notes.append(why or "")
    t.notes.append(f"batch of 100 revocations {zr100 * 1e3:.2f} ms (target <= 10 ms: {_verdict(zr100 <= 10e-3)}); "
                   f"witness update over 100 removals {zw * 1e3:.2f} ms on one thread (the issue's measure, as "
                   f"anoncreds's; target <= 2 ms: {_verdict(zw <= 2e-3)}); with decoding and the new witness's "
                   f"pairing check (past the issue's measure) {zall * 1e3:.2f} ms on one thread, "
                   f"{zalln * 1e3:.2f} ms on all cores ({nt} threads; <= 2 ms: "
                   f"{_verdict(min(zall, zalln) <= 2e-3)}); one thread everywhere else in this table")
    t.notes.append("zkcred present = re-randomised cached predicate proof (later presentations); with and without "
                   "non-revocation timed in alternating pairs (zkcred: groups of "
                   f"{inner} calls); the machine is shared (2 cores, several sessions): noisy")

    sizes = SizeTable("Revocation: presentation sizes and bytes published (zkcred vs anoncreds with revocation)")
    sizes.rows = []
    zs = {r: len(texts[("zk", r)]) for r in (False, True)}
    acs = {r: len(texts[("ac", r)]) for r in (False, True)} if ac else {False: None, True: None}
    sizes.add("presentation, without non-revocation", zs[False], acs[False])
    sizes.add("presentation, WITH non-revocation", zs[True], acs[True])
    per = len(upd100) / 100
    ac_list = len(ac_new.to_json()) if ac else None
    sizes.add("published for a batch of 100 revocations (zkcred: update data; anoncreds: status list)", len(upd100),
              ac_list)
    sizes.add("published per revocation, batched by 100", round(per), round(ac_list / 100) if ac_list else None)
    sizes.notes.append(f"anoncreds republishes its whole status list at every update, however few are revoked: "
                       f"{ac_list or 0:,} B at {AC_SLOTS:,} slots (about 20 KB at 10,000); zkcred's update data grow "
                       "with the revocations only")
    sizes.add("published for 1 revocation (zkcred: update data + state; anoncreds: status list)",
              len(zk_revoke(1)[1]) + len(st100.to_json()), len(ac.revoke([2]).to_json()) if ac else None)
    sizes.notes.append(f"zkcred: {per:.2f} B per revocation batched by 100 (target <= 100 B: {_verdict(per <= 100)}); "
                       f"plus one {len(st100.to_json())} B registry state per epoch; {len(u.removed)} removals")
    if ac:
        ratio = zs[True] / acs[True]
        sizes.notes.append(f"presentation with non-revocation: zkcred/anoncreds = {ratio:.3f} (target <= 1/4: "
                           f"{_verdict(ratio <= TARGET_SIZE)}); anoncreds holders also fetch a {AC_SLOTS * 256:,} B "
                           f"tails file ({AC_SLOTS:,} slots × 256 B) and verifiers the whole status list")
    tmp.cleanup()
    return [t, sizes]


# ---- gas per registry update on anvil --------------------------------------------------------------------------

def _gas(quick: bool):
    from zkcred.credentials.issuer import registry_id, updates_record
    from zkcred.registry import RevocationRegistry
    from .ledger_evm import GasTable
    table = GasTable("EVM ledger: gas per registry update (revocations; ZkcredRegistry on anvil, --hardfork prague)")
    try:
        from zkcred.ledger._anvil import AnvilNode, find_anvil
        from zkcred.ledger.evm import EvmLedger
    except ImportError as e:                     # web3 missing
        table.notes.append(f"no figures: {e}")
        return table
    if find_anvil() is None:
        table.notes.append("anvil not found: run `make peers` (npm @foundry-rs/anvil) — no figures")
        return table
    reg = RevocationRegistry.create("pending", block=256)
    reg.id = registry_id(reg.public, reg.state().value)
    for _ in range(101):
        reg.issue_handle()
    with AnvilNode.start() as node:
        led = EvmLedger.open(node.url, account=0)
        st0 = reg.state().to_json().encode()
        led.append(reg.id, "registry-state", st0, expect_version=0)      # as Issuer.publish / sync do
        table.add("registry created: state of epoch 0 (new record)", len(st0), led.last_gas_used)
        per_epoch = {}
        for k, ids in ((1, [0]), (100, list(range(1, 101)))):
            state, data = reg.revoke(ids)
            led.append(updates_record(reg.id), "registry-update", data, expect_version=state.epoch - 1)
            g_u = led.last_gas_used
            table.add(f"revoke {k}: update data ({'new record' if k == 1 else 'next version'})", len(data), g_u)
            sj = state.to_json().encode()
            led.append(reg.id, "registry-state", sj, expect_version=state.epoch)
            g_s = led.last_gas_used
            table.add(f"revoke {k}: registry state (next version)", len(sj), g_s)
            per_epoch[k] = g_u + g_s
        led.verify()
    table.notes += [
        f"one epoch = two appends (update data, then state): revoke 1 costs {per_epoch[1]:,} gas in all (the "
        f"update record's first version pays its two fresh storage slots); a batch of 100 {per_epoch[100]:,} gas, "
        f"{per_epoch[100] / 100:,.0f} gas per revocation",
        "under Prague (EIP-7623) calldata costs at least 40 gas per non-zero byte: the 80 B per revocation of update "
        "data dominate a large batch",
    ]
    return table


if __name__ == "__main__":   # pragma: no cover
    for table in run():
        print(table.render())
