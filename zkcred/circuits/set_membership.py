"""set_membership: a private element belongs to a public set committed by a Poseidon Merkle root (depth 20).

Public input: root. Private inputs: element, siblings[20], index_bits[20].
The leaf is ``poseidon.hash([element])``; each level selects (left, right) by the index bit (constrained boolean)
and compresses with ``poseidon.hash([left, right])``; the result must equal the root. The tree builder is
:class:`zkcred.circuit.MerkleTree` (same hashing, empty leaves = 0). Constraints: 237 (leaf) + 20 x 242 + 1 = 5078.
"""
from __future__ import annotations

from functools import lru_cache

from zkcred.bls12_381 import Fr
from zkcred.circuit import R, Circuit, MerkleTree

__all__ = ["build", "circuit", "inputs", "public_inputs", "DEPTH"]

DEPTH = 20


def build(depth: int = DEPTH) -> Circuit:
    """A fresh set_membership circuit for trees of the given depth (20 by default)."""
    c = Circuit("set_membership")
    root = c.public_input("root")
    element = c.private_input("element")
    siblings = c.private_input("siblings", depth)
    bits = c.private_input("index_bits", depth)
    leaf = c.poseidon_hash([element], label="leaf hash")
    c.assert_eq(c.merkle_root(leaf, siblings, bits), root, label="path reaches the root")
    return c


@lru_cache(maxsize=1)
def circuit() -> Circuit:
    """The depth-20 set_membership circuit, built once."""
    return build()


def inputs(tree: MerkleTree, element: object, index: int | None = None) -> dict[str, object]:
    """Witness inputs proving that ``element`` (secret; int or Fr) sits in ``tree``: at its first position, found
    in constant-time C (``MerkleTree.path_of_ct``; ValueError when absent), or at leaf ``index`` when one is given
    (a public index: ``MerkleTree.path``, variable time)."""
    if index is None:
        if not isinstance(element, (Fr, int)) or isinstance(element, bool):
            raise TypeError(f"element: expected an Fr or an int, got {type(element).__name__}")
        siblings_ct, bits_ct = tree.path_of_ct(element)
        return {"root": tree.root, "element": element, "siblings": siblings_ct, "index_bits": bits_ct}
    siblings, bits = tree.path(index)
    return {"root": tree.root, "element": element, "siblings": siblings, "index_bits": bits}


def public_inputs(root: int) -> list[int]:
    """The verifier's public-input vector (wire order: root)."""
    return [root % R]
