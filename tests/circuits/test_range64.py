"""range64 (the credential "range" key's circuit): lo <= v <= hi from two 64-bit decompositions, with the
verifier's bound check on lo and hi. Judged by a plain-integer evaluation of the exported R1CS
(tests/circuit/r1cs_check.py) and by a direct integer statement of the relation, never by the builder alone."""
from __future__ import annotations

import pytest
from circuit.r1cs_check import first_failure, unchecked

from zkcred.circuit import UnsatisfiedError
from zkcred.circuits import range64
from zkcred.errors import DecodeError

R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
TOP = (1 << 64) - 1


def reference_relation(w: list[int]) -> bool:
    """The relation range64 must encode, written from its docstring: wires ONE, lo, hi, v, bits of v - lo, bits
    of hi - v; every bit in {0, 1}, the bits recompose v - lo and hi - v mod r."""
    one, lo, hi, v = w[:4]
    a, b = w[4:68], w[68:132]
    return (one == 1 and all(x in (0, 1) for x in a + b)
            and sum(x << i for i, x in enumerate(a)) % R == (v - lo) % R
            and sum(x << i for i, x in enumerate(b)) % R == (hi - v) % R)


def honest(v: int, lo: int, hi: int) -> list[int]:
    a, b = (v - lo) % R, (hi - v) % R
    return [1, lo, hi, v] + [(a >> i) & 1 for i in range(64)] + [(b >> i) & 1 for i in range(64)]


def test_shape():
    c = range64.circuit()
    r = c.to_r1cs()
    assert (c.n_constraints, c.n_wires, range64.N_WIRES) == (130, 132, 132)
    assert (r.n_pub_out, r.n_pub_in, r.n_prv_in) == (0, 2, 1)
    assert c.public_names() == ["lo", "hi"]
    from zkcred.groth16.core import domain_size_for
    assert domain_size_for(len(r.constraints), r.n_public + 1) == 256     # LegoGroth16: v counts as public


def test_exported_r1cs_is_the_reference_relation(rng):
    """Random honest, bit-flipped, non-boolean and wrapped witnesses: the exported R1CS and the integer relation
    agree on every one (so the soundness argument, made on the relation, applies to the circuit)."""
    r1cs = range64.circuit().to_r1cs()
    for _ in range(150):
        lo, hi = sorted(rng.getrandbits(64) for _ in range(2))
        v = rng.choice([lo, hi, rng.randint(lo, hi), lo - 1, hi + 1, rng.getrandbits(64), rng.randrange(R)]) % R
        w = honest(v, lo, hi)
        kind = rng.randrange(4)
        if kind == 1:
            w[rng.randrange(4, 132)] ^= 1
        elif kind == 2:                               # right sum, a non-boolean "bit": 2 * 2^i = 2^(i+1)
            i = rng.randrange(4, 67)
            if w[i + 1] == 1 and w[i] == 0:
                w[i], w[i + 1] = 2, 0
        elif kind == 3:
            w[rng.randrange(1, 4)] = rng.randrange(R)
        assert (first_failure(r1cs, w) is None) == reference_relation(w), (kind, v, lo, hi)


@pytest.mark.parametrize("v, lo, hi", [(0, 0, 0), (0, 0, TOP), (TOP, 0, TOP), (TOP, TOP, TOP), (5, 5, 9), (9, 5, 9),
                                       (1 << 63, (1 << 63) - 1, 1 << 63)])
def test_accepts(v, lo, hi):
    w = range64.circuit().witness(range64.inputs(v, lo, hi))
    assert w.public_inputs() == range64.public_inputs(lo, hi)


@pytest.mark.parametrize("v, lo, hi, rule", [
    (4, 5, 9, "v - lo"), (10, 5, 9, "hi - v"), (0, 1, TOP, "v - lo"), (TOP, 0, TOP - 1, "hi - v"),
    (1 << 64, 0, TOP, "v - lo"), (R - 1, 0, TOP, "v - lo"), (5, 9, 5, "v - lo"),
])
def test_rejects(v, lo, hi, rule):
    with pytest.raises(UnsatisfiedError, match=f"range64/{rule}"):
        range64.circuit().witness(range64.inputs(v, lo, hi))


def test_wrap_around_forgeries_rejected():
    """v = lo - 1: v - lo wraps to r - 1. No 64-bit pattern recomposes it."""
    c = range64.circuit()
    r1cs = c.to_r1cs()
    w = unchecked(c, range64.inputs(4, 5, 9))
    assert first_failure(r1cs, w) is not None
    for pattern in ([1] * 64, [0] * 64, [R - 1] + [0] * 63, [(R - 1) >> 1, 1] + [0] * 62):
        forged = list(w)
        forged[4:68] = pattern
        assert first_failure(r1cs, forged) is not None


def test_verifier_bound_check_is_needed_and_made():
    """Without the verifier's check the circuit proves nothing about integers: lo = r - 1 (-1 mod r), hi = 5 and
    v = 0 satisfy the R1CS (v - lo = 1, hi - v = 5) although v < lo. check_bounds rejects such inputs."""
    r1cs = range64.circuit().to_r1cs()
    assert first_failure(r1cs, honest(0, R - 1, 5)) is None
    for lo, hi in ((R - 1, 5), (1 << 64, 1 << 64), (0, 1 << 64), (-1, 5), (True, 5), (0, 5.0)):
        with pytest.raises(DecodeError, match="range64 public input"):
            range64.public_inputs(lo, hi)
    range64.check_bounds(0, TOP)


def test_integer_soundness_small_model(rng):
    """The docstring's argument, checked on the relation: for bounds < 2^64, every satisfying assignment of the
    reference relation has lo <= v <= hi as integers (v in [0, r)); sampled over v near the edges and anywhere."""
    for _ in range(300):
        lo, hi = rng.getrandbits(64), rng.getrandbits(64)
        v = rng.choice([lo, hi, lo - 1, hi + 1, rng.randrange(R), R - 1, 0, TOP, 1 << 64]) % R
        assert reference_relation(honest(v, lo, hi)) == (lo <= v <= hi)


# ---------------------------------------------------------------- the constant-time C witness


def test_c_witness_equals_generic_evaluator(rng):
    from zkcred.bls12_381 import Fr
    c = range64.circuit()
    r1cs = c.to_r1cs()
    cases = [(0, 0, 0), (TOP, TOP, TOP), (0, 0, TOP), (TOP, 0, TOP), (1 << 63, 1 << 63, 1 << 63)]
    for _ in range(60):
        lo, hi = sorted(rng.getrandbits(rng.choice([8, 32, 64])) for _ in range(2))
        cases.append((rng.randint(lo, hi), lo, hi))
    for v, lo, hi in cases:
        raw = range64.witness_bytes(Fr(v), lo, hi)
        assert raw == c.witness_bytes(range64.inputs(v, lo, hi))
        w = [int.from_bytes(raw[i:i + 32], "little") for i in range(0, len(raw), 32)]
        assert w == honest(v, lo, hi) and first_failure(r1cs, w) is None


@pytest.mark.parametrize("v, lo, hi, rule", [
    (4, 5, 9, "v - lo"), (10, 5, 9, "hi - v"), (0, 1, TOP, "v - lo"), (TOP, 0, TOP - 1, "hi - v"),
    (1 << 64, 0, TOP, "v - lo"), (R - 1, 0, TOP, "v - lo"), (R - 1, TOP, TOP, "v - lo"), (5, 9, 5, "v - lo"),
])
def test_c_witness_refuses_what_the_evaluator_refuses(v, lo, hi, rule):
    """Same verdict and the same constraint named as the generic evaluator (test_rejects), no witness."""
    from zkcred.bls12_381 import Fr
    with pytest.raises(UnsatisfiedError, match=f"range64/{rule}") as exc:
        range64.witness_bytes(Fr(v), lo, hi)
    with pytest.raises(UnsatisfiedError) as ref:
        range64.circuit().witness(range64.inputs(v, lo, hi))
    assert exc.value.index == ref.value.index


def test_c_witness_checks_bounds_and_type():
    from zkcred.bls12_381 import Fr
    with pytest.raises(DecodeError, match="range64 public input hi"):
        range64.witness_bytes(Fr(3), 0, 1 << 64)
    with pytest.raises(TypeError):
        range64.witness_bytes(3, 0, 5)


def test_boolean_wires_are_exactly_the_constrained_bits():
    """BOOLEAN_WIRES (the constant-time prover's flags) names exactly the wires with a row w * (w - 1) = 0."""
    r1cs = range64.circuit().to_r1cs()
    boolean = set()
    for a, b, c in r1cs.constraints:
        if len(a) == 1 and a[0][1] == 1 and not c and sorted(b) == sorted([(0, R - 1), (a[0][0], 1)]):
            boolean.add(a[0][0])
    assert boolean == {i for i, f in enumerate(range64.BOOLEAN_WIRES) if f}
    assert len(range64.BOOLEAN_WIRES) == r1cs.n_wires
