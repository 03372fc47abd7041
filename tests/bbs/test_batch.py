"""bbs.batch_verify: one multi-pairing for many signatures and proofs, and the bad items found when it fails."""
from __future__ import annotations

import random

import pytest
from _testlib import module_seed

from zkcred import bbs
from zkcred.errors import VerificationError

SEED = module_seed(__name__)   # from ZKCRED_TEST_SEED (tests/_testlib.py)


@pytest.fixture(scope="module")
def items():
    rng = random.Random(SEED)
    print(f"seed {SEED}")
    out = []
    for j in range(12):
        suite = (bbs.BLS12_381_SHA_256, bbs.BLS12_381_SHAKE_256)[j % 2]
        sk = bbs.keygen(b"batch-key-%d" % (j % 3) + bytes(32), suite=suite)     # 3 keys per suite
        pk = bbs.sk_to_pk(sk, suite=suite)
        n = rng.randrange(0, 6)
        msgs = [rng.randbytes(rng.randrange(0, 20)) for _ in range(n)]
        header = rng.randbytes(rng.choice([0, 8]))
        sig = bbs.sign(sk, pk, header, msgs, suite=suite)
        if j % 3 == 0:
            out.append(bbs.SignatureItem(pk, sig, header, msgs, suite))
        else:
            idx = sorted(rng.sample(range(n), rng.randrange(0, n + 1)))
            ph = rng.randbytes(rng.choice([0, 8]))
            proof = bbs.proof_gen(pk, sig, header, ph, msgs, idx, suite=suite)
            out.append(bbs.ProofItem(pk, proof, header, ph, [msgs[i] for i in idx], idx, suite))
    return out


def test_all_valid(items):
    assert bbs.batch_verify(items) is None
    assert bbs.batch_verify([]) is None
    assert bbs.batch_verify(items[:1]) is None




def test_bad_items_are_found(items):
    bad = list(items)
    # 1: a signature over other messages (pairing failure)
    s = bad[0]
    bad[0] = bbs.SignatureItem(s.pk, s.signature, s.header, list(s.messages) + [b"extra"], s.suite)
    # 2: a signature under another key of the same suite (pairing failure, grouped under the wrong key)
    s = bad[6]
    other = bad[3].pk if bad[3].suite is s.suite and bad[3].pk != s.pk else bad[9].pk
    bad[6] = bbs.SignatureItem(other, s.signature, s.header, s.messages, s.suite)
    # 3: a proof with a changed presentation header (challenge mismatch)
    p = bad[4]
    bad[4] = bbs.ProofItem(p.pk, p.proof, p.header, p.ph + b"!", p.disclosed_messages, p.disclosed_indexes, p.suite)
    # 4: a malformed proof
    p = bad[7]
    bad[7] = bbs.ProofItem(p.pk, p.proof[:-1], p.header, p.ph, p.disclosed_messages, p.disclosed_indexes, p.suite)
    with pytest.raises(bbs.BatchVerificationError) as ei:
        bbs.batch_verify(bad)
    assert isinstance(ei.value, VerificationError)
    assert ei.value.bad_indexes == [0, 4, 6, 7]
    assert "DecodeError" in ei.value.failures[7] and "challenge" in ei.value.failures[4]
    assert ei.value.failures[0] == ei.value.failures[6] == "pairing check failed"


def test_pairing_only_failures_in_a_large_batch():
    """Forged items whose challenges are consistent but whose pairing equation fails are caught by the
    combined check, and bisection names exactly them."""
    suite = bbs.BLS12_381_SHA_256
    sk = bbs.keygen(b"k" * 32, suite=suite)
    pk = bbs.sk_to_pk(sk, suite=suite)
    sk2 = bbs.keygen(b"j" * 32, suite=suite)
    pk2 = bbs.sk_to_pk(sk2, suite=suite)
    items = []
    for j in range(24):
        msgs = [b"m%d" % j, b"n"]
        # signatures made with sk2 but claimed under pk: well formed, fail only in the pairing
        sig = bbs.sign(sk2 if j in (5, 17) else sk, pk2 if j in (5, 17) else pk, b"", msgs, suite=suite)
        items.append(bbs.SignatureItem(pk, sig, b"", msgs, suite))
    with pytest.raises(bbs.BatchVerificationError) as ei:
        bbs.batch_verify(items)
    assert ei.value.bad_indexes == [5, 17]


def test_batch_agrees_with_single_verification(items):
    rng = random.Random(SEED + 1)
    for _ in range(3):
        sub = rng.sample(items, 5)
        bbs.batch_verify(sub)
        for it in sub:
            if isinstance(it, bbs.SignatureItem):
                bbs.verify(it.pk, it.signature, it.header, it.messages, suite=it.suite)
            else:
                bbs.proof_verify(it.pk, it.proof, it.header, it.ph, it.disclosed_messages, it.disclosed_indexes,
                                 suite=it.suite)


def test_rejects_foreign_items():
    with pytest.raises(TypeError):
        bbs.batch_verify([object()])
