"""The Merkle path of a secret element, looked up in constant-time C (``zk_merkle_path_ct``).

:class:`MerkleLevels` holds a public tree's element list, its levels 0..depth-1 and the empty-subtree values as
``zk_fr`` arrays (built once per tree); :meth:`MerkleLevels.path` compares the secret element with every list
entry and reads every node of every level, so neither time nor memory addresses depend on the element or its
position. No Python code indexes by, or searches with, the secret.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..bls12_381 import Fr
from ..bls12_381._ffi import check, ffi, lib

__all__ = ["MerkleLevels"]

_FR = 32


def _fr_arr(values: Sequence[int]):
    """A zk_fr[] of public ints in [0, r), decoded in one C call (at least one entry so the pointer is valid)."""
    arr = ffi.new("zk_fr[]", max(1, len(values)))
    if values:
        data = b"".join(v.to_bytes(_FR, "big") for v in values)
        check(lib.zk_fr_batch_from_bytes(arr, data, len(values), ffi.NULL), "Merkle tree nodes")
    return arr


class MerkleLevels:
    """A public tree's arrays for :func:`zk_merkle_path_ct` (public data: built in variable time)."""

    __slots__ = ("depth", "n", "elements", "nodes", "level_len", "empty")

    def __init__(self, elements: Sequence[int], levels: Sequence[Sequence[int]], empty: Sequence[int],
                 depth: int) -> None:
        if len(levels) < depth or len(empty) < depth:
            raise ValueError("a Merkle tree of depth d needs its levels 0..d-1 and d empty-subtree values")
        self.depth = depth
        self.n = len(elements)
        self.elements = _fr_arr(list(elements))
        self.nodes = _fr_arr([v for lvl in levels[:depth] for v in lvl])
        self.level_len = ffi.new("size_t[]", [len(lvl) for lvl in levels[:depth]])
        self.empty = _fr_arr(list(empty[:depth]))

    def path(self, x: Fr) -> tuple[list[Fr], list[Fr]] | None:
        """(siblings, index bits as Fr 0/1) from the leaf level up for the FIRST position of the secret ``x``,
        or None when x is not in the list (the one outcome that depends on x)."""
        d = self.depth
        sib = ffi.new("zk_fr[]", d)
        bits = ffi.new("zk_fr[]", d)
        found = ffi.new("int *")
        try:
            check(lib.zk_merkle_path_ct(sib, bits, found, x._c, self.elements, self.n, self.nodes, self.level_len,
                                        self.empty, d), "zk_merkle_path_ct")
            if not found[0]:
                return None
            return ([Fr._from_c(ffi.new("zk_fr *", sib[i])) for i in range(d)],
                    [Fr._from_c(ffi.new("zk_fr *", bits[i])) for i in range(d)])
        finally:
            ffi.memmove(sib, bytes(d * _FR), d * _FR)
            ffi.memmove(bits, bytes(d * _FR), d * _FR)
