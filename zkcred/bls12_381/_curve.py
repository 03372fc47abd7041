"""G1 and G2, the two source groups of the BLS12-381 pairing, as immutable value types.

Each value holds one cffi buffer (``zk_g1 *`` / ``zk_g2 *``, projective coordinates) and every operator is one C
call. Values built through the public API are always on the curve and in the order-r subgroup (the decoders
check both), so ``P * k`` with an int ``k`` may reduce ``k`` modulo r.

Timing: ``P * k`` / ``k * P`` run the constant-time scalar multiplication (``zk_g1_mul``: k and P may be secret);
``P.mul_var(k)``, ``G1.msm_var`` / ``G2.msm_var`` and ``G1.msm_fixed_var`` are variable time, for public points and
scalars only; ``G1.msm_ct`` is the constant-time MSM for small sums with secret scalars (G1 only). ``G1.msm`` /
``G2.msm`` and ``G1.msm_fixed`` are deprecated aliases of the ``_var`` names (DeprecationWarning; removed in the
next release).

Accessors for sibling modules that call C directly (documented, stable):

- ``P._c``: the ``zk_g1 *`` / ``zk_g2 *`` cdata. Treat it as read-only: values are immutable.
- ``G1._from_c(c)``: wrap a ``zk_g1 *`` cdata (ownership passes to the value). The caller vouches that the point
  is on the curve and in the subgroup (e.g. it came from a C function that guarantees this).
- ``G1.c_array(points)`` -> ``zk_g1[]`` cdata; ``G1.affine_array(points)`` -> ``zk_g1_affine[]`` (one C call
  for the normalisation); ``G1._from_array(arr, n)`` -> list of values.
"""
from __future__ import annotations

import warnings
from collections.abc import Generator, Sequence

from ..errors import DecodeError
from ._ffi import check, err_message, ffi, lib, new_scratch
from ._fr import Fr, _c_of, fr_array

TYPE_CHECKING = False   # typing.TYPE_CHECKING without importing typing (start-up time of the CLI)
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

    from ._ffi import CData

_new = ffi.new
# Outputs of the group-law C calls are fully written by C: no need to zero them first.
_out = ffi.new_allocator(should_clear_after_alloc=False)
_G1_T = ffi.typeof("zk_g1 *")
_obj_new = object.__new__

Scalar = Fr | int
#: Upper bound on the ``threads`` argument of the MSMs (each thread gets its own scratch).
MAX_THREADS = 256
MSM_CT_MULTI_MAX = 8    # sums per call of zk_g1_msm_ct_multi that share one lane pass (csrc/msm_ct_impl.h)


# The cost of one zk_g1_msm_ct_multi call, in slots of the lane pass (csrc/msm_ct_impl.h; csrc/tests bench on the
# AMD EPYC with IFMA: a pass of S slots costs about 1.85 + S slots -- its 125 doublings and the tables' inversion
# are the fixed part -- and fewer than 8 points in all run the portable loop, about 0.6 + 0.5 n slots per sum).
_CT_PASS_FIXED, _CT_PORTABLE_SUM, _CT_PORTABLE_POINT = 1.85, 0.6, 0.5
_CT_PLANS: dict[tuple[int, ...], list[list[int]]] = {}


def _ct_call_cost(counts: Sequence[int]) -> float:
    """The cost (above) of one call over sums of these sizes; infinite past MSM_CT_MULTI_MAX sums."""
    if len(counts) > MSM_CT_MULTI_MAX:
        return float("inf")
    if sum(counts) < 8:
        return sum(_CT_PORTABLE_SUM + _CT_PORTABLE_POINT * c for c in counts if c)
    S = 1
    while sum(-(-c // S) for c in counts) > 8:    # the fewest slots that put every sum on whole lanes
        S += 1
    return _CT_PASS_FIXED + S


def _ct_plan(counts: tuple[int, ...]) -> list[list[int]]:
    """The sums' indexes split into C calls of least total cost (``_ct_call_cost``), by a heuristic: for every
    slot count S, the sums packed first-fit (largest first) into passes of 8 lanes, then any two calls merged while
    a merge saves something; the cheapest of these plans. Depends on the sizes only (public); cached."""
    plan = _CT_PLANS.get(counts)
    if plan is not None:
        return plan
    n = len(counts)
    if n <= 1:
        return [list(range(n))]            # one sum (or none): one call, nothing to choose
    starts = [[[i] for i in range(n)]]
    for S in range(1, max(counts, default=0) + 1):
        calls: list[list[int]] = []
        lanes: list[int] = []
        for i in sorted(range(n), key=lambda i: -counts[i]):
            need = -(-counts[i] // S)
            if need > 8:
                break
            k = next((k for k in range(len(calls)) if lanes[k] + need <= 8 and len(calls[k]) < MSM_CT_MULTI_MAX),
                     None)
            if k is None:
                calls.append([i])
                lanes.append(need)
            else:
                calls[k].append(i)
                lanes[k] += need
        else:
            starts.append(calls)
    best_cost, plan = float("inf"), starts[0]
    for calls in starts:
        calls = _ct_merge([list(c) for c in calls], counts)
        total = sum(_ct_call_cost([counts[i] for i in c]) for c in calls)
        if total < best_cost - 1e-9:
            best_cost, plan = total, calls
    if len(_CT_PLANS) < 4096:
        _CT_PLANS[counts] = plan
    return plan


def _ct_merge(calls: list[list[int]], counts: tuple[int, ...]) -> list[list[int]]:
    """Merge the two calls whose merge saves the most, while one saves anything."""
    cost = [_ct_call_cost([counts[i] for i in c]) for c in calls]
    while True:
        best = None
        for x in range(len(calls)):
            for y in range(x + 1, len(calls)):
                if len(calls[x]) + len(calls[y]) <= MSM_CT_MULTI_MAX:
                    merged = _ct_call_cost([counts[i] for i in calls[x] + calls[y]])
                    gain = cost[x] + cost[y] - merged
                    if gain > 1e-9 and (best is None or gain > best[0]):
                        best = (gain, x, y, merged)
        if best is None:
            return calls
        _, x, y, merged = best
        calls[x], cost[x] = calls[x] + calls[y], merged
        del calls[y], cost[y]


_scalar_c = _c_of   # zk_fr buffer of an Fr or an int (reduced mod r); None otherwise


class _Point:
    """Shared code of G1 and G2; the subclasses bind the C functions of their group."""

    __slots__ = ("_c",)
    _c: CData                   # the zk_gX buffer (projective), read-only

    # bound by the subclasses (C functions of the group: CData)
    _ctype: str
    _atype: str
    _name: str
    _sizes: tuple[int, int]     # (compressed, uncompressed) byte lengths
    _cadd: CData = None
    _csub: CData = None
    _cneg: CData = None
    _cdbl: CData = None
    _ceq: CData = None
    _cis_id: CData = None
    _cmul: CData = None
    _cmul_var: CData = None
    _cto_bytes: CData = None
    _cfrom_bytes: CData = None
    _cbatch_from: CData = None
    _cbatch_affine: CData = None
    _cfrom_affine: CData = None
    _cgen: CData = None
    _cid: CData = None
    _cmsm_var: CData = None
    _cmsm_size: CData = None
    _cbatch_affine_var: CData = None   # variable-time normalisation (public points), where the group has one

    def __init__(self) -> None:
        raise TypeError(f"use {type(self).__name__}.generator(), .identity(), .from_bytes() or arithmetic")

    # ---- construction -------------------------------------------------------------------------------
    @classmethod
    def _from_c(cls, c):
        """Wrap a ``zk_gX *`` cdata; the caller vouches it is a valid subgroup point (see module docstring)."""
        o = _obj_new(cls)
        cls._set_c(o, c)
        return o

    _from_native = _from_c   # alias used by hash_to_curve.py (same contract as _from_c)

    @classmethod
    def generator(cls):
        c = _new(cls._ctype)
        cls._cgen(c)
        return cls._from_c(c)

    @classmethod
    def identity(cls):
        c = _new(cls._ctype)
        cls._cid(c)
        return cls._from_c(c)

    @classmethod
    def from_bytes(cls, data: bytes):
        """Decode the ZCash encoding (compressed or uncompressed, chosen by the length) and validate it fully:
        flags, coordinate range, on-curve, subgroup. Raises DecodeError naming the rule broken."""
        if not isinstance(data, bytes):
            if not isinstance(data, (bytearray, memoryview)):
                raise TypeError(f"{cls._name}.from_bytes takes bytes, not {type(data).__name__}")
            data = bytes(data)
        n = len(data)
        if n not in cls._sizes:
            raise DecodeError(f"{cls._name}: wrong length: expected {cls._sizes[0]} (compressed) or "
                              f"{cls._sizes[1]} (uncompressed) bytes, got {n}")
        c = _new(cls._ctype)
        err = cls._cfrom_bytes(c, data, n)
        if err:
            raise DecodeError(f"{cls._name}: {err_message(err)}")
        return cls._from_c(c)

    @classmethod
    def batch_from_bytes(cls, encodings: Sequence[bytes] | bytes, *, compressed: bool = True) -> list:
        """Decode many encodings in one C call, each fully validated. ``encodings`` is a sequence of byte
        strings of equal length, or one byte string of back-to-back encodings (then ``compressed`` picks the
        element size). Raises DecodeError naming the first bad index and the rule it breaks."""
        if isinstance(encodings, (bytes, bytearray, memoryview)):
            blob = bytes(encodings)
            size = cls._sizes[0] if compressed else cls._sizes[1]
            if len(blob) % size:
                raise DecodeError(f"{cls._name}: wrong length: {len(blob)} bytes is not a multiple of {size}")
            n = len(blob) // size
        else:
            items = []
            for i, e in enumerate(encodings):
                if not isinstance(e, (bytes, bytearray, memoryview)):
                    raise TypeError(f"{cls._name}.batch_from_bytes: encoding {i} is a {type(e).__name__}, "
                                    f"not bytes")
                items.append(bytes(e))
            n = len(items)
            if n == 0:
                return []
            size = len(items[0])
            for i, e in enumerate(items):
                if len(e) != size or size not in cls._sizes:
                    raise DecodeError(f"{cls._name}: encoding {i}: wrong length: expected {cls._sizes[0]} or "
                                      f"{cls._sizes[1]} bytes (all the same), got {len(e)}")
            blob = b"".join(items)
        if n == 0:
            return []
        out = cls._batch_decode(blob, size, n)
        if isinstance(out, tuple):
            raise DecodeError(f"{cls._name}: encoding {out[0]}: {out[1]}")
        return out

    @classmethod
    def _batch_decode(cls, blob: bytes, size: int, n: int) -> list | tuple[int, str]:
        """The n >= 1 points of ``blob`` (n encodings of ``size`` bytes, back to back; the caller checked the
        lengths), each fully validated in one C call; or (index, rule) of the first that fails, the rule as
        ``from_bytes`` names it after the group's name (callers name the bad field themselves)."""
        arr = _new(cls._ctype[:-2] + "[]", n)
        bad = _new("size_t *")
        err = cls._cbatch_from(arr, blob, size, n, bad)
        if err:
            return int(bad[0]), err_message(err)
        return cls._from_array(arr, n)

    @classmethod
    def _from_array(cls, arr, n: int) -> list:
        """Values from a ``zk_gX[]`` cdata (copied out, one buffer each)."""
        t = cls._ctype
        make = cls._from_c
        return [make(_new(t, arr[i])) for i in range(n)]

    @classmethod
    def c_array(cls, points: Sequence):
        """A ``zk_gX[]`` cdata holding copies of the points (length max(n, 1))."""
        n = len(points)
        arr = _new(cls._ctype[:-2] + "[]", max(n, 1))
        for i, p in enumerate(points):
            if type(p) is not cls:
                raise TypeError(f"point {i} is a {type(p).__name__}, expected {cls._name}")
            arr[i] = p._c[0]
        return arr

    @classmethod
    def affine_array(cls, points: Sequence):
        """A ``zk_gX_affine[]`` cdata of the points, normalised with one inversion (identity: infinity = 1)."""
        n = len(points)
        arr = cls.c_array(points)
        out = _new(cls._atype + "[]", max(n, 1))
        cls._cbatch_affine(out, arr, n)
        return out

    @classmethod
    def _affine_array_var(cls, points: Sequence):
        """``affine_array`` for public points: a variable-time inversion (safegcd) where the group has one, and
        no inversion at all for points already at Z = 1. Variable time: the points must be public."""
        if cls._cbatch_affine_var is None:
            return cls.affine_array(points)
        n = len(points)
        arr = cls.c_array(points)
        out = _new(cls._atype + "[]", max(n, 1))
        cls._cbatch_affine_var(out, arr, n)
        return out

    @classmethod
    def batch_normalize(cls, points: Sequence) -> list:
        """The same points with Z = 1 (one inversion for all of them), e.g. before many encodings."""
        n = len(points)
        aff = cls.affine_array(points)
        t = cls._ctype
        out = []
        for i in range(n):
            c = _new(t)
            cls._cfrom_affine(c, aff + i)
            out.append(cls._from_c(c))
        return out

    # ---- MSM ----------------------------------------------------------------------------------------
    @classmethod
    def msm_var(cls, points: Sequence, scalars: Sequence[Scalar], *, threads: int = 1):
        """sum(scalars[i] * points[i]) with Pippenger in one C call. Variable time: points and scalars must be
        public (use ``G1.msm_ct`` for secret scalars). ``threads`` > 1 splits the work in C (GIL released)."""
        n = len(points)
        if len(scalars) != n:
            raise ValueError(f"{cls._name}.msm_var: {n} points but {len(scalars)} scalars")
        if n == 0:
            return cls.identity()
        aff = cls._affine_array_var(points)
        sc, _ = fr_array(scalars)
        return cls._msm_affine(aff, sc, n, threads=threads)

    @classmethod
    def msm(cls, points: Sequence, scalars: Sequence[Scalar], *, threads: int = 1):
        """Deprecated alias of ``msm_var`` (variable time), kept for one release."""
        warnings.warn(f"{cls._name}.msm is deprecated: it is variable time; call {cls._name}.msm_var (public "
                      f"data) or G1.msm_ct (secret scalars)", DeprecationWarning, stacklevel=2)
        return cls.msm_var(points, scalars, threads=threads)

    @classmethod
    def _msm_affine(cls, aff, sc, n: int, *, threads: int = 1):
        """MSM over prepared cdata arrays (``zk_gX_affine[]`` and ``zk_fr[]`` of length >= n). Variable time."""
        if not isinstance(threads, int) or not 1 <= threads <= MAX_THREADS:
            raise ValueError(f"{cls._name}.msm_var: threads must be an int in [1, {MAX_THREADS}], got {threads!r}")
        size = cls._cmsm_size(n, threads)
        scratch = new_scratch(size)
        c = _new(cls._ctype)
        err = cls._cmsm_var(c, aff, sc, n, threads, scratch, size)
        check(err, f"{cls._name}.msm_var")
        return cls._from_c(c)

    # ---- group law ----------------------------------------------------------------------------------
    def __add__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        c = _out(self._ctype)
        self._cadd(c, self._c, other._c)
        return self._from_c(c)

    def __sub__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        c = _out(self._ctype)
        self._csub(c, self._c, other._c)
        return self._from_c(c)

    def __neg__(self):
        c = _out(self._ctype)
        self._cneg(c, self._c)
        return self._from_c(c)

    def __pos__(self):
        return self

    def double(self):
        c = _out(self._ctype)
        self._cdbl(c, self._c)
        return self._from_c(c)

    def __mul__(self, k: Scalar):
        """k * P, constant time in k and P."""
        kc = _scalar_c(k)
        if kc is None:
            return NotImplemented
        c = _out(self._ctype)
        self._cmul(c, self._c, kc)
        return self._from_c(c)

    __rmul__ = __mul__

    def mul_var(self, k: Scalar):
        """k * P with GLV + wNAF. Variable time: P and k must be public."""
        kc = _scalar_c(k)
        if kc is None:
            raise TypeError(f"scalar must be Fr or int, not {type(k).__name__}")
        c = _out(self._ctype)
        self._cmul_var(c, self._c, kc)
        return self._from_c(c)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return bool(self._ceq(self._c, other._c))

    def __ne__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return not self._ceq(self._c, other._c)

    def __hash__(self) -> int:
        return hash((self._name, self.to_bytes()))

    def is_identity(self) -> bool:
        return bool(self._cis_id(self._c))

    # ---- encoding -----------------------------------------------------------------------------------
    def to_bytes(self, compressed: bool = True) -> bytes:
        """The ZCash encoding: compressed (48 bytes G1 / 96 G2) or uncompressed (96 / 192)."""
        n = self._sizes[0] if compressed else self._sizes[1]
        buf = _new("uint8_t[]", n)
        self._cto_bytes(buf, self._c, 1 if compressed else 0)
        return ffi.buffer(buf, n)[:]

    def __bytes__(self) -> bytes:
        return self.to_bytes()

    def __repr__(self) -> str:
        if self.is_identity():
            return f"{self._name}.identity()"
        return f"{self._name}.from_bytes(bytes.fromhex('{self.to_bytes().hex()}'))"

    def __reduce__(self):
        return (type(self).from_bytes, (self.to_bytes(),))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{self._name} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{self._name} is immutable")

    def __copy__(self):
        return self

    def __deepcopy__(self, memo: dict):
        return self


def _fp_int(b: bytes) -> int:
    return int.from_bytes(b, "big")


class G1(_Point):
    """A point of G1 (order-r subgroup of E(Fp): y^2 = x^3 + 4). See the module docstring."""

    __slots__ = ()
    _ctype, _atype, _name, _sizes = "zk_g1 *", "zk_g1_affine", "G1", (48, 96)
    _cadd, _csub, _cneg, _cdbl = lib.zk_g1_add, lib.zk_g1_sub, lib.zk_g1_neg, lib.zk_g1_dbl
    _ceq, _cis_id, _cmul, _cmul_var = lib.zk_g1_eq, lib.zk_g1_is_identity, lib.zk_g1_mul, lib.zk_g1_mul_var
    _cto_bytes, _cfrom_bytes = lib.zk_g1_to_bytes, lib.zk_g1_from_bytes_var
    _cbatch_from, _cbatch_affine = lib.zk_g1_batch_from_bytes_var, lib.zk_g1_batch_to_affine
    _cfrom_affine, _cgen, _cid = lib.zk_g1_from_affine, lib.zk_g1_generator, lib.zk_g1_identity
    _cmsm_var, _cmsm_size = lib.zk_g1_msm_var, lib.zk_g1_msm_scratch_size
    _cbatch_affine_var = lib.zk_g1_batch_to_affine_var

    def __add__(self, other):  # the hot path, specialised (G1 addition from Python must stay under 2 µs)
        if type(other) is not G1:
            return NotImplemented
        c = _out(_G1_T)
        _g1_add(c, self._c, other._c)
        o = _obj_new(G1)
        _set_g1(o, c)
        return o

    @classmethod
    def hash_to_curve(cls, msg: bytes, dst: bytes) -> "G1":
        """RFC 9380 hash_to_curve, suite BLS12381G1_XMD:SHA-256_SSWU_RO_ (see zkcred.bls12_381.hash_to_curve)."""
        from .hash_to_curve import hash_to_g1
        return hash_to_g1(msg, dst)

    @classmethod
    def msm_ct(cls, points: Sequence["G1"], scalars: Sequence[Scalar]) -> "G1":
        """sum(scalars[i] * points[i]), constant time in points and scalars (n public): for small sums with
        secret scalars (BBS proofs). Fixed windows and masked lookups in C; the scratch is wiped."""
        n = len(points)
        if len(scalars) != n:
            raise ValueError(f"G1.msm_ct: {n} points but {len(scalars)} scalars")
        arr = cls.c_array(points)
        sc, _ = fr_array(scalars)
        size = lib.zk_g1_msm_ct_scratch_size(n)
        scratch = new_scratch(size)
        c = _new("zk_g1 *")
        err = lib.zk_g1_msm_ct(c, arr, sc, n, scratch, size)
        ffi.memmove(sc, b"\0" * (32 * max(n, 1)), 32 * max(n, 1))
        check(err, "G1.msm_ct")
        return cls._from_c(c)

    @classmethod
    def msm_ct_multi(cls, groups: Sequence[tuple[Sequence["G1"], Sequence[Scalar]]]) -> list["G1"]:
        """[sum(s * P for P, s in zip(points, scalars)) for points, scalars in groups], constant time in the
        points and scalars (the group sizes public). Where the CPU has the IFMA lanes, up to 8 small sums share
        one pass of the lane kernel (zk_g1_msm_ct_multi), so that e.g. a 9-point and a 1-point sum cost about one
        9-point ``msm_ct``; the sums are split into the C calls that cost least (``_ct_plan``, from the sizes)."""
        counts = []
        for i, (p, k) in enumerate(groups):
            if len(p) != len(k):
                raise ValueError(f"G1.msm_ct_multi: group {i} has {len(p)} points but {len(k)} scalars")
            counts.append(len(p))
        if not counts:
            return []
        plan = _ct_plan(tuple(counts))
        if len(plan) == 1:
            return cls._msm_ct_call(groups, counts)
        out: list = [None] * len(counts)
        for part in plan:
            for i, P in zip(part, cls._msm_ct_call([groups[i] for i in part], [counts[i] for i in part])):
                out[i] = P
        return out

    @classmethod
    def _msm_ct_call(cls, groups: Sequence[tuple[Sequence["G1"], Sequence[Scalar]]], counts: list[int]) -> list:
        """One zk_g1_msm_ct_multi call over at most 8 sums (checked sizes ``counts``)."""
        pts: list = []
        scs: list = []
        for p, k in groups:
            pts += p
            scs += k
        m, n = len(counts), len(pts)
        arr = cls.c_array(pts)
        sc, _ = fr_array(scs)
        cn = _new("size_t[]", counts)
        size = lib.zk_g1_msm_ct_multi_scratch_size(cn, m)
        scratch = new_scratch(size)
        out = _new("zk_g1[]", m)
        err = lib.zk_g1_msm_ct_multi(out, arr, sc, cn, m, scratch, size)
        ffi.memmove(sc, b"\0" * (32 * max(n, 1)), 32 * max(n, 1))
        check(err, "G1.msm_ct_multi")
        return cls._from_array(out, m)

    @classmethod
    def run_ct_rounds(cls, provers: Sequence[Generator[list, list, Any]]) -> list:
        """Run several provers' constant-time sums together, round by round; returns each prover's result.

        A prover is a generator that yields a round -- a list of (points, scalars) sums it needs -- receives
        their values (a list of G1), and finally returns its result. The sums of every prover's current round go
        into one ``msm_ct_multi``, whose small sums share the passes of the lane kernel: k provers of two rounds
        each cost about two passes, not 2k. The schedule depends on the number of sums and their sizes only
        (public); the sums are constant time in points and scalars."""
        results: list = [None] * len(provers)
        pending: list[tuple[int, list]] = []

        def advance(i: int, values: list | None) -> None:
            try:
                jobs = next(provers[i]) if values is None else provers[i].send(values)
            except StopIteration as stop:
                results[i] = stop.value
                return
            pending.append((i, list(jobs)))

        for i in range(len(provers)):
            advance(i, None)
        while pending:
            round_, pending = pending, []
            sums = cls.msm_ct_multi([g for _, jobs in round_ for g in jobs])
            k = 0
            for i, jobs in round_:
                advance(i, sums[k:k + len(jobs)])
                k += len(jobs)
        return results

    @classmethod
    def run_ct_rounds_alone(cls, prover: Generator[list, list, Any]) -> Any:
        """``run_ct_rounds`` for one prover: its result."""
        return cls.run_ct_rounds([prover])[0]

    @classmethod
    def batch_to_bytes(cls, points: Sequence["G1"], compressed: bool = True) -> bytes:
        """The encodings of the points back to back (48 or 96 bytes each, as ``to_bytes`` gives them), with one
        Fermat inversion per 16 points instead of one each. Constant time in the points (their number public)."""
        n = len(points)
        if n == 0:
            return b""
        size = 48 if compressed else 96
        arr = cls.c_array(points)
        buf = _new("uint8_t[]", n * size)
        lib.zk_g1_batch_to_bytes(buf, arr, n, 1 if compressed else 0)
        ffi.memmove(arr, b"\0" * (n * ffi.sizeof("zk_g1")), n * ffi.sizeof("zk_g1"))
        return ffi.buffer(buf, n * size)[:]

    @classmethod
    def batch_to_bytes_var(cls, points: Sequence["G1"], compressed: bool = True) -> bytes:
        """The encodings of public points back to back (48 or 96 bytes each), with one variable-time inversion
        per 16 points instead of a Fermat inversion each. Variable time: the points must be public (use
        ``to_bytes`` for secret ones)."""
        n = len(points)
        if n == 0:
            return b""
        size = 48 if compressed else 96
        arr = cls.c_array(points)
        buf = _new("uint8_t[]", n * size)
        lib.zk_g1_batch_to_bytes_var(buf, arr, n, 1 if compressed else 0)
        return ffi.buffer(buf, n * size)[:]

    @classmethod
    def fixed_table(cls, points: Sequence["G1"]) -> "G1FixedTable":
        """Precompute fixed-base tables for points that take part in many variable-time MSMs (``msm_fixed_var``).
        Variable time: the points must be public."""
        return G1FixedTable(points)

    @classmethod
    def msm_fixed_var(cls, table: "G1FixedTable", fixed_scalars: Sequence[Scalar], points: Sequence["G1"] = (),
                      scalars: Sequence[Scalar] = ()) -> "G1":
        """sum(fixed_scalars[i] * table.points[i]) + sum(scalars[i] * points[i]) in one C call, the first
        ``len(fixed_scalars)`` points of the table read from their precomputed tables. Variable time: points and
        scalars must be public."""
        if type(table) is not G1FixedTable:
            raise TypeError(f"G1.msm_fixed_var: table must be a G1FixedTable, not {type(table).__name__}")
        nf, nv = len(fixed_scalars), len(points)
        if nf > table.n:
            raise ValueError(f"G1.msm_fixed_var: {nf} fixed scalars but the table holds {table.n} points")
        if len(scalars) != nv:
            raise ValueError(f"G1.msm_fixed_var: {nv} points but {len(scalars)} scalars")
        fs, _ = fr_array(fixed_scalars)
        vs, _ = fr_array(scalars)
        aff = cls._affine_array_var(points)
        size = lib.zk_g1_msm_fixed_scratch_size(nf, nv)
        scratch = new_scratch(size)
        c = _new("zk_g1 *")
        err = lib.zk_g1_msm_fixed_var(c, table._buf, table._len, fs, nf, aff, vs, nv, scratch, size)
        check(err, "G1.msm_fixed_var")
        return cls._from_c(c)

    @classmethod
    def msm_fixed(cls, table: "G1FixedTable", fixed_scalars: Sequence[Scalar], points: Sequence["G1"] = (),
                  scalars: Sequence[Scalar] = ()) -> "G1":
        """Deprecated alias of ``msm_fixed_var`` (variable time), kept for one release."""
        warnings.warn("G1.msm_fixed is deprecated: it is variable time; call G1.msm_fixed_var", DeprecationWarning,
                      stacklevel=2)
        return cls.msm_fixed_var(table, fixed_scalars, points, scalars)

    def affine(self) -> tuple[int, int] | None:
        """(x, y) as ints, or None for the identity."""
        if self.is_identity():
            return None
        b = self.to_bytes(compressed=False)
        return _fp_int(b[:48]), _fp_int(b[48:])

    @classmethod
    def from_affine(cls, x: int, y: int) -> "G1":
        """The point (x, y), validated (range, on curve, subgroup) like a decoded one."""
        if not (0 <= x < 1 << 381 and 0 <= y < 1 << 381):
            raise DecodeError("G1: coordinate is not canonical (>= p)")
        return cls.from_bytes(x.to_bytes(48, "big") + y.to_bytes(48, "big"))


class G2(_Point):
    """A point of G2 (order-r subgroup of E'(Fp2): y^2 = x^3 + 4(1 + u)). See the module docstring."""

    __slots__ = ()
    _ctype, _atype, _name, _sizes = "zk_g2 *", "zk_g2_affine", "G2", (96, 192)
    _cadd, _csub, _cneg, _cdbl = lib.zk_g2_add, lib.zk_g2_sub, lib.zk_g2_neg, lib.zk_g2_dbl
    _ceq, _cis_id, _cmul, _cmul_var = lib.zk_g2_eq, lib.zk_g2_is_identity, lib.zk_g2_mul, lib.zk_g2_mul_var
    _cto_bytes, _cfrom_bytes = lib.zk_g2_to_bytes, lib.zk_g2_from_bytes_var
    _cbatch_from, _cbatch_affine = lib.zk_g2_batch_from_bytes_var, lib.zk_g2_batch_to_affine
    _cfrom_affine, _cgen, _cid = lib.zk_g2_from_affine, lib.zk_g2_generator, lib.zk_g2_identity
    _cmsm_var, _cmsm_size = lib.zk_g2_msm_var, lib.zk_g2_msm_scratch_size

    #: the most points ``G2.msm_ct`` takes (zk_g2_msm_ct)
    MSM_CT_MAX = lib.ZK_G2_MSM_CT_MAX

    @classmethod
    def msm_ct(cls, points: Sequence["G2"], scalars: Sequence[Scalar]) -> "G2":
        """sum(scalars[i] * points[i]) for at most ``G2.MSM_CT_MAX`` points, constant time in points and scalars
        (their number public): the constant-time multiplication's windows with one shared chain of doublings."""
        n = len(points)
        if len(scalars) != n:
            raise ValueError(f"G2.msm_ct: {n} points but {len(scalars)} scalars")
        if n > cls.MSM_CT_MAX:
            raise ValueError(f"G2.msm_ct: at most {cls.MSM_CT_MAX} points, got {n}")
        arr = cls.c_array(points)
        sc, _ = fr_array(scalars)
        c = _new("zk_g2 *")
        err = lib.zk_g2_msm_ct(c, arr, sc, n)
        ffi.memmove(sc, b"\0" * (32 * max(n, 1)), 32 * max(n, 1))
        check(err, "G2.msm_ct")
        return cls._from_c(c)

    @classmethod
    def hash_to_curve(cls, msg: bytes, dst: bytes) -> "G2":
        """RFC 9380 hash_to_curve, suite BLS12381G2_XMD:SHA-256_SSWU_RO_ (see zkcred.bls12_381.hash_to_curve)."""
        from .hash_to_curve import hash_to_g2
        return hash_to_g2(msg, dst)

    def affine(self) -> tuple[tuple[int, int], tuple[int, int]] | None:
        """((x.c0, x.c1), (y.c0, y.c1)) as ints, or None for the identity."""
        if self.is_identity():
            return None
        b = self.to_bytes(compressed=False)   # ZCash order: x.c1, x.c0, y.c1, y.c0
        return (_fp_int(b[48:96]), _fp_int(b[:48])), (_fp_int(b[144:]), _fp_int(b[96:144]))

    @classmethod
    def from_affine(cls, x: tuple[int, int], y: tuple[int, int]) -> "G2":
        """The point with x = x[0] + x[1] u, y = y[0] + y[1] u, validated like a decoded one."""
        coords = (x[1], x[0], y[1], y[0])
        if not all(0 <= v < 1 << 381 for v in coords):
            raise DecodeError("G2: coordinate is not canonical (>= p)")
        return cls.from_bytes(b"".join(v.to_bytes(48, "big") for v in coords))


class G1FixedTable:
    """Fixed-base tables of some G1 points (``G1.fixed_table``): immutable, shareable between threads. ``points``
    is the tuple of the points, ``n`` their count. The C buffer holds, per point, its affine odd multiples and their
    endomorphism images (``zk_g1_fixed_table_init_var``)."""

    __slots__ = ("_buf", "_len", "n", "points")
    _buf: CData
    _len: int
    n: int
    points: tuple[G1, ...]

    def __init__(self, points: Sequence[G1]):
        pts = tuple(points)
        n = len(pts)
        size = lib.zk_g1_fixed_table_size(n)
        buf = ffi.new("uint64_t[]", max(1, (size + 7) // 8))    # 8-byte aligned
        err = lib.zk_g1_fixed_table_init_var(buf, size, G1.c_array(pts), n)
        check(err, "G1.fixed_table")
        object.__setattr__(self, "_buf", buf)
        object.__setattr__(self, "_len", size)
        object.__setattr__(self, "n", n)
        object.__setattr__(self, "points", pts)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("G1FixedTable is immutable")

    def __repr__(self) -> str:
        return f"<G1FixedTable of {self.n} points>"


# slot setter shared by both subclasses (the slot lives on _Point)
_Point._set_c = staticmethod(_Point.__dict__["_c"].__set__)  # type: ignore[attr-defined]
_set_g1 = _Point.__dict__["_c"].__set__
_g1_add = lib.zk_g1_add


__all__ = ["G1", "G2", "G1FixedTable"]
