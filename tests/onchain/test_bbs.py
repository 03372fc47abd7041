"""The BBS proof verifier contract (zkcred.bbs.solidity) on anvil.

Oracles: proofs made by zkcred.bbs.proof_gen (itself checked against the draft's vectors and peers in tests/bbs)
verify on chain; tampered proofs, messages, indexes, presentation headers and hints do not; on random mutations
the contract decides exactly as the Python reference (verify_calldata: bbs.proof_verify plus the hint rules).
Compressed encodings of hint points are computed here from the ZCash rules, not by the code under test."""
from __future__ import annotations

import pytest

from zkcred import bbs
from zkcred.bbs import solidity as bsol
from zkcred.errors import DecodeError, VerificationError
from zkcred.ledger.contracts import ContractReverted, calldata_gas

from ._mutate import R, g1_off_subgroup, negate_point, random_g1
from zkcred.bls12_381.eip2537 import P

L = 10
HEADER = b"zkcred on-chain test header"


def _compress(words: list[int]) -> bytes:
    x, y = (words[0] << 256) | words[1], (words[2] << 256) | words[3]
    b = bytearray(x.to_bytes(48, "big"))
    b[0] |= 0x80 | (0x20 if y > (P - 1) // 2 else 0)
    return bytes(b)


def _words(b: bytes) -> list[int]:
    return [int.from_bytes(b[i:i + 32], "big") for i in range(0, len(b), 32)]


def _bytes(words: list[int]) -> bytes:
    return b"".join(w.to_bytes(32, "big") for w in words)


@pytest.fixture(scope="module")
def issuer(deploy, rng_module):
    sk = bbs.keygen(rng_module.randbytes(32))
    pk = bbs.sk_to_pk(sk)
    msgs = [f"attribute {i}: {rng_module.randrange(10**9)}".encode() for i in range(L)]
    sig = bbs.sign(sk, pk, HEADER, msgs)
    addr = deploy(bsol.verifier_source(pk, L, HEADER), "BbsVerifier")
    return pk, msgs, sig, addr


@pytest.fixture(scope="module")
def rng_module():
    from _testlib import seeded
    return seeded("tests/onchain/test_bbs.py")


def _args(issuer, idx, ph=b"presentation 1"):
    pk, msgs, sig, _ = issuer
    proof = bbs.proof_gen(pk, sig, HEADER, ph, msgs, idx)
    return bsol.calldata(pk, proof, HEADER, ph, [msgs[i] for i in idx], idx)


def _py(issuer, args) -> bool:
    try:
        bsol.verify_calldata(issuer[0], L, HEADER, args)
        return True
    except (DecodeError, VerificationError):
        return False


def _ev(chain, issuer, args) -> bool:
    """The contract's verdict: a revert (calldata the ABI decoder or a bound refuses) is a rejection too."""
    try:
        return chain.call_bool(issuer[3], bsol.encode_call(args))
    except ContractReverted:
        return False


@pytest.mark.parametrize("idx", [[], [0], [2, 7], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]])
def test_zkcred_proof_verifies_on_chain(chain, issuer, idx):
    args = _args(issuer, idx)
    assert bsol.verify_calldata(issuer[0], L, HEADER, args) is None
    assert _ev(chain, issuer, args)


def test_tampered_presentations_are_rejected(chain, issuer, rng):
    pk, msgs, sig, addr = issuer
    good = _args(issuer, [2, 7])
    proof, hints, ph, idx, dm = good
    cases = {
        "other presentation header": [proof, hints, b"presentation 2", idx, dm],
        "other disclosed message": [proof, hints, ph, idx, [dm[0], b"attribute 7: 18"]],
        "other index": [proof, hints, ph, [2, 8], dm],
        "indexes not ascending": [proof, hints, ph, [7, 2], dm[::-1]],
        "duplicate index": [proof, hints, ph, [2, 2], dm],
        "index out of range": [proof, hints, ph, [2, L], dm],
        "one message fewer": [proof, hints, ph, [2], dm[:1]],
        "challenge changed": [proof[:-1] + bytes([proof[-1] ^ 1]), hints, ph, idx, dm],
        "response e^ changed": [proof[:150] + bytes([proof[150] ^ 1]) + proof[151:], hints, ph, idx, dm],
        "scalar >= r": [proof[:144] + (int.from_bytes(proof[144:176], "big") + R).to_bytes(32, "big")
                        + proof[176:], hints, ph, idx, dm] if int.from_bytes(proof[144:176], "big") + R < 1 << 256
        else [proof[:144] + R.to_bytes(32, "big") + proof[176:], hints, ph, idx, dm],
        "scalar zero": [proof[:176] + bytes(32) + proof[208:], hints, ph, idx, dm],
        "wrong T1 hint": [proof, hints[:384] + _bytes(random_g1(rng)) + hints[512:], ph, idx, dm],
        "wrong T2 hint": [proof, hints[:512] + _bytes(random_g1(rng)), ph, idx, dm],
        "Abar hint of another point": [proof, _bytes(random_g1(rng)) + hints[128:], ph, idx, dm],
        "Abar hint negated (wrong sign bit)": [proof, _bytes(negate_point(_words(hints[:128]))) + hints[128:], ph,
                                               idx, dm],
        "identity Abar": [b"\xc0" + bytes(47) + proof[48:], bytes(128) + hints[128:], ph, idx, dm],
    }
    # Abar and Bbar both negated, consistently in proof and hints: the pairing equation still holds, but the
    # challenge (which hashes the points) does not
    na, nb = negate_point(_words(hints[:128])), negate_point(_words(hints[128:256]))
    cases["Abar, Bbar negated"] = [_compress(na) + _compress(nb) + proof[96:], _bytes(na) + _bytes(nb) + hints[256:],
                                   ph, idx, dm]
    # a point outside the subgroup, encoded consistently in the proof and the hint
    off = g1_off_subgroup(rng)
    cases["D outside the subgroup"] = [proof[:96] + _compress(off) + proof[144:], hints[:256] + _bytes(off)
                                       + hints[384:], ph, idx, dm]
    for what, args in cases.items():
        assert not _py(issuer, args), what
        assert not _ev(chain, issuer, args), what


def test_other_issuer_and_header(chain, issuer, deploy):
    """A valid proof under another issuer's contract, or a contract with another header, is rejected."""
    args = _args(issuer, [1])
    sk2 = bbs.keygen(bytes(range(32)))
    other = deploy(bsol.verifier_source(bbs.sk_to_pk(sk2), L, HEADER), "BbsVerifier")
    assert not chain.call_bool(other, bsol.encode_call(args))
    other_header = deploy(bsol.verifier_source(issuer[0], L, b"another header"), "BbsVerifier")
    assert not chain.call_bool(other_header, bsol.encode_call(args))


def test_gas_within_target(chain, issuer):
    """The issue's target: a BBS proof with 10 messages, 2 disclosed, <= 350,000 gas for the whole transaction."""
    data = bsol.encode_call(_args(issuer, [2, 7]))
    gas = int(chain.transact(issuer[3], data)["gasUsed"], 16)
    assert bsol.precompile_gas(L) + 21000 + calldata_gas(data)[0] < gas <= 350_000


def _mutate_bbs(args, rng):
    proof, hints, ph, idx, dm = args
    proof, hints, idx, dm = bytearray(proof), bytearray(hints), list(idx), list(dm)
    kind = rng.randrange(9)
    if kind == 0:
        i = rng.randrange(len(proof))
        proof[i] ^= 1 << rng.randrange(8)
    elif kind == 1:
        i = rng.randrange(len(hints))
        hints[i] ^= 1 << rng.randrange(8)
    elif kind == 2:
        j = rng.randrange(5)
        hints[128 * j:128 * j + 128] = _bytes(random_g1(rng))
    elif kind == 3:
        ph = ph + b"x"
    elif kind == 4 and dm:
        j = rng.randrange(len(dm))
        dm[j] = dm[j][:-1] + bytes([dm[j][-1] ^ 1])
    elif kind == 5 and idx:
        j = rng.randrange(len(idx))
        idx[j] = rng.randrange(L + 1)
    elif kind == 6:
        j = 144 + 32 * rng.randrange((len(proof) - 144) // 32)
        proof[j:j + 32] = rng.choice([0, R, R - 1, rng.randrange(1 << 256)]).to_bytes(32, "big")
    elif kind == 7:
        j = rng.randrange(3)
        off = g1_off_subgroup(rng)
        proof[48 * j:48 * j + 48] = _compress(off)
        hints[128 * j:128 * j + 128] = _bytes(off)
    return [bytes(proof), bytes(hints), ph, idx, dm]


def test_differential_bbs(chain, issuer, rng):
    good = _args(issuer, [2, 7])
    assert _py(issuer, good) and _ev(chain, issuer, good)          # the control: both accept the honest proof
    disagreements, accepted = [], 0
    for _ in range(40):
        args = _mutate_bbs(good, rng)
        py, ev = _py(issuer, args), _ev(chain, issuer, args)
        accepted += py
        if py != ev:
            disagreements.append((args, py, ev))
    assert disagreements == []
    assert accepted < 40                # the mutations are not all harmless (some may be: both sides then accept)
