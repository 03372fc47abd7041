"""Round trips over the whole input space: any disclosed subset, empty header and ph, 0, 1 and 200 messages,
both ciphersuites, and the core layer used directly on scalars."""
from __future__ import annotations

import random

import pytest
from _testlib import module_seed

from zkcred import bbs
from zkcred.errors import VerificationError

SUITES = [bbs.BLS12_381_SHA_256, bbs.BLS12_381_SHAKE_256]
SEED = module_seed(__name__)   # from ZKCRED_TEST_SEED (tests/_testlib.py)


@pytest.fixture(scope="module", params=SUITES, ids=lambda s: s.name)
def keys(request):
    suite = request.param
    sk = bbs.keygen(bytes(range(32)) + b"properties", suite=suite)
    return suite, sk, bbs.sk_to_pk(sk, suite=suite)


def _messages(rng: random.Random, n: int) -> list[bytes]:
    return [rng.randbytes(rng.choice([0, 1, 7, 32, 100])) for _ in range(n)]


@pytest.mark.parametrize("n", [0, 1, 2, 5, 10])
def test_every_subset_small(keys, n):
    """Every subset of disclosed indexes for small n (2^n subsets, capped) proves and verifies."""
    suite, sk, pk = keys
    rng = random.Random(SEED + n)
    print(f"seed {SEED + n}")
    msgs = _messages(rng, n)
    header = rng.randbytes(rng.choice([0, 16]))
    sig = bbs.sign(sk, pk, header, msgs, suite=suite)
    bbs.verify(pk, sig, header, msgs, suite=suite)
    masks = range(2 ** n) if n <= 5 else rng.sample(range(2 ** n), 12) + [0, 2 ** n - 1]
    for mask in masks:
        idx = [i for i in range(n) if mask >> i & 1]
        ph = rng.randbytes(rng.choice([0, 32]))
        proof = bbs.proof_gen(pk, sig, header, ph, msgs, idx, suite=suite)
        assert len(proof) == bbs.PROOF_LEN_FLOOR + 32 * (n - len(idx))
        bbs.proof_verify(pk, proof, header, ph, [msgs[i] for i in idx], idx, suite=suite)


def test_empty_header_and_ph_and_no_messages(keys):
    suite, sk, pk = keys
    sig = bbs.sign(sk, pk, b"", [], suite=suite)
    assert len(sig) == 80
    assert bbs.verify(pk, sig, b"", [], suite=suite) is None
    assert bbs.verify(pk, sig, suite=suite) is None                       # defaults
    proof = bbs.proof_gen(pk, sig, b"", b"", [], [], suite=suite)
    assert len(proof) == bbs.PROOF_LEN_FLOOR
    assert bbs.proof_verify(pk, proof, b"", b"", [], [], suite=suite) is None
    with pytest.raises(VerificationError):
        bbs.proof_verify(pk, proof, b"x", b"", [], [], suite=suite)
    with pytest.raises(VerificationError):
        bbs.proof_verify(pk, proof, b"", b"x", [], [], suite=suite)


def test_200_messages(keys):
    suite, sk, pk = keys
    rng = random.Random(SEED)
    msgs = _messages(rng, 200)
    header = b"issuer-v1"
    sig = bbs.sign(sk, pk, header, msgs, suite=suite)
    bbs.verify(pk, sig, header, msgs, suite=suite)
    idx = sorted(rng.sample(range(200), 17))
    proof = bbs.proof_gen(pk, sig, header, b"nonce", msgs, idx, suite=suite)
    bbs.proof_verify(pk, proof, header, b"nonce", [msgs[i] for i in idx], idx, suite=suite)
    bad = list(msgs)
    bad[199] = b"changed"
    with pytest.raises(VerificationError):
        bbs.verify(pk, sig, header, bad, suite=suite)


def test_proofs_are_randomised_and_unlinkable_bytes(keys):
    suite, sk, pk = keys
    msgs = [b"a", b"b", b"c"]
    sig = bbs.sign(sk, pk, b"h", msgs, suite=suite)
    p1 = bbs.proof_gen(pk, sig, b"h", b"", msgs, [1], suite=suite)
    p2 = bbs.proof_gen(pk, sig, b"h", b"", msgs, [1], suite=suite)
    assert p1 != p2
    assert sig[:48] not in p1 and sig[:48] not in p2


def test_signing_is_deterministic(keys):
    suite, sk, pk = keys
    assert bbs.sign(sk, pk, b"h", [b"m"], suite=suite) == bbs.sign(sk, pk, b"h", [b"m"], suite=suite)
    assert bbs.sign(sk, pk, b"h", [b"m"], suite=suite) != bbs.sign(sk, pk, b"h", [b"n"], suite=suite)


def test_suites_are_separated():
    """A signature from one suite does not verify under the other (different generators, P1 and hashes)."""
    sha, shake = bbs.BLS12_381_SHA_256, bbs.BLS12_381_SHAKE_256
    sk = bbs.keygen(b"k" * 32, suite=sha)
    pk = bbs.sk_to_pk(sk, suite=sha)
    sig = bbs.sign(sk, pk, b"", [b"m"], suite=sha)
    with pytest.raises(VerificationError):
        bbs.verify(pk, sig, b"", [b"m"], suite=shake)
    assert bbs.keygen(b"k" * 32, suite=sha) != bbs.keygen(b"k" * 32, suite=shake)
    assert bbs.get_suite("BLS12-381-SHAKE-256") is shake


def test_core_layer_on_scalars(keys):
    """The core layer signs scalars directly with a custom api_id and its own generators."""
    suite, sk, pk = keys
    from zkcred.bls12_381 import Fr
    api_id = suite.ciphersuite_id + b"H2G_ZKCRED_TEST_"
    scalars = [Fr(i * 1000 + 7) for i in range(6)]
    gens = suite.create_generators(7, api_id)
    assert gens[0].to_bytes() != suite.create_generators(1)[0].to_bytes()
    x = bbs.decode_secret_key(sk)
    sig = bbs.core_sign(x, pk, gens, b"hdr", scalars, api_id, suite)
    bbs.core_verify(pk, sig, gens, b"hdr", scalars, api_id, suite)
    with pytest.raises(VerificationError):     # the same scalars under the byte interface's api_id fail
        bbs.core_verify(pk, sig, suite.create_generators(7), b"hdr", scalars, suite.api_id, suite)
    proof = bbs.core_proof_gen(pk, sig, gens, b"hdr", b"ph", scalars, [0, 5], api_id, suite)
    bbs.core_proof_verify(pk, proof, gens, b"hdr", b"ph", [scalars[0], scalars[5]], [0, 5], api_id, suite)
    with pytest.raises(VerificationError):
        bbs.core_proof_verify(pk, proof, gens, b"hdr", b"ph", [scalars[0], scalars[4]], [0, 5], api_id, suite)


def test_shared_blinding_links_hidden_messages(keys):
    """Two proofs over the same hidden scalar, built with one shared blinding m~ and one challenge, carry equal
    responses m^ at that position: the hook the composite-proof layer uses for equalities."""
    suite, sk, pk = keys
    from zkcred.bls12_381 import Fr
    api_id = suite.api_id
    secret = Fr(123456789)
    x = bbs.decode_secret_key(sk)
    gens = suite.create_generators(4)
    s1 = [secret, Fr(1), Fr(2)]
    s2 = [Fr(3), secret, Fr(4)]
    sig1 = bbs.core_sign(x, pk, gens, b"", s1, api_id, suite)
    sig2 = bbs.core_sign(x, pk, gens, b"", s2, api_id, suite)
    shared = bbs.calculate_random_scalars(1)[0]
    rs1 = bbs.calculate_random_scalars(5) + [shared, *bbs.calculate_random_scalars(1)]
    rs2 = bbs.calculate_random_scalars(5) + [shared, *bbs.calculate_random_scalars(1)]
    A1, e1 = bbs.octets_to_signature(sig1)
    A2, e2 = bbs.octets_to_signature(sig2)
    i1 = bbs.proof_init(pk, A1, e1, gens, rs1, b"", s1, [0, 1], api_id, suite)
    i2 = bbs.proof_init(pk, A2, e2, gens, rs2, b"", s2, [1, 2], api_id, suite)
    c = Fr.from_bytes(bbs.hash_to_scalar(i1.T2.to_bytes() + i2.T2.to_bytes(), b"TEST_JOINT_CHALLENGE"))
    p1 = bbs.proof_finalize(i1, c, e1, rs1, [s1[0], s1[1]])
    p2 = bbs.proof_finalize(i2, c, e2, rs2, [s2[1], s2[2]])
    assert p1.commitments[0] == p2.commitments[0]
    # each proof is internally consistent: the verifier's T1, T2 match the prover's
    for p, init, idx, disclosed in ((p1, i1, [2], [s1[2]]), (p2, i2, [0], [s2[0]])):
        v = bbs.proof_verify_init(pk, p, gens, b"", disclosed, idx, api_id, suite)
        assert v.T1.to_bytes() == init.T1.to_bytes() and v.T2.to_bytes() == init.T2.to_bytes()


try:
    from hypothesis import given, settings, strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    given = None

if given is not None:
    _SK = bbs.keygen(b"hypothesis-property-key-material", suite=bbs.BLS12_381_SHA_256)
    _PK = bbs.sk_to_pk(_SK)

    @settings(max_examples=25, deadline=None, derandomize=True)
    @given(msgs=st.lists(st.binary(max_size=24), max_size=12), data=st.data(),
           header=st.binary(max_size=16), ph=st.binary(max_size=16))
    def test_any_subset_hypothesis(msgs, data, header, ph):
        """Hypothesis (derandomized): any message list, any disclosed subset, any header and ph."""
        idx = sorted(data.draw(st.sets(st.integers(0, max(len(msgs) - 1, 0)), max_size=len(msgs)))) if msgs else []
        sig = bbs.sign(_SK, _PK, header, msgs)
        bbs.verify(_PK, sig, header, msgs)
        proof = bbs.proof_gen(_PK, sig, header, ph, msgs, idx)
        bbs.proof_verify(_PK, proof, header, ph, [msgs[i] for i in idx], idx)
        if idx:
            wrong = [msgs[i] + b"\x00" for i in idx]
            with pytest.raises(VerificationError):
                bbs.proof_verify(_PK, proof, header, ph, wrong, idx)
