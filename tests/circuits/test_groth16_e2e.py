"""The predicate circuits prove and verify with zkcred.groth16 (dev setup), and a proof does not verify under other
public inputs (another day, another age, another interval, another root)."""
from __future__ import annotations

import datetime as dt

import pytest

from zkcred.circuits import age_at_least, in_range, set_membership
from zkcred.circuit import MerkleTree
from zkcred.errors import VerificationError
from zkcred.groth16 import core

EPOCH = dt.date(1970, 1, 1)


def _days(d: dt.date) -> int:
    return (d - EPOCH).days


def _roundtrip(c, inputs, public, wrong_publics):
    pk = core.setup(c.to_r1cs())
    vk = pk.verifying_key()
    proof, pub = core.prove(pk, c.witness_bytes(inputs))
    assert pub == public == c.public_inputs(inputs)
    assert core.verify(vk, public, proof) is None
    for bad in wrong_publics:
        with pytest.raises(VerificationError):
            core.verify(vk, bad, proof)


def test_age_at_least():
    today = _days(dt.date(2026, 3, 1))
    inp = age_at_least.inputs(_days(dt.date(2008, 2, 29)), today, 18)
    _roundtrip(age_at_least.circuit(), inp, age_at_least.public_inputs(today, 18),
               [age_at_least.public_inputs(today, 19), age_at_least.public_inputs(today - 1, 18)])


def test_in_range():
    inp = in_range.inputs(123456789, 1000, 1 << 40)
    _roundtrip(in_range.circuit(), inp, in_range.public_inputs(1000, 1 << 40),
               [in_range.public_inputs(123456790, 1 << 40), in_range.public_inputs(1000, 123456788)])


@pytest.mark.slow
def test_set_membership_depth20():
    tree = MerkleTree([7, 11, 13, 17, 19, 23], depth=20)
    other = MerkleTree([7, 11, 13, 17, 19, 29], depth=20)
    inp = set_membership.inputs(tree, 13, 2)
    _roundtrip(set_membership.circuit(), inp, set_membership.public_inputs(tree.root),
               [set_membership.public_inputs(other.root)])
