"""Poseidon: constants regenerated from the Grain recipe, the reference KAT (plain on Fr, plain on ints, in-circuit),
the sponge construction, and forged S-box witnesses rejected by the raw R1CS."""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from _testlib import module_seed
from circuit.r1cs_check import decode_witness, first_failure

from zkcred.bls12_381 import Fr
from zkcred.circuit import Circuit, UnsatisfiedError, poseidon
from zkcred.circuit import _poseidon_constants as K

ROOT = Path(__file__).resolve().parents[2]
VEC = ROOT / "tests" / "vectors" / "poseidon"
R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
SEED = module_seed(__name__)   # from ZKCRED_TEST_SEED (tests/_testlib.py)
print(f"test_poseidon seed = {SEED:#x}")


def _ref():
    return json.loads((VEC / "poseidonperm_x5_255_3.json").read_text())


def _kats() -> list[tuple[list[int], list[int]]]:
    """KAT from the JSON and, independently, from the authors' test_vectors.txt."""
    out = [([int(x, 16) for x in v["input"]], [int(x, 16) for x in v["output"]]) for v in _ref()["vectors"]]
    text = (VEC / "test_vectors.txt").read_text()
    block = text.split("# poseidonperm_x5_255_3")[1].split("#")[0]
    lines = [ln.strip() for ln in block.splitlines() if ln.strip().startswith("[")]
    ints = [[int(x.strip(" '"), 16) for x in ln.strip("[]").split(",")] for ln in lines]
    out.append((ints[0], ints[1]))
    assert out[0] == out[1]
    return out


def test_constants_match_reference_file():
    ref = _ref()
    assert (K.T, K.ALPHA, K.R_F, K.R_P) == (3, 5, 8, 57)
    assert list(K.ROUND_CONSTANTS) == [int(x, 16) for x in ref["round_constants"]]
    assert [list(r) for r in K.MDS] == [[int(x, 16) for x in row] for row in ref["mds"]]


def test_generator_regenerates_committed_constants():
    res = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_poseidon.py"), "--check",
                          str(VEC / "poseidonperm_x5_255_3.json")], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


@pytest.mark.parametrize("kat", _kats())
def test_kat_plain(kat):
    inp, out = kat
    assert poseidon.permute_public(inp) == out
    assert [int(x) for x in poseidon.permute([Fr(x) for x in inp])] == out


def test_kat_with_mds_transposed_fails():
    # the pre-2021 bug (state * M): the test must be able to tell the two apart
    inp, out = _kats()[0]
    s = list(inp)
    for k in range(K.R_F + K.R_P):
        s = [(s[i] + K.ROUND_CONSTANTS[3 * k + i]) % R for i in range(3)]
        full = k < 4 or k >= 4 + K.R_P
        s = [pow(x, 5, R) for x in s] if full else [pow(s[0], 5, R), s[1], s[2]]
        s = [sum(K.MDS[j][i] * s[j] for j in range(3)) % R for i in range(3)]
    assert s != out


def _perm_circuit() -> Circuit:
    c = Circuit("perm")
    s = c.private_input("s", 3)
    for i, x in enumerate(c.poseidon_permutation(s)):
        c.public_output(f"out{i}", x)
    return c


def test_kat_in_circuit():
    inp, out = _kats()[0]
    c = _perm_circuit()
    assert c.n_constraints == 243 + 3     # 65 rounds of S-boxes (8*3 + 57) x 3, plus 3 output constraints
    w = c.witness(s=inp)
    assert w.public_inputs() == out
    raw = decode_witness(w.to_bytes())
    assert first_failure(c.to_r1cs(), raw) is None
    assert raw[1:4] == out and raw[4:7] == inp


def test_forged_sbox_wire_rejected():
    inp, out = _kats()[0]
    c = _perm_circuit()
    r1cs = c.to_r1cs()
    raw = decode_witness(c.witness(s=inp).to_bytes())
    rng = random.Random(SEED)
    for _ in range(20):
        forged = list(raw)
        k = rng.randrange(7, r1cs.n_wires)     # an internal (S-box) wire
        forged[k] = (forged[k] + rng.randrange(1, R)) % R
        assert first_failure(r1cs, forged) is not None
    forged = list(raw)
    forged[1] = (forged[1] + 1) % R            # claim a wrong output
    assert first_failure(r1cs, forged) is not None


def test_wrong_output_refused_by_builder():
    c = Circuit("perm-check")
    s = c.private_input("s", 3)
    expect = c.public_input("expect")
    c.assert_eq(c.poseidon_permutation(s)[0], expect, label="first lane")
    inp, out = _kats()[0]
    c.witness(s=inp, expect=out[0])
    with pytest.raises(UnsatisfiedError, match="first lane"):
        c.witness(s=inp, expect=out[1])


def test_hash_fr_matches_ints_and_circuit():
    rng = random.Random(SEED)
    for n in (1, 2, 3, 4, 5):
        xs = [rng.randrange(R) for _ in range(n)] if n != 3 else [0, R - 1, 1]
        h = poseidon.hash_public(xs)
        assert int(poseidon.hash([Fr(x) for x in xs])) == h
        c = Circuit(f"hash{n}")
        ins = c.private_input("x", n)
        c.public_output("h", c.poseidon_hash(ins))
        w = c.witness(x=xs)
        assert w.public_inputs() == [h]
        assert c.n_constraints == 1 + 243 * ((n + 1) // 2) - (6 if n == 1 else 3)


def test_sponge_construction_is_the_documented_one():
    a, b, x = 5, 7, 11
    assert poseidon.hash_public([a, b]) == poseidon.permute_public([2 << 64, a, b])[1]
    assert poseidon.hash_public([x]) == poseidon.permute_public([1 << 64, x, 0])[1]
    s = poseidon.permute_public([3 << 64, a, b])
    s = poseidon.permute_public([s[0], (s[1] + x) % R, s[2]])
    assert poseidon.hash_public([a, b, x]) == s[1]
    # length is in the capacity lane: zero padding does not collide
    assert poseidon.hash_public([x]) != poseidon.hash_public([x, 0])
    assert poseidon.hash_public([a, b]) != poseidon.hash_public([a, b, 0])
    with pytest.raises(ValueError):
        poseidon.hash_public([])
