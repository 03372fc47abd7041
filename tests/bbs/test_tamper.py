"""Tampering and malformed input: every rejection rule of the draft's decoders, bit flips anywhere in
signatures and proofs, wrong keys, wrong indexes. Nothing may escape as anything but DecodeError or
VerificationError, and no error message may carry a secret."""
from __future__ import annotations

import random

import pytest
from _testlib import module_seed

from zkcred import bbs
from zkcred.errors import DecodeError, VerificationError, ZkcredError

P = 0x1A0111EA397FE69A4B1BA7B6434BACD764774B84F38512BF6730D2A0F6B0F6241EABFFFEB153FFFFB9FEFFFFFFFFAAAB
R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
SEED = module_seed(__name__)   # from ZKCRED_TEST_SEED (tests/_testlib.py)
SUITES = [bbs.BLS12_381_SHA_256, bbs.BLS12_381_SHAKE_256]
G1_IDENTITY = bytes([0xC0]) + bytes(47)
G2_IDENTITY = bytes([0xC0]) + bytes(95)


def g1_off_subgroup() -> bytes:
    """A compressed point on y^2 = x^3 + 4 outside the order-r subgroup (the cofactor is ~2^126)."""
    x = 5
    while True:
        rhs = (x ** 3 + 4) % P
        y = pow(rhs, (P + 1) // 4, P)
        if y * y % P == rhs:
            b = bytearray(x.to_bytes(48, "big"))
            b[0] |= 0x80 | (0x20 if y > (P - 1) // 2 else 0)
            return bytes(b)
        x += 1


def g1_off_curve() -> bytes:
    x = 5
    while True:
        rhs = (x ** 3 + 4) % P
        if pow(rhs, (P - 1) // 2, P) == P - 1:         # not a square: no point with this x
            b = bytearray(x.to_bytes(48, "big"))
            b[0] |= 0x80
            return bytes(b)
        x += 1


@pytest.fixture(scope="module", params=SUITES, ids=lambda s: s.name)
def world(request):
    suite = request.param
    sk = bbs.keygen(b"tamper-tests-key-material-000000", suite=suite)
    pk = bbs.sk_to_pk(sk, suite=suite)
    msgs = [b"alpha", b"beta", b"", b"delta", b"epsilon"]
    sig = bbs.sign(sk, pk, b"header", msgs, suite=suite)
    proof = bbs.proof_gen(pk, sig, b"header", b"ph", msgs, [1, 3], suite=suite)
    return suite, sk, pk, msgs, sig, proof


def _raises_cleanly(fn, *args, **kw):
    with pytest.raises((DecodeError, VerificationError)):
        fn(*args, **kw)


# ----------------------------------------------------------------------------- signatures

def test_signature_bit_flips(world):
    suite, sk, pk, msgs, sig, proof = world
    rng = random.Random(SEED)
    print(f"seed {SEED}")
    positions = list(range(0, 80, 3)) + [0, 47, 48, 79]
    for pos in positions:
        bad = bytearray(sig)
        bad[pos] ^= 1 << rng.randrange(8)
        _raises_cleanly(bbs.verify, pk, bytes(bad), b"header", msgs, suite=suite)


@pytest.mark.parametrize("mutate,rule", [
    (lambda s: s[:79], "80 bytes"),
    (lambda s: s + b"\0", "80 bytes"),
    (lambda s: b"", "80 bytes"),
    (lambda s: G1_IDENTITY + s[48:], "identity"),
    (lambda s: g1_off_subgroup() + s[48:], "G1 point"),
    (lambda s: g1_off_curve() + s[48:], "G1 point"),
    (lambda s: s[:48] + bytes(32), "zero"),
    (lambda s: s[:48] + R.to_bytes(32, "big"), "canonical"),
    (lambda s: s[:48] + b"\xff" * 32, "canonical"),
])
def test_signature_decode_rules(world, mutate, rule):
    suite, sk, pk, msgs, sig, proof = world
    with pytest.raises(DecodeError, match=rule):
        bbs.verify(pk, mutate(sig), b"header", msgs, suite=suite)
    with pytest.raises(DecodeError, match=rule):
        bbs.proof_gen(pk, mutate(sig), b"header", b"", msgs, [], suite=suite)


def test_signature_wrong_inputs(world):
    suite, sk, pk, msgs, sig, proof = world
    other_pk = bbs.sk_to_pk(bbs.keygen(b"another-key-material-for-testing", suite=suite), suite=suite)
    for args in [(other_pk, sig, b"header", msgs), (pk, sig, b"headeR", msgs), (pk, sig, b"header", msgs[:-1]),
                 (pk, sig, b"header", msgs + [b""]), (pk, sig, b"header", msgs[::-1]),
                 (pk, sig, b"", msgs)]:
        with pytest.raises(VerificationError):
            bbs.verify(*args, suite=suite)


# ----------------------------------------------------------------------------- public and secret keys

@pytest.mark.parametrize("bad_pk,rule", [
    (b"", "96-byte"), (bytes(95), "96-byte"), (bytes(97), "96-byte"),
    (G2_IDENTITY, "identity"),
    (bytes([0x80]) + b"\xff" * 95, "G2 point"),
    (bytes(96), "G2 point"),                          # compression flag missing
])
def test_public_key_rules(world, bad_pk, rule):
    suite, sk, pk, msgs, sig, proof = world
    for fn, args in [(bbs.verify, (bad_pk, sig, b"header", msgs)),
                     (bbs.sign, (sk, bad_pk, b"header", msgs)),
                     (bbs.proof_gen, (bad_pk, sig, b"header", b"ph", msgs, [1])),
                     (bbs.proof_verify, (bad_pk, proof, b"header", b"ph", [msgs[1], msgs[3]], [1, 3]))]:
        with pytest.raises(DecodeError, match=rule):
            fn(*args, suite=suite)


@pytest.mark.parametrize("bad_sk,rule", [
    (bytes(32), "zero"), (R.to_bytes(32, "big"), "canonical"), (b"\xff" * 32, "canonical"),
    (bytes(31), "32 bytes"), (bytes(33), "32 bytes"),
])
def test_secret_key_rules(world, bad_sk, rule):
    suite, sk, pk, msgs, sig, proof = world
    with pytest.raises(DecodeError, match=rule) as ei:
        bbs.sign(bad_sk, pk, b"", msgs, suite=suite)
    assert bad_sk.hex() not in str(ei.value) or bad_sk == bytes(len(bad_sk))
    with pytest.raises(DecodeError, match=rule):
        bbs.sk_to_pk(bad_sk, suite=suite)


def test_errors_never_show_the_secret_key(world):
    suite, sk, pk, msgs, sig, proof = world
    near = (int.from_bytes(sk, "big") + R).to_bytes(32, "big") if int.from_bytes(sk, "big") + R < 2**256 else sk
    for bad in (near, sk[:31]):
        try:
            bbs.sign(bad, pk, b"", msgs, suite=suite)
        except ZkcredError as exc:
            text = str(exc) + repr(exc)
            assert sk.hex() not in text and bad.hex() not in text and str(int.from_bytes(sk, "big")) not in text


def test_keygen_rules():
    with pytest.raises(DecodeError, match="at least 32"):
        bbs.keygen(bytes(31))
    with pytest.raises(DecodeError, match="65535"):
        bbs.keygen(bytes(32), key_info=bytes(65536))
    with pytest.raises(DecodeError, match="255"):
        bbs.keygen(bytes(32), key_dst=bytes(256))
    assert bbs.keygen(bytes(32), key_info=bytes(65535)) != bbs.keygen(bytes(32))


def test_type_errors_are_clear(world):
    suite, sk, pk, msgs, sig, proof = world
    with pytest.raises(TypeError, match="messages"):
        bbs.sign(sk, pk, b"", "not a list", suite=suite)
    with pytest.raises(TypeError, match=r"messages\[1\]"):
        bbs.sign(sk, pk, b"", [b"a", "b"], suite=suite)
    with pytest.raises(DecodeError, match="unknown BBS ciphersuite"):
        bbs.sign(sk, pk, b"", msgs, suite="BLS12-381-SHA-512")


# ----------------------------------------------------------------------------- proofs

def test_proof_bit_flips(world):
    suite, sk, pk, msgs, sig, proof = world
    rng = random.Random(SEED + 1)
    print(f"seed {SEED + 1}")
    disclosed = [msgs[1], msgs[3]]
    positions = sorted(set(rng.sample(range(len(proof)), 24) + [0, 47, 48, 95, 96, 143, 144, len(proof) - 1]))
    for pos in positions:
        bad = bytearray(proof)
        bad[pos] ^= 1 << rng.randrange(8)
        _raises_cleanly(bbs.proof_verify, pk, bytes(bad), b"header", b"ph", disclosed, [1, 3], suite=suite)


@pytest.mark.parametrize("mutate,rule", [
    (lambda p: p[:271], "at least 272"),
    (lambda p: p + b"\0", "whole number"),
    (lambda p: p[:-1], "whole number"),
    (lambda p: G1_IDENTITY + p[48:], "identity"),
    (lambda p: p[:48] + G1_IDENTITY + p[96:], "identity"),
    (lambda p: p[:96] + g1_off_subgroup() + p[144:], "G1 point"),
    (lambda p: p[:48] + g1_off_curve() + p[96:], "G1 point"),
    (lambda p: p[:144] + bytes(32) + p[176:], "zero"),
    (lambda p: p[:-32] + bytes(32), "zero"),
    (lambda p: p[:-32] + R.to_bytes(32, "big"), "canonical"),
    (lambda p: p[:176] + (R + 1).to_bytes(32, "big") + p[208:], "canonical"),
])
def test_proof_decode_rules(world, mutate, rule):
    suite, sk, pk, msgs, sig, proof = world
    with pytest.raises(DecodeError, match=rule):
        bbs.proof_verify(pk, mutate(proof), b"header", b"ph", [msgs[1], msgs[3]], [1, 3], suite=suite)


def test_proof_wrong_claims(world):
    suite, sk, pk, msgs, sig, proof = world
    other_pk = bbs.sk_to_pk(bbs.keygen(b"another-key-material-for-testing", suite=suite), suite=suite)
    good = (pk, proof, b"header", b"ph", [msgs[1], msgs[3]], [1, 3])
    assert bbs.proof_verify(*good, suite=suite) is None
    wrong = [
        (other_pk, proof, b"header", b"ph", [msgs[1], msgs[3]], [1, 3]),
        (pk, proof, b"header!", b"ph", [msgs[1], msgs[3]], [1, 3]),
        (pk, proof, b"header", b"ph!", [msgs[1], msgs[3]], [1, 3]),
        (pk, proof, b"header", b"", [msgs[1], msgs[3]], [1, 3]),
        (pk, proof, b"header", b"ph", [msgs[3], msgs[1]], [1, 3]),
        (pk, proof, b"header", b"ph", [msgs[1], b"x"], [1, 3]),
        (pk, proof, b"header", b"ph", [msgs[1], msgs[3]], [1, 2]),
        (pk, proof, b"header", b"ph", [msgs[1], msgs[3]], [0, 3]),
        (pk, proof, b"header", b"ph", [msgs[1], msgs[3], msgs[4]], [1, 3, 4]),   # one more message claimed
        (pk, proof, b"header", b"ph", [msgs[1]], [1]),                           # one fewer
        (pk, proof, b"header", b"ph", [msgs[1], msgs[3]], [1, 7]),               # beyond L = 5
    ]
    for args in wrong:
        with pytest.raises(VerificationError):
            bbs.proof_verify(*args, suite=suite)


@pytest.mark.parametrize("idx,rule", [
    ([3, 1], "ascending"), ([1, 1], "ascending"), ([-1], "non-negative"), ([5], "out of range"),
    ([True], "integers"), (["1"], "integers"), ([0, 1, 2, 3, 4, 0], "disclosed indexes but only"),
])
def test_proof_gen_index_rules(world, idx, rule):
    suite, sk, pk, msgs, sig, proof = world
    with pytest.raises(DecodeError, match=rule):
        bbs.proof_gen(pk, sig, b"header", b"ph", msgs, idx, suite=suite)


def test_proof_verify_argument_rules(world):
    suite, sk, pk, msgs, sig, proof = world
    with pytest.raises(DecodeError, match="ascending"):
        bbs.proof_verify(pk, proof, b"header", b"ph", [msgs[3], msgs[1]], [3, 1], suite=suite)
    with pytest.raises(DecodeError, match="disclosed messages"):
        bbs.proof_verify(pk, proof, b"header", b"ph", [msgs[1]], [1, 3], suite=suite)


def test_proof_gen_with_a_bad_signature_gives_a_proof_that_fails(world):
    """ProofGen does not verify the signature (as in the draft); the resulting proof must not verify."""
    suite, sk, pk, msgs, sig, proof = world
    other = bbs.sign(sk, pk, b"header", [b"x"] * 5, suite=suite)
    p = bbs.proof_gen(pk, other, b"header", b"", msgs, [0], suite=suite)
    with pytest.raises(VerificationError):
        bbs.proof_verify(pk, p, b"header", b"", [msgs[0]], [0], suite=suite)
