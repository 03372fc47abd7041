"""MSM through the Python API (G1.msm / G2.msm variable time, G1.msm_ct constant time) against the plain sum
of scalar multiplications, and against py_ecc for small sums."""
from __future__ import annotations


import pytest

from zkcred.bls12_381 import CURVE_ORDER as R, Fr, G1, G2

from . import oracle as O


def plain_sum(cls, points, scalars):
    acc = cls.identity()
    for p, k in zip(points, scalars):
        acc = acc + p * k
    return acc


def random_points(cls, rng, n, distinct=None):
    g = cls.generator()
    base = [g.mul_var(rng.randrange(R)) for _ in range(distinct or n)]
    return [base[rng.randrange(len(base))] for _ in range(n)] if distinct else base


def edge_scalars(rng, n):
    pool = [0, 1, 2, R - 1, R - 2, (R - 1) // 2, 2 ** 64, 2 ** 128 + 1]
    return [pool[i] if i < len(pool) and rng.random() < 0.5 else rng.randrange(R) for i in range(n)]


MSMS = [("G1", G1, G1.msm_var), ("G2", G2, G2.msm_var), ("G1ct", G1, G1.msm_ct)]


@pytest.mark.parametrize("name,cls,msm", MSMS, ids=[m[0] for m in MSMS])
@pytest.mark.parametrize("n", [0, 1, 2, 3, 5, 17, 33, 64])
def test_small_and_odd_sizes(name, cls, msm, n, rng):
    pts = random_points(cls, rng, n)
    sc = edge_scalars(rng, n)
    assert msm(pts, sc) == plain_sum(cls, pts, sc)
    assert msm(pts, [Fr(k) for k in sc]) == plain_sum(cls, pts, sc)      # Fr and int scalars agree


@pytest.mark.parametrize("name,cls,msm", MSMS, ids=[m[0] for m in MSMS])
def test_special_inputs(name, cls, msm, rng):
    g = cls.generator()
    P, Q = g.mul_var(rng.randrange(R)), g.mul_var(rng.randrange(R))
    I = cls.identity()
    cases = [
        ([P], [0]), ([I], [5]), ([I, I], [0, 0]),
        ([P, P], [1, 1]), ([P, -P], [7, 7]), ([P, P], [R - 1, 1]), ([P, P, P], [3, 5, R - 8]),
        ([P, Q, P, Q], [1, 2, 3, 4]), ([P, I, Q], [R - 1, 9, 0]), ([P] * 9, list(range(9))),
        ([P, Q], [-1, R + 3]),                                            # ints outside [0, r) reduce
    ]
    for pts, sc in cases:
        assert msm(pts, sc) == plain_sum(cls, pts, sc), (len(pts), sc)


@pytest.mark.parametrize("name,cls,msm", MSMS, ids=[m[0] for m in MSMS])
def test_against_py_ecc(name, cls, msm, rng):
    pg = O.PG1 if cls is G1 else O.PG2
    ks = [rng.randrange(R) for _ in range(3)]
    sc = [rng.randrange(R) for _ in range(3)]
    ref = O.Z1 if cls is G1 else O.Z2
    for k, s in zip(ks, sc):
        ref = O.add(ref, O.multiply(pg, k * s % R))
    assert O.same(msm([cls.generator() * k for k in ks], sc), ref)


@pytest.mark.parametrize("cls", [G1, G2])
@pytest.mark.parametrize("n", [255, 1000, 1025])
def test_larger_sizes_with_repeats(cls, n, rng):
    pts = random_points(cls, rng, n, distinct=n // 4)                      # many repeated points
    pts[::37] = [cls.identity()] * len(pts[::37])                           # and identity points
    sc = [rng.randrange(R) if i % 11 else 0 for i in range(n)]              # and zero scalars
    sc[5] = R - 1
    assert cls.msm_var(pts, sc) == plain_sum(cls, pts, sc)


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_threads_agree(threads, rng):
    pts = random_points(G1, rng, 700)
    sc = [rng.randrange(R) for _ in pts]
    assert G1.msm_var(pts, sc, threads=threads) == plain_sum(G1, pts, sc)
    q = random_points(G2, rng, 60)
    assert G2.msm_var(q, sc[:60], threads=threads) == plain_sum(G2, q, sc[:60])


@pytest.mark.slow
def test_g1_msm_4096(rng):
    pts = random_points(G1, rng, 4096, distinct=1000)
    sc = [rng.randrange(R) for _ in pts]
    assert G1.msm_var(pts, sc) == plain_sum(G1, pts, sc) == G1.msm_var(pts, sc, threads=2)


def test_msm_ct_bbs_sized(rng):
    pts = random_points(G1, rng, 200)
    sc = [Fr(rng.randrange(R)) for _ in pts]
    assert G1.msm_ct(pts, sc) == plain_sum(G1, pts, sc) == G1.msm_var(pts, sc)


def test_msm_errors():
    g = G1.generator()
    with pytest.raises(ValueError):
        G1.msm_var([g, g], [1])
    with pytest.raises(ValueError):
        G1.msm_ct([g], [1, 2])
    with pytest.raises(TypeError):
        G1.msm_var([G2.generator()], [1])
    with pytest.raises(TypeError):
        G1.msm_var([g], [1.5])
    for bad in (0, -1, 10 ** 6, 1.5, None):
        with pytest.raises(ValueError, match="threads"):
            G1.msm_var([g], [1], threads=bad)


# ---- fixed-base tables (G1.fixed_table / G1.msm_fixed): the BBS generators' path -------------------------------

def _py_ecc_sum(pairs):
    """sum k * P over (P as a py_ecc multiple of the generator: its discrete log, k) pairs, in py_ecc."""
    ref = O.Z1
    for dlog, k in pairs:
        ref = O.add(ref, O.multiply(O.PG1, dlog * k % R))
    return ref


def test_msm_fixed_against_py_ecc(rng):
    dlogs = [rng.randrange(1, R) for _ in range(6)]
    table = G1.fixed_table([G1.generator() * d for d in dlogs])
    vd = [rng.randrange(1, R) for _ in range(2)]
    fs = [rng.randrange(R) for _ in dlogs]
    vs = [rng.randrange(R) for _ in vd]
    got = G1.msm_fixed_var(table, fs, [G1.generator() * d for d in vd], vs)
    assert O.same(got, _py_ecc_sum(list(zip(dlogs + vd, fs + vs))))
    # a prefix of the table, no other points
    assert O.same(G1.msm_fixed_var(table, fs[:3]), _py_ecc_sum(list(zip(dlogs[:3], fs[:3]))))


def test_msm_fixed_edge_scalars_and_identities(rng):
    g = G1.generator()
    P = g.mul_var(rng.randrange(R))
    pts = [P, g, G1.identity(), -P, g.mul_var(rng.randrange(R))]
    table = G1.fixed_table(pts)
    edge = [0, 1, 2, R - 1, R - 2, (R - 1) // 2, 2**127, 2**128 - 1, 2**128, 2**64 + 1, 2**255 % R]
    for _ in range(25):
        nf = rng.randrange(0, len(pts) + 1)
        nv = rng.randrange(0, 4)
        fs = [rng.choice(edge) if rng.random() < 0.6 else rng.randrange(R) for _ in range(nf)]
        vp = [rng.choice([P, -P, g, G1.identity(), g.mul_var(rng.randrange(R))]) for _ in range(nv)]
        vs = [rng.choice(edge) if rng.random() < 0.6 else rng.randrange(R) for _ in range(nv)]
        assert G1.msm_fixed_var(table, fs, vp, vs) == plain_sum(G1, pts[:nf] + vp, fs + vs), (fs, vs)
    # terms that cancel: P * k + (-P) * k, and P * (r - 1) + P
    assert G1.msm_fixed_var(table, [5, 0, 0, 5]).is_identity()
    assert G1.msm_fixed_var(table, [R - 1], [P], [1]).is_identity()
    assert G1.msm_fixed_var(table, []) == G1.identity()


def test_msm_fixed_bbs_sized(rng):
    pts = random_points(G1, rng, 13)
    table = G1.fixed_table(pts)
    for _ in range(3):
        fs = [rng.randrange(R) for _ in range(12)]
        D, r3 = pts[0].mul_var(rng.randrange(R)), rng.randrange(R)
        assert G1.msm_fixed_var(table, fs, [D], [r3]) == plain_sum(G1, pts[:12] + [D], fs + [r3]) \
            == G1.msm_var(pts[:12] + [D], fs + [r3])


def test_msm_fixed_errors():
    g = G1.generator()
    table = G1.fixed_table([g, g.double()])
    assert table.n == 2 and table.points == (g, g.double())
    with pytest.raises(ValueError):
        G1.msm_fixed_var(table, [1, 2, 3])                 # more scalars than table points
    with pytest.raises(ValueError):
        G1.msm_fixed_var(table, [1], [g, g], [1])
    with pytest.raises(TypeError):
        G1.msm_fixed_var([g], [1])
    with pytest.raises(TypeError):
        G1.fixed_table([G2.generator()])
    with pytest.raises(AttributeError):
        table.n = 5


# ---- deprecated aliases (kept for one release): same results as the _var names, with a DeprecationWarning --------

def test_deprecated_msm_aliases_warn_and_agree(rng):
    pts = random_points(G1, rng, 5)
    sc = [Fr.random() for _ in pts]
    for cls, ps in ((G1, pts), (G2, [G2.generator() * int(k) for k in sc[:3]])):
        with pytest.warns(DeprecationWarning, match=f"{cls.__name__}.msm_var"):
            got = cls.msm(ps, sc[:len(ps)])
        assert got == cls.msm_var(ps, sc[:len(ps)]) == plain_sum(cls, ps, sc[:len(ps)])
    table = G1.fixed_table(pts)
    with pytest.warns(DeprecationWarning, match="msm_fixed_var"):
        got = G1.msm_fixed(table, sc[:3])
    assert got == plain_sum(G1, pts[:3], sc[:3])


# ---- G2.msm_ct (zk_g2_msm_ct: the rerandomisation's r1 B + r1 r2 delta2) ----------------------------------------

@pytest.mark.parametrize("n", [0, 1, 2, 3, 4])
def test_g2_msm_ct_against_py_ecc(n, rng):
    """Points d_i G2 with known d_i, so the sum is (sum d_i k_i) G2: one py_ecc multiplication, an independent
    reference. Edge inputs: the identity, P and -P, zero scalars and r - 1."""
    ds = [rng.randrange(1, R) for _ in range(n)]
    ks = [rng.randrange(R) for _ in range(n)]
    if n >= 2:
        ds[1] = R - ds[0]            # P and -P
        ks[1] = R - 1
    if n >= 3:
        ds[2] = 0                    # the identity
        ks[0] = 0
    pts = [G2.generator() * d for d in ds]
    got = G2.msm_ct(pts, ks)
    assert O.same(got, O.multiply(O.PG2, sum(d * k for d, k in zip(ds, ks)) % R))
    assert got == plain_sum(G2, pts, ks)
    assert G2.msm_ct(pts, [Fr(k) for k in ks]) == got


def test_g2_msm_ct_errors():
    g = G2.generator()
    with pytest.raises(ValueError, match="at most"):
        G2.msm_ct([g] * (G2.MSM_CT_MAX + 1), [1] * (G2.MSM_CT_MAX + 1))
    with pytest.raises(ValueError, match="scalars"):
        G2.msm_ct([g, g], [1])
    with pytest.raises(TypeError):
        G2.msm_ct([G1.generator()], [1])


# ---------------------------------------------------------------- several constant-time sums, and rounds of them

@pytest.mark.parametrize("counts", [[3] * 9, [1] * 17, [9, 1, 2, 1, 2, 2, 2, 2, 7, 1, 2, 1], [0, 4] * 6])
def test_msm_ct_multi_past_eight_sums(counts, rng, monkeypatch):
    """More sums than one lane pass takes (8) are split into several C calls (the plan of least cost from their
    sizes): each sum is still its own, checked against plain scalar multiplications; no C call sees more than 8,
    and every sum goes to exactly one call."""
    from zkcred.bls12_381 import _curve
    seen = []
    lib = _curve.lib

    class Spy:
        def __getattr__(self, name):
            return getattr(lib, name)

        @staticmethod
        def zk_g1_msm_ct_multi(out, pts, sc, cn, m, scratch, size):
            seen.append(m)
            return lib.zk_g1_msm_ct_multi(out, pts, sc, cn, m, scratch, size)

    groups = [(random_points(G1, rng, c), edge_scalars(rng, c)) for c in counts]
    monkeypatch.setattr(_curve, "lib", Spy())
    got = G1.msm_ct_multi(groups)
    monkeypatch.undo()
    assert got == [plain_sum(G1, p, k) for p, k in groups]
    assert max(seen) <= 8 and sum(seen) == len(counts)


def test_run_ct_rounds_interleaves_provers(rng, monkeypatch):
    """G1.run_ct_rounds: provers of 0, 1, 2 and 3 rounds, each round's sums computed right and sent back to the
    prover that asked; round k of every prover in ONE msm_ct_multi call (so 3 calls here), results in order."""
    g = G1.generator()

    def prover(tag, rounds):
        acc = []
        for k in range(rounds):
            a, b = Fr(rng.randrange(R)), Fr(rng.randrange(R))
            P, Q = g * a, g * b
            got = yield [([P], [Fr(k + 2)]), ([P, Q], [Fr(3), Fr(5)])]
            assert got == [P * (k + 2), P * 3 + Q * 5], (tag, k)
            acc.append(got[0])
        return tag, acc

    calls = []
    real = G1.msm_ct_multi.__func__
    monkeypatch.setattr(G1, "msm_ct_multi", classmethod(lambda cls, groups: calls.append(len(groups))
                                                         or real(cls, groups)))
    out = G1.run_ct_rounds([prover("a", 2), prover("b", 0), prover("c", 3), prover("d", 1)])
    assert [t for t, _ in out] == ["a", "b", "c", "d"] and [len(a) for _, a in out] == [2, 0, 3, 1]
    assert calls == [6, 4, 2]          # round 1: a, c, d (2 sums each); round 2: a, c; round 3: c
    with pytest.raises(ValueError, match="boom"):   # a prover's error reaches the caller

        def bad():
            yield [([g], [Fr(1)])]
            raise ValueError("boom")
        G1.run_ct_rounds([prover("x", 2), bad()])


@pytest.mark.parametrize("counts", [(9, 1), (2, 2, 7, 2, 2, 7, 1, 2, 1), (3,) * 9, (1,) * 17, (12, 1, 2, 2, 2, 1, 2, 2),
                                    (0, 0, 5), (40,), (1, 40, 1)])
def test_ct_plan_is_a_partition_no_worse_than_the_naive_ones(counts):
    """_ct_plan: every sum in exactly one call, at most 8 per call, and a total cost no higher than one call per
    sum or consecutive calls of 8 (the plans it replaced)."""
    from zkcred.bls12_381._curve import MSM_CT_MULTI_MAX, _ct_call_cost, _ct_plan
    plan = _ct_plan(counts)
    assert sorted(i for c in plan for i in c) == list(range(len(counts)))
    assert all(1 <= len(c) <= MSM_CT_MULTI_MAX for c in plan)

    def total(calls):
        return sum(_ct_call_cost([counts[i] for i in c]) for c in calls)
    idx = list(range(len(counts)))
    assert total(plan) <= total([[i] for i in idx]) + 1e-9
    assert total(plan) <= total([idx[k:k + 8] for k in range(0, len(idx), 8)]) + 1e-9
