"""Verifying keys under which no proof is sound are rejected when read and by every verifier (issue 12, item 7:
with gamma == delta -- what snarkjs writes before any phase-2 contribution -- or gamma at infinity, a proof for
arbitrary public inputs verified)."""
from __future__ import annotations

import json

import pytest

from zkcred.bls12_381 import G1, G2, pairing_check
from zkcred.cli import EXIT_INPUT, main
from zkcred.errors import DecodeError
from zkcred.groth16 import core, keys
from zkcred.groth16 import snarkjs as sj


def _with(vk, **kw):
    fields = dict(zip(vk.__slots__, vk._values()))
    fields.update(kw)
    return keys.VerifyingKey(**fields)


@pytest.fixture(scope="module")
def vk(fix):
    return sj.read_vk_json((fix / "verification_key.json").read_text())


def _forgery(vk, public):
    """The proof that passes the pairing equation of a degenerate key for any public inputs."""
    cpub = vk.ic[0] + G1.msm_var(list(vk.ic[1:]), public)
    if vk.gamma2 == vk.delta2:
        return keys.Proof(vk.alpha1, vk.beta2, -cpub)
    if vk.gamma2.is_identity():
        return keys.Proof(vk.alpha1, vk.beta2, G1.identity())
    return None


def _pairing_equation_holds(vk, public, proof) -> bool:
    cpub = vk.ic[0] + G1.msm_var(list(vk.ic[1:]), public)
    return pairing_check([(-proof.a, proof.b), (vk.alpha1, vk.beta2), (cpub, vk.gamma2), (proof.c, vk.delta2)])


def test_fixture_key_is_sound(vk):
    """The committed snarkjs fixture had a phase-2 contribution (tools/gen_snarkjs_fixtures.sh)."""
    keys.check_vk(vk)
    assert vk.gamma2 != vk.delta2 and vk.gamma2 == G2.generator()     # snarkjs's gamma is the generator


@pytest.mark.parametrize("rule", ["gamma==delta", "gamma=identity"])
def test_degenerate_keys_forgeable_and_rejected(vk, rng, rule):
    bad = _with(vk, delta2=vk.gamma2) if rule == "gamma==delta" else _with(vk, gamma2=G2.identity())
    public = [rng.randrange(1, 2**64) for _ in range(vk.n_public)]
    forged = _forgery(bad, public)
    assert _pairing_equation_holds(bad, public, forged)        # the attack is real on such a key
    match = "gamma2 == delta2" if rule == "gamma==delta" else "gamma2 is the identity"
    with pytest.raises(DecodeError, match=match):
        core.verify(bad, public, forged)
    with pytest.raises(DecodeError, match=match):
        core.batch_verify(bad, [(public, forged)])
    with pytest.raises(DecodeError, match=match):
        core.prepare(bad)
    pvk = core.PreparedVerifyingKey(bad, core.prepare(vk).alpha_beta)      # built directly, bypassing prepare
    with pytest.raises(DecodeError, match=match):
        core.verify(pvk, public, forged)
    with pytest.raises(DecodeError, match=match):
        sj.read_vk_json(sj.vk_to_json(bad))


@pytest.mark.parametrize("field", ["alpha1", "beta2", "gamma2", "delta2"])
def test_identity_elements_rejected(vk, field, tmp_path, capsys, fix):
    ident = G1.identity() if field == "alpha1" else G2.identity()
    bad = _with(vk, **{field: ident})
    with pytest.raises(DecodeError, match=f"{field} is the identity"):
        keys.check_vk(bad)
    path = tmp_path / "vk.json"
    path.write_text(sj.vk_to_json(bad))
    assert main(["groth16", "verify", str(path), str(fix / "public.json"), str(fix / "proof.json")]) == EXIT_INPUT
    assert f"{field} is the identity" in capsys.readouterr().err


def test_zkey_without_phase2_contribution_cannot_export_a_vk(fix, tmp_path, capsys):
    """A .zkey whose delta equals gamma (snarkjs groth16 setup before `zkey contribute`)."""
    pk = sj.read_zkey((fix / "fixture.zkey").read_bytes())
    import dataclasses
    g2 = pk.gamma2
    bad = dataclasses.replace(pk, delta2=g2, _native=None)
    with pytest.raises(DecodeError, match="gamma2 == delta2"):
        bad.verifying_key()
    path = tmp_path / "k.zkey"
    path.write_bytes(sj.write_zkey(bad))
    assert main(["groth16", "export-vkey", "-q", str(path), str(tmp_path / "vk.json")]) == EXIT_INPUT
    assert "gamma2 == delta2" in capsys.readouterr().err


def test_snarkjs_phase2_less_key_rejected(fix, tmp_path, snarkjs):
    """The real thing: `snarkjs groth16 setup` without a contribution writes gamma == delta."""
    rc, out = snarkjs("groth16", "setup", fix / "fixture.r1cs", fix / "pot8_final.ptau", tmp_path / "c0.zkey")
    assert rc == 0, out
    rc, out = snarkjs("zkey", "export", "verificationkey", tmp_path / "c0.zkey", tmp_path / "vk0.json")
    assert rc == 0, out
    obj = json.loads((tmp_path / "vk0.json").read_text())
    assert obj["vk_gamma_2"] == obj["vk_delta_2"]
    with pytest.raises(DecodeError, match="gamma2 == delta2"):
        sj.read_vk_json((tmp_path / "vk0.json").read_text())
