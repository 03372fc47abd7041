"""Curve arithmetic and encodings against published vectors (tests/vectors/, see its README): the BBS draft's
key pairs (PK = SK * P2, a G2 scalar multiplication and compressed encoding computed by the draft's authors) and
its generators (valid compressed G1 points from an independent implementation)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from py_ecc.bls.point_compression import decompress_G1

from zkcred.bls12_381 import Fr, G1, G2

from . import oracle as O

VECTORS = Path(__file__).resolve().parent.parent / "vectors" / "bbs"
SUITES = ["bls12-381-sha-256", "bls12-381-shake-256"]


def load(suite: str, name: str) -> dict:
    return json.loads((VECTORS / suite / name).read_text())


@pytest.mark.parametrize("suite", SUITES)
def test_public_key_is_sk_times_g2(suite):
    kp = load(suite, "keypair.json")["keyPair"]
    sk = Fr.from_bytes(bytes.fromhex(kp["secretKey"]))
    pk = bytes.fromhex(kp["publicKey"])
    assert (G2.generator() * sk).to_bytes() == pk
    assert G2.generator().mul_var(sk).to_bytes() == pk
    assert G2.from_bytes(pk) == G2.generator() * sk


@pytest.mark.parametrize("suite", SUITES)
def test_generators_decode_and_round_trip(suite):
    gens = load(suite, "generators.json")
    encs = [gens["P1"], gens["Q1"], *gens["MsgGenerators"]]
    pts = G1.batch_from_bytes([bytes.fromhex(e) for e in encs])
    for e, p in zip(encs, pts):
        raw = bytes.fromhex(e)
        assert G1.from_bytes(raw) == p and p.to_bytes() == raw
        assert G1.from_bytes(p.to_bytes(compressed=False)) == p
        assert O.from_zk(p) == decompress_G1(int.from_bytes(raw, "big"))   # py_ecc decodes the same point
