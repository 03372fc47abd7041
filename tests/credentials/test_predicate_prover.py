"""The holder's first proof of every predicate key goes through the prover that is constant time in the witness
(zk_groth16_prove_ct): the variable-time one (zk_groth16_prove_var, via _ntt.groth16_prove) is made to raise, and
"in" predicates with a short list (set16) and a long one (merkle10), and a range, still present and verify."""
import pytest

from zkcred.credentials import PresentationRequest
from zkcred.groth16 import _ntt

from .conftest import ALICE, obtain


def test_first_proofs_use_the_constant_time_prover(world, monkeypatch):
    calls = []
    real_ct = _ntt.groth16_prove_ct

    def no_var(*a, **k):
        raise AssertionError("the variable-time prover saw a holder's witness")

    def spy_ct(pk, witness_le, is_bit, *a, **k):
        calls.append((pk.n_vars, is_bit.count(1), is_bit.count(2)))
        return real_ct(pk, witness_le, is_bit, *a, **k)

    monkeypatch.setattr(_ntt, "groth16_prove", no_var)
    monkeypatch.setattr(_ntt, "groth16_prove_ct", spy_ct)
    card = obtain(world.A, world.alice, ALICE)          # a fresh credential: no cached first proof
    long_list = list(range(-40, 0))                      # 40 values (> 16): merkle10; Alice's score is -17
    entry = {"id": "idcard", "schema": world.id_schema.id, "issuers": [world.A.id], "disclose": [],
             "predicates": [{"attribute": "nationality", "op": "in", "value": ["US", "FR"]},
                            {"attribute": "score", "op": "in", "value": long_list},
                            {"attribute": "birth_date", "op": "<=", "value": "1999-01-01"}]}
    req = PresentationRequest.create([entry], verifier="ct")
    pres = world.alice.present(req, [card])
    assert world.verifier.verify(req, pres.to_json()) == {"idcard": {}}
    # set16 (33 wires, no boolean wire, the 16 values public), merkle10 (its 10 index bits boolean, the root
    # public), range64 (128 bits boolean, lo and hi public); never the committed attribute
    n_merkle = world.A.public().predicate_key("merkle10").proving_key().n_vars
    assert sorted(calls) == sorted([(33, 0, 16), (n_merkle, 10, 1), (132, 128, 2)])
    # later presentations re-randomise the cached proofs: no prover at all
    calls.clear()
    pres = world.alice.present(PresentationRequest.create([entry], verifier="ct"), [card])
    assert calls == []


def test_long_list_path_never_searched_in_python(world, monkeypatch):
    """The holder's merkle10 witness takes its Merkle path from constant-time C (MerkleTree.path_of_ct): the
    variable-time lookups by the secret value (index_of: list.index; path: list indexing) are made to raise, and
    the presentation still verifies."""
    from zkcred.circuit import MerkleTree

    used = []
    real_ct = MerkleTree.path_of_ct

    def no_lookup(*a, **k):
        raise AssertionError("a public-only Merkle lookup saw the holder's secret attribute")

    def spy_ct(self, x):
        used.append(self.depth)
        return real_ct(self, x)

    monkeypatch.setattr(MerkleTree, "index_of", no_lookup)
    monkeypatch.setattr(MerkleTree, "path", no_lookup)
    monkeypatch.setattr(MerkleTree, "path_of_ct", spy_ct)
    card = obtain(world.A, world.alice, ALICE)          # a fresh credential: the first proof runs the prover
    long_list = list(range(-20, 0)) + list(range(-40, -20))  # 40 values, Alice's score (-17) at position 3
    entry = {"id": "idcard", "schema": world.id_schema.id, "issuers": [world.A.id], "disclose": [],
             "predicates": [{"attribute": "score", "op": "in", "value": long_list}]}
    req = PresentationRequest.create([entry], verifier="ct-path")
    pres = world.alice.present(req, [card])
    assert world.verifier.verify(req, pres.to_json()) == {"idcard": {}}
    assert used == [10]
