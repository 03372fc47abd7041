"""snarkjs JSON is read as snarkjs writes it, one spelling per value (issue 12, item 7): decimal strings of
ASCII digits only (no "١٠", no full-width digits, no sign, no spaces, no leading zeros), affine points with
Z = 1 and the point at infinity in its one form; public inputs handed to ``verify`` are ints (not bools or
floats: 18.9 was read as 18), Fr values, or such strings."""
from __future__ import annotations

import json

import pytest

from zkcred.bls12_381 import Fr
from zkcred.cli import EXIT_INPUT, EXIT_INVALID, main
from zkcred.errors import DecodeError, VerificationError
from zkcred.groth16 import core
from zkcred.groth16 import snarkjs as sj
from zkcred.groth16.keys import Q

ARABIC = "\u0661\u0660"            # "١٠" (= 10 to int())
FULLWIDTH = "\uff11\uff10"         # "１０"
BAD_DECIMALS = [ARABIC, FULLWIDTH, " 10", "10 ", "+10", "-0", "010", "1_0", "0x0a", "10.0", "", "1e1", "\u00b9"]


@pytest.fixture(scope="module")
def files(fix):
    return {n: json.loads((fix / n).read_text()) for n in ("verification_key.json", "proof.json", "public.json")}


@pytest.mark.parametrize("bad", BAD_DECIMALS)
def test_public_json_decimal_spellings(files, bad):
    pub = list(files["public.json"])
    pub[0] = bad
    with pytest.raises(DecodeError, match="canonical decimal string"):
        sj.read_public_json(json.dumps(pub))
    assert sj.read_public_json(json.dumps(files["public.json"])) == [int(v) for v in files["public.json"]]


@pytest.mark.parametrize("bad", [ARABIC, FULLWIDTH, " 1", "01"])
def test_proof_and_key_decimal_spellings(files, bad):
    proof = json.loads(json.dumps(files["proof.json"]))
    proof["pi_a"][2] = bad
    with pytest.raises(DecodeError, match="pi_a: expected a canonical decimal string"):
        sj.read_proof_json(json.dumps(proof))
    vk = json.loads(json.dumps(files["verification_key.json"]))
    vk["IC"][1][2] = bad
    with pytest.raises(DecodeError, match="IC\\[1\\]: expected a canonical decimal string"):
        sj.read_vk_json(json.dumps(vk))


def test_points_have_one_spelling(files):
    proof = files["proof.json"]
    x, y = int(proof["pi_a"][0]), int(proof["pi_a"][1])
    z = 7
    # the same point in Jacobian coordinates with Z = 7: it used to be accepted
    jac = [str(x * z * z % Q), str(y * z ** 3 % Q), str(z)]
    with pytest.raises(DecodeError, match='pi_a: an affine point has z = "1"'):
        sj.read_proof_json(json.dumps(dict(proof, pi_a=jac)))
    with pytest.raises(DecodeError, match="infinity is written"):
        sj.read_proof_json(json.dumps(dict(proof, pi_c=["5", "6", "0"])))
    b = proof["pi_b"]
    with pytest.raises(DecodeError, match='pi_b: an affine point has z = \\["1", "0"\\]'):
        sj.read_proof_json(json.dumps(dict(proof, pi_b=[b[0], b[1], ["1", "1"]])))
    with pytest.raises(DecodeError, match="infinity is written"):
        sj.read_proof_json(json.dumps(dict(proof, pi_b=[b[0], b[1], ["0", "0"]])))
    # the forms snarkjs writes are read, and zkcred writes exactly them
    p = sj.read_proof_json(json.dumps(proof))
    assert json.loads(sj.proof_to_json(p)) == proof
    inf = sj.read_proof_json(json.dumps(dict(proof, pi_c=["0", "1", "0"])))
    assert inf.c.is_identity()
    inf2 = sj.read_proof_json(json.dumps(dict(proof, pi_b=[["0", "0"], ["1", "0"], ["0", "0"]])))
    assert inf2.b.is_identity()


def test_npublic_is_a_json_integer(files):
    vk = files["verification_key.json"]
    for bad in (True, "4", 4.0):
        with pytest.raises(DecodeError, match="nPublic"):
            sj.read_vk_json(json.dumps(dict(vk, nPublic=bad)))


def test_library_public_inputs_are_ints_fr_or_decimal_strings(fix, files):
    vk = sj.read_vk_json(json.dumps(files["verification_key.json"]))
    proof = sj.read_proof_json(json.dumps(files["proof.json"]))
    pub = [int(v) for v in files["public.json"]]
    core.verify(vk, pub, proof)
    core.verify(vk, [str(v) for v in pub], proof)
    core.verify(vk, [Fr(v) for v in pub], proof)
    core.verify(core.prepare(vk), pub, proof)
    # values that int() reads as the right ones must not verify: 7.9 -> 7, True -> 1, "١٠" -> 10
    assert pub[1] == 1 and pub[3] == 7
    for i, bad in [(3, pub[3] + 0.9), (3, float(pub[3])), (1, True),
                   (2, ARABIC), (2, " 7"), (3, b"7"), (3, None)]:
        wrong = list(pub)
        wrong[i] = bad
        with pytest.raises(DecodeError, match=f"public input {i}"):
            core.verify(vk, wrong, proof)
        with pytest.raises(DecodeError, match=f"public input {i}"):
            core.batch_verify(vk, [(wrong, proof)])
    with pytest.raises(DecodeError, match="not a single string"):
        core.verify(vk, "1234", proof)
    with pytest.raises(VerificationError, match="not in \\[0, r\\)"):
        core.verify(vk, [-1] + pub[1:], proof)


def test_cli_public_json_with_non_ascii_digits(fix, tmp_path, capsys, files):
    pub = list(files["public.json"])
    path = tmp_path / "public.json"
    for bad in (ARABIC, FULLWIDTH, " " + pub[0]):
        path.write_text(json.dumps([bad] + pub[1:]))
        assert main(["groth16", "verify", str(fix / "verification_key.json"), str(path), str(fix / "proof.json")]) \
            == EXIT_INPUT
        assert "canonical decimal string" in capsys.readouterr().err
    path.write_text(json.dumps([str(int(pub[0]) + 1)] + pub[1:]))
    assert main(["groth16", "verify", str(fix / "verification_key.json"), str(path), str(fix / "proof.json")]) \
        == EXIT_INVALID
