"""Secrets (sk, e, the proof's random scalars, undisclosed messages) must only meet constant-time code: with every
variable-time group operation made to fail, KeyGen, SkToPk, Sign and ProofGen still work, and they give the same
bytes as the draft's fixtures. (The converse check, that verification does use the variable-time paths, is the
absence of this restriction there.)"""
from __future__ import annotations

import pytest

from zkcred import bbs
from zkcred.bls12_381 import G1, G2

from ._fixtures import SUITES, hx, load


@pytest.fixture
def no_variable_time(monkeypatch):
    def forbidden(*a, **k):
        raise AssertionError("a variable-time group operation was used on the signing/proving path")
    for cls in (G1, G2):
        monkeypatch.setattr(cls, "mul_var", forbidden)
        monkeypatch.setattr(cls, "msm", classmethod(forbidden))
        for name in ("msm_var", "msm_fixed", "msm_fixed_var", "fixed_table", "batch_to_bytes_var", "_affine_array_var"):
            if hasattr(cls, name):
                monkeypatch.setattr(cls, name, classmethod(forbidden))


@pytest.mark.parametrize("sd", list(SUITES))
def test_signing_and_proving_use_constant_time_paths(sd, no_variable_time):
    suite = SUITES[sd]
    kp = load(sd, "keypair.json")
    sk = bbs.keygen(hx(kp["keyMaterial"]), hx(kp["keyInfo"]), hx(kp["keyDst"]), suite=suite)
    assert bbs.sk_to_pk(sk, suite=suite).hex() == kp["keyPair"]["publicKey"]
    f = load(sd, "signature/signature004.json")
    pk = hx(f["signerKeyPair"]["publicKey"])
    msgs = [hx(m) for m in f["messages"]]
    assert bbs.sign(sk, pk, hx(f["header"]), msgs, suite=suite).hex() == f["signature"]
    p = load(sd, "proof/proof003.json")
    proof = bbs.proof_gen(pk, hx(p["signature"]), hx(p["header"]), hx(p["presentationHeader"]),
                          [hx(m) for m in p["messages"]], p["disclosedIndexes"], suite=suite,
                          random_scalars=bbs.mocked_random_scalars(suite))
    assert proof.hex() == p["proof"]


def test_the_guard_can_fail(no_variable_time):
    """The fixture really forbids the variable-time paths: verification needs them and must trip it."""
    suite = bbs.BLS12_381_SHA_256
    f = load("bls12-381-sha-256", "signature/signature004.json")
    with pytest.raises(AssertionError, match="variable-time"):
        bbs.verify(hx(f["signerKeyPair"]["publicKey"]), hx(f["signature"]), hx(f["header"]),
                   [hx(m) for m in f["messages"]], suite=suite)
