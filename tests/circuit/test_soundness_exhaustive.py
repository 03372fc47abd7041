"""Small exhaustive soundness checks: for tiny gadgets, every assignment of the non-input wires drawn from a set of
tempting values (0, 1, 2, 3, 4, -1, -2, 1/2, the honest values) that satisfies the raw R1CS gives the honest
output. A cheating prover cannot steer the output with such values; the per-gadget algebra does the rest."""
from __future__ import annotations

import itertools

import pytest
from circuit.r1cs_check import satisfied, unchecked

from zkcred.circuit import Circuit

R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
TEMPTING = [0, 1, 2, 3, 4, R - 1, R - 2, (R + 1) // 2]


def _outputs_forced(c: Circuit, inputs: dict, n_inputs: int, *, all_wires: bool = False) -> None:
    """Enumerate the non-input wires over TEMPTING (+ honest); satisfying assignments must keep the outputs (or,
    with all_wires, every wire) honest."""
    r1cs = c.to_r1cs()
    honest = unchecked(c, inputs)
    assert satisfied(r1cs, honest)
    n_out = r1cs.n_pub_out
    free = [k for k in range(1, r1cs.n_wires) if not (n_out < k <= n_out + n_inputs)]
    cands = [sorted(set(TEMPTING + [honest[k]])) for k in free]
    hits = 0
    for combo in itertools.product(*cands):
        w = list(honest)
        for k, v in zip(free, combo):
            w[k] = v
        if satisfied(r1cs, w):
            hits += 1
            if all_wires:
                assert w == honest, (inputs, combo)
            assert w[1:1 + n_out] == honest[1:1 + n_out], (inputs, combo)
    assert hits >= 1


@pytest.mark.parametrize("x", range(8))
def test_to_bits(x):
    c = Circuit("bits")
    c.to_bits(c.private_input("x"), 3)
    _outputs_forced(c, {"x": x}, 1, all_wires=True)       # the three bit wires are unique


@pytest.mark.parametrize("a, b", list(itertools.product(range(4), repeat=2)))
def test_less_than_two_bits(a, b):
    c = Circuit("lt")
    x, y = c.private_input("a"), c.private_input("b")
    c.public_output("lt", c.less_than(x, y, 2))
    _outputs_forced(c, {"a": a, "b": b}, 2)


@pytest.mark.parametrize("x", [0, 1, 2, R - 1, 12345])
def test_is_zero(x):
    c = Circuit("iz")
    v = c.private_input("x")
    c.public_output("z", c.is_zero(v))
    _outputs_forced(c, {"x": x}, 1)


@pytest.mark.parametrize("s, a, b", [(0, 5, 9), (1, 5, 9), (1, 7, 7)])
def test_select(s, a, b):
    c = Circuit("sel")
    sv, av, bv = c.private_input("s"), c.private_input("a"), c.private_input("b")
    c.assert_bool(sv)
    c.public_output("o", c.select(sv, av, bv))
    _outputs_forced(c, {"s": s, "a": a, "b": b}, 3)
