"""snarkjs / circom file formats for Groth16 on BLS12-381: .r1cs, .wtns, .zkey, and the JSON files.

Formats as snarkjs 0.7.6 / circom 2 write them (../shared/notes/snarkjs-formats.md records them, verified
against real files):

- binary files use the iden3 container (``_binfile``); integers little-endian;
- .r1cs coefficients and .wtns values are plain canonical integers; .zkey coordinates are 48-byte LE Montgomery
  (x * 2^384 mod q), infinity all zeros; .zkey coefficients are c * 2^512 mod r;
- JSON: ``json.dumps(obj, indent=1)`` with decimal strings, no trailing newline (bfj's output, byte for byte).

Readers raise ``zkcred.errors.DecodeError`` naming the broken rule. Points read from a .zkey are checked for
range and the curve equation, not subgroup membership (trusted setup output, see ``_proving_key.NativeProvingKey``);
points read from proof and key JSON are checked fully.
"""
from __future__ import annotations

import json
import struct

from ..errors import DecodeError
from . import _binfile
from .keys import (Q, R, Proof, VerifyingKey, check_vk, g1_from_xy, g1_xy, g2_from_xy, g2_xy,
                   is_canonical_decimal)

# The prover's types (ProvingKey, R1CS) and hashlib are imported where they are used, so that reading the JSON
# files to verify a proof loads none of them (``zkcred groth16 verify`` start-up time).
TYPE_CHECKING = False   # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:  # pragma: no cover
    from ._proving_key import ProvingKey
    from .r1cs import R1CS, Constraint

__all__ = ["read_r1cs", "write_r1cs", "read_wtns", "write_wtns", "read_zkey", "write_zkey", "vk_to_json",
           "read_vk_json", "proof_to_json", "read_public_json", "read_proof_json", "public_to_json",
           "PROTOCOL_GROTH16", "CURVE", "N8Q", "N8R"]

N8Q, N8R = 48, 32
PROTOCOL_GROTH16 = 1
CURVE = "bls12381"
R2_MOD_R = pow(2, 512, R)

# ---------------------------------------------------------------- .r1cs


def _check_prime(n8: int, prime: int, want_n8: int, what: str) -> None:
    if n8 != want_n8 or prime != R:
        raise DecodeError(f"{what}: field is not BLS12-381's scalar field (n8={n8}, prime={prime:#x})")


def read_r1cs(data: bytes) -> R1CS:
    """Parse a circom .r1cs (version 1) over BLS12-381 Fr."""
    from .r1cs import R1CS
    secs = _binfile.read_sections(data, b"r1cs", 1, "r1cs")
    hdr = _binfile.Reader(_binfile.need(secs, 1, "r1cs"), "r1cs header")
    n8 = hdr.u32()
    _check_prime(n8, hdr.bigint(n8), N8R, "r1cs")
    n_wires, n_pub_out, n_pub_in, n_prv_in = hdr.u32(), hdr.u32(), hdr.u32(), hdr.u32()
    hdr.u64()  # nLabels
    n_constraints = hdr.u32()
    hdr.done()
    if 1 + n_pub_out + n_pub_in + n_prv_in > n_wires:
        raise DecodeError("r1cs header: more inputs and outputs than wires")
    body = _binfile.need(secs, 2, "r1cs")
    pos = 0
    constraints: list[Constraint] = []
    size = len(body)
    # Every count is checked against the bytes that must hold what it counts before anything is allocated
    # (a 4.4 KB file claiming 2^32 wires made `groth16 setup` allocate > 48 GB): a constraint takes at least 12
    # bytes (three term counts), a wire 8 bytes of the wire-to-label map (section 3), or -- without the map,
    # which circom always writes -- one term of section 2 (36 bytes) that references it.
    if n_constraints > size // 12:
        raise DecodeError(f"r1cs header: {n_constraints} constraints cannot fit in a {size}-byte section 2 "
                          "(12 bytes at least each)")
    if 3 in secs:
        if len(secs[3]) != 8 * n_wires:
            raise DecodeError(f"r1cs wire-to-label map: {len(secs[3])} bytes for nWires = {n_wires} (8 each)")
    elif n_wires > 1 + size // 36:
        raise DecodeError(f"r1cs header: nWires = {n_wires} but the file has no wire-to-label map and its "
                          f"constraints can reference at most {size // 36} wires")
    unpack = struct.unpack_from
    for _ in range(n_constraints):
        lcs = []
        for _ in range(3):
            if pos + 4 > size:
                raise DecodeError("r1cs constraints: truncated")
            (nt,) = unpack("<I", body, pos)
            pos += 4
            if pos + nt * 36 > size:
                raise DecodeError("r1cs constraints: truncated")
            lc = []
            for _ in range(nt):
                (wire,) = unpack("<I", body, pos)
                coef = int.from_bytes(body[pos + 4:pos + 36], "little")
                if wire >= n_wires:
                    raise DecodeError(f"r1cs constraints: wire {wire} >= nWires {n_wires}")
                if coef >= R:
                    raise DecodeError("r1cs constraints: coefficient is not < r")
                lc.append((wire, coef))
                pos += 36
            lcs.append(lc)
        a, b, c = lcs
        constraints.append((a, b, c))
    if pos != size:
        raise DecodeError("r1cs constraints: section longer than its constraints")
    labels: list[int] = []
    if 3 in secs:
        labels = list(struct.unpack(f"<{n_wires}Q", secs[3]))
    return R1CS(n_wires, n_pub_out, n_pub_in, n_prv_in, constraints, labels)


def write_r1cs(r1cs: R1CS) -> bytes:
    """A circom-style .r1cs (version 1; sections 1, 2, 3)."""
    n_labels = max(r1cs.labels) + 1 if r1cs.labels else r1cs.n_wires
    hdr = struct.pack("<I", N8R) + R.to_bytes(N8R, "little") + struct.pack(
        "<IIIIQI", r1cs.n_wires, r1cs.n_pub_out, r1cs.n_pub_in, r1cs.n_prv_in, n_labels, len(r1cs.constraints))
    parts = []
    for con in r1cs.constraints:
        for lc in con:
            parts.append(struct.pack("<I", len(lc)))
            for wire, coef in lc:
                parts.append(struct.pack("<I", wire) + (coef % R).to_bytes(N8R, "little"))
    labels = r1cs.labels or list(range(r1cs.n_wires))
    return _binfile.write_sections(b"r1cs", 1, [(1, hdr), (2, b"".join(parts)),
                                                (3, struct.pack(f"<{len(labels)}Q", *labels))])


# ---------------------------------------------------------------- .wtns


def read_wtns(data: bytes) -> bytes:
    """Parse a .wtns (version <= 2) over BLS12-381 Fr; returns the witness as n x 32-byte LE scalars.
    Values are checked canonical (< r) when they are loaded into C by the prover."""
    secs = _binfile.read_sections(data, b"wtns", 2, "wtns")
    hdr = _binfile.Reader(_binfile.need(secs, 1, "wtns"), "wtns header")
    n8 = hdr.u32()
    _check_prime(n8, hdr.bigint(n8), N8R, "wtns")
    n = hdr.u32()
    hdr.done()
    body = _binfile.need(secs, 2, "wtns")
    if len(body) != N8R * n:          # the count is checked against the section before anything is allocated
        raise DecodeError(f"wtns: section 2 has {len(body)} bytes, expected {n} x 32")
    if n == 0 or int.from_bytes(body[:N8R], "little") != 1:
        raise DecodeError("wtns: witness[0] (the constant ONE wire) must be 1")
    return bytes(body)


def write_wtns(witness: bytes | list[int]) -> bytes:
    """A .wtns (version 2) from n x 32-byte LE scalars or a list of integers."""
    if isinstance(witness, (list, tuple)):
        witness = b"".join((int(v) % R).to_bytes(N8R, "little") for v in witness)
    if len(witness) % N8R:
        raise DecodeError("witness bytes must be a multiple of 32")
    hdr = struct.pack("<I", N8R) + R.to_bytes(N8R, "little") + struct.pack("<I", len(witness) // N8R)
    return _binfile.write_sections(b"wtns", 2, [(1, hdr), (2, bytes(witness))])


# ---------------------------------------------------------------- .zkey (Groth16)


def read_zkey(data: bytes) -> ProvingKey:
    """Parse a Groth16 .zkey (version <= 2) for BLS12-381. Large sections stay views into ``data``."""
    from ._proving_key import ProvingKey
    secs = _binfile.read_sections(data, b"zkey", 2, "zkey")
    proto = _binfile.Reader(_binfile.need(secs, 1, "zkey"), "zkey section 1")
    protocol = proto.u32()
    proto.done()
    if protocol != PROTOCOL_GROTH16:
        raise DecodeError(f"zkey: protocol {protocol} is not Groth16 (1)")
    h = _binfile.Reader(_binfile.need(secs, 2, "zkey"), "zkey header")
    n8q = h.u32()
    q = h.bigint(n8q)
    n8r = h.u32()
    r = h.bigint(n8r)
    if n8q != N8Q or q != Q or n8r != N8R or r != R:
        raise DecodeError("zkey: curve is not bls12381 (header primes differ)")
    n_vars, n_public, domain_size = h.u32(), h.u32(), h.u32()
    alpha1, beta1 = bytes(h.take(96)), bytes(h.take(96))
    beta2, gamma2 = bytes(h.take(192)), bytes(h.take(192))
    delta1, delta2 = bytes(h.take(96)), bytes(h.take(192))
    h.done()
    co = _binfile.need(secs, 4, "zkey")
    if len(co) < 4:
        raise DecodeError("zkey section 4: truncated")
    (n_coefs,) = struct.unpack_from("<I", co, 0)
    if len(co) != 4 + 44 * n_coefs:
        raise DecodeError(f"zkey section 4: {len(co)} bytes for {n_coefs} coefficients")
    return ProvingKey(n_vars=n_vars, n_public=n_public, domain_size=domain_size, alpha1=alpha1, beta1=beta1,
                      beta2=beta2, gamma2=gamma2, delta1=delta1, delta2=delta2,
                      ic=_binfile.need(secs, 3, "zkey"), coeffs=co[4:], a=_binfile.need(secs, 5, "zkey"),
                      b1=_binfile.need(secs, 6, "zkey"), b2=_binfile.need(secs, 7, "zkey"),
                      c=_binfile.need(secs, 8, "zkey"), h=_binfile.need(secs, 9, "zkey"), mpc=secs.get(10))


def write_zkey(pk: ProvingKey, circuit_hash: bytes | None = None) -> bytes:
    """A Groth16 .zkey (version 1, sections 1..10 in order) that snarkjs can prove with and export a vk from.

    Section 10 (MPC transcript) records no contributions; ``circuit_hash`` (64 bytes) defaults to a
    blake2b-512 of the coefficient section (snarkjs's own hash covers the r1cs/ptau-derived sections and is
    only checked by ``zkey verify``, which also rejects keys that were not derived from a ptau file)."""
    hdr = (struct.pack("<I", N8Q) + Q.to_bytes(N8Q, "little") + struct.pack("<I", N8R) + R.to_bytes(N8R, "little")
           + struct.pack("<III", pk.n_vars, pk.n_public, pk.domain_size)
           + pk.alpha1 + pk.beta1 + pk.beta2 + pk.gamma2 + pk.delta1 + pk.delta2)
    coeffs = bytes(pk.coeffs)
    if circuit_hash is None:
        import hashlib
        circuit_hash = hashlib.blake2b(coeffs, digest_size=64).digest()
    mpc = bytes(pk.mpc) if pk.mpc is not None else circuit_hash + struct.pack("<I", 0)
    return _binfile.write_sections(b"zkey", 1, [
        (1, struct.pack("<I", PROTOCOL_GROTH16)), (2, hdr), (3, bytes(pk.ic)),
        (4, struct.pack("<I", len(coeffs) // 44) + coeffs), (5, bytes(pk.a)), (6, bytes(pk.b1)),
        (7, bytes(pk.b2)), (8, bytes(pk.c)), (9, bytes(pk.h)), (10, mpc)])


# ---------------------------------------------------------------- JSON (verification_key, proof, public)


def _dumps(obj: object) -> str:
    return json.dumps(obj, indent=1)


def _g1_json(p) -> list[str]:
    xy = g1_xy(p)
    return ["0", "1", "0"] if xy is None else [str(xy[0]), str(xy[1]), "1"]


def _g2_json(p) -> list[list[str]]:
    xy = g2_xy(p)
    if xy is None:
        return [["0", "0"], ["1", "0"], ["0", "0"]]
    (x0, x1), (y0, y1) = xy
    return [[str(x0), str(x1)], [str(y0), str(y1)], ["1", "0"]]


def _dec(v: object, what: str) -> int:
    if not is_canonical_decimal(v):
        raise DecodeError(f"{what}: expected a canonical decimal string (ASCII digits, no sign, spaces or "
                          f"leading zeros), got {v!r:.40}")
    return int(v)


def _fq(v: object, what: str) -> int:
    x = _dec(v, what)
    if x >= Q:
        raise DecodeError(f"{what}: coordinate is not < q")
    return x


def _g1_xy_from_json(v: object, what: str) -> tuple[int, int] | None:
    """The affine coordinates (None: infinity) of a G1 point as snarkjs writes it, with every rule of
    ``_g1_from_json`` but the point's own (on the curve, in the subgroup), which decoding the coordinates checks."""
    if not isinstance(v, list) or len(v) != 3:
        raise DecodeError(f"{what}: a G1 point is a list [x, y, z] of 3 decimal strings")
    x, y, z = (_fq(c, what) for c in v)
    if z == 0:
        if (x, y) != (0, 1):
            raise DecodeError(f'{what}: the point at infinity is written ["0", "1", "0"]')
        return None
    if z != 1:
        raise DecodeError(f'{what}: an affine point has z = "1" (as snarkjs writes it)')
    return x, y


def _g1_from_json(v: object, what: str):
    """A G1 point as snarkjs writes it: [x, y, "1"] (affine), or exactly ["0", "1", "0"] for infinity. Any
    other Z (the same point in other projective coordinates) is refused: one point, one spelling."""
    return g1_from_xy(_g1_xy_from_json(v, what))


def _fq2_from_json(v: object, what: str) -> tuple[int, int]:
    if not isinstance(v, list) or len(v) != 2:
        raise DecodeError(f"{what}: an Fp2 element is a list [c0, c1]")
    return _fq(v[0], what), _fq(v[1], what)


def _g2_xy_from_json(v: object, what: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The affine coordinates (None: infinity) of a G2 point as snarkjs writes it, with every rule of
    ``_g2_from_json`` but the point's own (on the curve, in the subgroup), which decoding the coordinates checks."""
    if not isinstance(v, list) or len(v) != 3:
        raise DecodeError(f"{what}: a G2 point is a list [x, y, z] of Fp2 pairs")
    x, y, z = (_fq2_from_json(c, what) for c in v)
    if z == (0, 0):
        if (x, y) != ((0, 0), (1, 0)):
            raise DecodeError(f'{what}: the point at infinity is written [["0", "0"], ["1", "0"], ["0", "0"]]')
        return None
    if z != (1, 0):
        raise DecodeError(f'{what}: an affine point has z = ["1", "0"] (as snarkjs writes it)')
    return x, y


def _g2_from_json(v: object, what: str):
    """A G2 point as snarkjs writes it: [x, y, ["1", "0"]] (affine), or exactly [["0", "0"], ["1", "0"],
    ["0", "0"]] for infinity; any other Z is refused."""
    return g2_from_xy(_g2_xy_from_json(v, what))


def _curve_ok(name: object, what: str) -> None:
    if not isinstance(name, str) or "".join(ch for ch in name.lower() if ch.isalnum()) != CURVE:
        raise DecodeError(f"{what}: curve {name!r:.40} is not bls12381")


def _load(text: str | bytes | object, what: str) -> object:
    """JSON text (str or bytes) decoded strictly by zkcred._json.loads (nesting depth, duplicate keys, NaN,
    UTF-8); an already decoded object is returned as it is."""
    if isinstance(text, (str, bytes, bytearray)):
        from .._json import loads
        return loads(text, what)
    return text


def _gt_json(gt) -> list:
    b = gt.to_bytes()
    c = [str(int.from_bytes(b[i:i + 48], "big")) for i in range(0, 576, 48)]
    return [[[c[0], c[1]], [c[2], c[3]], [c[4], c[5]]], [[c[6], c[7]], [c[8], c[9]], [c[10], c[11]]]]


def vk_to_json(vk: VerifyingKey) -> str:
    """verification_key.json exactly as ``snarkjs zkey export verificationkey`` writes it."""
    from ..bls12_381 import pairing
    obj = {
        "protocol": "groth16", "curve": CURVE, "nPublic": vk.n_public,
        "vk_alpha_1": _g1_json(vk.alpha1), "vk_beta_2": _g2_json(vk.beta2), "vk_gamma_2": _g2_json(vk.gamma2),
        "vk_delta_2": _g2_json(vk.delta2), "vk_alphabeta_12": _gt_json(pairing(vk.alpha1, vk.beta2)),
        "IC": [_g1_json(p) for p in vk.ic],
    }
    return _dumps(obj)


def read_vk_json(text: str | bytes | object) -> VerifyingKey:
    obj = _load(text, "verification key")
    if not isinstance(obj, dict):
        raise DecodeError("verification key: expected a JSON object")
    if obj.get("protocol") != "groth16":
        raise DecodeError(f"verification key: protocol {obj.get('protocol')!r:.40} is not groth16")
    _curve_ok(obj.get("curve"), "verification key")
    try:
        ic = obj["IC"]
        if not isinstance(ic, list) or not ic:
            raise DecodeError("verification key: IC must be a non-empty list of G1 points")
        n_public = obj.get("nPublic", len(ic) - 1)
        if isinstance(n_public, bool) or not isinstance(n_public, int) or n_public != len(ic) - 1:
            raise DecodeError("verification key: nPublic must equal len(IC) - 1")
        vk = VerifyingKey(_g1_from_json(obj["vk_alpha_1"], "vk_alpha_1"),
                          _g2_from_json(obj["vk_beta_2"], "vk_beta_2"),
                          _g2_from_json(obj["vk_gamma_2"], "vk_gamma_2"),
                          _g2_from_json(obj["vk_delta_2"], "vk_delta_2"),
                          tuple(_g1_from_json(p, f"IC[{i}]") for i, p in enumerate(ic)))
    except KeyError as e:
        raise DecodeError(f"verification key: field {e.args[0]} is missing") from None
    check_vk(vk)
    return vk


def proof_to_json(proof: Proof) -> str:
    """proof.json exactly as ``snarkjs groth16 prove`` writes it."""
    return _dumps({"pi_a": _g1_json(proof.a), "pi_b": _g2_json(proof.b), "pi_c": _g1_json(proof.c),
                   "protocol": "groth16", "curve": CURVE})


def read_proof_json(text: str | bytes | object) -> Proof:
    """Parse proof.json; the points are checked in range, on the curve and in the subgroup."""
    obj = _load(text, "proof")
    if not isinstance(obj, dict):
        raise DecodeError("proof: expected a JSON object")
    if obj.get("protocol", "groth16") != "groth16":
        raise DecodeError(f"proof: protocol {obj.get('protocol')!r:.40} is not groth16")
    if "curve" in obj:
        _curve_ok(obj["curve"], "proof")
    try:
        return Proof(_g1_from_json(obj["pi_a"], "pi_a"), _g2_from_json(obj["pi_b"], "pi_b"),
                     _g1_from_json(obj["pi_c"], "pi_c"))
    except KeyError as e:
        raise DecodeError(f"proof: field {e.args[0]} is missing") from None


def public_to_json(public: list[int]) -> str:
    return _dumps([str(int(v)) for v in public])


def read_public_json(text: str | bytes | object) -> list[int]:
    """Parse public.json: decimal strings, each in [0, r)."""
    obj = _load(text, "public signals")
    if not isinstance(obj, list):
        raise DecodeError("public signals: expected a JSON array of decimal strings")
    out = []
    for i, v in enumerate(obj):
        x = _dec(v, f"public signal {i}")
        if x >= R:
            raise DecodeError(f"public signal {i} is not < r")
        out.append(x)
    return out
