"""LinearBatch: the Schnorr equations of commitment-form sub-proofs checked with one MSM (zkcred.proofs._linear).

The oracle is plain group arithmetic (each equation summed point by point with G1's + and scalar *), never the
batch's own MSM; the weights are shown necessary by equations that cancel when summed without them.
"""
from __future__ import annotations

import random

import pytest

from zkcred.bbs import _group as grp
from zkcred.bls12_381 import G1, Fr
from zkcred.errors import VerificationError
from zkcred.proofs import LinearBatch
from zkcred.proofs._linear import MINUS_ONE


@pytest.fixture
def rng():
    return random.Random(0x11AEA7)


def _points(rng, n):
    return [G1.generator() * Fr(rng.randrange(1, Fr.ORDER)) for _ in range(n)]


def _equation(rng, n, table=None, n_fixed=0):
    """A true equation sum s_i P_i (+ sum f_j G_j) - T = 0 with T computed point by point (the oracle)."""
    pts = _points(rng, n)
    scs = [Fr(rng.randrange(Fr.ORDER)) for _ in range(n)]
    fixed = [Fr(rng.randrange(Fr.ORDER)) for _ in range(n_fixed)] if table is not None else None
    T = G1.identity()
    for P, s in zip(pts, scs):
        T = T + P * s
    if table is not None:
        for G, f in zip(table.points, fixed):
            T = T + G * f
    return pts + [T], scs + [MINUS_ONE], table, fixed


def test_true_equations_hold_small_and_large(rng):
    table = grp.g1_fixed_table(_points(rng, 6))
    for n_eq, n in ((1, 3), (3, 5), (20, 5)):             # 20 x 6 points: past the Pippenger threshold
        b = LinearBatch()
        for k in range(n_eq):
            pts, scs, t, f = _equation(rng, n, table if k % 2 else None, 4 + k % 3)
            b.add(f"eq{k}", pts, scs, t, f)
        assert b.holds()
        b.check()
        assert b.failing_indexes() == []


@pytest.mark.parametrize("n_eq", [2, 20])
def test_a_false_equation_is_found_and_named(rng, n_eq):
    table = grp.g1_fixed_table(_points(rng, 6))
    b = LinearBatch()
    bad = n_eq // 2
    for k in range(n_eq):
        pts, scs, t, f = _equation(rng, 5, table, 6)
        if k == bad:
            f[2] = f[2] + Fr(1)                           # a response off by one, in the fixed-base part
        b.add(f"eq{k}", pts, scs, t, f)
    assert not b.holds()
    assert b.failing_indexes() == [bad]
    with pytest.raises(VerificationError, match=rf"^Schnorr equation fails: eq{bad}$"):
        b.check()


def test_the_weights_are_what_stop_cancelling_errors(rng):
    """Two false equations whose errors cancel in the plain sum (+G and -G): without the random weights the batch
    would accept them."""
    G = G1.generator()
    b = LinearBatch()
    b.add("plus", [G], [Fr(1)])
    b.add("minus", [G], [MINUS_ONE])
    assert G + G * MINUS_ONE == G1.identity()            # the unweighted sum is the identity
    assert not b.holds()
    with pytest.raises(VerificationError, match="plus, minus"):
        b.check()
    # the same through a shared table: errors +f and -f on one base cancel without weights
    table = grp.g1_fixed_table(_points(rng, 3))
    b = LinearBatch()
    b.add("t1", [], [], table, [Fr(5), None])
    b.add("t2", [], [], table, [-Fr(5)])
    assert not b.holds()


def test_shared_point_objects_are_merged_correctly(rng):
    """A point object met in several equations (the accumulator value of one registry state, D in T1 and T2) has
    its scalars summed: the result must be the same as with distinct copies."""
    P, Q = _points(rng, 2)
    a, c = Fr(rng.randrange(Fr.ORDER)), Fr(rng.randrange(Fr.ORDER))
    b = LinearBatch()
    b.add("e1", [P, Q, P * a], [a, Fr(1), MINUS_ONE])     # a P + Q - aP = Q: false
    b.add("e2", [P, P * c], [c, MINUS_ONE])               # true
    assert b.failing_indexes() == [0]
    b2 = LinearBatch()
    b2.add("e1", [P, P * a], [a, MINUS_ONE])
    b2.add("e2", [P, P * c], [c, MINUS_ONE])
    assert b2.holds()


def test_add_rejects_mismatched_shapes(rng):
    b = LinearBatch()
    with pytest.raises(ValueError):
        b.add("x", [G1.generator()], [])
    table = grp.g1_fixed_table(_points(rng, 2))
    with pytest.raises(ValueError):
        b.add("x", [], [], table, [Fr(1)] * 3)
    with pytest.raises(ValueError):
        b.add("x", [], [], table, None)


# ---------------------------------------------------------------- PairingBatch with prepared G2 sides


def test_pairing_batch_with_prepared_lines(rng):
    """Equations whose G2 sides are prepared lines (fixed keys) next to plain G2 points (a proof's B): the same
    verdicts as with plain points, the false one named; e(aG, cH) e(-acG, H) == 1 is the true equation."""
    from zkcred.bls12_381 import G2, G2Prepared
    from zkcred.proofs import PairingBatch
    g1 = G1.generator()
    H = G2.generator() * Fr(rng.randrange(1, Fr.ORDER))
    Hp = G2Prepared(H)
    # one equation: half its G2 sides come prepared, the loop runs over lines; three: over points (the lines'
    # points), as a batch of many proofs does
    for prepared, n_eq in ((False, 3), (True, 1), (True, 3)):
        b = PairingBatch()
        for k in range(n_eq):
            a, c = Fr(rng.randrange(1, Fr.ORDER)), Fr(rng.randrange(1, Fr.ORDER))
            B = H * c                                   # a per-proof point, never prepared by the caller
            b.add([(g1 * a, B), (-(g1 * (a * c)), Hp if prepared else H)], f"eq{k}")
        assert b.holds()
        b.check()
        b.add([(g1, B), (g1, Hp if prepared else H)], "false")
        assert not b.holds()
        assert b.failing() == ["false"]
        with pytest.raises(VerificationError, match="false"):
            b.check()
