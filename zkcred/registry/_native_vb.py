"""The accumulator's hot loops (``accumulator`` module docstring for the algebra).

- ``update_points``: the issuer's W_1..W_d for one epoch (secret alpha: constant time);
- ``witness_update``: the holder's fold of several epochs into one witness (secret y and C: constant time);
- ``decode_update_points``: an update's new value (fully validated) and Omega's points, checked on the curve (no
  subgroup test: h_eff clears it);
- ``witness_check``: the membership check of a witness (secret y and C: constant time);
- ``NativeArray``: the decoder's elements and points, kept in its C arrays (the update reads them there; Python
  values are built only when someone asks for them).

The holder's update and decoding split their work over ``threads`` threads inside the native call (the GIL
released); the split depends on the sizes only.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..bls12_381 import G1, Fr
from ..bls12_381._ffi import check, err_message, ffi, lib, new_scratch
from ..errors import DecodeError

__all__ = ["update_points", "witness_update", "decode_update_points", "witness_check", "NativeArray",
           "decode_elements"]

_CTYPE = {Fr: "zk_fr", G1: "zk_g1"}


def _is_array_of(arr, kind: type[Fr] | type[G1]) -> bool:
    """True when ``arr`` is a cffi array of ``kind``'s C type (``zk_fr[]`` or ``zk_g1[]``)."""
    ctype = ffi.typeof(arr)
    return ctype.kind == "array" and ctype.item.cname == _CTYPE[kind]


class NativeArray(Sequence):
    """A read-only run of ``count`` Fr or G1 values in a C array (``zk_fr[]`` or ``zk_g1[]``, from ``offset``),
    as a decoder left them. The Python values are built on first use (about 0.45 us each), so a holder's update,
    which reads the array itself (``witness_update``), never pays for them. It behaves as the tuple of its values:
    equal to it, hashing and printing as it, pickled as it."""

    __slots__ = ("_arr", "_offset", "_count", "_kind", "_items")

    def __init__(self, arr, offset: int, count: int, kind: type[Fr] | type[G1]) -> None:
        if not _is_array_of(arr, kind):
            raise TypeError(f"NativeArray: a {_CTYPE[kind]}[] holds {kind.__name__} values, "
                            f"not a {ffi.typeof(arr).cname}")
        if not (0 <= offset and 0 <= count and offset + count <= len(arr)):
            raise ValueError(f"NativeArray: [{offset}, {offset + count}) is outside the array of {len(arr)}")
        self._arr, self._offset, self._count, self._kind = arr, offset, count, kind
        self._items: tuple | None = None

    def _tuple(self) -> tuple:
        if self._items is None:
            t = _CTYPE[self._kind] + " *"
            make, arr, o = self._kind._from_c, self._arr, self._offset
            self._items = tuple(make(ffi.new(t, arr[o + i])) for i in range(self._count))
        return self._items

    def c_copy_into(self, dst, at: int, what: str) -> None:
        """dst[at:at + len(self)] = the values, with one memmove. TypeError (naming ``what``) when dst is not an
        array of the same C type, ValueError when the run does not fit in it: the copy is checked, never trusted."""
        if not _is_array_of(dst, self._kind):
            raise TypeError(f"{what}: holds {self._kind.__name__} values, not what a {ffi.typeof(dst).cname} takes")
        if not (0 <= at and at + self._count <= len(dst)):
            raise ValueError(f"{what}: {self._count} values do not fit at {at} in an array of {len(dst)}")
        if not self._count:
            return
        size = ffi.sizeof(_CTYPE[self._kind])
        ffi.memmove(ffi.addressof(dst, at), ffi.addressof(self._arr, self._offset), size * self._count)

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, i):
        return self._tuple()[i]

    def __iter__(self) -> Iterator:
        return iter(self._tuple())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (tuple, NativeArray)):
            return self._tuple() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._tuple())

    def __repr__(self) -> str:
        return repr(self._tuple())

    def __reduce__(self) -> tuple:
        return (tuple, (self._tuple(),))


def decode_elements(data: bytes, m: int, n: int) -> tuple[NativeArray, NativeArray]:
    """The added (m) and removed (n) elements of an update, back-to-back canonical 32-byte scalars, in one C array;
    DecodeError naming ``UpdateData.added[i]`` or ``UpdateData.removed[i]``."""
    d = m + n
    if len(data) != 32 * d:
        raise DecodeError(f"UpdateData: the elements take {32 * d} bytes, got {len(data)}")
    arr = ffi.new("zk_fr[]", max(1, d))
    bad = ffi.new("size_t *")
    if d and lib.zk_fr_batch_from_bytes(arr, data, d, bad) != 0:
        i = int(bad[0])
        where = f"added[{i}]" if i < m else f"removed[{i - m}]"
        raise DecodeError(f"UpdateData.{where}: the scalar is not canonical (>= r)")
    return NativeArray(arr, 0, m, Fr), NativeArray(arr, m, n, Fr)


def _fr_arr(values: Sequence[Fr]):
    arr = ffi.new("zk_fr[]", max(1, len(values)))
    for i, v in enumerate(values):
        arr[i] = v._c[0]
    return arr


def update_points(v_old: G1, alpha: Fr, added: Sequence[Fr], removed: Sequence[Fr]) -> tuple[tuple[G1, ...], G1]:
    """(Omega_1..Omega_{d-1}, V_new) for additions then removals, in one constant-time native call
    (``zk_vb_update_points``: a comb of V_old). ValueError when an element equals -alpha."""
    elems = list(added) + list(removed)
    d = len(elems)
    removal = bytes(len(added)) + b"\x01" * len(removed)
    ea = _fr_arr(elems)
    al = ffi.new("zk_fr *", alpha._c[0])
    out = ffi.new("zk_g1[]", d)
    zero = ffi.new("int *")
    size = lib.zk_vb_update_points_scratch_size(d)
    try:
        check(lib.zk_vb_update_points(out, zero, v_old._c, al, ea, removal, d, new_scratch(size), size),
              "accumulator batch update")
    finally:
        ffi.memmove(al, bytes(32), 32)
    if zero[0]:
        raise ValueError("batch_update: an element equals -alpha")
    pts = [G1._from_c(ffi.new("zk_g1 *", out[i])) for i in range(d)]
    return tuple(pts[:-1]), pts[-1]


def _copy_into(dst, at: int, values: Sequence, kind: type[Fr] | type[G1], what: str) -> int:
    """dst[at:at + len(values)] = the values (a decoder's NativeArray in one memmove, else each checked to be a
    ``kind``); returns the next index. TypeError naming ``what`` for a value of another kind."""
    if type(values) is NativeArray:
        values.c_copy_into(dst, at, what)
    else:
        for i, x in enumerate(values):
            if type(x) is not kind:
                raise TypeError(f"{what}: value {i} is a {type(x).__name__}, not a {kind.__name__}")
            dst[at + i] = x._c[0]
    return at + len(values)


def witness_update(y: Fr, C: G1, v_old: G1, updates: Sequence, threads: int = 1) -> G1:
    """C after every change of every update (``Witness.update``), in one constant-time native call
    (``zk_vb_witness_update``). ElementRemovedError (a ValueError) when y was removed. A decoded update's elements
    and Omega are copied from the decoder's C arrays (``NativeArray``), without Python values."""
    d = sum(len(u.added) + len(u.removed) for u in updates)
    if sum(len(u.omega) + 1 for u in updates) != d:
        raise ValueError("accumulator update data: Omega does not match the number of changes")
    ea = ffi.new("zk_fr[]", max(1, d))
    wa = ffi.new("zk_g1[]", d + 1)
    wa[0] = v_old._c[0]
    scaled = bytearray(b"\x00")
    removal = bytearray()
    e = 0
    w = 1
    for u in updates:
        e = _copy_into(ea, e, u.added, Fr, "accumulator update data: the added elements")
        e = _copy_into(ea, e, u.removed, Fr, "accumulator update data: the removed elements")
        removal += bytes(len(u.added)) + b"\x01" * len(u.removed)
        w = _copy_into(wa, w, u.omega, G1, "accumulator update data: Omega")
        scaled += b"\x01" * len(u.omega)
        wa[w] = u.value._c[0]
        w += 1
        scaled.append(0)
    yc = ffi.new("zk_fr *", y._c[0])
    out = ffi.new("zk_g1 *")
    removed = ffi.new("int *")
    size = lib.zk_vb_witness_update_scratch_size(d, threads)
    try:
        check(lib.zk_vb_witness_update(out, removed, C._c, yc, ea, bytes(removal), wa, bytes(scaled), d, threads,
                                       new_scratch(size), size), "accumulator witness update")
    finally:
        ffi.memmove(yc, bytes(32), 32)
    if removed[0]:
        from .accumulator import ElementRemovedError
        raise ElementRemovedError("accumulator witness: its element was removed (the credential is revoked)")
    return G1._from_c(out)


def decode_update_points(value: bytes, omega: bytes, count: int, threads: int = 1) -> tuple[G1, NativeArray]:
    """(the new value, Omega) of an update (``UpdateData.from_bytes``) in one native call: the value fully validated
    and not the identity, ``count`` Omega points each on the curve and not the identity (no subgroup test: the
    holder's h_eff clears what is outside G1); DecodeError naming ``UpdateData.value`` or ``UpdateData.omega[i]``
    and the rule. The value's subgroup test runs beside Omega's square roots."""
    if len(value) != 48:
        raise DecodeError(f"UpdateData.value: wrong length: expected 48 bytes, got {len(value)}")
    if len(omega) != 48 * count:
        raise DecodeError(f"UpdateData.omega: wrong length: expected {48 * count} bytes, got {len(omega)}")
    v = ffi.new("zk_g1 *")
    out = ffi.new("zk_g1[]", max(1, count))
    bad = ffi.new("size_t *")
    err = lib.zk_vb_decode_update_var(v, out, value, omega, count, threads, bad)
    if err and int(bad[0]) == int(ffi.cast("size_t", -1)):
        raise DecodeError(f"UpdateData.value: {err_message(err)}")
    if value[0] & 0x40:     # decoded: the infinity flag is set exactly on the identity
        raise DecodeError("UpdateData.value: the identity is not an accumulator value")
    if err:
        raise DecodeError(f"UpdateData.omega[{int(bad[0])}]: {err_message(err)}")
    flags = omega[::48]      # the first byte of each encoding
    if int.from_bytes(flags, "big") & int.from_bytes(b"\x40" * count, "big"):
        i = next(i for i in range(count) if omega[48 * i] & 0x40)
        raise DecodeError(f"UpdateData.omega[{i}]: the identity is not an accumulator value")
    return G1._from_c(v), NativeArray(out, 0, count, G1)


def witness_check(C: G1, y: Fr, value: G1, q_lines, p_lines) -> bool:
    """e(C, y P~ + Q~) == e(V, P~) (``Witness.verify``), in one constant-time native call (``zk_vb_witness_check``),
    which wipes the intermediate y C - V."""
    yc = ffi.new("zk_fr *", y._c[0])
    try:
        return bool(lib.zk_vb_witness_check(C._c, yc, value._c, q_lines._c, p_lines._c))
    finally:
        ffi.memmove(yc, bytes(32), 32)
