"""G1 and G2: differential tests against py_ecc (group law, scalar multiplication, both encodings) and the group
laws as one parametrised law suite over both groups."""
from __future__ import annotations

import copy
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zkcred.bls12_381 import CURVE_ORDER as R, Fr, G1, G2

from . import oracle as O
from .strategies import g1_points, g2_points, scalars

GROUPS = {"G1": (G1, O.PG1, O.enc_g1, g1_points), "G2": (G2, O.PG2, O.enc_g2, g2_points)}


@pytest.fixture(params=sorted(GROUPS))
def grp(request):
    return GROUPS[request.param]


# ---- differential against py_ecc ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(GROUPS))
@settings(max_examples=12)
@given(a=scalars, b=scalars)
def test_differential_py_ecc(name, a, b):
    cls, pg, enc, _ = GROUPS[name]
    g = cls.generator()
    pa, pb = O.multiply(pg, a), O.multiply(pg, b)
    za, zb = g * a, g * Fr(b)
    assert O.same(za, pa) and O.same(zb, pb)                            # constant-time mul, int and Fr
    assert O.same(g.mul_var(a), pa)                                     # variable-time mul
    assert O.same(za + zb, O.add(pa, pb))                               # add
    assert O.same(za - zb, O.add(pa, O.neg(pb)))                        # sub
    assert O.same(-za, O.neg(pa))                                       # neg
    assert O.same(za.double(), O.add(pa, pa))                           # dbl
    assert (za == zb) == (a % R == b % R)                               # eq
    assert za.is_identity() == (a % R == 0)
    for compressed in (True, False):                                    # both encodings, both directions
        e = enc(pa, compressed)
        assert za.to_bytes(compressed) == e
        assert cls.from_bytes(e) == za
    assert O.same(O.to_zk(pa), pa) and O.from_zk(za) == O.from_zk(O.to_zk(pa))


@pytest.mark.parametrize("name", sorted(GROUPS))
def test_generator_and_identity_encodings(name):
    cls, pg, enc, _ = GROUPS[name]
    assert cls.generator().to_bytes() == enc(pg) and cls.generator().to_bytes(False) == enc(pg, False)
    ident = cls.identity()
    n = cls._sizes[0]
    assert ident.to_bytes() == bytes([0xC0]) + bytes(n - 1)
    assert ident.to_bytes(compressed=False) == bytes([0x40]) + bytes(2 * n - 1)
    assert cls.from_bytes(ident.to_bytes()).is_identity()
    assert cls.from_bytes(ident.to_bytes(False)).is_identity()
    assert ident.affine() is None and cls.generator().affine() is not None


def test_affine_round_trip():
    for cls in (G1, G2):
        p = cls.generator() * 12345
        assert cls.from_affine(*p.affine()) == p


# ---- group laws -----------------------------------------------------------------------------------------------
LAWS = {
    "assoc": lambda P, Q, S, a, b: (P + Q) + S == P + (Q + S),
    "comm": lambda P, Q, S, a, b: P + Q == Q + P,
    "identity": lambda P, Q, S, a, b: P + type(P).identity() == P and type(P).identity() + P == P,
    "inverse": lambda P, Q, S, a, b: (P + (-P)).is_identity() and (P - P).is_identity(),
    "sub": lambda P, Q, S, a, b: P - Q == P + (-Q),
    "double": lambda P, Q, S, a, b: P.double() == P + P,
    "neg_neg": lambda P, Q, S, a, b: -(-P) == P,
    "mul_distributes_points": lambda P, Q, S, a, b: (P + Q) * a == P * a + Q * a,
    "mul_distributes_scalars": lambda P, Q, S, a, b: P * (a + b) == P * a + P * b,
    "mul_compat": lambda P, Q, S, a, b: (P * a) * b == P * (a * b % R),
    "mul_commutes": lambda P, Q, S, a, b: a * P == P * a == P * Fr(a) == Fr(a) * P,
    "mul_var_agrees": lambda P, Q, S, a, b: P.mul_var(a) == P * a and P.mul_var(Fr(b)) == P * b,
    "order_r": lambda P, Q, S, a, b: (P * R).is_identity() and (P * 0).is_identity() and P * (R + 1) == P,
    "mul_negative": lambda P, Q, S, a, b: P * -1 == -P and P * (-a) == -(P * a),
    "mul_r_minus_1": lambda P, Q, S, a, b: P * (R - 1) == -P,
    "eq_is_projective": lambda P, Q, S, a, b: (P + Q) - Q == P,
    "encode_round_trip": lambda P, Q, S, a, b: all(
        type(P).from_bytes(P.to_bytes(c)) == P for c in (True, False)),
    "hash_consistent": lambda P, Q, S, a, b: hash((P + Q) - Q) == hash(P),
}


@pytest.mark.parametrize("law", sorted(LAWS))
@pytest.mark.parametrize("name", sorted(GROUPS))
@settings(max_examples=15)
@given(data=st.data(), a=scalars, b=scalars)
def test_group_laws(law, name, data, a, b):
    strat = GROUPS[name][3]
    P, Q, S = data.draw(strat), data.draw(strat), data.draw(strat)
    assert LAWS[law](P, Q, S, a, b)


# ---- value-type behaviour -------------------------------------------------------------------------------------
@pytest.mark.parametrize("cls", [G1, G2])
def test_value_type(cls):
    g = cls.generator()
    with pytest.raises(AttributeError):
        g._c = None  # type: ignore[misc]
    with pytest.raises(TypeError):
        cls()
    with pytest.raises(TypeError):
        g + 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        g * 1.5  # type: ignore[operator]
    with pytest.raises(TypeError):
        g.mul_var("1")  # type: ignore[arg-type]
    other = G2 if cls is G1 else G1
    with pytest.raises(TypeError):
        g + other.generator()  # type: ignore[operator]
    assert g != other.generator()
    assert pickle.loads(pickle.dumps(g)) == g and copy.copy(g) is g
    assert cls.from_bytes(bytes.fromhex(repr(g).split("'")[1])) == g
    assert repr(cls.identity()) == f"{cls.__name__}.identity()"
    assert len({g, g + cls.identity(), g.double(), g + g}) == 2
    assert bytes(g) == g.to_bytes()


@pytest.mark.parametrize("cls", [G1, G2])
def test_batch_normalize(cls):
    g = cls.generator()
    pts = [g * k for k in (0, 1, 2, 3, R - 1, 77)] + [cls.identity()]
    norm = cls.batch_normalize(pts)
    assert norm == pts and [p.to_bytes(False) for p in norm] == [p.to_bytes(False) for p in pts]
    assert cls.batch_normalize([]) == []


def test_from_c_accessor_round_trip():
    from zkcred.bls12_381._ffi import ffi, lib
    c = ffi.new("zk_g1 *")
    lib.zk_g1_generator(c)
    assert G1._from_c(c) == G1.generator()
    assert G1.generator()._c[0] is not None
