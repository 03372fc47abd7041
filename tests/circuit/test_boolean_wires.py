"""Circuit.boolean_wires: the flags of the constant-time prover are exactly the wires a constraint forces to be
0 or 1 (hand-built circuits with the expected set written out; range64's hand-written BOOLEAN_WIRES; the Merkle
circuit's index bits and nothing else)."""
from zkcred.circuit import R, Circuit
from zkcred.circuits import range64, set_membership
from zkcred.credentials.predicates import build_set_circuit


def _flagged(c: Circuit) -> set[str]:
    names = c.wire_names()
    flags = c.boolean_wires()
    assert len(flags) == c.n_wires and set(flags) <= {0, 1} and flags[0] == 0
    return {names[i] for i, f in enumerate(flags) if f}


def test_hand_built_circuit():
    c = Circuit("mix")
    y = c.public_input("y")
    x = c.private_input("x")
    b = c.private_input("b", 6)
    c.assert_bool(b[0])                                   # w * (w - 1) = 0
    c.constrain(b[1] - 1, b[1], 0)                         # (w - 1) * w = 0: the other order
    c.constrain(b[2].scale(3), b[2].scale(5) - 5, 0)       # 3w * (5w - 5) = 0: scaled
    c.assert_bool(c.one - b[3])                            # (1 - w) * (-w) = 0: roots 1, 0
    c.constrain(b[4], b[4] - 2, 0)                         # w * (w - 2) = 0: roots 0, 2 -- not boolean
    c.constrain(b[5], x - 1, 0)                            # two different wires -- not boolean
    c.constrain(x, x - 1, 1)                               # C not zero -- not this pattern
    c.assert_bool(x + y)                                   # an LC of two wires -- neither wire is boolean
    p = c.mul(x, y)
    c.assert_eq(p, y * 3)
    assert _flagged(c) == {"b[0]", "b[1]", "b[2]", "b[3]"}
    # a constraint added later refreshes the cached flags (they follow the exported R1CS)
    c.assert_bool(b[4])
    assert _flagged(c) == {"b[0]", "b[1]", "b[2]", "b[3]", "b[4]"}
    assert c.boolean_wires() is c.boolean_wires()


def test_range64_matches_its_hand_written_flags():
    assert range64.build().boolean_wires() == range64.BOOLEAN_WIRES


def test_merkle_index_bits_and_nothing_else():
    for depth in (1, 3, 10):
        c = set_membership.build(depth)
        assert _flagged(c) == {f"index_bits[{i}]" for i in range(depth)}
        # the bits are the private inputs after the element and the siblings (export order)
        k = c.wire_index("index_bits")
        assert c.boolean_wires()[k:k + depth] == b"\x01" * depth


def test_set16_has_no_boolean_wire():
    assert build_set_circuit(16).boolean_wires() == bytes(build_set_circuit(16).n_wires)


def test_constant_root_cases():
    """A row on ONE only (no wire) is not a flag; coefficients are taken mod r."""
    c = Circuit("k")
    w = c.private_input("w")
    c.constrain(w.scale(R - 1), w - 1, 0)                  # -w * (w - 1) = 0
    assert _flagged(c) == {"w"}
