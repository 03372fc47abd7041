"""LegoGroth16: Groth16 whose proof carries a Pedersen-style commitment D to some witness wires.

LegoSNARK (Campanelli, Fiore, Querol, CCS 2019, appendix H.5 "LegoGro16"); the construction follows
docknetwork/crypto's ``legogroth16`` crate (``generator.rs``, ``prover.rs``, ``verifier.rs``), written anew on top of
this package's C Groth16 setup and prover.

Committed wires. The first ``n_committed`` PRIVATE inputs of the circuit (circom wires n_public + 1 ..
n_public + n_committed; declare them first with ``Circuit.private_input``) are committed. Their values m_k appear
in the proof only inside D = sum_k m_k * commit_bases[k] + v * eta_gamma1 (v a fresh secret), whose opening
(m, v) the prover returns as an :class:`Opening` for a proof of knowledge elsewhere (``zkcred.proofs``).

- ``setup(r1cs, n_committed)``: the C setup runs on a copy of the R1CS that counts the committed wires as public
  inputs: they get gamma-side IC points (the ``commit_bases``), and the QAP gets their consistency rows
  {A, nConstraints + i, wire i, 1} (the non-degeneracy rows; arkworks-rs/groth16#14 ``augmented_qap.rs``). That
  setup has gamma = 1 (snarkjs's shape); here a secret gamma and eta' are drawn and wiped:
  IC_i <- IC_i / gamma, gamma2 = gamma * G2, eta_delta1 = eta' * G1, eta_gamma1 = (eta' / gamma) * delta1, i.e.
  the trapdoor eta = delta * eta' (uniform, independent of the rest: the C setup's wiped delta is never needed).
  The C setup also outputs the powers tau^1..tau^n G1 and tau G2, tau^n G2 of its tau (n the domain size,
  constant-time combs before tau is wiped); they travel with the proving key so that ``check_keys`` can check
  every query of the key against the circuit.
- ``prove(pk, witness)`` -> (proof, public inputs, opening): the C prover on the extended key gives (A, B, C);
  then D = sum_k m_k * IC_{n_public+1+k} + v * eta_gamma1 and C' = C - v * eta_delta1 (constant time: the m_k and
  v are secret). By default the proof is verified before it is returned; ``check=False`` skips that for a key
  that passed ``check_keys`` fully (then every proof of a satisfying witness verifies).
- ``verify(vk, public, proof)``: e(A, B) = e(alpha, beta) e(PI + D, gamma) e(C', delta), PI = IC_0 + sum x_j IC_j
  over the public inputs only. ``pairing_terms`` gives the same equation as weighted pairs for one multi-pairing.

  SECURITY: this equation alone is NOT sound. D is a free G1 element: (A, B, C, D) = (alpha1, beta2, O, -PI)
  satisfies it for every statement, and D + x * IC_j moves a public input by x. Soundness (LegoSNARK's CP_link)
  needs, with every proof, a proof of knowledge of (m, v) with D = sum_k m_k commit_bases[k] + v eta_gamma1 in
  exactly those bases; the credential layer's Schnorr proof is that proof, and binds m to the signed messages.
- ``rerandomize(pk, proof, opening)``: a fresh-looking proof of the same statement and committed values
  (Groth16 re-randomisation with r1, r2 plus v -> v'; Dock's ``rerandomize_proof_1``).
- ``check_keys(pk, vk, r1cs)``: what a holder runs once on an issuer's keys before first use (subversion zero
  knowledge: Fuchsbauer's CRS verification, see its docstring for exactly what it guarantees).

Formats (documented at ``LegoVerifyingKey.to_json``, ``LegoProvingKey.to_bytes``, ``LegoProof.to_bytes``/``to_json``).
"""
from __future__ import annotations

import os
import struct
from collections.abc import Sequence

from .._record import Record
from ..errors import DecodeError, VerificationError
from .keys import Q, R, RQ_INV, g1_from_xy, g1_from_zkey, g1_to_zkey, g2_from_xy, g2_from_zkey, g2_to_zkey

TYPE_CHECKING = False   # typing.TYPE_CHECKING without importing typing (start-up time of the verifier)
if TYPE_CHECKING:  # pragma: no cover
    from ..bls12_381 import G1, G2, GT, Fr
    from ._proving_key import ProvingKey
    from .r1cs import R1CS

PROTOCOL = "legogroth16"
CURVE = "bls12381"
#: Section id of the LegoGroth16 section appended to the .zkey container (the bytes "lego", little-endian u32).
LEGO_SECTION = int.from_bytes(b"lego", "little")
#: Version 2 adds the powers of tau (``LegoProvingKey.tau1``/``tau2``); version 1 (without them) is still read.
LEGO_SECTION_VERSION = 2
VK_BYTES_TAG = b"zkcred/legogroth16/vk/v1"


def _curve():
    from .. import bls12_381
    return bls12_381


def _wipe_fr(*xs: Fr | None) -> None:
    """Overwrite the C buffers of secret Fr values (they are immutable to Python, not to C)."""
    from ..bls12_381._ffi import ffi
    size = ffi.sizeof("zk_fr")
    for x in xs:
        if x is not None:
            ffi.memmove(x._c, bytes(size), size)


def _random_nonzero() -> Fr:
    Fr = _curve().Fr
    while True:
        x = Fr.random()
        if not x.is_zero():
            return x


# ---------------------------------------------------------------- keys, proofs, openings


class LegoVerifyingKey(Record):
    """e(A, B) = e(alpha1, beta2) e(PI + D, gamma2) e(C, delta2), PI = ic[0] + sum_j x_j ic[j].

    Fields: ``alpha1`` (G1), ``beta2``, ``gamma2``, ``delta2`` (G2), ``ic`` (tuple of n_public + 1 G1: the public
    inputs' points), ``commit_bases`` (tuple of n_committed G1: the gamma-side points of the committed wires, the
    bases of D's opening), ``eta_gamma1`` (G1, (eta/gamma) G1: the base of D's blinding v)."""
    alpha1: G1
    beta2: G2
    gamma2: G2
    delta2: G2
    ic: tuple[G1, ...]
    commit_bases: tuple[G1, ...]
    eta_gamma1: G1

    @property
    def n_public(self) -> int:
        return len(self.ic) - 1

    @property
    def n_committed(self) -> int:
        return len(self.commit_bases)

    def to_bytes(self) -> bytes:
        """The canonical binary form (the input of ``digest``): ``VK_BYTES_TAG`` (24 bytes), u32 LE nPublic,
        u32 LE n_committed, then compressed points (ZCash encoding): alpha1 (48), beta2, gamma2, delta2 (96 each),
        IC (48 each), commit_bases (48 each), eta_gamma1 (48)."""
        from ..bls12_381 import G1
        g1 = G1.batch_to_bytes_var([self.alpha1, *self.ic, *self.commit_bases, self.eta_gamma1])  # public points
        g2 = self.beta2.to_bytes() + self.gamma2.to_bytes() + self.delta2.to_bytes()
        return (VK_BYTES_TAG + struct.pack("<II", self.n_public, self.n_committed) + g1[:48] + g2 + g1[48:])

    def digest(self) -> bytes:
        """SHA-256 of ``to_bytes()`` (32 bytes): what a transcript names the key by."""
        import hashlib
        return hashlib.sha256(self.to_bytes()).digest()

    def to_json(self) -> str:
        """verification_key.json of snarkjs extended for LegoGroth16 (same point encodings: decimal strings,
        affine with z = 1; written with ``indent=1`` like snarkjs)::

            {"protocol": "legogroth16", "curve": "bls12381", "nPublic": n, "n_committed": k,
             "vk_alpha_1": G1, "vk_beta_2": G2, "vk_gamma_2": G2, "vk_delta_2": G2,
             "vk_alphabeta_12": GT (as snarkjs; optional on reading, checked when present),
             "IC": [G1] * (n + 1)            -- the public inputs' points only,
             "commit_bases": [G1] * k        -- the committed wires' gamma-side points, in wire order,
             "vk_eta_gamma_1": G1}           -- (eta/gamma) G1

        ``from_json`` is strict: every field required (but vk_alphabeta_12), no other field, canonical decimal
        strings, z = 1 (or snarkjs's infinity form), points fully checked, and alpha1, beta2, gamma2, delta2,
        eta_gamma1 and the commit bases must not be the point at infinity."""
        from ..bls12_381 import pairing
        from .snarkjs import _dumps, _g1_json, _g2_json, _gt_json
        return _dumps({
            "protocol": PROTOCOL, "curve": CURVE, "nPublic": self.n_public, "n_committed": self.n_committed,
            "vk_alpha_1": _g1_json(self.alpha1), "vk_beta_2": _g2_json(self.beta2),
            "vk_gamma_2": _g2_json(self.gamma2), "vk_delta_2": _g2_json(self.delta2),
            "vk_alphabeta_12": _gt_json(pairing(self.alpha1, self.beta2)),
            "IC": [_g1_json(p) for p in self.ic], "commit_bases": [_g1_json(p) for p in self.commit_bases],
            "vk_eta_gamma_1": _g1_json(self.eta_gamma1)})

    @classmethod
    def from_json(cls, text: str | bytes) -> "LegoVerifyingKey":
        """Parse the JSON of ``to_json`` strictly; DecodeError names the field."""
        from .._json import loads
        obj = loads(text, "LegoGroth16 verification key")
        return _vk_from_obj(obj)

    @classmethod
    def from_obj(cls, obj: object) -> "LegoVerifyingKey":
        """``from_json`` of a JSON value already parsed strictly (``zkcred._json.loads``: the key nested in a larger
        document, such as an issuer document), without writing it out and parsing it again."""
        return _vk_from_obj(obj)


class PreparedLegoVerifyingKey(Record):
    """A LegoGroth16 verifying key with e(alpha1, beta2) computed once: ``vk``, ``alpha_beta`` (GT)."""
    vk: LegoVerifyingKey
    alpha_beta: GT


def prepare(vk: LegoVerifyingKey) -> PreparedLegoVerifyingKey:
    """Cache e(alpha1, beta2) for repeated ``verify`` calls."""
    from ..bls12_381 import pairing
    return PreparedLegoVerifyingKey(vk, pairing(vk.alpha1, vk.beta2))


class LegoProof(Record):
    """A LegoGroth16 proof: ``a`` (G1), ``b`` (G2), ``c`` (G1), ``d`` (G1, the commitment)."""
    a: G1
    b: G2
    c: G1
    d: G1

    SIZE = 240

    def to_bytes(self) -> bytes:
        """A || B || C || D, compressed ZCash encodings (48 + 96 + 48 + 48 = 240 bytes)."""
        return self.a.to_bytes() + self.b.to_bytes() + self.c.to_bytes() + self.d.to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> "LegoProof":
        """Strict decoding of ``to_bytes`` (exact length, compressed encodings, points fully checked)."""
        bls = _curve()
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise DecodeError("LegoGroth16 proof: expected bytes")
        data = bytes(data)
        if len(data) != cls.SIZE:
            raise DecodeError(f"LegoGroth16 proof: expected {cls.SIZE} bytes, got {len(data)}")
        out = []
        for name, group, lo, hi in (("A", bls.G1, 0, 48), ("B", bls.G2, 48, 144), ("C", bls.G1, 144, 192),
                                    ("D", bls.G1, 192, 240)):
            try:
                out.append(group.from_bytes(data[lo:hi]))
            except DecodeError as e:
                raise DecodeError(f"LegoGroth16 proof: field {name}: {e}") from None
        return cls(*out)

    def to_json(self) -> str:
        """proof.json of snarkjs extended with ``pi_d``: {"pi_a", "pi_b", "pi_c", "pi_d", "protocol":
        "legogroth16", "curve": "bls12381"}."""
        from .snarkjs import _dumps, _g1_json, _g2_json
        return _dumps({"pi_a": _g1_json(self.a), "pi_b": _g2_json(self.b), "pi_c": _g1_json(self.c),
                       "pi_d": _g1_json(self.d), "protocol": PROTOCOL, "curve": CURVE})

    @classmethod
    def from_json(cls, text: str | bytes) -> "LegoProof":
        """Strict parsing of ``to_json`` (every field required, no other field); DecodeError names the field."""
        from .._json import loads
        obj = loads(text, "LegoGroth16 proof")
        if not isinstance(obj, dict):
            raise DecodeError("LegoGroth16 proof: expected a JSON object")
        _fields(obj, {"pi_a", "pi_b", "pi_c", "pi_d", "protocol", "curve"}, set(), "LegoGroth16 proof")
        _protocol_ok(obj, "LegoGroth16 proof")
        return cls(_g1(obj["pi_a"], "pi_a"), _g2(obj["pi_b"], "pi_b"), _g1(obj["pi_c"], "pi_c"),
                   _g1(obj["pi_d"], "pi_d"))


class Opening(Record):
    """The opening of D (secret, the holder's): ``values`` (tuple of Fr, the committed wire values in wire
    order) and ``v`` (Fr, the blinding): D = sum_k values[k] * commit_bases[k] + v * eta_gamma1."""
    values: tuple[Fr, ...]
    v: Fr


class LegoProvingKey:
    """A LegoGroth16 proving key.

    ``groth16``: the Groth16 ``ProvingKey`` of the extended circuit (its nPublic counts the committed wires; its
    IC and gamma2 are the LegoGroth16 ones); ``n_committed``; ``eta_delta1`` ((eta/delta) G1) and ``eta_gamma1``
    ((eta/gamma) G1), G1 points; ``tau1`` (tau^j G1 for j = 1..n, n the domain size) and ``tau2`` (tau G2,
    tau^n G2), .zkey-encoded bytes (96 and 192 bytes a point), or both None for a key without them (section
    version 1): the powers of the setup's tau that let ``check_keys`` check every query of the key."""

    __slots__ = ("groth16", "n_committed", "eta_delta1", "eta_gamma1", "tau1", "tau2", "_vk", "_pvk",
                 "_points_checked")

    def __init__(self, groth16: ProvingKey, n_committed: int, eta_delta1: G1, eta_gamma1: G1,
                 tau1: bytes | None = None, tau2: bytes | None = None) -> None:
        if isinstance(n_committed, bool) or not isinstance(n_committed, int) or \
                not 0 <= n_committed <= groth16.n_public:
            raise DecodeError(f"LegoGroth16 key: n_committed {n_committed!r:.20} is not in [0, nPublic]")
        if (tau1 is None) != (tau2 is None):
            raise DecodeError("LegoGroth16 key: the powers of tau come in G1 and G2 together or not at all")
        if tau1 is not None and tau2 is not None and (len(tau1) != 96 * groth16.domain_size or len(tau2) != 384):
            raise DecodeError(f"LegoGroth16 key: expected {groth16.domain_size} powers of tau in G1 and 2 in G2")
        self.groth16, self.n_committed = groth16, n_committed
        self.eta_delta1, self.eta_gamma1 = eta_delta1, eta_gamma1
        self.tau1 = None if tau1 is None else bytes(tau1)
        self.tau2 = None if tau2 is None else bytes(tau2)
        self._vk: LegoVerifyingKey | None = None
        self._pvk: PreparedLegoVerifyingKey | None = None
        # every point of the key is in its subgroup: set by ``check_keys`` when it returns and by ``setup``, never
        # by a caller's say-so (``prove`` then skips the subgroup check of the proof points)
        self._points_checked = False

    @property
    def n_public(self) -> int:
        """The circuit's public inputs (ONE excluded), committed wires not counted."""
        return self.groth16.n_public - self.n_committed

    @property
    def n_vars(self) -> int:
        return self.groth16.n_vars

    @property
    def delta2(self) -> G2:
        return self.verifying_key().delta2

    def verifying_key(self) -> LegoVerifyingKey:
        """The verifying key (points decoded with full checks; cached)."""
        if self._vk is None:
            g = self.groth16
            ic = [g1_from_zkey(g.ic[i:i + 96]) for i in range(0, len(g.ic), 96)]
            k = self.n_public + 1
            self._vk = LegoVerifyingKey(g1_from_zkey(g.alpha1), g2_from_zkey(g.beta2), g2_from_zkey(g.gamma2),
                                        g2_from_zkey(g.delta2), tuple(ic[:k]), tuple(ic[k:]), self.eta_gamma1)
        return self._vk

    def prepared(self) -> PreparedLegoVerifyingKey:
        if self._pvk is None:
            self._pvk = prepare(self.verifying_key())
        return self._pvk

    def to_bytes(self) -> bytes:
        """The key as a .zkey file (``snarkjs.write_zkey`` of ``groth16``: sections 1-10, readable by
        ``snarkjs.read_zkey``) with one more section, id ``LEGO_SECTION`` (0x6f67656c, "lego"), holding
        u32 LE version (2), u32 LE n_committed, eta_delta1 and eta_gamma1 (96 bytes each, the .zkey point
        encoding: LE Montgomery x, y; infinity all zeros), then the powers of tau: u32 LE n (= the header's
        domainSize), n G1 points tau^1 G1 .. tau^n G1 (96 bytes each), and 2 G2 points tau G2, tau^n G2 (192
        bytes each, .zkey encoding: x.c0, x.c1, y.c0, y.c1). A key without powers is written as version 1 (the
        section ends after eta_gamma1)."""
        from . import _binfile
        from .snarkjs import write_zkey
        secs = _binfile.read_sections(write_zkey(self.groth16), b"zkey", 1, "zkey")
        version = 1 if self.tau1 is None else LEGO_SECTION_VERSION
        extra = (struct.pack("<II", version, self.n_committed) + g1_to_zkey(self.eta_delta1)
                 + g1_to_zkey(self.eta_gamma1))
        if self.tau1 is not None and self.tau2 is not None:
            extra += struct.pack("<I", self.groth16.domain_size) + self.tau1 + self.tau2
        return _binfile.write_sections(b"zkey", 1, [(sid, bytes(p)) for sid, p in secs.items()]
                                       + [(LEGO_SECTION, extra)])

    @classmethod
    def from_bytes(cls, data: bytes) -> "LegoProvingKey":
        """Parse ``to_bytes`` (any section order); DecodeError names the broken rule or field."""
        from . import _binfile
        from .snarkjs import read_zkey
        secs = _binfile.read_sections(data, b"zkey", 2, "LegoGroth16 zkey")
        r = _binfile.Reader(_binfile.need(secs, LEGO_SECTION, "LegoGroth16 zkey (lego section)"),
                            "LegoGroth16 zkey lego section")
        version, n_committed = r.u32(), r.u32()
        if version not in (1, LEGO_SECTION_VERSION):
            raise DecodeError(f"LegoGroth16 zkey: lego section version {version} is not 1 or "
                              f"{LEGO_SECTION_VERSION}")
        points = []
        for name in ("eta_delta1", "eta_gamma1"):
            try:
                points.append(g1_from_zkey(r.take(96)))
            except DecodeError as e:
                raise DecodeError(f"LegoGroth16 zkey: {name}: {e}") from None
        eta_delta1, eta_gamma1 = points
        g = read_zkey(data)
        tau1 = tau2 = None
        if version >= 2:            # the points are decoded (and checked) by check_keys, which uses them
            n = r.u32()
            if n != g.domain_size:
                raise DecodeError(f"LegoGroth16 zkey: lego section: {n} powers of tau, the domain has "
                                  f"{g.domain_size}")
            tau1, tau2 = bytes(r.take(96 * n)), bytes(r.take(384))
        r.done()
        return cls(g, n_committed, eta_delta1, eta_gamma1, tau1, tau2)

    def digest(self) -> bytes:
        """SHA-256 of ``to_bytes()``."""
        import hashlib
        return hashlib.sha256(self.to_bytes()).digest()

    def __repr__(self) -> str:
        return (f"LegoProvingKey(n_vars={self.n_vars}, n_public={self.n_public}, n_committed={self.n_committed}, "
                f"domain_size={self.groth16.domain_size})")


# ---------------------------------------------------------------- JSON helpers (strict)


def _fields(obj: dict, allowed: set, optional: set, what: str) -> None:
    for k in obj:
        if k not in allowed:
            raise DecodeError(f"{what}: unknown field {k!r:.40}")
    for k in sorted(allowed - optional):
        if k not in obj:
            raise DecodeError(f"{what}: field {k} is missing")


def _protocol_ok(obj: dict, what: str) -> None:
    if obj["protocol"] != PROTOCOL:
        raise DecodeError(f"{what}: field protocol: {obj['protocol']!r:.40} is not {PROTOCOL}")
    if obj["curve"] != CURVE:
        raise DecodeError(f"{what}: field curve: {obj['curve']!r:.40} is not {CURVE}")


def _named(e: DecodeError, what: str) -> DecodeError:
    return DecodeError(str(e) if str(e).startswith(what) else f"{what}: {e}")


def _g1_xy(v: object, what: str) -> tuple[int, int] | None:
    """The coordinates of a G1 point of a key or proof (None: infinity), every rule of ``_g1`` checked but the
    point's own (on the curve, in the subgroup)."""
    from .snarkjs import _g1_xy_from_json
    if not isinstance(v, list) or len(v) != 3 or (v[2] != "1" and v != ["0", "1", "0"]):
        raise DecodeError(f"{what}: a G1 point is [x, y, \"1\"] (or [\"0\", \"1\", \"0\"] for infinity)")
    try:
        return _g1_xy_from_json(v, what)
    except DecodeError as e:
        raise _named(e, what) from None


def _g2_xy(v: object, what: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """As ``_g1_xy``, for G2."""
    from .snarkjs import _g2_xy_from_json
    inf = [["0", "0"], ["1", "0"], ["0", "0"]]
    if not isinstance(v, list) or len(v) != 3 or (v[2] != ["1", "0"] and v != inf):
        raise DecodeError(f"{what}: a G2 point is [x, y, [\"1\", \"0\"]] (or snarkjs's infinity form)")
    try:
        return _g2_xy_from_json(v, what)
    except DecodeError as e:
        raise _named(e, what) from None


def _g1(v: object, what: str) -> G1:
    xy = _g1_xy(v, what)
    try:
        return g1_from_xy(xy)
    except DecodeError as e:
        raise _named(e, what) from None


def _g2(v: object, what: str) -> G2:
    xy = _g2_xy(v, what)
    try:
        return g2_from_xy(xy)
    except DecodeError as e:
        raise _named(e, what) from None


_G1_INFINITY = bytes([0x40]) + bytes(95)       # uncompressed ZCash encodings of the identity
_G2_INFINITY = bytes([0x40]) + bytes(191)


def _g1_encoding(xy: tuple[int, int] | None) -> bytes:
    if xy is None:
        return _G1_INFINITY
    return xy[0].to_bytes(48, "big") + xy[1].to_bytes(48, "big")


def _g2_encoding(xy: tuple[tuple[int, int], tuple[int, int]] | None) -> bytes:
    if xy is None:
        return _G2_INFINITY
    (x0, x1), (y0, y1) = xy
    return x1.to_bytes(48, "big") + x0.to_bytes(48, "big") + y1.to_bytes(48, "big") + y0.to_bytes(48, "big")


def _count(obj: dict, name: str, what: str) -> int:
    n = obj[name]
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise DecodeError(f"{what}: field {name} must be a non-negative integer")
    return n


def _vk_from_obj(obj: object) -> LegoVerifyingKey:
    what = "LegoGroth16 verification key"
    if not isinstance(obj, dict):
        raise DecodeError(f"{what}: expected a JSON object")
    _fields(obj, {"protocol", "curve", "nPublic", "n_committed", "vk_alpha_1", "vk_beta_2", "vk_gamma_2",
                  "vk_delta_2", "vk_alphabeta_12", "IC", "commit_bases", "vk_eta_gamma_1"}, {"vk_alphabeta_12"},
            what)
    _protocol_ok(obj, what)
    n_public, n_committed = _count(obj, "nPublic", what), _count(obj, "n_committed", what)
    ic, bases = obj["IC"], obj["commit_bases"]
    if not isinstance(ic, list) or len(ic) != n_public + 1:
        raise DecodeError(f"{what}: field IC must be a list of nPublic + 1 = {n_public + 1} G1 points")
    if not isinstance(bases, list) or len(bases) != n_committed:
        raise DecodeError(f"{what}: field commit_bases must be a list of n_committed = {n_committed} G1 points")
    # Every point's spelling first (in field order), then the points themselves: all G1 points in one native call,
    # all G2 points in another, each fully checked (range, on the curve, in the subgroup). The first point that
    # fails, in field order, is named as decoding them one by one would name it.
    g1_names = ["vk_alpha_1", *(f"IC[{i}]" for i in range(len(ic))),
                *(f"commit_bases[{i}]" for i in range(len(bases))), "vk_eta_gamma_1"]
    g1_json = [obj["vk_alpha_1"], *ic, *bases, obj["vk_eta_gamma_1"]]
    g2_names = ["vk_beta_2", "vk_gamma_2", "vk_delta_2"]
    g1_xy = [_g1_xy(obj["vk_alpha_1"], "vk_alpha_1")]
    g2_xy = [_g2_xy(obj[name], name) for name in g2_names]
    g1_xy += [_g1_xy(v, name) for v, name in zip(g1_json[1:], g1_names[1:])]
    from ..bls12_381 import G1 as _G1, G2 as _G2
    g1 = _G1._batch_decode(b"".join(map(_g1_encoding, g1_xy)), 96, len(g1_xy))
    g2 = _G2._batch_decode(b"".join(map(_g2_encoding, g2_xy)), 192, 3)
    if isinstance(g1, tuple) and (g1[0] == 0 or not isinstance(g2, tuple)):      # alpha1 comes before the G2 points
        raise DecodeError(f"{g1_names[g1[0]]}: G1: {g1[1]}")
    if isinstance(g2, tuple):
        raise DecodeError(f"{g2_names[g2[0]]}: G2: {g2[1]}")
    assert not isinstance(g1, tuple)
    alpha1, beta2, gamma2, delta2 = g1[0], g2[0], g2[1], g2[2]
    ic_pts = tuple(g1[1:1 + len(ic)])
    base_pts = tuple(g1[1 + len(ic):-1])
    eta = g1[-1]
    for name, p in [("vk_alpha_1", alpha1), ("vk_beta_2", beta2), ("vk_gamma_2", gamma2), ("vk_delta_2", delta2),
                    ("vk_eta_gamma_1", eta)] + [(f"commit_bases[{i}]", p) for i, p in enumerate(base_pts)]:
        if p.is_identity():
            raise DecodeError(f"{what}: field {name} is the point at infinity")
    if "vk_alphabeta_12" in obj:
        from ..bls12_381 import pairing
        from .snarkjs import _gt_json
        if obj["vk_alphabeta_12"] != _gt_json(pairing(alpha1, beta2)):
            raise DecodeError(f"{what}: field vk_alphabeta_12 is not e(vk_alpha_1, vk_beta_2)")
    return LegoVerifyingKey(alpha1, beta2, gamma2, delta2, ic_pts, base_pts, eta)


# ---------------------------------------------------------------- setup


def setup(r1cs: R1CS, n_committed: int, *, nthreads: int | None = None) -> LegoProvingKey:
    """Development-only LegoGroth16 setup (LegoSNARK H.5; module docstring): the C Groth16 setup on the R1CS with
    the first ``n_committed`` private inputs counted as public, then the secret gamma and eta' (drawn here,
    used in constant-time C arithmetic, wiped). Whoever runs it could forge proofs (as for ``core.setup``).
    The key carries the powers of the setup's tau (``LegoProvingKey.tau1``/``tau2``) for ``check_keys``."""
    from ..bls12_381 import G1, G2, pairing_check
    from . import core
    from .r1cs import R1CS
    if isinstance(n_committed, bool) or not isinstance(n_committed, int) or not 0 <= n_committed <= r1cs.n_prv_in:
        raise ValueError(f"n_committed must be an int in [0, {r1cs.n_prv_in}] (the circuit's private inputs)")
    ext = R1CS(r1cs.n_wires, r1cs.n_pub_out, r1cs.n_pub_in + n_committed, r1cs.n_prv_in - n_committed,
               r1cs.constraints, list(r1cs.labels))
    g, tau1, tau2 = core.setup_with_powers(ext, nthreads=nthreads)
    gamma = eta = gamma_inv = eta_over_gamma = None
    try:
        gamma, eta = _random_nonzero(), _random_nonzero()
        gamma_inv = gamma.inverse()
        eta_over_gamma = eta * gamma_inv
        ic = b"".join(g1_to_zkey(g1_from_zkey(g.ic[i:i + 96]) * gamma_inv) for i in range(0, len(g.ic), 96))
        gamma2 = G2.generator() * gamma
        delta1 = g1_from_zkey(g.delta1)
        eta_delta1 = G1.generator() * eta
        eta_gamma1 = delta1 * eta_over_gamma
    finally:
        _wipe_fr(gamma, eta, gamma_inv, eta_over_gamma)
        del gamma, eta, gamma_inv, eta_over_gamma
    from dataclasses import replace
    pk = LegoProvingKey(replace(g, ic=ic, gamma2=g2_to_zkey(gamma2)), n_committed, eta_delta1, eta_gamma1,
                        tau1, tau2)
    if not pairing_check([(eta_gamma1, gamma2), (-eta_delta1, g2_from_zkey(g.delta2))]):
        raise RuntimeError("LegoGroth16 setup: e(eta_gamma1, gamma2) != e(eta_delta1, delta2)")  # pragma: no cover
    pk._points_checked = True           # made here from the generators: every point is in its subgroup
    return pk


# ---------------------------------------------------------------- prove


PUBLIC_WIRE = 2   # a boolean_wires flag: the wire's value is public (see prover_flags)


def prover_flags(pk: LegoProvingKey, boolean_wires: bytes) -> bytes:
    """``boolean_wires`` (``Circuit.boolean_wires()``: 1 for the wires the circuit constrains boolean) with the
    statement's public inputs, wires 1..``pk.n_public``, flagged ``PUBLIC_WIRE``: their terms of B's G2 sum then go
    through a variable-time MSM (their values are in the statement anyway). The committed wires, which the
    Groth16 key counts among its nPublic, stay secret (``prove`` refuses a flag that says otherwise)."""
    if len(boolean_wires) != pk.n_vars:
        raise ValueError(f"boolean_wires has {len(boolean_wires)} flags, the key {pk.n_vars} wires")
    out = bytearray(boolean_wires)
    out[1:1 + pk.n_public] = bytes([PUBLIC_WIRE]) * pk.n_public
    return bytes(out)


def prove(pk: LegoProvingKey, witness: bytes | Sequence[int], *, check: bool = True,
          nthreads: int | None = None, boolean_wires: bytes | None = None,
          product_free: bool = False) -> tuple[LegoProof, list[int], Opening]:
    """A LegoGroth16 proof for ``witness`` (n_vars scalars: 32-byte LE each as in .wtns, or integers; w[0] = 1).

    Returns (proof, public inputs w[1..n_public] (committed values excluded), opening of D). The committed values
    are read from the witness bytes into Fr (constant time) and never become Python integers here; D is a
    constant-time MSM and C' = C - v * eta_delta1 a constant-time product (the C prover's own MSMs over the
    witness are variable time, see ``core``, unless ``boolean_wires`` selects ``core.prove_points``'s constant-time
    prover, with the flags ``Circuit.boolean_wires()`` reads off the circuit (all-zero flags are always right, only
    slower; a flagged wire the circuit does not constrain boolean may give a failing proof), and ``prover_flags``
    for the public inputs; ``product_free`` as there). With ``check`` (the default)
    the proof is verified before it is returned and VerificationError is raised instead (an unsatisfying witness,
    or a malformed key: never release such a proof, see ``check_keys``). ``check=False`` is for keys that passed
    ``check_keys`` FULLY (it returned True) and witnesses known to satisfy the circuit: the proof then verifies
    by completeness, and the check's multi-pairing (about 1 ms) is saved."""
    from ..bls12_381 import G1, Fr
    from . import _ntt, core
    if not isinstance(witness, (bytes, bytearray, memoryview)):
        witness = _ntt.ints_to_le([int(v) for v in witness])
    witness = bytes(witness)
    g = pk.groth16
    if boolean_wires is not None and PUBLIC_WIRE in bytes(boolean_wires)[pk.n_public + 1:]:
        raise ValueError("boolean_wires: a committed or private wire flagged public (only wires 1..n_public, the "
                         "statement's public inputs, may be)")
    # a key that check_keys passed (or that setup made) has every point in its subgroup, and so do the proof
    # points made from it: no subgroup check of them then (check=False alone does not vouch for that)
    proof = core.prove_points(g, witness, nthreads=nthreads, boolean_wires=boolean_wires, product_free=product_free,
                              key_checked=pk._points_checked)
    n_pub, k = pk.n_public, pk.n_committed
    public = [int.from_bytes(witness[32 * i:32 * i + 32], "little") for i in range(1, n_pub + 1)]
    values = tuple(Fr.from_bytes(witness[32 * i:32 * i + 32][::-1]) for i in range(n_pub + 1, n_pub + 1 + k))
    vk = pk.verifying_key()
    v = Fr.random()
    d = G1.msm_ct(list(vk.commit_bases) + [pk.eta_gamma1], list(values) + [v])
    c = proof.c - pk.eta_delta1 * v
    out = LegoProof(proof.a, proof.b, c, d)
    if check:
        try:
            verify(pk.prepared(), public, out)
        except VerificationError:
            raise VerificationError("LegoGroth16 prove: the proof does not verify (the witness does not satisfy "
                                    "the circuit, or the proving key is malformed); nothing is returned") from None
    return out, public, Opening(values, v)


def rerandomize(pk: LegoProvingKey, proof: LegoProof, opening: Opening) -> tuple[LegoProof, Opening]:
    """A re-randomised proof of the same statement and committed values, with a fresh blinding v'.

    With fresh r1 != 0, r2, v' (Groth16 re-randomisation plus Dock's ``rerandomize_proof_1``):
    A' = A / r1, B' = r1 B + r1 r2 delta2, C' = C + r2 A + (v - v') eta_delta1, D' = D + (v' - v) eta_gamma1.
    e(A', B') = e(A, B) e(r2 A, delta2) and e(eta_gamma1, gamma2) = e(eta_delta1, delta2) keep the equation, so a
    verifying proof stays verifying (given keys that pass ``check_keys``); (A', B', D') are uniform and
    independent of (A, B, D), so the two proofs cannot be linked. Constant-time products (r1, r2, v are secret)."""
    from ..bls12_381 import G1
    return G1.run_ct_rounds_alone(rerandomize_rounds(pk, proof, opening))


def rerandomize_rounds(pk: LegoProvingKey, proof: LegoProof, opening: Opening):
    """``rerandomize`` with its three G1 products in one round of constant-time sums (a generator for
    ``G1.run_ct_rounds``: a composite prover runs them in the passes of its other sub-proofs' sums)."""
    from ..bls12_381 import G2, Fr
    if proof.a.is_identity() or proof.b.is_identity():
        raise ValueError("rerandomize: proof point A or B is the point at infinity")
    r1, r2, v2 = _random_nonzero(), Fr.random(), Fr.random()
    r1_inv = r1.inverse()
    r1r2 = r1 * r2
    dv = v2 - opening.v
    ndv = -dv
    try:
        b = G2.msm_ct([proof.b, pk.delta2], [r1, r1r2])
        a, c, d = yield [([proof.a], [r1_inv]), ([proof.a, pk.eta_delta1], [r2, ndv]), ([pk.eta_gamma1], [dv])]
        out = LegoProof(a, b, proof.c + c, proof.d + d)
    finally:
        _wipe_fr(r1, r2, r1_inv, r1r2, dv, ndv)
    return out, Opening(opening.values, v2)


# ---------------------------------------------------------------- verify


def _statement(vk: LegoVerifyingKey, public: Sequence[int], proof: LegoProof) -> G1:
    """PI + D after the checks shared by ``verify`` and ``pairing_terms``."""
    from . import core
    if type(proof) is not LegoProof:
        raise TypeError("expected a LegoProof")
    if proof.a.is_identity() or proof.b.is_identity():
        raise VerificationError("LegoGroth16 proof: A or B is the point at infinity")
    pub = core._check_public(vk, public)
    return core._cpub(vk, pub) + proof.d


def verify(vk: LegoVerifyingKey | PreparedLegoVerifyingKey, public_inputs: Sequence[int], proof: LegoProof) -> None:
    """LegoGroth16 verification (LegoSNARK H.5; Dock ``verify_proof``):
    e(A, B) = e(alpha, beta) e(PI + D, gamma) e(C, delta), PI over the public inputs only.

    Returns None or raises VerificationError. NOT sound on its own: see the module docstring (the caller must
    also verify a proof of knowledge of D's opening in the bases commit_bases, eta_gamma1)."""
    from ..bls12_381 import multi_pairing, pairing_check
    pvk, key = (vk, vk.vk) if isinstance(vk, PreparedLegoVerifyingKey) else (None, vk)
    s = _statement(key, public_inputs, proof)
    if pvk is not None:
        ok = (multi_pairing([(-proof.a, proof.b), (s, key.gamma2), (proof.c, key.delta2)])
              * pvk.alpha_beta).is_one()
    else:
        ok = pairing_check([(-proof.a, proof.b), (key.alpha1, key.beta2), (s, key.gamma2), (proof.c, key.delta2)])
    if not ok:
        raise VerificationError("LegoGroth16 pairing check failed")


def pairing_terms(vk: LegoVerifyingKey, public_inputs: Sequence[int], proof: LegoProof,
                  weight: Fr | int | None) -> list[tuple[G1, G2]]:
    """The verification equation as four (G1, G2) pairs whose pairing product is 1 for a valid proof, each G1
    side multiplied by ``weight`` (public, random, non-zero; None: unweighted): [(-w A, B), (w alpha1, beta2), (w (PI + D), gamma2),
    (w C, delta2)]. For folding with other pairing equations into one multi-pairing. Raises VerificationError
    for a malformed statement (public input count or range, A or B at infinity). Same soundness caveat as
    ``verify``."""
    from ..bls12_381 import Fr
    if weight is None:      # the caller weighs the equation itself (zkcred.proofs.PairingBatch)
        s = _statement(vk, public_inputs, proof)
        return [(-proof.a, proof.b), (vk.alpha1, vk.beta2), (s, vk.gamma2), (proof.c, vk.delta2)]
    w = weight if type(weight) is Fr else Fr(weight)
    if w.is_zero():
        raise ValueError("pairing_terms: the weight must be non-zero")
    s = _statement(vk, public_inputs, proof)
    return [(-proof.a.mul_var(w), proof.b), (vk.alpha1.mul_var(w), vk.beta2), (s.mul_var(w), vk.gamma2),
            (proof.c.mul_var(w), vk.delta2)]


# ---------------------------------------------------------------- key check (subversion zero knowledge)


def _zkey_points(blob: bytes | memoryview, n: int, g2: bool, what: str) -> list:
    """Decode n .zkey points with the full checks (range, curve, subgroup) in one C batch call."""
    bls = _curve()
    size = 192 if g2 else 96
    if len(blob) != size * n:
        raise DecodeError(f"{what}: expected {n} points")
    inf = b"\x40" + bytes(size - 1)      # ZCash uncompressed infinity
    out = []
    mv = memoryview(blob)
    for i in range(n):
        raw = mv[i * size:(i + 1) * size]
        if not any(raw):
            out.append(inf)
            continue
        cs = []
        for j in range(0, size, 48):
            x = int.from_bytes(raw[j:j + 48], "little")
            if x >= Q:
                raise DecodeError(f"{what}: point {i} has a coordinate >= q")
            cs.append(x * RQ_INV % Q)
        if g2:      # .zkey: x.c0, x.c1, y.c0, y.c1; ZCash: x.c1, x.c0, y.c1, y.c0
            cs = [cs[1], cs[0], cs[3], cs[2]]
        out.append(b"".join(c.to_bytes(48, "big") for c in cs))
    group = bls.G2 if g2 else bls.G1
    try:
        return group.batch_from_bytes(out) if out else []
    except DecodeError as e:
        raise DecodeError(f"{what}: {e}") from None


#: A rule of check_keys: (name, terms). terms maps a pairing slot to {section: {index: scalar}}: slot "G2:x"
#: pairs the G1 MSM over the sections' points with the fixed G2 point x, slot "G1:x" pairs the fixed G1 point x with
#: the G2 MSM (section "B2"). The rule holds iff the product of the slots' pairings is 1.
_Rule = tuple[str, dict[str, dict[str, dict[int, int]]]]


def _weights(k: int) -> list[int]:
    """k independent uniform 128-bit weights (os.urandom, drawn after the key is fixed)."""
    raw = os.urandom(16 * k)
    return [int.from_bytes(raw[16 * i:16 * i + 16], "little") for i in range(k)]


def _add(terms: dict, slot: str, section: str, index: int, scalar: int) -> None:
    if scalar % R:
        sec = terms.setdefault(slot, {}).setdefault(section, {})
        sec[index] = (sec.get(index, 0) + scalar) % R


def _qap_rules(g: ProvingKey, r1cs: R1CS, n_committed: int) -> list[_Rule]:
    """The rules that tie the A, B1, C, IC and H queries to the circuit through the powers of tau (check_keys,
    rules 7-9). P_j = tau^j G1 (section "P", P_0 = G1). For weights x over the wires (or the H rows), the row sums
    y_row = sum_i M[row][i] x_i of a matrix M are the values on the domain <w_n> of sum_i x_i m_i(X), m_i the
    QAP polynomial of wire i (Lagrange interpolation on <w_n>, snarkjs's layout); its coefficients c = iNTT(y)
    give sum_i x_i m_i(tau) G1 = sum_j c_j P_j."""
    from . import _ntt
    n, n_vars, n_pub = g.domain_size, g.n_vars, g.n_public
    log_n = n.bit_length() - 1
    m = len(r1cs.constraints)
    dom = _ntt.Domain(log_n + 1, 1)
    a_rows: list[tuple[int, int, int]] = []
    b_rows: list[tuple[int, int, int]] = []
    c_rows: list[tuple[int, int, int]] = []
    for row, (la, lb, lc) in enumerate(r1cs.constraints):
        a_rows += [(row, w, c) for w, c in la]
        b_rows += [(row, w, c) for w, c in lb]
        c_rows += [(row, w, c) for w, c in lc]
    a_rows += [(m + i, i, 1) for i in range(n_pub + 1)]           # the public-input (and committed) rows

    def poly(rows: list[tuple[int, int, int]], x: list[int]) -> list[int]:
        y = [0] * n
        for row, w, c in rows:
            if x[w]:
                y[row] += c * x[w]
        return _ntt.ntt([v % R for v in y], inverse=True, domain=dom)

    def minus_powers(terms: dict, coeffs: list[int], slot: str = "G2:G2", sign: int = -1) -> None:
        for j, cj in enumerate(coeffs):
            _add(terms, slot, "P", j, sign * cj)

    rules: list[_Rule] = []
    for name, section, rows in (("the A query is the circuit's u_i(tau) G1", "A", a_rows),
                                ("the B1 query is the circuit's v_i(tau) G1", "B1", b_rows)):
        x = _weights(n_vars)
        terms: dict = {}
        for i in range(n_vars):
            _add(terms, "G2:G2", section, i, x[i])
        minus_powers(terms, poly(rows, x))
        rules.append((name, terms))
    # C_i (private wires) and IC_i (public and committed wires): e(K_i, delta2 or gamma2) =
    # e(A_i, beta2) e(alpha1, B2_i) e(w_i(tau) G1, G2), A_i and B2_i as checked by rules 7 and 5
    for name, lo, hi, slot, section in (
            ("the C query is (beta u_i + alpha v_i + w_i)(tau)/delta G1", n_pub + 1, n_vars, "G2:delta2", "C"),
            ("the IC query is (beta u_i + alpha v_i + w_i)(tau)/gamma G1", 0, n_pub + 1, "G2:gamma2", "IC")):
        x = [0] * n_vars
        for i, w in zip(range(lo, hi), _weights(hi - lo)):
            x[i] = w
        terms = {}
        for i in range(lo, hi):
            _add(terms, slot, section, i - lo, x[i])
            _add(terms, "G2:beta2", "A", i, -x[i])
            _add(terms, "G1:alpha1", "B2", i, -x[i])
        minus_powers(terms, poly(c_rows, x))
        rules.append((name, terms))
    # H_k = L^(2n)_(2k+1)(tau)/delta = -t(tau)/2 L'_k(tau)/delta, L'_k the Lagrange basis of the odd coset
    # w_2n <w_n> (the roots of X^n + 1), t(X) = X^n - 1: e(sum x_k H_k, delta2) e(p(tau)/2 G1, tau^n G2 - G2) = 1
    # with p the interpolation of x on the coset (coefficients: the coset iNTT)
    x = _weights(n)
    terms = {}
    for k in range(n):
        _add(terms, "G2:delta2", "H", k, x[k])
    half = (R + 1) // 2
    p = _ntt.ntt(x, inverse=True, coset=_ntt.root_of_unity(log_n + 1), domain=dom)
    minus_powers(terms, [c * half for c in p], "G2:tau_n2", +1)
    minus_powers(terms, [c * half for c in p])
    rules.append(("the H query is snarkjs's odd-coset Lagrange bases times t(tau)/delta", terms))
    return rules


def _rules_hold(rules: list[_Rule], g1: dict, g2: dict, sections: dict) -> bool:
    """Whether the product over ``rules`` holds: one G1 (or G2) MSM per pairing slot, one multi-pairing."""
    from ..bls12_381 import G1, G2, pairing_check
    merged: dict[str, dict[tuple[str, int], int]] = {}
    for _name, terms in rules:
        for slot, secs in terms.items():
            acc = merged.setdefault(slot, {})
            for sec, entries in secs.items():
                for i, v in entries.items():
                    acc[sec, i] = (acc.get((sec, i), 0) + v) % R
    pairs = []
    for slot, acc in merged.items():
        items = [(k, v) for k, v in acc.items() if v]
        if not items:
            continue
        points = [sections[sec][i] for (sec, i), _ in items]
        scalars = [v for _, v in items]
        kind, fixed = slot.split(":")
        if kind == "G2":
            pairs.append((G1.msm_var(points, scalars), g2[fixed]))
        else:
            pairs.append((g1[fixed], G2.msm_var(points, scalars)))
    return pairing_check(pairs)


def check_keys(pk: LegoProvingKey, vk: LegoVerifyingKey, r1cs: R1CS | None = None) -> bool:
    """Check an issuer's LegoGroth16 key pair before first use (subversion zero knowledge; Fuchsbauer, PKC 2018,
    "Subversion-zero-knowledge SNARKs": its CRS verification algorithm, adapted to snarkjs's key shape: gamma,
    the public-input rows, the odd-coset H bases). Returns True when the key was checked FULLY (``r1cs``, the
    circuit's R1CS, given and the key carries the powers of tau: ``LegoProvingKey.tau1``/``tau2``), False when only
    rules 1-5 could run (no R1CS, or a version-1 key without powers). Raises DecodeError (a point off the curve or
    outside the subgroup) or VerificationError naming the first failed rule.

    Rules (n the domain size, np the extended key's nPublic: public plus committed wires, G1/G2 the generators,
    P_j = tau^j G1 from ``tau1`` with P_0 = G1, tau G2 and tau^n G2 from ``tau2``):
    1. vk is pk's: alpha1, beta2, gamma2, delta2, IC (public part), commit_bases, eta_gamma1 equal;
    2. every point of pk (header, IC, A, B1, B2, C, H queries, eta points, powers of tau) is in the prime-order
       subgroup;
    3. delta1, delta2, gamma2, eta_gamma1, eta_delta1, tau G1 are not the point at infinity, and tau^n G1 != G1
       (tau^n != 1, i.e. t(tau) != 0: tau is not on the domain);
    4. e(delta1, G2) = e(G1, delta2), e(beta1, G2) = e(G1, beta2), e(eta_gamma1, gamma2) = e(eta_delta1, delta2);
    5. e(B1_i, G2) = e(G1, B2_i) for every wire i;
    with the R1CS and the powers:
    0. the shape (nVars, nPublic = public + n_committed, domain size) and the coefficient records (section 4:
       the A and B matrices with the public-input rows, which the prover reads) equal the R1CS's, byte for byte;
    6. powers: e(P_(j+1), G2) = e(P_j, tau G2) for j = 0..n-1, and e(P_n, G2) = e(G1, tau^n G2);
    7. A_i = u_i(tau) G1 and B1_i = v_i(tau) G1 for every wire (u_i, v_i the circuit's QAP polynomials, snarkjs's
       Lagrange layout on <w_n>): G1 equalities against sum_j c_j P_j, c the iNTT of the weighted row sums;
    8. e(C_i, delta2) = e(A_i, beta2) e(alpha1, B2_i) e(w_i(tau) G1, G2) for the private wires and the same with
       IC_i and gamma2 for wires 0..np (the public inputs' IC and the commit bases);
    9. e(H_k, delta2) = e(L'_k(tau) G1, -t(tau)/2 G2) for k < n (L'_k the Lagrange basis of the odd coset
       w_2n <w_n>: H_k = L^(2n)_(2k+1)(tau)/delta, snarkjs's H bases).
    Rules 4-9 run as ONE multi-pairing (8 Miller loops) of a few MSMs: every rule and every index within it gets
    its own independent uniform 128-bit weight (os.urandom, drawn after the key is given), so the combined check
    is a linear form in the weights whose coefficients are exactly the individual equations' errors (in the
    exponent of GT, of prime order r); if any equation fails the form is a non-zero linear polynomial and
    vanishes with probability <= 2^-128. The rules' derived scalars (the iNTT coefficients) are linear in their
    own weights, so they are not extra randomness and need none. Only on failure are the rules re-checked one by
    one to name the failing one (rule 5 wire by wire).

    What passing means. With 2 and 6 every point has a discrete logarithm and P_j = tau^j G1 for one tau (that of
    tau G2). Then 7 fixes A and B1 (5: B2) to the honest values for that tau, 8 fixes C and IC to the honest
    values for alpha = log alpha1, beta = log beta2 (4: = log beta1), gamma = log gamma2, delta = log delta2
    (4: = log delta1), all non-zero where 3 requires, and 9 fixes H. So the key IS the output of the honest
    setup on this circuit for some trapdoor (tau, alpha, beta, gamma, delta, eta) with t(tau), delta, gamma,
    eta != 0, which the key's author may know. Completeness of Groth16 is a polynomial identity in the trapdoor,
    so every proof ``prove`` makes from a satisfying witness verifies, whatever the trapdoor: ``prove(...,
    check=False)`` may skip its self-check for such a key. And the released proofs are witness indistinguishable
    and zero knowledge against the key's author (Fuchsbauer's theorem): A = alpha1 + sum w_i A_i + r delta1 is
    uniform (fresh r, delta1 != O), B uniform and independent (fresh s, delta2 != O), D = sum m_k bases_k +
    v eta_gamma1 uniform and independent (fresh v, eta_gamma1 != O), and C is the unique value that verifies; the
    author can simulate exactly this distribution with its trapdoor. ``rerandomize`` maps verifying proofs to
    fresh-looking verifying ones (4 keeps the r, s, v terms cancelling). What such a key still allows: its author
    knows the trapdoor and can forge proofs (soundness is the issuer's own interest, not the holder's); alpha or
    beta may be 0 (harmless for zero knowledge). The holder must still only prove satisfying witnesses (the
    predicate is checked before proving): a non-verifying proof is not covered by this argument.

    Without the R1CS or the powers (a version-1 key), rules 0 and 6-9 cannot run: a key that passes 1-5 but has
    corrupted A/C/H points can make proofs fail for some witnesses and not others, so the caller must keep
    ``prove``'s self-check (check=True) and treat a failure as proof that the key is malicious, stop using it and
    never retry with another witness: the fact of the failure is then the only thing the key's author learns."""
    from ..bls12_381 import G1, G2, pairing
    if not isinstance(pk, LegoProvingKey) or not isinstance(vk, LegoVerifyingKey):
        raise TypeError("check_keys takes (LegoProvingKey, LegoVerifyingKey)")
    g = pk.groth16
    # (2) for the header, IC and eta points: g1_from_zkey/g2_from_zkey check the subgroup
    own = pk.verifying_key()
    for name in ("alpha1", "beta2", "gamma2", "delta2", "ic", "commit_bases", "eta_gamma1"):
        if getattr(vk, name) != getattr(own, name):
            raise VerificationError(f"check_keys: verifying key field {name} differs from the proving key's")
    for name, p in (("eta_delta1", pk.eta_delta1), ("eta_gamma1", pk.eta_gamma1)):
        if type(p) is not G1:
            raise DecodeError(f"check_keys: proving key field {name} is not a G1 point")
    beta1, delta1 = g1_from_zkey(g.beta1), g1_from_zkey(g.delta1)
    full = r1cs is not None and pk.tau1 is not None and pk.tau2 is not None
    n, n_vars, n_pub = g.domain_size, g.n_vars, g.n_public
    if full:
        assert r1cs is not None and pk.tau1 is not None and pk.tau2 is not None
        # (0) before anything is decoded: the shape and the records the prover reads
        from . import core
        from .r1cs import R1CS as _R1CS
        if not pk.n_committed <= r1cs.n_prv_in or (n_vars, n_pub, n) != (
                r1cs.n_wires, r1cs.n_public + pk.n_committed,
                core.domain_size_for(len(r1cs.constraints), r1cs.n_public + pk.n_committed)):
            raise VerificationError(
                f"check_keys: the key's shape (nVars {n_vars}, nPublic {n_pub}, domain {n}) is not the circuit's "
                f"(nVars {r1cs.n_wires}, nPublic {r1cs.n_public} + {pk.n_committed} committed)")
        ext = _R1CS(r1cs.n_wires, r1cs.n_pub_out, r1cs.n_pub_in + pk.n_committed, r1cs.n_prv_in - pk.n_committed,
                    r1cs.constraints)
        if bytes(g.coeffs) != core.qap_records(ext, with_c=False):
            raise VerificationError("check_keys: the coefficient records (section 4) are not the circuit's R1CS")
    # (3)
    points: tuple[tuple[str, G1 | G2], ...] = (
        ("delta1", delta1), ("delta2", own.delta2), ("gamma2", own.gamma2), ("eta_gamma1", own.eta_gamma1),
        ("eta_delta1", pk.eta_delta1))
    for name, pt in points:
        if pt.is_identity():
            raise VerificationError(f"check_keys: {name} is the point at infinity")
    # (2) for the query sections
    a = _zkey_points(g.a, n_vars, False, "check_keys: proving key section A")
    b1 = _zkey_points(g.b1, n_vars, False, "check_keys: proving key section B1")
    b2 = _zkey_points(g.b2, n_vars, True, "check_keys: proving key section B2")
    c = _zkey_points(g.c, n_vars - n_pub - 1, False, "check_keys: proving key section C")
    h = _zkey_points(g.h, n, False, "check_keys: proving key section H")
    gen1, gen2 = G1.generator(), G2.generator()
    g1 = {"G1": gen1, "alpha1": own.alpha1}
    g2 = {"G2": gen2, "delta2": own.delta2, "beta2": own.beta2, "gamma2": own.gamma2}
    sections: dict[str, list] = {"hdr": [gen1, delta1, beta1, own.eta_gamma1, pk.eta_delta1], "A": a, "B1": b1,
                                 "B2": b2, "C": c, "H": h}
    # (4) and (5): rules as weighted terms (_Rule)
    w = _weights(3)
    rules: list[_Rule] = [
        ("e(delta1, G2) = e(G1, delta2)", {"G2:G2": {"hdr": {1: w[0]}}, "G2:delta2": {"hdr": {0: -w[0]}}}),
        ("e(beta1, G2) = e(G1, beta2)", {"G2:G2": {"hdr": {2: w[1]}}, "G2:beta2": {"hdr": {0: -w[1]}}}),
        ("e(eta_gamma1, gamma2) = e(eta_delta1, delta2)",
         {"G2:gamma2": {"hdr": {3: w[2]}}, "G2:delta2": {"hdr": {4: -w[2]}}})]
    x = _weights(n_vars)
    rules.append(("e(B1_i, G2) = e(G1, B2_i)", {"G2:G2": {"B1": dict(enumerate(x))},
                                                 "G1:G1": {"B2": {i: -v for i, v in enumerate(x)}}}))
    if full:
        assert r1cs is not None and pk.tau1 is not None and pk.tau2 is not None
        powers = _zkey_points(pk.tau1, n, False, "check_keys: proving key powers of tau in G1")
        tau_g2 = _zkey_points(pk.tau2, 2, True, "check_keys: proving key powers of tau in G2")
        if powers[0].is_identity():
            raise VerificationError("check_keys: tau G1 is the point at infinity (tau = 0)")
        if powers[-1] == gen1:
            raise VerificationError("check_keys: tau^n = 1 (t(tau) = 0: tau is on the domain)")
        sections["P"] = [gen1] + powers
        g2["tau2"], g2["tau_n2"] = tau_g2
        # (6) e(P_(j+1), G2) e(-P_j, tau G2) = 1 for j < n; e(P_n, G2) e(-G1, tau^n G2) = 1
        x = _weights(n + 1)
        terms: dict = {}
        for j in range(n):
            _add(terms, "G2:G2", "P", j + 1, x[j])
            _add(terms, "G2:tau2", "P", j, -x[j])
        rules.append(("the powers of tau in G1: e(tau^(j+1) G1, G2) = e(tau^j G1, tau G2)", terms))
        rules.append(("the powers of tau in G2: e(tau^n G1, G2) = e(G1, tau^n G2)",
                      {"G2:G2": {"P": {n: x[n]}}, "G2:tau_n2": {"P": {0: -x[n]}}}))
        rules += _qap_rules(g, r1cs, pk.n_committed)
    sections["IC"] = _zkey_points(g.ic, n_pub + 1, False, "check_keys: proving key section IC")
    if _rules_hold(rules, g1, g2, sections):
        pk._points_checked = True       # every point was decoded with its subgroup check above
        return full
    for name, terms in rules:
        if name == "e(B1_i, G2) = e(G1, B2_i)":
            for i in range(n_vars):
                if pairing(b1[i], gen2) != pairing(gen1, b2[i]):
                    raise VerificationError(f"check_keys: e(B1[{i}], G2) = e(G1, B2[{i}]) fails")
        elif not _rules_hold([(name, terms)], g1, g2, sections):
            raise VerificationError(f"check_keys: {name} fails")
    raise VerificationError("check_keys: batched pairing check failed")  # pragma: no cover - a 2^-128 event


__all__ = ["LegoProvingKey", "LegoVerifyingKey", "PreparedLegoVerifyingKey", "LegoProof", "Opening", "setup",
           "prove", "verify", "prepare", "pairing_terms", "rerandomize", "check_keys", "LEGO_SECTION", "prover_flags",
           "PUBLIC_WIRE"]
