"""in_range: 64-bit lo <= v <= hi; accepted and rejected inputs; wrap-around forgeries on the raw R1CS."""
from __future__ import annotations

import random

import pytest
from _testlib import module_seed
from circuit.r1cs_check import first_failure, unchecked

from zkcred.circuits import in_range
from zkcred.circuit import UnsatisfiedError

R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
TOP = (1 << 64) - 1
SEED = module_seed(__name__)   # from ZKCRED_TEST_SEED (tests/_testlib.py)
print(f"test_in_range seed = {SEED:#x}")


def test_constraint_count_and_public_inputs():
    c = in_range.circuit()
    assert c.n_constraints == 325
    assert c.public_inputs(in_range.inputs(5, 1, 9)) == [1, 9]
    r = c.to_r1cs()
    assert (r.n_pub_out, r.n_pub_in, r.n_prv_in) == (0, 2, 1)


@pytest.mark.parametrize("v, lo, hi", [(0, 0, 0), (0, 0, TOP), (TOP, 0, TOP), (TOP, TOP, TOP), (5, 5, 9), (9, 5, 9),
                                       (1 << 63, (1 << 63) - 1, 1 << 63)])
def test_accepts(v, lo, hi):
    in_range.circuit().witness(in_range.inputs(v, lo, hi))


@pytest.mark.parametrize("v, lo, hi, rule", [
    (4, 5, 9, "lo <= v"), (10, 5, 9, "v <= hi"), (0, 1, TOP, "lo <= v"), (TOP, 0, TOP - 1, "v <= hi"),
    (1 << 64, 0, TOP, "v is 64-bit"), (R - 1, 0, TOP, "v is 64-bit"), (5, 9, 5, "lo <= v"),
    (5, 0, 1 << 64, "hi is 64-bit"), (5, R - 1, 9, "lo is 64-bit"),
])
def test_rejects(v, lo, hi, rule):
    with pytest.raises(UnsatisfiedError, match=rule):
        in_range.circuit().witness(in_range.inputs(v, lo, hi))


def test_random_against_python():
    rng = random.Random(SEED)
    c = in_range.circuit()
    for _ in range(60):
        lo, hi = sorted(rng.getrandbits(64) for _ in range(2))
        v = rng.choice([lo, hi, lo - 1, hi + 1, rng.randint(lo, hi), rng.getrandbits(64)])
        ok = lo <= v <= hi and v >= 0 and v <= TOP
        try:
            c.witness(in_range.inputs(v, lo, hi))
            assert ok
        except UnsatisfiedError:
            assert not ok


def test_soundness_wrapped_difference():
    """v = hi + 1: hi - v wraps to r - 1. Every forgery of the 64 bits of 'hi - v' is rejected."""
    c = in_range.circuit()
    r1cs = c.to_r1cs()
    w = unchecked(c, in_range.inputs(11, 5, 10))
    bad = first_failure(r1cs, w)
    assert bad is not None and "v <= hi" in c.labels[bad]
    bits = [k for k, nm in enumerate(c.wire_names()) if nm.startswith("in_range/v <= hi")]
    assert len(bits) == 64
    for pattern in ([1] * 64, [0] * 64, [R - 1] + [0] * 63, [(R - 1) >> 1, 1] + [0] * 62):
        forged = list(w)
        for k, v in zip(bits, pattern):
            forged[k] = v
        assert first_failure(r1cs, forged) is not None
    # and a value above 2^64 with both differences small: v = 2^64 + 3, lo = 2^64 ... lo is public and checked
    w = unchecked(c, in_range.inputs((1 << 64) + 3, 0, TOP))
    assert "v is 64-bit" in c.labels[first_failure(r1cs, w)]


def test_soundness_non_boolean_bit():
    c = in_range.circuit()
    r1cs = c.to_r1cs()
    w = unchecked(c, in_range.inputs(6, 5, 10))
    assert first_failure(r1cs, w) is None
    bits = [k for k, nm in enumerate(c.wire_names()) if nm.startswith("in_range/v is 64-bit")]
    forged = list(w)
    forged[bits[0]], forged[bits[1]], forged[bits[2]] = 2, 2, 0     # 2 + 2*2 = 6: right sum, non-boolean
    assert "boolean" in c.labels[first_failure(r1cs, forged)]


def test_verifier_public_inputs_match_witness():
    c = in_range.circuit()
    assert c.public_names() == ["lo", "hi"]
    assert c.public_inputs(in_range.inputs(7, 3, TOP)) == in_range.public_inputs(3, TOP)
