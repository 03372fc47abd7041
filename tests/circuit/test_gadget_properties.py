"""Property tests (hypothesis, leaning to edge values) for the gadgets against plain Python integers."""
from __future__ import annotations

from functools import lru_cache

from hypothesis import given, settings
from hypothesis import strategies as st

from zkcred.circuit import Circuit, UnsatisfiedError

R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
N = 32


def edge_ints(bits: int):
    top = (1 << bits) - 1
    return st.one_of(st.sampled_from([0, 1, 2, top - 1, top, 1 << (bits - 1), (1 << (bits - 1)) - 1]),
                     st.integers(0, top))


field = st.one_of(st.sampled_from([0, 1, 2, R - 1, R - 2, (R - 1) // 2, 1 << N, (1 << N) - 1]),
                  st.integers(0, R - 1))


@lru_cache(maxsize=None)
def _cmp() -> Circuit:
    c = Circuit("cmp")
    a, b = c.private_input("a"), c.private_input("b")
    c.range_check(a, N, label="a in range")
    c.range_check(b, N, label="b in range")
    c.public_output("lt", c.less_than(a, b, N))
    c.public_output("ge", c.greater_eq(a, b, N))
    c.public_output("eq", c.is_equal(a, b))
    c.public_output("bits", c.from_bits(c.to_bits(a, N)))
    return c


@lru_cache(maxsize=None)
def _field_ops() -> Circuit:
    c = Circuit("fops")
    x, y, s = c.private_input("x"), c.private_input("y"), c.private_input("s")
    c.assert_bool(s)
    c.public_output("z", c.is_zero(x))
    c.public_output("sel", c.select(s, x, y))
    c.public_output("prod", x * y + 3 * x - y)
    return c


@settings(max_examples=60, deadline=None)
@given(edge_ints(N), edge_ints(N))
def test_comparisons(a, b):
    assert _cmp().public_inputs(a=a, b=b) == [int(a < b), int(a >= b), int(a == b), a]


@settings(max_examples=40, deadline=None)
@given(field, edge_ints(N))
def test_range_rejects_everything_wide(a, b):
    if a < 1 << N:
        _cmp().witness(a=a, b=b)
    else:
        try:
            _cmp().witness(a=a, b=b)
            raise AssertionError("accepted an out-of-range value")
        except UnsatisfiedError as e:
            assert "a in range" in e.label


@settings(max_examples=60, deadline=None)
@given(field, field, st.sampled_from([0, 1]))
def test_field_gadgets(x, y, s):
    assert _field_ops().public_inputs(x=x, y=y, s=s) == [int(x == 0), x if s else y, (x * y + 3 * x - y) % R]
