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
- ``prove(pk, witness)`` -> (proof, public inputs, opening): the C prover on the extended key gives (A, B, C);
  then D = sum_k m_k * IC_{n_public+1+k} + v * eta_gamma1 and C' = C - v * eta_delta1 (constant time: the m_k and
  v are secret). The proof is verified before it is returned (see ``check_keys``).
- ``verify(vk, public, proof)``: e(A, B) = e(alpha, beta) e(PI + D, gamma) e(C', delta), PI = IC_0 + sum x_j IC_j
  over the public inputs only. ``pairing_terms`` gives the same equation as weighted pairs for one multi-pairing.

  SECURITY: this equation alone is NOT sound. D is a free G1 element: (A, B, C, D) = (alpha1, beta2, O, -PI)
  satisfies it for every statement, and D + x * IC_j moves a public input by x. Soundness (LegoSNARK's CP_link)
  needs, with every proof, a proof of knowledge of (m, v) with D = sum_k m_k commit_bases[k] + v eta_gamma1 in
  exactly those bases; the credential layer's Schnorr proof is that proof, and binds m to the signed messages.
- ``rerandomize(pk, proof, opening)``: a fresh-looking proof of the same statement and committed values
  (Groth16 re-randomisation with r1, r2 plus v -> v'; Dock's ``rerandomize_proof_1``).
- ``check_keys(pk, vk)``: what a holder runs once on an issuer's keys before first use (subversion zero knowledge,
  see its docstring for exactly what it guarantees).

Formats (documented at ``LegoVerifyingKey.to_json``, ``LegoProvingKey.to_bytes``, ``LegoProof.to_bytes``/``to_json``).
"""
from __future__ import annotations

import os
import struct
from collections.abc import Sequence

from .._record import Record
from ..errors import DecodeError, VerificationError
from .keys import Q, R, RQ_INV, g1_from_zkey, g1_to_zkey, g2_from_zkey, g2_to_zkey

TYPE_CHECKING = False   # typing.TYPE_CHECKING without importing typing (start-up time of the verifier)
if TYPE_CHECKING:  # pragma: no cover
    from ..bls12_381 import G1, G2, GT, Fr
    from ._proving_key import ProvingKey
    from .r1cs import R1CS

PROTOCOL = "legogroth16"
CURVE = "bls12381"
#: Section id of the LegoGroth16 section appended to the .zkey container (the bytes "lego", little-endian u32).
LEGO_SECTION = int.from_bytes(b"lego", "little")
LEGO_SECTION_VERSION = 1
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
    ((eta/gamma) G1), G1 points."""

    __slots__ = ("groth16", "n_committed", "eta_delta1", "eta_gamma1", "_vk", "_pvk")

    def __init__(self, groth16: ProvingKey, n_committed: int, eta_delta1: G1, eta_gamma1: G1) -> None:
        if isinstance(n_committed, bool) or not isinstance(n_committed, int) or \
                not 0 <= n_committed <= groth16.n_public:
            raise DecodeError(f"LegoGroth16 key: n_committed {n_committed!r:.20} is not in [0, nPublic]")
        self.groth16, self.n_committed = groth16, n_committed
        self.eta_delta1, self.eta_gamma1 = eta_delta1, eta_gamma1
        self._vk: LegoVerifyingKey | None = None
        self._pvk: PreparedLegoVerifyingKey | None = None

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
        u32 LE version (1), u32 LE n_committed, eta_delta1 and eta_gamma1 (96 bytes each, the .zkey point
        encoding: LE Montgomery x, y; infinity all zeros)."""
        from . import _binfile
        from .snarkjs import write_zkey
        secs = _binfile.read_sections(write_zkey(self.groth16), b"zkey", 1, "zkey")
        extra = (struct.pack("<II", LEGO_SECTION_VERSION, self.n_committed) + g1_to_zkey(self.eta_delta1)
                 + g1_to_zkey(self.eta_gamma1))
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
        if version != LEGO_SECTION_VERSION:
            raise DecodeError(f"LegoGroth16 zkey: lego section version {version} is not {LEGO_SECTION_VERSION}")
        points = []
        for name in ("eta_delta1", "eta_gamma1"):
            try:
                points.append(g1_from_zkey(r.take(96)))
            except DecodeError as e:
                raise DecodeError(f"LegoGroth16 zkey: {name}: {e}") from None
        r.done()
        return cls(read_zkey(data), n_committed, *points)

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


def _g1(v: object, what: str) -> G1:
    from .snarkjs import _g1_from_json
    if not isinstance(v, list) or len(v) != 3 or (v[2] != "1" and v != ["0", "1", "0"]):
        raise DecodeError(f"{what}: a G1 point is [x, y, \"1\"] (or [\"0\", \"1\", \"0\"] for infinity)")
    try:
        return _g1_from_json(v, what)
    except DecodeError as e:
        raise DecodeError(str(e) if str(e).startswith(what) else f"{what}: {e}") from None


def _g2(v: object, what: str) -> G2:
    from .snarkjs import _g2_from_json
    inf = [["0", "0"], ["1", "0"], ["0", "0"]]
    if not isinstance(v, list) or len(v) != 3 or (v[2] != ["1", "0"] and v != inf):
        raise DecodeError(f"{what}: a G2 point is [x, y, [\"1\", \"0\"]] (or snarkjs's infinity form)")
    try:
        return _g2_from_json(v, what)
    except DecodeError as e:
        raise DecodeError(str(e) if str(e).startswith(what) else f"{what}: {e}") from None


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
    alpha1 = _g1(obj["vk_alpha_1"], "vk_alpha_1")
    beta2, gamma2 = _g2(obj["vk_beta_2"], "vk_beta_2"), _g2(obj["vk_gamma_2"], "vk_gamma_2")
    delta2 = _g2(obj["vk_delta_2"], "vk_delta_2")
    ic_pts = tuple(_g1(p, f"IC[{i}]") for i, p in enumerate(ic))
    base_pts = tuple(_g1(p, f"commit_bases[{i}]") for i, p in enumerate(bases))
    eta = _g1(obj["vk_eta_gamma_1"], "vk_eta_gamma_1")
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
    used in constant-time C arithmetic, wiped). Whoever runs it could forge proofs (as for ``core.setup``)."""
    from ..bls12_381 import G1, G2, pairing_check
    from . import core
    from .r1cs import R1CS
    if isinstance(n_committed, bool) or not isinstance(n_committed, int) or not 0 <= n_committed <= r1cs.n_prv_in:
        raise ValueError(f"n_committed must be an int in [0, {r1cs.n_prv_in}] (the circuit's private inputs)")
    ext = R1CS(r1cs.n_wires, r1cs.n_pub_out, r1cs.n_pub_in + n_committed, r1cs.n_prv_in - n_committed,
               r1cs.constraints, list(r1cs.labels))
    g = core.setup(ext, nthreads=nthreads)
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
    pk = LegoProvingKey(replace(g, ic=ic, gamma2=g2_to_zkey(gamma2)), n_committed, eta_delta1, eta_gamma1)
    if not pairing_check([(eta_gamma1, gamma2), (-eta_delta1, g2_from_zkey(g.delta2))]):
        raise RuntimeError("LegoGroth16 setup: e(eta_gamma1, gamma2) != e(eta_delta1, delta2)")  # pragma: no cover
    return pk


# ---------------------------------------------------------------- prove


def prove(pk: LegoProvingKey, witness: bytes | Sequence[int], *, check: bool = True,
          nthreads: int | None = None, boolean_wires: bytes | None = None,
          product_free: bool = False) -> tuple[LegoProof, list[int], Opening]:
    """A LegoGroth16 proof for ``witness`` (n_vars scalars: 32-byte LE each as in .wtns, or integers; w[0] = 1).

    Returns (proof, public inputs w[1..n_public] (committed values excluded), opening of D). The committed values
    are read from the witness bytes into Fr (constant time) and never become Python integers here; D is a
    constant-time MSM and C' = C - v * eta_delta1 a constant-time product (the C prover's own MSMs over the
    witness are variable time, see ``core``, unless ``boolean_wires`` selects ``core.prove_points``'s constant-time
    prover for a circuit whose wires are mostly boolean; ``product_free`` as there). With ``check`` (the default) the proof is verified before it is
    returned and VerificationError is raised instead (an unsatisfying witness, or a malformed key: never
    release such a proof, see ``check_keys``)."""
    from ..bls12_381 import G1, Fr
    from . import _ntt, core
    if not isinstance(witness, (bytes, bytearray, memoryview)):
        witness = _ntt.ints_to_le([int(v) for v in witness])
    witness = bytes(witness)
    g = pk.groth16
    # check=False is for keys that passed check_keys (every point in the subgroup): no subgroup check either
    proof = core.prove_points(g, witness, nthreads=nthreads, boolean_wires=boolean_wires, product_free=product_free,
                              key_checked=not check)
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
    from ..bls12_381 import G2, Fr
    if proof.a.is_identity() or proof.b.is_identity():
        raise ValueError("rerandomize: proof point A or B is the point at infinity")
    r1, r2, v2 = _random_nonzero(), Fr.random(), Fr.random()
    r1_inv = r1.inverse()
    r1r2 = r1 * r2
    dv = v2 - opening.v
    try:
        out = LegoProof(proof.a * r1_inv, G2.msm_ct([proof.b, pk.delta2], [r1, r1r2]),
                        proof.c + proof.a * r2 - pk.eta_delta1 * dv, proof.d + pk.eta_gamma1 * dv)
    finally:
        _wipe_fr(r1, r2, r1_inv, r1r2, dv)
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


def check_keys(pk: LegoProvingKey, vk: LegoVerifyingKey) -> None:
    """Check an issuer's LegoGroth16 key pair before first use (subversion zero knowledge; Fuchsbauer, PKC 2018,
    "Subversion-zero-knowledge SNARKs", whose CRS check this follows as far as a .zkey allows). Returns None, or
    raises DecodeError (a point off the curve or outside the subgroup) / VerificationError (a failed rule).

    Checked:
    1. vk is pk's: alpha1, beta2, gamma2, delta2, IC (public part), commit_bases, eta_gamma1 equal;
    2. every point of pk (header, IC, A, B1, B2, C, H queries, eta points) is in the prime-order subgroup;
    3. delta1, delta2, gamma2, eta_gamma1, eta_delta1 are not the point at infinity;
    4. e(delta1, G2) = e(G1, delta2), e(beta1, G2) = e(G1, beta2), e(eta_gamma1, gamma2) = e(eta_delta1, delta2),
       and e(B1_i, G2) = e(G1, B2_i) for every wire i: all in ONE multi-pairing with independent random 128-bit
       weights (a failing rule passes with probability <= 2^-128), re-checked one by one to name a failure.

    Why this gives witness indistinguishability of released proofs. ``prove`` verifies every proof before it
    returns it. With (2) and (3): A = alpha1 + sum w_i A_i + r delta1 is uniform in G1 (fresh r, delta1 != O);
    B = beta2 + sum w_i B2_i + s delta2 is uniform in G2 and independent of A (fresh s); D = sum m_k bases_k +
    v eta_gamma1 is uniform and independent of both (fresh v). C is then fixed by the verification equation
    (pairing with delta2 != O is injective). So every released (A, B, C, D) has the same distribution whatever
    the witness. (4) makes the randomisers cancel exactly as in an honest key (the r B1 and s A terms of C and
    the v terms of C and D), so whether an honest proof verifies does not depend on r, s, v, the B1 query cannot
    encode a witness-dependent error, and ``rerandomize`` maps verifying proofs to verifying proofs distributed
    like fresh ones. The D opening proof (Schnorr) is zero knowledge for any bases.

    Not checked (needs the powers of tau in G2, which a .zkey does not carry): that the A, C and H queries
    encode the circuit's QAP. A key that passes but has corrupted A/C/H points can make ``prove`` fail for some
    witnesses and not others; ``prove`` then raises and returns nothing. An honest key never makes a satisfying
    witness fail, so the caller must treat such a failure as proof that the key is malicious and stop using it
    (never retry with another witness): the fact of the failure is the only thing the key's author can learn.
    Soundness (the issuer's own interest) is not checked either."""
    from ..bls12_381 import G1, G2, pairing, pairing_check
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
    # (3)
    points: tuple[tuple[str, G1 | G2], ...] = (
        ("delta1", delta1), ("delta2", own.delta2), ("gamma2", own.gamma2), ("eta_gamma1", own.eta_gamma1),
        ("eta_delta1", pk.eta_delta1))
    for name, pt in points:
        if pt.is_identity():
            raise VerificationError(f"check_keys: {name} is the point at infinity")
    # (2) for the query sections
    n = g.n_vars
    _zkey_points(g.a, n, False, "check_keys: proving key section A")
    b1 = _zkey_points(g.b1, n, False, "check_keys: proving key section B1")
    b2 = _zkey_points(g.b2, n, True, "check_keys: proving key section B2")
    _zkey_points(g.c, n - g.n_public - 1, False, "check_keys: proving key section C")
    _zkey_points(g.h, g.domain_size, False, "check_keys: proving key section H")
    # (4) one multi-pairing: e(sum rho_i P_i, G2) e(-G1, sum rho_i Q_i) e(rho_e eta_gamma1, gamma2)
    #     e(-rho_e eta_delta1, delta2) = 1 for the pairs (P_i, Q_i) = (delta1, delta2), (beta1, beta2), (B1_i, B2_i)
    from ..bls12_381 import Fr
    p1 = [delta1, beta1] + b1
    p2 = [own.delta2, own.beta2] + b2
    rho = [Fr(int.from_bytes(os.urandom(16), "little")) for _ in range(len(p1) + 1)]
    lhs1, lhs2 = G1.msm_var(p1, rho[:-1]), G2.msm_var(p2, rho[:-1])
    eg = own.eta_gamma1.mul_var(rho[-1])
    ed = pk.eta_delta1.mul_var(rho[-1])
    if pairing_check([(lhs1, G2.generator()), (-G1.generator(), lhs2), (eg, own.gamma2), (-ed, own.delta2)]):
        return
    rules = [("e(delta1, G2) = e(G1, delta2)", delta1, own.delta2), ("e(beta1, G2) = e(G1, beta2)", beta1,
                                                                       own.beta2)]
    rules += [(f"e(B1[{i}], G2) = e(G1, B2[{i}])", b1[i], b2[i]) for i in range(n)]
    for rule, p, q in rules:
        if pairing(p, G2.generator()) != pairing(G1.generator(), q):
            raise VerificationError(f"check_keys: {rule} fails")
    if pairing(own.eta_gamma1, own.gamma2) != pairing(pk.eta_delta1, own.delta2):
        raise VerificationError("check_keys: e(eta_gamma1, gamma2) = e(eta_delta1, delta2) fails")
    raise VerificationError("check_keys: batched pairing check failed")  # pragma: no cover - a 2^-128 event


__all__ = ["LegoProvingKey", "LegoVerifyingKey", "PreparedLegoVerifyingKey", "LegoProof", "Opening", "setup",
           "prove", "verify", "prepare", "pairing_terms", "rerandomize", "check_keys", "LEGO_SECTION"]
