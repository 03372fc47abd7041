"""Groth16 and LegoGroth16 verifiers on anvil (zkcred.groth16.solidity, EIP-2537 precompiles).

Oracles: proofs made by snarkjs (the committed circom fixture, tests/fixtures/snarkjs) and by zkcred for the
predicate circuits must verify on chain; the contract's decision on randomly mutated calldata must equal the
Python verifier's (core.verify / lego.verify, after decoding the words by EIP-2537's rules) on every mutation;
points outside the subgroup and off the curve are built from the curve equation (tests/onchain/_mutate.py)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from zkcred.bls12_381 import G1
from zkcred.bls12_381.eip2537 import g1_to_words
from zkcred.circuit import Circuit
from zkcred.circuits import age_at_least, in_range
from zkcred.errors import DecodeError, VerificationError
from zkcred.groth16 import core, lego, snarkjs, solidity
from zkcred.ledger.contracts import calldata_gas

from ._mutate import R, g1_off_curve, g1_off_subgroup, mutate

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "fixtures" / "snarkjs"
EXAMPLE = ROOT / "contracts" / "examples" / "Groth16VerifierCircomFixture.sol"


def _fixture():
    vk = snarkjs.read_vk_json((FIX / "verification_key.json").read_text())
    proof = snarkjs.read_proof_json((FIX / "proof.json").read_text())
    public = snarkjs.read_public_json((FIX / "public.json").read_text())
    return vk, proof, public


@pytest.fixture(scope="module")
def circom(deploy):
    vk, proof, public = _fixture()
    return vk, proof, public, deploy(solidity.export_solidity(vk), "Groth16Verifier")


def _python_accepts(vk, args) -> bool:
    try:
        solidity.verify_calldata(vk, args)
        return True
    except (DecodeError, VerificationError):
        return False


def _chain_accepts(chain, addr, vk, args) -> bool:
    return chain.call_bool(addr, solidity.encode_call(vk, args))


# ---------------------------------------------------------------- snarkjs's proof, its rejections


def test_snarkjs_proof_verifies_on_chain(chain, circom):
    vk, proof, public, addr = circom
    args = solidity.calldata(proof, public)
    assert solidity.verify_calldata(vk, args) is None
    assert _chain_accepts(chain, addr, vk, args)


def test_rejections(chain, circom, rng):
    vk, proof, public, addr = circom
    good = solidity.calldata(proof, public)
    cases = {}
    bad = [list(a) for a in good]
    bad[3][1] = (bad[3][1] + 1) % R
    cases["wrong public input"] = bad
    bad = [list(a) for a in good]
    bad[3][0] += R                                 # the same value mod r, but not < r
    cases["public input >= r"] = bad
    cases["modified proof (A -> 2A)"] = [g1_to_words(proof.a + proof.a)] + good[1:]
    cases["modified proof (C -> C + G)"] = good[:2] + [g1_to_words(proof.c + G1.generator())] + good[3:]
    cases["A off the curve"] = [g1_off_curve(good[0])] + good[1:]
    cases["C outside the subgroup"] = good[:2] + [g1_off_subgroup(rng)] + good[3:]
    cases["A outside the subgroup"] = [g1_off_subgroup(rng)] + good[1:]
    b = list(good[1])
    b[7] ^= 1
    cases["B off the curve"] = [good[0], b] + good[2:]
    cases["B in snarkjs's BN254 order (c1 first)"] = [good[0], good[1][2:4] + good[1][0:2] + good[1][6:8]
                                                       + good[1][4:6]] + good[2:]
    for what, args in cases.items():
        assert not _python_accepts(vk, args), what
        assert not _chain_accepts(chain, addr, vk, args), what


def test_calldata_cli_and_committed_example(chain, circom, tmp_path, capsys):
    """`zkcred groth16 export-solidity` writes the generator's text, which is the committed example; the
    arguments printed by `zkcred groth16 calldata` verify on chain."""
    from zkcred.cli import main
    vk, proof, public, addr = circom
    out = tmp_path / "V.sol"
    assert main(["groth16", "export-solidity", "-q", str(FIX / "verification_key.json"), str(out)]) == 0
    assert out.read_text() == solidity.export_solidity(vk) == EXAMPLE.read_text()
    capsys.readouterr()
    assert main(["groth16", "calldata", str(FIX / "public.json"), str(FIX / "proof.json")]) == 0
    text = capsys.readouterr().out.strip()
    args = [[int(w, 16) for w in a] for a in json.loads("[" + text + "]")]
    assert args == solidity.calldata(proof, public)
    assert _chain_accepts(chain, addr, vk, args)


# ---------------------------------------------------------------- zkcred's predicate circuits


def _days(d: dt.date) -> int:
    return (d - dt.date(1970, 1, 1)).days


@pytest.mark.parametrize("which", ["age_at_least", "in_range"])
def test_zkcred_predicate_proofs_verify_on_chain(chain, deploy, which):
    if which == "age_at_least":
        today = _days(dt.date(2026, 3, 1))
        c, inp = age_at_least.circuit(), age_at_least.inputs(_days(dt.date(2000, 5, 17)), today, 18)
        wrong = age_at_least.public_inputs(today, 40)
    else:
        c, inp = in_range.circuit(), in_range.inputs(123456789, 1000, 1 << 40)
        wrong = in_range.public_inputs(123456790, 1 << 40)
    pk = core.setup(c.to_r1cs())
    vk = pk.verifying_key()
    proof, public = core.prove(pk, c.witness_bytes(inp))
    addr = deploy(solidity.export_solidity(vk), "Groth16Verifier")
    assert _chain_accepts(chain, addr, vk, solidity.calldata(proof, public))
    assert not _chain_accepts(chain, addr, vk, solidity.calldata(proof, wrong))
    with pytest.raises(VerificationError):
        core.verify(vk, wrong, proof)


def test_no_public_inputs(chain, deploy):
    c = Circuit("nopub")
    x = c.private_input("x")
    c.assert_eq(x * x, x)
    pk = core.setup(c.to_r1cs())
    vk = pk.verifying_key()
    proof, public = core.prove(pk, c.witness_bytes({"x": 1}))
    assert public == []
    addr = deploy(solidity.export_solidity(vk), "Groth16Verifier")
    assert "verifyProof(uint256[4] calldata _pA, uint256[8] calldata _pB, uint256[4] calldata _pC)" in \
        solidity.export_solidity(vk)
    assert _chain_accepts(chain, addr, vk, solidity.calldata(proof, public))
    good = solidity.calldata(proof, public)
    assert not _chain_accepts(chain, addr, vk, good[:2] + [g1_to_words(proof.c + G1.generator())])


def test_gas_two_public_inputs_within_target(chain, deploy):
    """The issue's target: the verification call of a Groth16 proof with 2 public inputs <= 200,000 gas (its
    execution: the receipt's gasUsed less the 21,000 of a transaction and the calldata's price)."""
    c = in_range.circuit()
    pk = core.setup(c.to_r1cs())
    vk = pk.verifying_key()
    proof, public = core.prove(pk, c.witness_bytes(in_range.inputs(5, 1, 9)))
    addr = deploy(solidity.export_solidity(vk), "Groth16Verifier")
    data = solidity.encode_call(vk, solidity.calldata(proof, public))
    receipt = chain.transact(addr, data)
    execution = int(receipt["gasUsed"], 16) - 21000 - calldata_gas(data)[0]
    assert solidity.precompile_gas(vk) == 191_251
    assert solidity.precompile_gas(vk) < execution <= 200_000


# ---------------------------------------------------------------- differential


def test_differential_groth16(chain, circom, rng):
    """Random mutations of the calldata: the contract accepts exactly what the Python verifier accepts."""
    vk, proof, public, addr = circom
    good = solidity.calldata(proof, public)
    disagreements, accepted, kinds = [], 0, set()
    for _ in range(60):
        what, args = mutate(good, rng, g1_slots=[0, 2], g2_slots=[1], scalar_slots=[3])
        py, ev = _python_accepts(vk, args), _chain_accepts(chain, addr, vk, args)
        accepted += py
        kinds.add(what.split(":")[0].split(" ")[0])
        if py != ev:
            disagreements.append((what, py, ev))
    assert disagreements == []
    assert _python_accepts(vk, good) and _chain_accepts(chain, addr, vk, good)
    assert accepted < 60 and len(kinds) > 3


# ---------------------------------------------------------------- LegoGroth16


@pytest.fixture(scope="module")
def lego_setup(deploy):
    c = in_range.circuit()
    pk = lego.setup(c.to_r1cs(), 1)
    vk = pk.verifying_key()
    proof, public, opening = lego.prove(pk, c.witness_bytes(in_range.inputs(777, 10, 1000)))
    op = solidity.prove_opening(vk, public, proof, opening)
    addr = deploy(solidity.export_solidity(vk), "LegoGroth16Verifier")
    return vk, proof, public, op, addr


def test_lego_verifies_with_its_opening_proof(chain, lego_setup):
    vk, proof, public, op, addr = lego_setup
    args = solidity.calldata(proof, public, op)
    assert solidity.verify_calldata(vk, args) is None
    assert _chain_accepts(chain, addr, vk, args)
    wrong = solidity.calldata(proof, [11, 1000], op)
    assert not _chain_accepts(chain, addr, vk, wrong) and not _python_accepts(vk, wrong)


def test_lego_forgery_without_opening_is_rejected(chain, lego_setup, rng):
    """lego.verify alone accepts (alpha1, beta2, O, -PI) for any statement (lego's SECURITY note); the contract
    also wants the opening proof, which nobody can make for D = -PI without the trapdoor."""
    vk, proof, public, op, addr = lego_setup
    false_statement = [100, 5]
    forged = lego.LegoProof(vk.alpha1, vk.beta2, G1.identity(), -core._cpub(vk, false_statement))
    lego.verify(vk, false_statement, forged)          # the pairing equation holds
    from zkcred.bls12_381 import Fr
    for t, z in [(op.t, op.z), (G1.generator(), [Fr(1), Fr(2)]), (G1.identity(), [Fr(0), Fr(0)])]:
        args = solidity.calldata(forged, false_statement, solidity.OpeningProof(t, z))
        assert not _python_accepts(vk, args)
        assert not _chain_accepts(chain, addr, vk, args)


def test_differential_lego(chain, lego_setup, rng):
    vk, proof, public, op, addr = lego_setup
    good = solidity.calldata(proof, public, op)
    disagreements, accepted = [], 0
    for _ in range(40):
        what, args = mutate(good, rng, g1_slots=[0, 2, 3, 5], g2_slots=[1], scalar_slots=[4, 6])
        py, ev = _python_accepts(vk, args), _chain_accepts(chain, addr, vk, args)
        accepted += py
        if py != ev:
            disagreements.append((what, py, ev))
    assert disagreements == []
    assert accepted < 40
