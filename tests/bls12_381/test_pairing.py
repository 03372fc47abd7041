"""Pairing, multi-pairing, pairing_check and GT through the Python API: bilinearity, non-degeneracy, identity
inputs, agreement between the three entry points, GT encoding, and one differential check against py_ecc."""
from __future__ import annotations

import pytest
from hypothesis import given, settings

from zkcred.bls12_381 import (CURVE_ORDER as R, Fr, G1, G2, GT, G2Prepared, multi_pairing, multi_pairing_mixed,
                              multi_pairing_prepared, pairing, pairing_check, pairing_check_mixed,
                              pairing_check_prepared)
from zkcred.errors import DecodeError

from . import oracle as O
from .strategies import scalars

g1, g2 = G1.generator(), G2.generator()
E = pairing(g1, g2)


def test_non_degenerate():
    assert not E.is_one() and E != GT.one()
    assert E ** R == GT.one() and E ** (R - 1) == E.inverse()


@settings(max_examples=10)
@given(a=scalars, b=scalars)
def test_bilinearity(a, b):
    P, Q = g1 * a, g2 * b
    assert pairing(P, Q) == E ** (a * b % R) == pairing(g1 * (a * b), g2)
    assert pairing(P + g1, Q) == pairing(P, Q) * pairing(g1, Q)
    assert pairing(P, Q + g2) == pairing(P, Q) * pairing(P, g2)
    assert pairing(-P, Q) == pairing(P, Q).inverse() == pairing(P, -Q)
    assert E ** Fr(a) == E ** a


def test_identity_inputs():
    assert pairing(G1.identity(), g2).is_one() and pairing(g1, G2.identity()).is_one()
    assert multi_pairing([]).is_one() and pairing_check([]) is True
    assert pairing_check([(G1.identity(), g2), (g1, G2.identity())]) is True


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_multi_pairing_is_product(n, rng):
    pairs = [(g1.mul_var(rng.randrange(R)), g2.mul_var(rng.randrange(R))) for _ in range(n)]
    prod = GT.one()
    for P, Q in pairs:
        prod = prod * pairing(P, Q)
    assert multi_pairing(pairs) == prod
    assert pairing_check(pairs) is prod.is_one()
    assert multi_pairing(pairs) / prod == GT.one()


@pytest.mark.parametrize("n", [2, 3])
def test_pairing_check(n, rng):
    a = [rng.randrange(1, R) for _ in range(n - 1)]
    # e(a1 g1, g2) ... e(a_{n-1} g1, g2) * e(-(sum a) g1, g2) == 1
    pairs = [(g1 * ai, g2) for ai in a] + [(g1 * -sum(a), g2)]
    assert pairing_check(pairs) is True
    pairs[0] = (pairs[0][0] + g1, g2)
    assert pairing_check(pairs) is False
    x = rng.randrange(R)
    assert pairing_check([(g1 * x, g2), (-g1, g2 * x)]) is True
    assert pairing_check([(g1 * x, g2), (g1, g2 * x)]) is (x == 0)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_pairing_check_prepared_agrees(n, rng):
    """pairing_check_prepared's verdicts are pairing_check's on the same points (true and false cases)."""
    x = rng.randrange(1, R)
    Qx = G2Prepared(g2 * x)
    Pg = G2Prepared(g2)
    assert pairing_check_prepared([(g1 * x, Pg), (-g1, Qx)]) is True
    assert pairing_check_prepared([(g1 * x, Pg), (g1, Qx)]) is False
    a = [rng.randrange(1, R) for _ in range(n)]
    qs = [g2.mul_var(rng.randrange(R)) for _ in range(n)]
    pairs = [(g1 * ai, q) for ai, q in zip(a, qs)]
    prepared = [(P, G2Prepared(Q)) for P, Q in pairs]
    assert pairing_check_prepared(prepared) is pairing_check(pairs) is False
    assert pairing_check_prepared([]) is True
    assert pairing_check_prepared([(G1.identity(), Pg), (g1, G2Prepared(G2.identity()))]) is True
    with pytest.raises(TypeError):
        pairing_check_prepared([(g1, g2)])
    with pytest.raises(TypeError):
        G2Prepared(g1)


@pytest.mark.parametrize("n", [0, 1, 3, 9])
def test_multi_pairing_prepared_is_the_product(n, rng):
    """multi_pairing_prepared is the GT value of the product (E to the sum of the exponents), identities and more
    pairs than one chunk of the C loop included; not merely a verdict."""
    a = [rng.randrange(R) for _ in range(n)]
    b = [rng.randrange(R) for _ in range(n)]
    pairs = [(g1 * ai, G2Prepared(g2 * bi)) for ai, bi in zip(a, b)]
    want = E ** (sum(ai * bi for ai, bi in zip(a, b)) % R)
    assert multi_pairing_prepared(pairs) == want == multi_pairing([(P, Q.point) for P, Q in pairs])
    assert multi_pairing_prepared([(G1.identity(), G2Prepared(g2)), (g1, G2Prepared(G2.identity()))]).is_one()
    with pytest.raises(TypeError):
        multi_pairing_prepared([(g1, g2)])


@pytest.mark.parametrize("n, nl", [(0, 0), (1, 0), (0, 1), (1, 1), (3, 2), (16, 5), (17, 3), (2, 17), (20, 20)])
def test_multi_pairing_mixed_is_the_product(n, nl, rng):
    """multi_pairing_mixed (one Miller loop over G2 points and prepared lines) is the GT value of the product, E to
    the sum of the exponents: chunk boundaries of the C loop on either side (16 pairs), identities on both sides;
    pairing_check_mixed's verdicts on products that are and are not 1."""
    a = [rng.randrange(R) for _ in range(n + nl)]
    b = [rng.randrange(R) for _ in range(n + nl)]
    points = [(g1 * ai, g2 * bi) for ai, bi in zip(a[:n], b[:n])]
    lines = [(g1 * ai, G2Prepared(g2 * bi)) for ai, bi in zip(a[n:], b[n:])]
    want = E ** (sum(ai * bi for ai, bi in zip(a, b)) % R)
    assert multi_pairing_mixed(points, lines) == want
    assert pairing_check_mixed(points, lines) is want.is_one()
    if n + nl:
        # close the product with one more pair on either side: then it is 1, and a changed point makes it not
        s = sum(ai * bi for ai, bi in zip(a, b)) % R
        closing = (g1 * (R - s), g2)
        for pts, lns in ((points + [closing], lines), (points, lines + [(closing[0], G2Prepared(g2))])):
            assert pairing_check_mixed(pts, lns) is True
            assert multi_pairing_mixed(pts, lns).is_one()
            bad = [(P + g1, Q) for P, Q in pts[:1]] + pts[1:] if pts else pts
            bad_l = lns if pts else [(lns[0][0] + g1, lns[0][1])] + lns[1:]
            assert pairing_check_mixed(bad, bad_l) is False
    ident = [(G1.identity(), g2), (g1, G2.identity())]
    assert multi_pairing_mixed(points + ident, lines + [(G1.identity(), G2Prepared(g2)),
                                                       (g1, G2Prepared(G2.identity()))]) == want
    with pytest.raises(TypeError):
        multi_pairing_mixed([(g1, G2Prepared(g2))], [])
    with pytest.raises(TypeError):
        pairing_check_mixed([], [(g1, g2)])


def test_gt_encoding():
    data = E.to_bytes()
    assert len(data) == 576 and GT.from_bytes(data) == E and bytes(E) == data
    assert GT.from_bytes(GT.one().to_bytes()).is_one()
    one = GT.one().to_bytes()
    assert one == bytes(47) + b"\x01" + bytes(576 - 48)
    with pytest.raises(DecodeError, match="wrong length"):
        GT.from_bytes(data[:-1])
    with pytest.raises(DecodeError, match=r">= p"):
        GT.from_bytes(O.P.to_bytes(48, "big") + data[48:])
    two = bytes(47) + b"\x02" + bytes(576 - 48)                            # 2 is in Fp12* but not in GT
    with pytest.raises(DecodeError):
        GT.from_bytes(two)
    with pytest.raises(TypeError):
        GT()
    assert hash(GT.from_bytes(data)) == hash(E) and "GT" in repr(E)


def _ours_as_py_ecc(gt: GT) -> list[int]:
    """Our Fp12 element (tower Fp2[v][w], v^3 = 1 + u, w^2 = v; coefficients in the documented byte order)
    as py_ecc's FQ12 coefficient list (the flat basis 1, w, ..., w^11 with w^6 = 1 + u)."""
    raw = gt.to_bytes()
    c = [int.from_bytes(raw[48 * i: 48 * (i + 1)], "big") for i in range(12)]
    # c[(i*3 + j)*2 + k]: Fp6 index i (w^i), Fp2 index j (v^j = w^(2j)), Fp coefficient k (u^k)
    out = [0] * 12
    for i in range(2):
        for j in range(3):
            x, y = c[(i * 3 + j) * 2], c[(i * 3 + j) * 2 + 1]
            e = 2 * j + i
            # x + y u = x + y (w^6 - 1) = (x - y) + y w^6
            out[e] = (out[e] + x - y) % O.P
            out[e + 6] = (out[e + 6] + y) % O.P
    return out


def test_differential_py_ecc():
    """One pairing against py_ecc (its Miller loop + final exponentiation, an independent implementation).
    Our pairing follows arkworks' convention, which is py_ecc's value to the power -3 (established in
    tests/native/test_pairing.py): so ours * py_ecc^3 == 1 in Fp12, checked through an explicit isomorphism of
    the two Fp12 representations."""
    from py_ecc.fields import optimized_bls12_381_FQ12 as FQ12
    from py_ecc.optimized_bls12_381 import final_exponentiate
    from py_ecc.optimized_bls12_381.optimized_pairing import miller_loop
    a, b = 0x1234567, 0x7654321
    ref = final_exponentiate(miller_loop(O.multiply(O.PG2, b), O.multiply(O.PG1, a), final_exponentiate=False))
    ours = FQ12(_ours_as_py_ecc(pairing(g1 * a, g2 * b)))
    assert ours * ref ** 3 == FQ12.one()
    assert ours != FQ12.one() and FQ12(_ours_as_py_ecc(E)) * ref ** 3 != FQ12.one()


def test_gt_ops_match_py_ecc(rng):
    """GT multiplication, inversion, division and exponentiation against py_ecc's FQ12 arithmetic, through the
    explicit isomorphism of the two Fp12 representations (_ours_as_py_ecc)."""
    from py_ecc.fields import optimized_bls12_381_FQ12 as FQ12
    a = E ** rng.randrange(1, R)
    b = pairing(g1 * rng.randrange(1, R), g2)
    fa, fb = FQ12(_ours_as_py_ecc(a)), FQ12(_ours_as_py_ecc(b))
    assert FQ12(_ours_as_py_ecc(a * b)) == fa * fb
    assert FQ12(_ours_as_py_ecc(a.inverse())) == FQ12.one() / fa
    assert FQ12(_ours_as_py_ecc(a / b)) == fa / fb
    k = rng.randrange(R)
    assert FQ12(_ours_as_py_ecc(a ** k)) == fa ** k
    assert FQ12(_ours_as_py_ecc(a ** Fr(k))) == fa ** k
    assert FQ12(_ours_as_py_ecc(GT.one())) == FQ12.one()
