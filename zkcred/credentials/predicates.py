"""Predicates on hidden attributes: the request's ``op`` -> a LegoGroth16 circuit whose committed wire is the
attribute's scalar, with public inputs the verifier computes from the request alone.

| op | attribute types | circuit (issuer key) | public inputs |
|---|---|---|---|
| ``<=`` ``<`` ``>=`` ``>`` ``between`` | integer, date, boolean | ``range``: lo <= v <= hi on 64-bit values (zkcred.circuits.range64; the verifier checks lo, hi < 2^64) | lo, hi (encoded) |
| ``in``, at most ``SET_SIZE`` values | any | ``set16``: prod_i (x - s_i) = 0 | the 16 encoded values (the list padded by repeating its first value) |
| ``in``, longer lists | any | ``merkle<d>``: a Poseidon Merkle path of depth d (zkcred.circuits.set_membership) | the root, rebuilt from the list |

The strict inequalities become inclusive bounds (``< c`` is ``<= c - 1``); a predicate that no value can satisfy
is rejected when the request is decoded. The Merkle depth is the smallest of the issuer's depths that holds the
list (``Issuer.create(..., merkle_depths=(10,))`` by default: up to 1,024 values).
"""
from __future__ import annotations

from functools import lru_cache

from ..bls12_381 import Fr
from ..circuit import Circuit, MerkleTree
from ..errors import DecodeError
from .schema import ORDER_MAX, Attribute

__all__ = ["Predicate", "ORDER_OPS", "SET_SIZE", "circuit_for", "DEFAULT_MERKLE_DEPTHS", "key_shape",
           "check_key_shape", "check_public"]

ORDER_OPS = ("<=", "<", ">=", ">", "between")
OPS = (*ORDER_OPS, "in")
SET_SIZE = 16
DEFAULT_MERKLE_DEPTHS = (10,)
MAX_MERKLE_DEPTH = 20


def build_set_circuit(size: int = SET_SIZE) -> Circuit:
    """set<size>: a committed x (the first private input) is one of ``size`` public values: prod (x - s_i) = 0."""
    c = Circuit(f"set{size}")
    s = c.public_input("s", size)
    x = c.private_input("x")
    acc = x - s[0]
    for i in range(1, size):
        acc = c.mul(acc, x - s[i], label=f"product {i}")
    c.assert_zero(acc, label="x is one of the values")
    return c


@lru_cache(maxsize=None)
def circuit_for(key_name: str) -> Circuit:
    """The circuit of a predicate key ("range", "set16", "merkle<d>"), built once."""
    from ..circuits import range64, set_membership
    if key_name == "range":
        return range64.build()
    if key_name == f"set{SET_SIZE}":
        return build_set_circuit(SET_SIZE)
    if key_name.startswith("merkle") and key_name[6:].isdigit():
        d = int(key_name[6:])
        if 1 <= d <= MAX_MERKLE_DEPTH:
            return set_membership.build(d)
    raise DecodeError(f"unknown predicate key {key_name!r}")


def key_shape(key_name: str) -> tuple[int, int]:
    """(public inputs, committed wires) of a predicate key's circuit: what an issuer's key for it must have. A key
    with more public inputs would turn the committed attribute into a public input of the proof (anyone could
    then test guesses of the hidden value against it); one with another number of committed wires does not
    speak about exactly one signed attribute."""
    if key_name == "range":
        return 2, 1
    if key_name == f"set{SET_SIZE}":
        return SET_SIZE, 1
    if key_name.startswith("merkle") and key_name[6:].isdigit() and 1 <= int(key_name[6:]) <= MAX_MERKLE_DEPTH:
        return 1, 1
    raise DecodeError(f"unknown predicate key {key_name!r}")


def check_public(key_name: str, public: tuple[int, ...]) -> None:
    """DecodeError unless ``public`` are inputs the key's circuit is sound for (the verifier's side of it): for
    "range", lo and hi in [0, 2^64) (zkcred.circuits.range64 proves lo <= v <= hi only for such bounds)."""
    if key_name == "range":
        from ..circuits import range64
        if len(public) != 2:
            raise DecodeError("a 'range' predicate has two public inputs (lo, hi)")
        range64.check_bounds(*public)


def check_key_shape(key_name: str, vk, where: str) -> None:
    """DecodeError unless ``vk`` (a LegoGroth16 verifying key) has the shape of ``key_name``'s circuit."""
    n_public, n_committed = key_shape(key_name)
    if vk.n_public != n_public or vk.n_committed != n_committed:
        raise DecodeError(f"{where}: a {key_name!r} key has {n_public} public input(s) and {n_committed} committed "
                          f"wire(s), this one {vk.n_public} and {vk.n_committed}")


@lru_cache(maxsize=64)
def _merkle(values: tuple[int, ...], depth: int) -> MerkleTree:
    return MerkleTree(list(values), depth=depth)


class Predicate:
    """One decoded request predicate on ``attribute``: ``op``, the JSON ``value`` as the request wrote it, and
    what the proof needs: ``key`` (the issuer's predicate key name), ``public`` (public inputs, computed from the
    request alone) and, for order predicates, the inclusive encoded bounds ``lo``/``hi``."""

    __slots__ = ("attribute", "op", "value", "key", "lo", "hi", "set_values", "public")
    key: str
    lo: int | None
    hi: int | None
    public: tuple[int, ...]

    def __init__(self, attr: Attribute, op: str, value: object, where: str, merkle_depths: tuple[int, ...] | None = None
                 ) -> None:
        self.attribute, self.op, self.value = attr.name, op, value
        self.lo = self.hi = None
        self.set_values: tuple[int, ...] = ()
        if op not in OPS:
            raise DecodeError(f"{where}.op: expected one of {', '.join(OPS)}")
        if op in ORDER_OPS:
            if not attr.ordered:
                raise DecodeError(f"{where}.op: {attr.type} attribute {attr.name!r} allows only 'in'")
            if op == "between":
                if not isinstance(value, list) or len(value) != 2:
                    raise DecodeError(f"{where}.value: 'between' needs [low, high]")
                lo, hi = (attr.order_value(v, f"{where}.value[{i}]") for i, v in enumerate(value))
            else:
                c = attr.order_value(value, f"{where}.value")
                lo, hi = {"<=": (0, c), "<": (0, c - 1), ">=": (c, ORDER_MAX), ">": (c + 1, ORDER_MAX)}[op]
            dmin, dmax = attr.order_domain()
            if not 0 <= lo <= hi <= ORDER_MAX or max(lo, dmin) > min(hi, dmax):
                raise DecodeError(f"{where}: no value can satisfy this predicate")
            self.lo, self.hi = lo, hi
            self.key = "range"
            self.public = (lo, hi)
            return
        if not isinstance(value, list) or not value:
            raise DecodeError(f"{where}.value: 'in' needs a non-empty list of values")
        if len(value) > 1 << MAX_MERKLE_DEPTH:
            raise DecodeError(f"{where}.value: more than {1 << MAX_MERKLE_DEPTH} values")
        scalars = []
        seen = set()
        for i, v in enumerate(value):
            s = int(attr.encode(v, f"{where}.value[{i}]", listed=True))
            if s not in seen:
                seen.add(s)
                scalars.append(s)
        self.set_values = tuple(scalars)
        if len(scalars) <= SET_SIZE:
            self.key = f"set{SET_SIZE}"
            self.public = tuple(scalars + [scalars[0]] * (SET_SIZE - len(scalars)))
            return
        depths = sorted(merkle_depths or DEFAULT_MERKLE_DEPTHS)
        fit = [d for d in depths if len(scalars) <= 1 << d]
        if not fit:
            raise DecodeError(f"{where}.value: {len(scalars)} values exceed the largest Merkle depth "
                              f"({depths[-1]}) of the issuer's keys")
        self.key = f"merkle{fit[0]}"
        self.public = (self.tree().root,)

    def tree(self) -> MerkleTree:
        return _merkle(self.set_values, int(self.key[6:]))

    def holds(self, x: int) -> bool:
        """Whether the encoded value x satisfies the predicate (the holder checks before proving)."""
        if self.lo is not None and self.hi is not None:
            return self.lo <= x <= self.hi
        return x in self.set_values

    def witness_inputs(self, x: int | Fr) -> dict[str, object]:
        """The circuit's named inputs for the committed value x (secret; pass the Fr). A long list's Merkle path
        comes from constant-time C (``MerkleTree.path_of_ct``): no Python code searches the list with x or
        indexes the tree by its position. ValueError when x is not in the list (check ``holds`` first)."""
        if self.key == "range":
            return {"v": x, "lo": self.lo, "hi": self.hi}
        if self.key.startswith("set"):
            return {"x": x, "s": list(self.public)}
        from ..circuits import set_membership
        return set_membership.inputs(self.tree(), x if isinstance(x, Fr) else Fr(x))

    def to_obj(self) -> dict:
        return {"attribute": self.attribute, "op": self.op, "value": self.value}
