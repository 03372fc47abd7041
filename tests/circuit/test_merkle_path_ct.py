"""MerkleTree.path_of_ct (the constant-time C zk_merkle_path_ct): the path of a secret element equals the Python
reference ``tree.path(tree.index_of(x))`` (first position on duplicates) and reaches the root through
merkle_root_public; an absent element is a ValueError; the C entry point's argument and absent-element contracts.
(The constant-time property itself is checked under valgrind: csrc/tests/ctime_tests.c.)"""
from __future__ import annotations

import pytest

from zkcred.bls12_381 import Fr
from zkcred.bls12_381._ffi import ffi, lib
from zkcred.circuit import MerkleTree
from zkcred.circuit.poseidon import R, hash_public, merkle_root_public


def _random_list(rng, size: int, dup: bool) -> list[int]:
    if dup:     # a small alphabet: many repeated values, at scattered first positions
        alphabet = [rng.randrange(R) for _ in range(max(1, size // 3))]
        return [rng.choice(alphabet) for _ in range(size)]
    return [rng.randrange(R) for _ in range(size)]


def _check_all(tree: MerkleTree) -> None:
    for e in dict.fromkeys(tree.elements):      # each distinct value once
        sib, bits = tree.path_of_ct(Fr(e))
        want_sib, want_bits = tree.path(tree.index_of(e))
        assert [int(s) for s in sib] == want_sib, f"siblings of {tree.index_of(e)}"
        assert [int(b) for b in bits] == want_bits, f"index bits of {tree.index_of(e)}"
        assert merkle_root_public(hash_public([e]), want_sib, want_bits) == tree.root


@pytest.mark.parametrize("size", [1, 2, 3, 7, 100, 1024])
@pytest.mark.parametrize("dup", [False, True], ids=["distinct", "duplicates"])
def test_path_of_ct_matches_the_reference_at_depth_10(rng, size, dup):
    elements = _random_list(rng, size, dup)
    if dup and size >= 2:
        elements[-1] = elements[0]              # at least one duplicate: the first position must win
    _check_all(MerkleTree(elements, depth=10))


@pytest.mark.parametrize("depth,size", [(1, 1), (1, 2), (2, 3), (3, 5), (20, 9), (64, 6)])
def test_path_of_ct_other_depths(rng, depth, size):
    _check_all(MerkleTree(_random_list(rng, size, False) + [0, 1][: (1 << depth) - size], depth=depth))


def test_duplicates_take_the_first_position():
    tree = MerkleTree([9, 5, 7, 5, 9, 5], depth=3)
    for x, first in ((9, 0), (5, 1), (7, 2)):
        _sib, bits = tree.path_of_ct(Fr(x))
        assert sum(int(b) << d for d, b in enumerate(bits)) == first


def test_absent_element_is_a_value_error(rng):
    tree = MerkleTree([rng.randrange(R) for _ in range(37)], depth=10)
    for x in (0, 1, R - 1, rng.randrange(R)):
        if x not in tree.elements:
            with pytest.raises(ValueError, match="not in the Merkle tree's list"):
                tree.path_of_ct(Fr(x))
    with pytest.raises(ValueError):
        MerkleTree([], depth=4).path_of_ct(Fr(0))   # an empty list holds nothing (0 is an empty leaf, not hash([0]))


def _c_call(tree: MerkleTree, x: int, depth: int | None = None, n: int | None = None):
    tree.path_of_ct(Fr(tree.elements[0]))       # builds the tree's arrays
    lv = tree._ct
    d = lv.depth if depth is None else depth
    sib, bits, found = ffi.new("zk_fr[]", max(d, 1)), ffi.new("zk_fr[]", max(d, 1)), ffi.new("int *", 7)
    ffi.memmove(sib, b"\x11" * 32 * max(d, 1), 32 * max(d, 1))
    err = lib.zk_merkle_path_ct(sib, bits, found, Fr(x)._c, lv.elements, lv.n if n is None else n, lv.nodes,
                                lv.level_len, lv.empty, d)
    return err, found[0], bytes(ffi.buffer(sib, 32 * max(d, 1))), bytes(ffi.buffer(bits, 32 * max(d, 1)))


def test_c_absent_writes_zeros_and_found_0():
    tree = MerkleTree([3, 4, 5], depth=4)
    err, found, sib, bits = _c_call(tree, 6)
    assert (err, found) == (lib.ZK_OK, 0)
    assert sib == bytes(len(sib)) and bits == bytes(len(bits))
    err, found, _sib, _bits = _c_call(tree, 5)
    assert (err, found) == (lib.ZK_OK, 1)


def test_c_rejects_public_arguments_out_of_range():
    tree = MerkleTree([3, 4, 5], depth=2)
    for depth, n in ((0, None), (65, None), (None, 5)):      # depth 0, depth > 64, n > 2^depth
        err, found, _s, _b = _c_call(tree, 3, depth=depth, n=n)
        assert err == lib.ZK_ERR_ARGUMENT
