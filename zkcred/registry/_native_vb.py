"""The accumulator's hot loops (``accumulator`` module docstring for the algebra).

- ``update_points``: the issuer's W_1..W_d for one epoch (secret alpha: constant time);
- ``witness_update``: the holder's fold of several epochs into one witness (secret y and C: constant time);
- ``decode_update_points``: an update's new value (fully validated) and Omega's points, checked on the curve (no
  subgroup test: h_eff clears it);
- ``witness_check``: the membership check of a witness (secret y and C: constant time).

The holder's update and decoding split their work over ``threads`` threads inside the native call (the GIL
released); the split depends on the sizes only.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..bls12_381 import G1, Fr
from ..bls12_381._ffi import check, err_message, ffi, lib, new_scratch
from ..errors import DecodeError

__all__ = ["update_points", "witness_update", "decode_update_points", "witness_check"]

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


def witness_update(y: Fr, C: G1, v_old: G1, updates: Sequence, threads: int = 1) -> G1:
    """C after every change of every update (``Witness.update``), in one constant-time native call
    (``zk_vb_witness_update``). ElementRemovedError (a ValueError) when y was removed."""
    points: list[G1] = [v_old]
    scaled = bytearray(b"\x00")
    removal = bytearray()
    elems: list[Fr] = []
    for u in updates:
        elems += u.added
        elems += u.removed
        removal += bytes(len(u.added)) + b"\x01" * len(u.removed)
        points += u.omega
        scaled += b"\x01" * len(u.omega)
        points.append(u.value)
        scaled.append(0)
    d = len(elems)
    if len(points) != d + 1:
        raise ValueError("accumulator update data: Omega does not match the number of changes")
    yc = ffi.new("zk_fr *", y._c[0])
    ea = _fr_arr(elems)
    wa = G1.c_array(points)
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


def decode_update_points(value: bytes, omega: bytes, count: int, threads: int = 1) -> tuple[G1, tuple[G1, ...]]:
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
    if err:
        where = "value" if int(bad[0]) == int(ffi.cast("size_t", -1)) else f"omega[{int(bad[0])}]"
        raise DecodeError(f"UpdateData.{where}: {err_message(err)}")
    if value[0] & 0x40:     # decoded: the infinity flag is set exactly on the identity
        raise DecodeError("UpdateData.value: the identity is not an accumulator value")
    if any(b & 0x40 for b in omega[::48]):
        i = next(i for i in range(count) if omega[48 * i] & 0x40)
        raise DecodeError(f"UpdateData.omega[{i}]: the identity is not an accumulator value")
    return G1._from_c(v), tuple(G1._from_array(out, count))


def witness_check(C: G1, y: Fr, value: G1, q_lines, p_lines) -> bool:
    """e(C, y P~ + Q~) == e(V, P~) (``Witness.verify``), in one constant-time native call (``zk_vb_witness_check``),
    which wipes the intermediate y C - V."""
    yc = ffi.new("zk_fr *", y._c[0])
    try:
        return bool(lib.zk_vb_witness_check(C._c, yc, value._c, q_lines._c, p_lines._c))
    finally:
        ffi.memmove(yc, bytes(32), 32)
