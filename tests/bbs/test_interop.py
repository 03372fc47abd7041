"""Live interop with Digital Bazaar's @digitalbazaar/bbs-signatures 3.0.0 (pure JS, the draft the fixtures pin),
driven through node: keys and deterministic signatures equal byte for byte, signatures and proofs verify in the
other implementation both ways, both ciphersuites."""
from __future__ import annotations

import random

import pytest
from _testlib import module_seed

from zkcred import bbs
from zkcred.errors import VerificationError

from ._peers import DB_DRIVER, DB_PACKAGE, NodePeer, require_peer

pytestmark = pytest.mark.peer
SUITES = [bbs.BLS12_381_SHA_256, bbs.BLS12_381_SHAKE_256]
SEED = module_seed(__name__)   # from ZKCRED_TEST_SEED (tests/_testlib.py)


@pytest.fixture(scope="module")
def db():
    node = require_peer("Digital Bazaar bbs-signatures", DB_DRIVER, DB_PACKAGE)
    peer = NodePeer(node, DB_DRIVER)
    yield peer
    peer.close()


@pytest.fixture(params=SUITES, ids=lambda s: s.name)
def suite(request):
    return request.param


def test_keys_and_signatures_equal_byte_for_byte(db, suite):
    rng = random.Random(SEED)
    print(f"seed {SEED}")
    for n in (0, 1, 10):
        seed = rng.randbytes(32)
        kp = db.call("keygen", suite=suite.name, seed=seed)
        sk = bbs.keygen(seed, suite=suite)
        assert sk.hex() == kp["sk"]
        pk = bbs.sk_to_pk(sk, suite=suite)
        assert pk.hex() == kp["pk"]
        msgs = [rng.randbytes(rng.randrange(0, 40)) for _ in range(n)]
        header = rng.randbytes(rng.choice([0, 16]))
        ours = bbs.sign(sk, pk, header, msgs, suite=suite)
        theirs = db.call("sign", suite=suite.name, sk=sk, pk=pk, header=header, messages=msgs)["signature"]
        assert ours.hex() == theirs
        assert db.call("verify", suite=suite.name, pk=pk, signature=ours, header=header, messages=msgs)["valid"]
        bbs.verify(pk, bytes.fromhex(theirs), header, msgs, suite=suite)
        if n:
            bad = msgs[:-1] + [msgs[-1] + b"!"]
            assert not db.call("verify", suite=suite.name, pk=pk, signature=ours, header=header, messages=bad)["valid"]


def test_proofs_both_ways(db, suite):
    rng = random.Random(SEED + 1)
    print(f"seed {SEED + 1}")
    sk = bbs.keygen(rng.randbytes(32), suite=suite)
    pk = bbs.sk_to_pk(sk, suite=suite)
    for n, header, ph in ((1, b"", b""), (5, b"hdr", b""), (10, b"", b"nonce"), (12, b"h" * 20, b"p" * 33)):
        msgs = [rng.randbytes(rng.randrange(0, 50)) for _ in range(n)]
        sig = bbs.sign(sk, pk, header, msgs, suite=suite)
        for _ in range(3):
            idx = sorted(rng.sample(range(n), rng.randrange(0, n + 1)))
            disclosed = [msgs[i] for i in idx]
            ours = bbs.proof_gen(pk, sig, header, ph, msgs, idx, suite=suite)
            r = db.call("verify_proof", suite=suite.name, pk=pk, proof=ours, header=header, ph=ph,
                        disclosed_messages=disclosed, disclosed=idx)
            assert r["valid"], r
            theirs = bytes.fromhex(db.call("prove", suite=suite.name, pk=pk, signature=sig, header=header, ph=ph,
                                           messages=msgs, disclosed=idx)["proof"])
            assert len(theirs) == len(ours)
            bbs.proof_verify(pk, theirs, header, ph, disclosed, idx, suite=suite)
            # and both reject the same tampering
            bad = bytearray(ours)
            bad[-1] ^= 1
            assert not db.call("verify_proof", suite=suite.name, pk=pk, proof=bytes(bad), header=header, ph=ph,
                               disclosed_messages=disclosed, disclosed=idx)["valid"]
            with pytest.raises(VerificationError):
                bbs.proof_verify(pk, theirs, header, ph + b"x", disclosed, idx, suite=suite)


def test_peer_accepts_fixture_proofs(db, suite):
    """Sanity of the driver itself: the draft's proof003 verifies in the peer."""
    from ._fixtures import hx, load
    f = load(suite.name.lower(), "proof/proof003.json")
    msgs = [hx(m) for m in f["messages"]]
    idx = f["disclosedIndexes"]
    r = db.call("verify_proof", suite=suite.name, pk=hx(f["signerPublicKey"]), proof=hx(f["proof"]),
                header=hx(f["header"]), ph=hx(f["presentationHeader"]), disclosed_messages=[msgs[i] for i in idx],
                disclosed=idx)
    assert r["valid"], r
