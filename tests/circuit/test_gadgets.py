"""Gadgets: exhaustive small-width checks against Python, and hand-forged witnesses that the raw R1CS rejects."""
from __future__ import annotations

import itertools
import random

import pytest
from _testlib import module_seed
from circuit.r1cs_check import first_failure, unchecked

from zkcred.circuit import Circuit, CircuitError, UnsatisfiedError

R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
SEED = module_seed(__name__)   # from ZKCRED_TEST_SEED (tests/_testlib.py)
print(f"test_gadgets seed = {SEED:#x}")


def _bits_circuit(n: int) -> Circuit:
    c = Circuit("bits")
    x = c.private_input("x")
    for i, b in enumerate(c.to_bits(x, n)):
        c.public_output(f"b{i}", b)
    return c


@pytest.mark.parametrize("n", [1, 8, 64, 253, 254])
def test_to_bits_edges(n):
    c = _bits_circuit(n)
    assert c.n_constraints == n + 1 + n
    for x in {0, 1, (1 << n) - 1, (1 << (n - 1)), random.Random(SEED + n).randrange(1 << n)}:
        assert c.public_inputs(x=x) == [(x >> i) & 1 for i in range(n)]
    with pytest.raises(UnsatisfiedError, match="fits in"):
        c.witness(x=(1 << n) % R if n < 255 else 0)
    with pytest.raises(UnsatisfiedError, match="fits in"):
        c.witness(x=R - 1)


def test_to_bits_width_limits():
    c = Circuit("lim")
    x = c.private_input("x")
    with pytest.raises(CircuitError):
        c.to_bits(x, 255)
    with pytest.raises(CircuitError):
        c.to_bits(x, 0)
    with pytest.raises(CircuitError):
        c.less_than(x, x, 254)


def test_from_bits_roundtrip():
    c = Circuit("fb")
    x = c.private_input("x")
    c.public_output("y", c.from_bits(c.to_bits(x, 16)) * 3)
    assert c.public_inputs(x=1234) == [3702]


def test_soundness_non_boolean_bit():
    c = _bits_circuit(3)
    r1cs = c.to_r1cs()
    w = unchecked(c, {"x": 5})
    assert first_failure(r1cs, w) is None
    x_wire = c.wire_index("x")
    bit_wires = [c.wire_index(f"b{i}") for i in range(3)]
    internal = [k for k in range(r1cs.n_wires) if k not in bit_wires and k not in (0, x_wire)]
    # a "bit" of 3 (3 + 2*1 = 5 keeps the sum right): booleanity must catch it
    forged = list(w)
    for k, v in zip(bit_wires, (3, 1, 0)):
        forged[k] = v
    for k, v in zip(internal, (3, 1, 0)):
        forged[k] = v
    bad = first_failure(r1cs, forged)
    assert bad is not None and "boolean" in c.labels[bad]
    # a field-element "bit" r - 1 with 2^n * ... compensation: 5 = (r-1) + 2*3 -> bit1 = 3 non-boolean too
    forged = list(w)
    for k, v in zip(bit_wires + internal, (R - 1, 3, 0, R - 1, 3, 0)):
        forged[k] = v
    bad = first_failure(r1cs, forged)
    assert bad is not None and "boolean" in c.labels[bad]


def test_is_zero_is_equal_select():
    c = Circuit("z")
    a, b, s = c.private_input("a"), c.private_input("b"), c.private_input("s")
    c.assert_bool(s)
    c.public_output("z", c.is_zero(a))
    c.public_output("e", c.is_equal(a, b))
    c.public_output("sel", c.select(s, a, b))
    for a_, b_, s_ in [(0, 0, 0), (0, 5, 1), (5, 5, 0), (R - 1, 1, 1), (7, R - 7, 0)]:
        assert c.public_inputs(a=a_, b=b_, s=s_) == [int(a_ == 0), int(a_ == b_), a_ if s_ else b_]


def test_soundness_is_zero_lie():
    c = Circuit("z")
    a = c.private_input("a")
    c.public_output("z", c.is_zero(a))
    r1cs = c.to_r1cs()
    for a_ in (0, 9):
        w = unchecked(c, {"a": a_})
        assert first_failure(r1cs, w) is None
        forged = list(w)
        forged[1] = 1 - forged[1]            # claim the opposite answer
        # the best a cheater can do with the remaining wires (inverse, product): try a few
        for inv in (0, 1, pow(9, R - 2, R), 5):
            forged[3] = inv
            forged[4] = a_ * inv % R
            assert first_failure(r1cs, forged) is not None


def test_soundness_select_non_boolean_selector():
    c = Circuit("sel")
    a, b, s = c.private_input("a"), c.private_input("b"), c.private_input("s")
    c.assert_bool(s, "selector is boolean")
    out = c.select(s, a, b)
    c.public_output("o", out)
    r1cs = c.to_r1cs()
    w = unchecked(c, {"a": 10, "b": 20, "s": 1})
    assert first_failure(r1cs, w) is None
    forged = list(w)
    s_wire = c.wire_index("s")
    forged[s_wire] = 2                       # s = 2 would output 20 + 2 * (10 - 20) = 0
    forged[-1] = 2 * (10 - 20) % R
    forged[1] = 0
    assert c.labels[first_failure(r1cs, forged)] == "sel/selector is boolean"


@pytest.mark.parametrize("n", [1, 3])
def test_comparisons_exhaustive(n):
    c = Circuit("cmp")
    a, b = c.private_input("a"), c.private_input("b")
    c.range_check(a, n)
    c.range_check(b, n)
    c.public_output("lt", c.less_than(a, b, n))
    c.public_output("ge", c.greater_eq(a, b, n))
    c.public_output("le", c.less_eq(a, b, n))
    c.public_output("gt", c.greater_than(a, b, n))
    for x, y in itertools.product(range(1 << n), repeat=2):
        assert c.public_inputs(a=x, b=y) == [int(x < y), int(x >= y), int(x <= y), int(x > y)]
    with pytest.raises(UnsatisfiedError, match="range_check"):
        c.witness(a=1 << n, b=0)


def test_comparisons_wide():
    n = 64
    c = Circuit("cmp64")
    a, b = c.private_input("a"), c.private_input("b")
    c.public_output("lt", c.less_than(a, b, n))
    top = (1 << n) - 1
    for x, y in [(0, 0), (0, top), (top, 0), (top, top), (top - 1, top), (1 << 63, (1 << 63) - 1)]:
        assert c.public_inputs(a=x, b=y) == [int(x < y)]


def test_assert_less_eq_and_less_than():
    c = Circuit("ale")
    a, b = c.private_input("a"), c.private_input("b")
    c.range_check(a, 8)
    c.range_check(b, 8)
    c.assert_less_eq(a, b, 8, label="a <= b")
    d = Circuit("alt")
    x, y = d.private_input("a"), d.private_input("b")
    d.range_check(x, 8)
    d.range_check(y, 8)
    d.assert_less_than(x, y, 8, label="a < b")
    for x_, y_ in itertools.product([0, 1, 2, 127, 128, 254, 255], repeat=2):
        if x_ <= y_:
            c.witness(a=x_, b=y_)
        else:
            with pytest.raises(UnsatisfiedError, match="a <= b"):
                c.witness(a=x_, b=y_)
        if x_ < y_:
            d.witness(a=x_, b=y_)
        else:
            with pytest.raises(UnsatisfiedError, match="a < b"):
                d.witness(a=x_, b=y_)


def test_soundness_wrapped_around_comparison():
    """less_than on values that are not range checked is unsound (documented precondition); with the range checks
    the same forgery is rejected by the raw R1CS."""
    n = 8
    for checked in (False, True):
        c = Circuit("wrap")
        a, b = c.private_input("a"), c.private_input("b")
        if checked:
            c.range_check(a, n, label="a in range")
            c.range_check(b, n, label="b in range")
        c.public_output("lt", c.less_than(a, b, n))
        r1cs = c.to_r1cs()
        # a = r - 1 ("-1") and b = 0: a - b + 2^n = 2^n - 1 has bit n = 0, so "a < b" comes out 1
        a_fake, b_ = R - 1, 0
        w = unchecked(c, {"a": a_fake, "b": b_})
        assert w[1] == 1
        if checked:
            bad = first_failure(r1cs, w)
            assert bad is not None and "a in range" in c.labels[bad]
            # no n-bit decomposition of a exists: forging boolean bits breaks the sum, anything else booleanity
            a_bits = [k for k, nm in enumerate(c.wire_names()) if nm.startswith("wrap/a in range")]
            for pattern in ([1] * n, [0] * n, [R - 1] + [0] * (n - 1)):
                forged = list(w)
                for k, v in zip(a_bits, pattern):
                    forged[k] = v
                assert first_failure(r1cs, forged) is not None
        else:
            assert first_failure(r1cs, w) is None    # the wrap-around is accepted: hence the precondition
