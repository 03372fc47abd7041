"""The Groth16 proving key in snarkjs's .zkey layout, and its C-memory form for the prover.

``ProvingKey`` keeps its large sections in the .zkey encoding (48-byte little-endian Montgomery coordinates) and
decodes them into C memory once, on first use (``NativeProvingKey``). Re-exported by ``zkcred.groth16.keys`` and
``zkcred.groth16``; kept apart from the verifying key so that verification does not load it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import DecodeError
from . import _ntt
from .keys import VerifyingKey, check_vk, g1_from_zkey, g2_from_zkey


@dataclass
class ProvingKey:
    """A Groth16 proving key in the .zkey layout (sections 2-9 of snarkjs's format, see snarkjs.py).

    Point sections are bytes in the .zkey encoding: ``a``, ``b1`` (n_vars G1), ``b2`` (n_vars G2), ``c``
    (n_vars - n_public - 1 G1), ``h`` (domain_size G1), ``ic`` (n_public + 1 G1); ``coeffs`` holds the
    section-4 records (A and B entries plus the public-input rows). Header points are zkey-encoded too.
    """
    n_vars: int
    n_public: int
    domain_size: int
    alpha1: bytes
    beta1: bytes
    beta2: bytes
    gamma2: bytes
    delta1: bytes
    delta2: bytes
    ic: bytes | memoryview
    coeffs: bytes | memoryview
    a: bytes | memoryview
    b1: bytes | memoryview
    b2: bytes | memoryview
    c: bytes | memoryview
    h: bytes | memoryview
    mpc: bytes | memoryview | None = None      # section 10 (ignored by provers), kept for round trips
    _native: NativeProvingKey | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        n = self.domain_size
        if n < 1 or n & (n - 1) or n > 1 << 28:
            raise DecodeError(f"zkey: domain size {n} is not a power of two in [1, 2^28]")
        if not 0 <= self.n_public < self.n_vars:
            raise DecodeError("zkey: nPublic must be < nVars")
        sizes = {"IC": (self.ic, 96 * (self.n_public + 1)), "A": (self.a, 96 * self.n_vars),
                 "B1": (self.b1, 96 * self.n_vars), "B2": (self.b2, 192 * self.n_vars),
                 "C": (self.c, 96 * (self.n_vars - self.n_public - 1)), "H": (self.h, 96 * n)}
        for name, (buf, want) in sizes.items():
            if len(buf) != want:
                raise DecodeError(f"zkey: section {name} has {len(buf)} bytes, expected {want}")
        if len(self.coeffs) % 44:
            raise DecodeError("zkey: coefficient section length is not a multiple of 44")

    @property
    def log_n(self) -> int:
        return self.domain_size.bit_length() - 1

    def verifying_key(self) -> VerifyingKey:
        """The verifying key of this proving key, checked by ``keys.check_vk`` (DecodeError for a key that
        cannot be sound, e.g. a snarkjs .zkey before any phase-2 contribution: gamma2 == delta2)."""
        ic = tuple(g1_from_zkey(self.ic[i:i + 96]) for i in range(0, len(self.ic), 96))
        vk = VerifyingKey(g1_from_zkey(self.alpha1), g2_from_zkey(self.beta2), g2_from_zkey(self.gamma2),
                          g2_from_zkey(self.delta2), ic)
        check_vk(vk)
        return vk

    def native(self) -> "NativeProvingKey":
        """The key decoded into C memory (range and curve checks on every point; cached)."""
        if self._native is None:
            self._native = NativeProvingKey(self)
        return self._native


class NativeProvingKey:
    """C arrays of one proving key plus the zk_groth16_pk struct that points into them.

    The points are trusted-setup output: import checks coordinates < q and the curve equation, not subgroup
    membership (a full check of 5 x 2^16 points would cost seconds per load). A key whose points leave the
    subgroup can only make proofs that fail verification, which checks the proof points fully.
    """

    def __init__(self, pk: ProvingKey) -> None:
        self.n_vars, self.n_public, self.log_n = pk.n_vars, pk.n_public, pk.log_n
        n = pk.domain_size
        qap = _ntt.QAP(pk.coeffs, max_matrix=1, n_rows=n, n_wires=pk.n_vars)
        a = _ntt.g1_points_from_zkey(pk.a, pk.n_vars, "zkey section A")
        b1 = _ntt.g1_points_from_zkey(pk.b1, pk.n_vars, "zkey section B1")
        b2 = _ntt.g2_points_from_zkey(pk.b2, pk.n_vars, "zkey section B2")
        c = _ntt.g1_points_from_zkey(pk.c, pk.n_vars - pk.n_public - 1, "zkey section C")
        h = _ntt.g1_points_from_zkey(pk.h, n, "zkey section H")
        hdr1 = _ntt.g1_points_from_zkey(pk.alpha1 + pk.beta1 + pk.delta1, 3, "zkey header")
        hdr2 = _ntt.g2_points_from_zkey(pk.beta2 + pk.delta2, 2, "zkey header")
        self.domain = _ntt.Domain(pk.log_n + 1)
        self.pk = _ntt.PKStruct(n_vars=pk.n_vars, n_public=pk.n_public, log_n=pk.log_n, qap=qap, a=a, b1=b1, b2=b2,
                                c=c, h=h, hdr1=hdr1, hdr2=hdr2)
        self.struct = self.pk.struct
        self._h_domain: tuple | None = None

    def h_domain(self, pk: ProvingKey) -> tuple:
        """(points, rows, count, multiples) for zk_groth16_prove_ct: the H query re-expressed in the Lagrange basis
        L_j of the domain <w_n>, at the rows j where A or B has an entry, and the points' multiples 1P..16P. The
        key's H_k serve h's values on the odd coset rho_k = w_2n^(2k+1); with T = F D F^-1 (F the NTT matrix,
        D = diag(w_2n^i)) mapping h's values on <w_n> to those on the coset, sum_k h(rho_k) H_k = sum_j h(w^j) P_j
        for P = T^t H = F^-1 D F H: an NTT "in the exponent" over the (public) points, once per key. Variable time
        (public data)."""
        if self._h_domain is None:
            import struct as _struct

            from ..bls12_381 import Fr
            from .keys import R, g1_to_zkey
            n = pk.domain_size
            rows = sorted({_struct.unpack_from("<II", pk.coeffs, i)[1] for i in range(0, len(pk.coeffs), 44)
                           if _struct.unpack_from("<I", pk.coeffs, i)[0] <= 1})
            w = _ntt.root_of_unity(self.log_n)
            g = _ntt.root_of_unity(self.log_n + 1)
            h = [g1_from_zkey(pk.h[96 * i:96 * i + 96]) for i in range(n)]
            f = _g1_ntt(h, w)
            gi = 1
            for i in range(n):
                f[i] = f[i].mul_var(Fr(gi))
                gi = gi * g % R
            p = _g1_ntt(f, pow(w, -1, R))
            n_inv = Fr(pow(n, -1, R))
            pts = b"".join(g1_to_zkey(p[j].mul_var(n_inv)) for j in rows)
            arr = _ntt.g1_points_from_zkey(pts, len(rows), "H query in the domain basis")
            idx = _ntt.u32_array(rows)
            # their multiples 1P..16P, which the constant-time H sum reads instead of building them at every proof
            tab = _ntt.g1_multiples_table(arr, len(rows))
            self._h_domain = (arr, idx, len(rows), tab)
        return self._h_domain


def _g1_ntt(points: list, w: int) -> list:
    """sum_k w^(ik) P_k for i < n (n = len(points) a power of two, w a primitive n-th root of unity): radix-2
    Cooley-Tukey over public points (variable-time multiplications)."""
    from ..bls12_381 import Fr
    from .keys import R
    n = len(points)
    if n == 1:
        return list(points)
    w2 = w * w % R
    even, odd = _g1_ntt(points[0::2], w2), _g1_ntt(points[1::2], w2)
    out = [None] * n
    t = 1
    for k in range(n // 2):
        o = odd[k] if t == 1 else odd[k].mul_var(Fr(t))
        out[k], out[k + n // 2] = even[k] + o, even[k] - o
        t = t * w % R
    return out
