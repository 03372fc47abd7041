"""A positive dynamic accumulator over G1 (Vitto–Biryukov 2020, "Dynamic Universal Accumulator with Batch Update
over Bilinear Groups", CT-RSA 2022, sections 3 (the positive accumulator) and 4 (batch updates)), for revocation:
the accumulated elements are the credentials' hidden ``rev_handle`` scalars.

Keys and values (section 3):

- issuer secret ``alpha`` (Fr, nonzero); public key ``Q~ = alpha * P~`` (``AccumulatorPublic``, P~ the G2
  generator); the accumulator value ``V = prod_{y in Y} (y + alpha) * V_0`` for a random initial point ``V_0``;
- a membership witness for y is ``C = V / (y + alpha)``, checked by ``e(C, y P~ + Q~) == e(V, P~)``.

Single updates: adding y' sets ``V' = (y' + alpha) V``; an existing witness becomes ``C' = (y' - y) C + V``.
Removing y' sets ``V' = V / (y' + alpha)``; an existing witness (y != y') becomes ``C' = (C - V') / (y' - y)``
(the division by zero for y = y' is the revocation: no witness for a removed element can be derived).

Batch updates (section 4): one epoch applies additions ``a_1..a_m`` then removals ``b_1..b_n`` (d = m + n
changes). Let ``W_0 = V_old``, ``W_i = (a_i + alpha) W_{i-1}`` for the additions and ``W_{m+k} = W_{m+k-1} /
(b_k + alpha)`` for the removals, so ``W_d = V_new``. Unrolling the single-update rules over the d steps gives the
new witness as ``C_new = lambda * C + sum_i mu_i * W_i``, with scalars lambda and mu_i that depend only on y and the
published elements (see ``Witness.update``). VB20 publishes the same update polynomial in the monomial basis
(``Omega_j``, the coefficients of y^j, computed by the issuer in O(d^2) field operations); zkcred publishes it in
the Newton basis ``prod_{j<i} (b_j - y)``, whose coefficients are the intermediate values ``W_1..W_{d-1}``. The two
are related by a public invertible linear map (the elements are public), so they reveal the same thing — and the
intermediate values are exactly what d single updates would publish. Both sides are O(d): the issuer d
fixed-base multiplications, the holder one MSM of size d + 1.

Omega points carry the effective cofactor (RFC 9380, section 8.8.1, h_eff = 1 - z = 0xd201000000010001 for G1):
the issuer publishes ``Omega_i = h_eff^-1 * W_i`` (inverse mod r), and the holder multiplies its MSM's result by
h_eff. An honest Omega_i is in G1; a point of E(Fp) outside G1 has its non-G1 part cleared by h_eff, so the holder
only needs Omega's points to be on the curve, and skips the subgroup test (about 40 us a point; the decoder checks
flags, range and the curve equation). Why that is sound: E(Fp) = G1 x E[h] (r does not divide the cofactor h), the
MSM is linear, and h_eff maps E(Fp) into G1 (RFC 9380, 8.8.1), so h_eff * sum mu_i (G_i + T_i) = h_eff * sum mu_i
G_i: a point with a part T_i outside G1 gives exactly the result of its G1 part G_i, which a hostile issuer could
have published anyway. What catches a wrong Omega (in G1 or not) is the pairing check of the new witness against
the new value (``Witness.verify``, ``verify_witnesses``), never the decoder. The points are public, so their
decoding is variable time: the square roots (the decoder's whole cost) run eight at a time on AVX-512 IFMA lanes
where the CPU has them.

Issuance: the issuer gives the holder ``C = V_new / (y + alpha)`` for the accumulator value that contains y
(``Accumulator.witness``), computed with alpha; the holder checks it with ``Witness.verify``.

Timing: alpha, the holder's y and C are secret. Every operation on them is constant time: Fr arithmetic, G1 * Fr,
``G1.msm_ct``, and the native ``zk_vb_*`` calls (the holder's MSM runs its constant-time Straus loop on eight IFMA
lanes where the CPU has them: csrc/accum_ct_impl.h); variable-time code only touches public points and elements
(Omega's decoding, the public points' tables). A removed y is found by the constant-time update's flag
(``ElementRemovedError``), never by comparing y with the published elements.

Encodings (big-endian, points in the compressed ZCash encoding):

- ``AccumulatorPublic``: Q~ (96 bytes);
- ``Accumulator`` (issuer secret state): alpha (32) || V (48);
- ``Witness``: y (32) || C (48) || V (48), the value the witness is valid for;
- ``UpdateData``: m (4) || n (4) || V_new (48) || a_1..a_m (32 each) || b_1..b_n (32 each) ||
  Omega_1..Omega_{d-1} (48 each): 80 d + 8 bytes for d changes (80.08 bytes per revocation in a batch of 100).
Decoders are strict and raise DecodeError naming the field.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from .._record import Record
from ..bls12_381 import G1, G2, Fr, G2Prepared, pairing_check_prepared
from ..errors import DecodeError, VerificationError

__all__ = ["Accumulator", "AccumulatorPublic", "ElementRemovedError", "UpdateData", "Witness", "H_EFF",
           "MAX_CHANGES", "verify_witnesses"]

#: The effective cofactor of G1 (RFC 9380, section 8.8.1): 1 - z.
H_EFF = 0xD201000000010001
_H_EFF_INV = pow(H_EFF, -1, Fr.ORDER)
#: The most changes (additions + removals) one UpdateData may carry (a decoding bound).
MAX_CHANGES = 1 << 20

_HEADER = 8


#: Miller-loop lines of P~ and of the public keys Q~ seen (the witness checks' two fixed G2 arguments), keyed by
#: Q~'s buffer; bounded (about 20 KB a key).
_LINES: dict[bytes, G2Prepared] = {}
_LINES_MAX = 32
_P_LINES: list[G2Prepared] = []


def _check_lines(Q: G2) -> tuple[G2Prepared, G2Prepared]:
    """(lines of Q~, lines of P~) for ``pairing_check_prepared``; public data."""
    from ..bls12_381._ffi import ffi
    if not _P_LINES:
        _P_LINES.append(G2Prepared(G2.generator()))
    key = bytes(ffi.buffer(Q._c))
    lines = _LINES.get(key)
    if lines is None:
        if len(_LINES) >= _LINES_MAX:
            _LINES.clear()
        lines = _LINES[key] = G2Prepared(Q)
    return lines, _P_LINES[0]


class ElementRemovedError(ValueError):
    """A witness update crossed the removal of the witness's own element: the credential is revoked. Detected
    inside the constant-time update (a flag after the same work either way), never by comparing y with the
    published elements in variable time."""


def _fr_list(values: Iterable[Fr], what: str) -> tuple[Fr, ...]:
    out = tuple(values)
    for i, v in enumerate(out):
        if type(v) is not Fr:
            raise TypeError(f"{what}[{i}] must be an Fr, not {type(v).__name__}")
    return out


def _no_duplicates(added: Sequence[Fr], removed: Sequence[Fr], err: type[Exception]) -> None:
    """Elements are public: hashing them (variable time) is fine."""
    seen: dict[int, str] = {}
    for name, seq in (("added", added), ("removed", removed)):
        for i, v in enumerate(seq):
            k = int(v)
            if k in seen:
                where = "twice in " + name if seen[k] == name else "in both added and removed"
                raise err(f"UpdateData.{name}[{i}]: element appears {where}")
            seen[k] = name


def _no_duplicate_encodings(raw: bytes, m: int) -> None:
    """``_no_duplicates`` on the canonical 32-byte encodings (added then removed; canonical, so equal values have
    equal bytes), without converting each element to an integer. Public data."""
    chunks = [raw[i:i + 32] for i in range(0, len(raw), 32)]
    if len(set(chunks)) == len(chunks):
        return
    seen: dict[bytes, int] = {}
    for k, chunk in enumerate(chunks):
        j = seen.setdefault(chunk, k)
        if j != k:
            name, i = ("added", k) if k < m else ("removed", k - m)
            where = "twice in " + name if (j < m) == (k < m) else "in both added and removed"
            raise DecodeError(f"UpdateData.{name}[{i}]: element appears {where}")


def _nonzero() -> Fr:
    while True:
        x = Fr.random()
        if not x.is_zero():
            return x


class AccumulatorPublic(Record):
    """The issuer's public key Q~ = alpha * P~ (VB20 section 3, "Gen")."""

    Q: G2

    def to_bytes(self) -> bytes:
        """Q~, compressed (96 bytes)."""
        return self.Q.to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> "AccumulatorPublic":
        """Decode 96 bytes (compressed G2, fully validated); DecodeError naming the field."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"AccumulatorPublic.from_bytes takes bytes, not {type(data).__name__}")
        data = bytes(data)
        if len(data) != 96:
            raise DecodeError(f"AccumulatorPublic.Q: wrong length: expected 96 bytes, got {len(data)}")
        try:
            Q = G2.from_bytes(data)
        except DecodeError as e:
            raise DecodeError(f"AccumulatorPublic.Q: {e}") from None
        if Q.is_identity():
            raise DecodeError("AccumulatorPublic.Q: the identity is not a public key")
        return cls(Q)

    def verify_witness(self, witness: "Witness") -> None:
        """e(C, y P~ + Q~) == e(V, P~) (VB20 section 3, "VerMem"): None, or VerificationError."""
        witness.verify(self)


class UpdateData(Record):
    """What the issuer publishes for one epoch (VB20 section 4): the added elements (applied first), the removed
    elements, the new value V_new and Omega_1..Omega_{d-1} (the intermediate values, scaled by h_eff^-1: module
    docstring). A holder brings a witness across the epoch from these alone (``Witness.update``).

    The sequences are tuples, or, from ``from_bytes``, ``NativeArray``s (the decoder's C arrays; equal to the
    tuples of their values, which are built on first use: a holder's update never needs them)."""

    added: Sequence[Fr]
    removed: Sequence[Fr]
    value: G1
    omega: Sequence[G1]

    def to_bytes(self) -> bytes:
        """m || n || V_new || added || removed || Omega (module docstring). Everything here is public."""
        m, n = len(self.added), len(self.removed)
        return (m.to_bytes(4, "big") + n.to_bytes(4, "big") + self.value.to_bytes()
                + b"".join(a.to_bytes() for a in self.added) + b"".join(b.to_bytes() for b in self.removed)
                + G1.batch_to_bytes_var(self.omega))

    @staticmethod
    def encoded_size(m: int, n: int) -> int:
        """The byte length of an update with m additions and n removals."""
        return _HEADER + 48 + 32 * (m + n) + 48 * (m + n - 1)

    @classmethod
    def from_bytes(cls, data: bytes, *, threads: int | None = None) -> "UpdateData":
        """Decode strictly: counts, exact length, canonical scalars, no duplicate element, V_new fully validated
        (flags, range, curve, subgroup, not the identity), Omega points on the curve (their subgroup part is
        what counts: module docstring). DecodeError naming the field. Omega's square roots run on ``threads``
        threads (None: ZKCRED_THREADS, else every CPU; a small update stays on one)."""
        from ..groth16._ntt import threads_or_default
        threads = threads_or_default(threads)
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"UpdateData.from_bytes takes bytes, not {type(data).__name__}")
        data = bytes(data)
        if len(data) < _HEADER:
            raise DecodeError(f"UpdateData: too short for the counts ({len(data)} bytes)")
        m, n = int.from_bytes(data[:4], "big"), int.from_bytes(data[4:8], "big")
        d = m + n
        if d == 0:
            raise DecodeError("UpdateData.counts: an update changes at least one element")
        if d > MAX_CHANGES:
            raise DecodeError(f"UpdateData.counts: {d} changes exceed the bound {MAX_CHANGES}")
        want = cls.encoded_size(m, n)
        if len(data) != want:
            raise DecodeError(f"UpdateData: wrong length: {m} added and {n} removed take {want} bytes, "
                              f"got {len(data)}")
        from . import _native_vb
        off = _HEADER
        value_enc = data[off:off + 48]
        off += 48
        added, removed = _native_vb.decode_elements(data[off:off + 32 * d], m, n)
        _no_duplicate_encodings(data[off:off + 32 * d], m)
        off += 32 * d
        value, omega = _native_vb.decode_update_points(value_enc, data[off:], d - 1, threads)
        return cls(added, removed, value, omega)

    def __len__(self) -> int:
        return len(self.added) + len(self.removed)


class Witness(Record):
    """A holder's membership witness: its element y (the credential's rev_handle), C = V / (y + alpha), and the
    accumulator value V it is valid for. Secret (y and C): never print or log it."""

    y: Fr
    C: G1
    value: G1

    def __repr__(self) -> str:          # never show secrets
        return "Witness(<secret>)"

    def to_bytes(self) -> bytes:
        """y || C || V (128 bytes); constant-time encodings."""
        return self.y.to_bytes() + self.C.to_bytes() + self.value.to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> "Witness":
        """Decode 128 bytes strictly (canonical y, C and V fully validated, neither the identity); DecodeError
        naming the field."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"Witness.from_bytes takes bytes, not {type(data).__name__}")
        data = bytes(data)
        if len(data) != 128:
            raise DecodeError(f"Witness: wrong length: expected 128 bytes, got {len(data)}")
        try:
            y = Fr.from_bytes(data[:32])
        except DecodeError as e:
            raise DecodeError(f"Witness.y: {e}") from None
        pts = []
        for name, chunk in (("C", data[32:80]), ("value", data[80:128])):
            try:
                P = G1.from_bytes(chunk)
            except DecodeError as e:
                raise DecodeError(f"Witness.{name}: {e}") from None
            if P.is_identity():
                raise DecodeError(f"Witness.{name}: the identity is not allowed")
            pts.append(P)
        return cls(y, pts[0], pts[1])

    __hash__ = None     # type: ignore[assignment]  # hashing would read y in variable time

    def verify(self, public: AccumulatorPublic) -> None:
        """e(C, y P~ + Q~) == e(V, P~) (VB20 section 3, "VerMem"): None, or VerificationError.

        Checked as e(C, Q~) e(y C - V, P~) == 1, so that the G2 arguments are the fixed P~ and Q~ (their
        Miller-loop lines are computed once per key and cached: ``G2Prepared``) and every multiplication is in G1:
        one constant-time multiplication y C (GLV) and one subtraction, in one native call
        (``zk_vb_witness_check``: constant time in C and y, csrc/tests/ctime_tests.c runs it under valgrind with
        secret C and y; it wipes y C - V, which a Python G1 would leave in memory).
        (This replaced a blinding of both points by a random nonzero rho, e(rho C, Q~) e(rho y C - rho V, P~) == 1:
        the same equation -- rho^-1 exists -- at the cost of one more multiplication and a two-point MSM, which a
        pairing that is constant time in its G1 points does not need.)"""
        if self.C.is_identity():
            raise VerificationError("accumulator witness: C is the identity")
        from . import _native_vb
        lq, lp = _check_lines(public.Q)
        if not _native_vb.witness_check(self.C, self.y, self.value, lq, lp):
            raise VerificationError("accumulator witness does not verify against the accumulator value")

    def update(self, updates: Sequence[UpdateData], *, threads: int | None = None) -> "Witness":
        """The witness after the given epochs' updates, in order (VB20 section 4, batch witness update), from the
        published data alone. The result is valid for the last update's value.

        Unrolls the single-update rules over every change of every epoch: an addition of a multiplies the
        running witness by (a - y) and adds the value before it; a removal of b subtracts the value after it and
        divides by (b - y). So C_new = lambda C + sum_i mu_i W_i, with lambda and mu_i computed in constant-time
        Fr arithmetic, and one constant-time MSM over the W_i (public points, secret scalars). Raises
        ElementRemovedError (a ValueError) when y is among the removed elements (its witness cannot be updated:
        the credential is revoked). The MSM runs on ``threads`` threads (None: ZKCRED_THREADS, else every CPU;
        fewer than 24 points a thread stay on one)."""
        from ..groth16._ntt import threads_or_default
        threads = threads_or_default(threads)
        updates = list(updates)
        if not updates:
            return self
        for k, u in enumerate(updates):
            if type(u) is not UpdateData:
                raise TypeError(f"updates[{k}] is a {type(u).__name__}, not an UpdateData")
        from . import _native_vb
        C = _native_vb.witness_update(self.y, self.C, self.value, updates, threads)
        return Witness(self.y, C, updates[-1].value)


def verify_witnesses(public: AccumulatorPublic, witnesses: Sequence[Witness]) -> None:
    """``Witness.verify`` for several witnesses in ONE pairing check (VB20 section 3, "VerMem", batched by a random
    linear combination): with random nonzero rho_j, e(sum_j rho_j C_j, Q~) e(sum_j rho_j (y_j C_j - V_j), P~) == 1.
    A batch holding a bad witness passes with probability at most 1/r. The sums are constant-time MSMs over the
    secrets, and the pairing sees only their blinded results. None, or VerificationError naming the first bad
    witness (each is then checked alone)."""
    ws = list(witnesses)
    for i, w in enumerate(ws):
        if type(w) is not Witness:
            raise TypeError(f"witnesses[{i}] is a {type(w).__name__}, not a Witness")
        if w.C.is_identity():
            raise VerificationError(f"accumulator witness {i}: C is the identity")
    if len(ws) <= 1:
        for w in ws:
            w.verify(public)
        return
    rho = [_nonzero() for _ in ws]
    A = G1.msm_ct([w.C for w in ws], rho)
    B = G1.msm_ct([w.C for w in ws] + [w.value for w in ws], [r * w.y for r, w in zip(rho, ws)] + [-r for r in rho])
    lq, lp = _check_lines(public.Q)
    if pairing_check_prepared([(A, lq), (B, lp)]):
        return
    for i, w in enumerate(ws):
        try:
            w.verify(public)
        except VerificationError as e:
            raise VerificationError(f"accumulator witness {i}: {e}") from None
    raise VerificationError("accumulator witnesses: the batch does not verify")   # pragma: no cover (1/r)


class Accumulator:
    """The issuer's accumulator: the secret alpha and the current value V (VB20 section 3). Single and batch
    additions and removals return the ``UpdateData`` to publish; ``witness(y)`` issues a member's witness."""

    __slots__ = ("_alpha", "value", "public")

    def __init__(self, alpha: Fr, value: G1) -> None:
        if type(alpha) is not Fr or type(value) is not G1:
            raise TypeError("Accumulator(alpha: Fr, value: G1)")
        if alpha.is_zero():
            raise ValueError("Accumulator: alpha must be nonzero")
        if value.is_identity():
            raise ValueError("Accumulator: the value must not be the identity")
        self._alpha = alpha
        self.value = value
        self.public = AccumulatorPublic(G2.generator() * alpha)

    def __repr__(self) -> str:
        return "Accumulator(<secret>)"

    @classmethod
    def create(cls, initial: Iterable[Fr] = ()) -> "Accumulator":
        """A fresh accumulator (VB20 section 3, "Gen" and "Init"): random nonzero alpha, random V_0 = u * P (u
        random, discarded), V = prod_{y in initial} (y + alpha) * V_0. ``initial`` pre-accumulates elements (a
        registry's handles issued later then need no addition epoch); witnesses for them come from
        ``witness(y)``. Cost: one Fr multiplication per initial element and two G1 multiplications."""
        alpha = _nonzero()
        u = _nonzero()
        f = Fr.one()
        for i, y in enumerate(initial):
            if type(y) is not Fr:
                raise TypeError(f"initial[{i}] must be an Fr, not {type(y).__name__}")
            t = y + alpha
            if t.is_zero():     # probability 2^-255 for random elements; reveals only that fact
                raise ValueError("Accumulator.create: an element equals -alpha; draw a new key")
            f = f * t
        value = G1.generator() * (u * f)
        return cls(alpha, value)

    # ---- persistence (secret) --------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """alpha || V (80 bytes). Secret: store it like a private key."""
        return self._alpha.to_bytes() + self.value.to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> "Accumulator":
        """Decode 80 bytes strictly (alpha canonical and nonzero, V fully validated and not the identity)."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"Accumulator.from_bytes takes bytes, not {type(data).__name__}")
        data = bytes(data)
        if len(data) != 80:
            raise DecodeError(f"Accumulator: wrong length: expected 80 bytes, got {len(data)}")
        try:
            alpha = Fr.from_bytes(data[:32])
        except DecodeError as e:
            raise DecodeError(f"Accumulator.alpha: {e}") from None
        if alpha.is_zero():
            raise DecodeError("Accumulator.alpha: the secret key must be nonzero")
        try:
            value = G1.from_bytes(data[32:])
        except DecodeError as e:
            raise DecodeError(f"Accumulator.value: {e}") from None
        if value.is_identity():
            raise DecodeError("Accumulator.value: the identity is not an accumulator value")
        return cls(alpha, value)

    # ---- issuer operations --------------------------------------------------------------------------
    def witness(self, y: Fr) -> Witness:
        """The membership witness C = V / (y + alpha) for the current value (VB20 section 3, "MemWitCreate"):
        what the issuer gives the holder at issuance, after y's addition epoch (or for a pre-accumulated y).
        Any y gets a witness that verifies (that is the issuer's power): the caller (the registry) must issue
        witnesses for members only."""
        if type(y) is not Fr:
            raise TypeError("Accumulator.witness: y must be an Fr")
        t = y + self._alpha
        if t.is_zero():
            raise ValueError("Accumulator.witness: y equals -alpha")
        return Witness(y, self.value * t.inverse(), self.value)

    def add(self, y: Fr) -> UpdateData:
        """Add one element (VB20 section 3, "Add"): V' = (y + alpha) V."""
        return self.batch_update([y], [])

    def remove(self, y: Fr) -> UpdateData:
        """Remove one element (VB20 section 3, "Del"): V' = V / (y + alpha)."""
        return self.batch_update([], [y])

    def batch_add(self, ys: Iterable[Fr]) -> UpdateData:
        """Add several elements in one epoch (VB20 section 4)."""
        return self.batch_update(ys, [])

    def batch_remove(self, ys: Iterable[Fr]) -> UpdateData:
        """Remove several elements in one epoch (VB20 section 4)."""
        return self.batch_update([], ys)

    def batch_update(self, added: Iterable[Fr], removed: Iterable[Fr]) -> UpdateData:
        """One epoch: add ``added`` then remove ``removed`` (VB20 section 4, "batch update"); returns the
        UpdateData to publish and moves this accumulator to the new value. Elements must be distinct within the
        epoch (ValueError); the caller keeps track of membership (adding a member twice or removing a
        non-member is not detected here). Cost: O(d) constant-time Fr operations and one constant-time
        fixed-base multiplication of V per change (one native call)."""
        a = _fr_list(added, "added")
        b = _fr_list(removed, "removed")
        d = len(a) + len(b)
        if d == 0:
            raise ValueError("batch_update: nothing to add or remove")
        if d > MAX_CHANGES:
            raise ValueError(f"batch_update: {d} changes exceed the bound {MAX_CHANGES}")
        _no_duplicates(a, b, ValueError)
        from . import _native_vb
        omega, value = _native_vb.update_points(self.value, self._alpha, a, b)
        update = UpdateData(a, b, value, omega)
        self.value = value
        return update
