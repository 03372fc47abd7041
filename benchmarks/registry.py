"""The revocation accumulator (zkcred.registry.accumulator) and its membership proof (zkcred.proofs.accumulator).

Issuer: revoke 1 and 100 (one batch removal with its Omega), with and without encoding the update data. Holder:
decode the published update, update a witness over 100 removals (one epoch, and ten epochs of ten). Presentation:
a composite proof with one BBS statement (5 messages, 1 disclosed), with and without the linked membership
statement, proved and verified; the difference is non-revocation's added cost. Bytes published per revocation.
Single thread. Targets (issue 9): batch of 100 revocations <= 10 ms, witness update over 100 removals <= 2 ms,
<= 0.5 ms added to present and to verify, <= 100 bytes per revocation. Run: ``python -m benchmarks registry``.
"""
from __future__ import annotations

import os

from ._harness import Table, median_time

Z = "zkcred"


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def run(quick: bool = False) -> list[Table]:
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
    t.add("holder: decode the update (100 removals)", zkcred=median_time(lambda: UpdateData.from_bytes(blob),
                                                                          min_seconds=secs))
    tw = median_time(lambda: holder.update([u100]), min_seconds=secs)
    t.add("holder: witness update over 100 removals", zkcred=tw)
    t.add("holder: witness update over 10 epochs of 10", zkcred=median_time(lambda: holder.update(u10x10),
                                                                             min_seconds=secs))
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
        f"witness update over 100 removals: {tw * 1e3:.2f} ms (target <= 2 ms: {_verdict(tw <= 2e-3)})",
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


if __name__ == "__main__":   # pragma: no cover
    for table in run():
        print(table.render())
