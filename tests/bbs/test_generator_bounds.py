"""Generators are derived only for consistent requests, and their cache is bounded (issue 12, item 7: a 2.3 MB
proof file claiming 100,000 disclosed indexes made the verifier derive and cache 100,000 generators before the
cheap count check; the next ordinary verification then built a fixed-base table over all of them)."""
from __future__ import annotations

import json

import pytest

from zkcred import bbs
from zkcred.bbs import _suite
from zkcred.bbs.batch import BatchVerificationError, ProofItem
from zkcred.cli import EXIT_INPUT, main
from zkcred.errors import DecodeError, VerificationError

from ._fixtures import SUITES, hx, load

MANY = 100_000


@pytest.fixture
def no_generators(monkeypatch):
    """Fail the test if any generator is derived (the request must be rejected first)."""
    def refuse(self, count, api_id=None):
        raise AssertionError(f"create_generators({count}) called before the count check")
    monkeypatch.setattr(_suite.Ciphersuite, "create_generators", refuse)


@pytest.fixture(scope="module")
def small_proof():
    sk = bbs.keygen(bytes(range(32)))
    pk = bbs.sk_to_pk(sk)
    msgs = [b"a", b"b", b"c"]
    sig = bbs.sign(sk, pk, b"", msgs)
    return pk, bbs.proof_gen(pk, sig, b"", b"", msgs, [1]), msgs


def test_huge_index_list_without_messages_rejected_first(small_proof, no_generators):
    pk, proof, _ = small_proof
    with pytest.raises(DecodeError, match=f"{MANY} disclosed indexes but 1 disclosed messages"):
        bbs.proof_verify(pk, proof, b"", b"", [b"b"], list(range(MANY)))
    with pytest.raises(DecodeError, match="disclosed messages"):
        bbs.proof_verify(pk, proof, b"", b"", [], [1, 2])


def test_out_of_range_or_unordered_indexes_rejected_first(small_proof, no_generators):
    pk, proof, _ = small_proof          # U = 2: with one disclosed message L = 3
    with pytest.raises(VerificationError, match="out of range for 3 signed messages"):
        bbs.proof_verify(pk, proof, b"", b"", [b"x"], [2**40])
    with pytest.raises(DecodeError, match="strictly ascending"):
        bbs.proof_verify(pk, proof, b"", b"", [b"x", b"y"], [1, 1])


def test_batch_rejects_inconsistent_items_first(small_proof, no_generators):
    pk, proof, _ = small_proof
    with pytest.raises(BatchVerificationError) as ei:
        bbs.batch_verify([ProofItem(pk, proof, b"", b"", [b"b"], list(range(MANY)))])
    assert ei.value.bad_indexes == [0] and "disclosed messages" in ei.value.failures[0]


def test_cli_huge_index_list_is_exit_3(tmp_path, capsys, small_proof, no_generators):
    pk, proof, _ = small_proof
    doc = {"type": "bbs-proof", "suite": "BLS12-381-SHA-256", "public_key": pk.hex(), "header": "",
           "presentation_header": "", "disclosed_indexes": list(range(MANY)), "disclosed_messages": [],
           "proof": proof.hex()}
    path = tmp_path / "proof.json"
    path.write_text(json.dumps(doc))
    assert main(["bbs", "verify-proof", str(path), "--public-key", pk.hex()]) == EXIT_INPUT
    assert "disclosed messages" in capsys.readouterr().err


def test_consistent_proof_still_verifies(small_proof):
    pk, proof, msgs = small_proof
    bbs.proof_verify(pk, proof, b"", b"", [b"b"], [1])
    with pytest.raises(VerificationError):
        bbs.proof_verify(pk, proof, b"", b"", [b"c"], [1])


@pytest.mark.parametrize("suite_dir", sorted(SUITES))
def test_cache_is_bounded_and_values_past_it_are_right(monkeypatch, suite_dir):
    """A fresh suite object with a cache of 3: the draft's generators (Q_1, H_1..H_10) come out right past the
    cache, only 3 are kept, and asking again (shorter or longer) gives the same points."""
    base = SUITES[suite_dir]
    fresh = _suite.Ciphersuite(base.name, base.ciphersuite_id, base.expand, base.p1_hex)
    monkeypatch.setattr(_suite, "GENERATOR_CACHE_MAX", 3)
    vec = load(suite_dir, "generators.json")
    want = [hx(vec["Q1"])] + [hx(h) for h in vec["MsgGenerators"]]
    got = fresh.create_generators(len(want))
    assert [g.to_bytes() for g in got] == want
    assert len(fresh._gens[fresh.api_id][1]) == 3
    assert [g.to_bytes() for g in fresh.create_generators(2)] == want[:2]
    assert [g.to_bytes() for g in fresh.create_generators(len(want))] == want
    assert len(fresh._gens[fresh.api_id][1]) == 3
    # the verifier's table covers at most the cache: past it, the plain MSM path (still right)
    assert fresh.generator_table(got) is None
    table = fresh.generator_table(got[:2])
    assert table is not None and table.n <= 1 + 3


def test_table_covers_what_is_needed_not_the_whole_cache(monkeypatch):
    base = bbs.BLS12_381_SHA_256
    fresh = _suite.Ciphersuite(base.name, base.ciphersuite_id, base.expand, base.p1_hex)
    monkeypatch.setattr(_suite, "GENERATOR_CACHE_MAX", 200)
    monkeypatch.setattr(_suite, "TABLE_MIN", 4)
    big = fresh.create_generators(200)              # a large (consistent) request fills the cache
    small = fresh.create_generators(5)
    assert fresh.generator_table(small).n == 1 + 5   # the next ordinary verification does not pay for 200
    assert fresh.generator_table(big[:7]).n == 1 + 10        # doubling
    assert fresh.generator_table(big).n == 1 + 200


def test_create_generators_count_type():
    for bad in (-1, 2**64, 1.0, True, "3"):
        with pytest.raises(DecodeError):
            bbs.create_generators(bad)
