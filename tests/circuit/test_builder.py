"""The builder: operators, wire order, export, witness layout, input validation, refusal of unsatisfied inputs."""
from __future__ import annotations

import pytest
from circuit.r1cs_check import decode_witness, first_failure

from zkcred.bls12_381 import Fr
from zkcred.circuit import Circuit, CircuitError, UnsatisfiedError
from zkcred.errors import DecodeError
from zkcred.groth16.r1cs import R1CS

R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001


def _cubic() -> Circuit:
    # x^3 + x + 5 == out (the classic example), with a public input y that must equal x + 1
    c = Circuit("cubic")
    x = c.private_input("x")
    y = c.public_input("y")
    x3 = x * x * x
    c.public_output("out", x3 + x + 5)
    c.assert_eq(y, x + 1, label="y is x + 1")
    return c


def test_operators_and_constraint_count():
    c = _cubic()
    # x*x, (x*x)*x, output, assert_eq
    assert c.n_constraints == 4
    r = c.to_r1cs()
    assert isinstance(r, R1CS)
    assert (r.n_pub_out, r.n_pub_in, r.n_prv_in, r.n_public) == (1, 1, 1, 2)
    assert r.n_wires == c.n_wires == 6
    assert c.wire_names()[:4] == ["one", "out", "y", "x"]


def test_constants_fold_without_constraints():
    c = Circuit("fold")
    x = c.private_input("x")
    y = (x + 3) * 2 - 7 * x + c.constant(4) * c.constant(5) + 3 * (x - 1)
    assert c.n_constraints == 0
    assert y.terms == {c.wire_index("x"): (2 - 7 + 3) % R, 0: (6 + 20 - 3)}
    assert (x - x).terms == {}
    assert (c.one * c.one).is_constant()


def test_witness_layout_and_public_inputs():
    c = _cubic()
    w = c.witness(x=3, y=4)
    assert w.public_inputs() == [35, 4]
    raw = w.to_bytes()
    assert len(raw) == 32 * c.n_wires
    assert raw[:32] == (1).to_bytes(32, "little")
    vals = decode_witness(raw)
    assert vals[:4] == [1, 35, 4, 3]
    assert first_failure(c.to_r1cs(), vals) is None
    assert c.witness_bytes({"x": Fr(3), "y": 4}) == raw
    assert c.public_inputs(x=3, y=4) == [35, 4]
    assert "35" not in repr(w)


def test_negative_inputs_are_taken_mod_r():
    c = Circuit("neg")
    x = c.private_input("x")
    c.public_output("o", x + 0)
    assert c.public_inputs(x=-1) == [R - 1]


def test_unsatisfied_names_first_failing_constraint():
    c = _cubic()
    with pytest.raises(UnsatisfiedError) as e:
        c.witness(x=3, y=5)
    assert e.value.label == "cubic/y is x + 1"
    assert e.value.index == 3
    assert "5" not in str(e.value) and "3" in str(e.value)    # index yes, values no


def test_scope_labels():
    c = Circuit("s")
    x = c.private_input("x")
    with c.scope("outer"):
        with c.scope("inner"):
            c.assert_bool(x, "x is a bit")
    assert c.labels == ["s/outer/inner/x is a bit"]
    with pytest.raises(UnsatisfiedError, match="s/outer/inner/x is a bit"):
        c.witness(x=2)


@pytest.mark.parametrize("inputs, err", [
    ({"x": 3}, CircuitError),                      # missing y
    ({"x": 3, "y": 4, "z": 1}, CircuitError),      # unknown input
    ({"x": [3, 4], "y": 4}, CircuitError),         # wrong length
    ({"x": R, "y": 4}, DecodeError),               # out of range
    ({"x": -R, "y": 4}, DecodeError),
    ({"x": 1.5, "y": 4}, DecodeError),
    ({"x": True, "y": 4}, DecodeError),
])
def test_bad_inputs(inputs, err):
    with pytest.raises(err):
        _cubic().witness(inputs)


def test_out_of_range_message_has_no_value():
    with pytest.raises(DecodeError) as e:
        _cubic().witness(x=R + 12345, y=4)
    assert "12345" not in str(e.value) and "'x'" in str(e.value)


def test_array_inputs_and_misuse():
    c = Circuit("arr")
    xs = c.private_input("xs", 3)
    c.public_output("sum", xs[0] + xs[1] + xs[2])
    assert c.public_inputs(xs=[1, 2, 3]) == [6]
    with pytest.raises(CircuitError):
        c.public_input("xs")
    with pytest.raises(CircuitError):
        c.witness(xs=5)
    d = Circuit("other")
    with pytest.raises(CircuitError):
        xs[0] + d.private_input("y")
    with pytest.raises(CircuitError):
        c.assert_eq(c.constant(1), 2)


def test_raw_constraint_and_export_order_of_late_outputs():
    c = Circuit("late")
    a = c.private_input("a")
    b = c.public_input("b")
    p = a * b
    c.public_output("p", p)       # created after internal wires, exported right after ONE
    r = c.to_r1cs()
    assert c.wire_names()[1] == "p" and c.wire_names()[2] == "b" and c.wire_names()[3] == "a"
    w = decode_witness(c.witness_bytes(a=6, b=7))
    assert w[1] == 42 and w[2] == 7 and w[3] == 6 and w[4] == 42
    assert first_failure(r, w) is None
    w[1] = 41
    assert first_failure(r, w) is not None


def test_hint_arity_is_checked():
    c = Circuit("h")
    x = c.private_input("x")
    (y,) = c.hint(1, lambda v: [v, v], x, label="bad hint")
    c.assert_eq(y, x)
    with pytest.raises(CircuitError, match="bad hint"):
        c.witness(x=1)


def test_by_construction_bookkeeping_survives_folded_constraints():
    c = Circuit("fold2")
    x = c.private_input("x")
    c.assert_eq(c.constant(2) * c.constant(3), 6)       # folded away, no constraint
    y = x * x                                            # by construction
    c.assert_eq(y, 9, label="x^2 is 9")                  # must still be checked
    c.witness(x=3)
    with pytest.raises(UnsatisfiedError, match="x\\^2 is 9"):
        c.witness(x=4)
