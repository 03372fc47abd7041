"""Solidity verifiers for BLS12-381 Groth16 and LegoGroth16 on the EVM's EIP-2537 precompiles, and their calldata.

    from zkcred.groth16 import solidity
    source = solidity.export_solidity(vk)              # Groth16 VerifyingKey or lego.LegoVerifyingKey
    args = solidity.calldata(proof, public)            # the verifyProof arguments, as lists of ints
    print(solidity.calldata_text(proof, public))       # the same, as `snarkjs zkey export soliditycalldata` prints
    solidity.verify_calldata(vk, args)                 # what the contract decides, in Python: None or raises

The contract (one per key; the key is compiled in as constants) exposes, for a Groth16 key with n public inputs,

    function verifyProof(uint256[4] _pA, uint256[8] _pB, uint256[4] _pC, uint256[n] _pubSignals)
        public view returns (bool)

the shape of snarkjs's BN254 verifier, with BLS12-381's points in the precompiles' encoding
(``zkcred.bls12_381.eip2537``): each 48-byte coordinate is two words (hi: 16 zero bytes and the top 16 bytes;
lo: the low 32 bytes), so ``_pA`` = [x_hi, x_lo, y_hi, y_lo] and ``_pB`` = x.c0, x.c1, y.c0, y.c1 (hi, lo each).
Unlike snarkjs's BN254 calldata, the G2 coordinates are NOT swapped: EIP-2537 takes c0 first. The point at
infinity is all zeros. ``_pubSignals`` are the circuit's public signals in public.json order.

What it checks, in one MSM and one pairing call (so ~191,300 gas of precompiles for n = 2):
1. every public signal < r (else false);
2. vk_x = IC_0 + MSM(IC_1..IC_n; pub) (G1MSM 0x0c, then G1ADD 0x0b);
3. e(A, B) e(alpha, -beta) e(vk_x, -gamma) e(C, -delta) == 1 (PAIRING_CHECK 0x0f, four pairs): -beta, -gamma and
   -delta are negated at generation, so e(alpha, beta) costs one pair and no proof point is rewritten.
The precompiles reject coordinates >= p, points off the curve and (MSM, pairing) outside the subgroup: A, B, C are
checked by the pairing call. Each precompile gets exactly its price in gas, so a malformed point costs no more
than a valid one and ``verifyProof`` returns false rather than reverting.

LegoGroth16 (``zkcred.groth16.lego``). The verifier adds D to vk_x (e(A, B) = e(alpha, beta) e(PI + D, gamma)
e(C, delta)) and rejects A or B at infinity, as ``lego.verify`` does. That equation alone is unsound (lego's
SECURITY note: D is free), so the contract also checks a Schnorr proof of knowledge of D's opening
(m_1..m_k, v) in the bases commit_bases, eta_gamma1 (``prove_opening``), which makes it a sound, standalone
verifier of "the circuit holds for the public signals and some committed values": T, z_1..z_k, z_v with
c = hash_to_scalar(vk_digest || A || B || C || D || pub || T) and sum z_i base_i + z_v eta_gamma1 - c D - T = O,
checked with one more G1MSM (k + 3 points). Linking D's values to a BBS credential on chain (the credential
layer's shared response) is not done here::

    function verifyProof(uint256[4] _pA, uint256[8] _pB, uint256[4] _pC, uint256[4] _pD, uint256[n] _pubSignals,
                         uint256[4] _pT, uint256[k + 1] _z) public view returns (bool)
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..bls12_381 import eip2537
from ..errors import DecodeError, VerificationError
from .keys import Proof, R, VerifyingKey, check_vk

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import TypeGuard

    from ..bls12_381 import G1, Fr
    from .lego import LegoProof, LegoVerifyingKey, Opening

__all__ = ["export_solidity", "calldata", "calldata_text", "verify_calldata", "function_signature", "encode_call",
           "prove_opening", "opening_challenge", "OpeningProof", "precompile_gas", "OPENING_DST", "SOLC_PRAGMA"]

SOLC_PRAGMA = "pragma solidity >=0.8.24 <0.9.0;"
#: The domain separation tag of the LegoGroth16 opening proof's challenge (expand_message_xmd, SHA-256).
OPENING_DST = b"ZKCRED_LEGOGROTH16_OPENING_XMD:SHA-256_V1_"
_P = eip2537.P


def _is_lego(vk: object) -> TypeGuard[LegoVerifyingKey]:
    from .lego import LegoVerifyingKey
    return isinstance(vk, LegoVerifyingKey)


def _check_key(vk: VerifyingKey | LegoVerifyingKey) -> None:
    if isinstance(vk, VerifyingKey):
        check_vk(vk)
    elif not _is_lego(vk):
        raise TypeError(f"expected a Groth16 or LegoGroth16 verifying key, not {type(vk).__name__}")
    elif vk.n_committed == 0:
        raise DecodeError("LegoGroth16 verifying key without committed wires: export it as a Groth16 key")


def function_signature(vk: VerifyingKey | LegoVerifyingKey) -> str:
    """The Solidity signature of the contract's verifyProof (for the selector)."""
    n = vk.n_public
    pub = f",uint256[{n}]" if n else ""
    if _is_lego(vk):
        return f"verifyProof(uint256[4],uint256[8],uint256[4],uint256[4]{pub},uint256[4],uint256[{vk.n_committed + 1}])"
    return f"verifyProof(uint256[4],uint256[8],uint256[4]{pub})"


def precompile_gas(vk: VerifyingKey | LegoVerifyingKey) -> int:
    """The precompiles' price of one verifyProof call (EIP-2537 schedule): G1MSM over the public inputs, G1ADDs,
    PAIRING_CHECK of four pairs, and for LegoGroth16 the opening proof's G1MSM (SHA-256 calls not counted)."""
    n = vk.n_public
    gas = eip2537.pairing_gas(4) + (eip2537.g1msm_gas(n) + eip2537.G1ADD_GAS if n else 0)
    if _is_lego(vk):
        gas += eip2537.G1ADD_GAS + eip2537.g1msm_gas(vk.n_committed + 3)
    return gas


# ---------------------------------------------------------------- Solidity generation


def _hex(w: int) -> str:
    return f"0x{w:064x}"


def _store_words(lines: list[str], base: str, offset: int, words: Sequence[int], indent: str) -> None:
    for i, w in enumerate(words):
        lines.append(f"{indent}mstore(add({base}, {offset + 32 * i}), {_hex(w)})")



_XMD = """
    /// hash_to_scalar: OS2IP(expand_message_xmd(message, DST, 48)) mod r (RFC 9380 5.3.1 with SHA-256, the
    /// precompile at 0x02); dstPrime is DST || I2OSP(len(DST), 1).
    function _hashToScalar(bytes memory message, bytes memory dstPrime) private view returns (uint256) {
        bytes32 b0 = sha256(abi.encodePacked(bytes32(0), bytes32(0), message, uint16(48), uint8(0), dstPrime));
        bytes32 b1 = sha256(abi.encodePacked(b0, uint8(1), dstPrime));
        bytes32 b2 = sha256(abi.encodePacked(b0 ^ b1, uint8(2), dstPrime));
        return addmod(mulmod(uint256(b1), 1 << 128, R), uint256(b2) >> 128, R);
    }
"""


def export_solidity(vk: VerifyingKey | LegoVerifyingKey, contract_name: str | None = None) -> str:
    """The Solidity source of a verifier for ``vk`` (module docstring). Deterministic: the same key gives the
    same text. DecodeError for a key no proof can be sound under (``keys.check_vk``)."""
    lego = _is_lego(vk)
    _check_key(vk)
    lk: Any = vk        # the LegoGroth16 fields, read only when lego
    name = contract_name or ("LegoGroth16Verifier" if lego else "Groth16Verifier")
    if not name.isidentifier() or not name.isascii():
        raise ValueError(f"contract name {name!r:.40} is not a Solidity identifier")
    n = vk.n_public
    ind = " " * 12
    body: list[str] = []
    body.append(f"{ind}let p := mload(0x40)")
    body.append(f"{ind}let ok := 1")
    body.append(f"{ind}// pair 0: (A, B) as given")
    body.append(f"{ind}calldatacopy(p, _pA, 128)")
    body.append(f"{ind}calldatacopy(add(p, 128), _pB, 256)")
    if lego:
        body.append(f"{ind}// A and B must not be the point at infinity (lego.verify)")
        body.append(f"{ind}ok := and(iszero(iszero(or(or(mload(p), mload(add(p, 32))), or(mload(add(p, 64)), "
                    f"mload(add(p, 96)))))), ok)")
        body.append(f"{ind}let bb := 0")
        body.append(f"{ind}for {{ let i := 128 }} lt(i, 384) {{ i := add(i, 32) }} {{ bb := or(bb, mload(add(p, i))) }}")
        body.append(f"{ind}ok := and(ok, iszero(iszero(bb)))")
    body.append(f"{ind}// pair 1: (alpha, -beta)")
    _store_words(body, "p", 384, eip2537.g1_to_words(vk.alpha1), ind)
    _store_words(body, "p", 512, eip2537.g2_to_words(-vk.beta2), ind)
    body.append(f"{ind}// pair 3: (C, -delta)")
    body.append(f"{ind}calldatacopy(add(p, 1152), _pC, 128)")
    _store_words(body, "p", 1280, eip2537.g2_to_words(-vk.delta2), ind)
    body.append(f"{ind}// pair 2: (vk_x, -gamma), vk_x = IC_0 + sum pub_i IC_i" + (" + D" if lego else ""))
    if n:
        body.append(f"{ind}let q := add(p, 1536)")
        for i in range(n):
            _store_words(body, "q", 160 * i, eip2537.g1_to_words(vk.ic[i + 1]), ind)
            body.append(f"{ind}{{ let s := calldataload(add(_pubSignals, {32 * i})) ok := and(ok, lt(s, R)) "
                        f"mstore(add(q, {160 * i + 128}), s) }}")
        body.append(f"{ind}ok := and(ok, staticcall({eip2537.g1msm_gas(n)}, 0x0c, q, {160 * n}, add(p, 768), 128))")
        _store_words(body, "p", 896, eip2537.g1_to_words(vk.ic[0]), ind)
        body.append(f"{ind}ok := and(ok, staticcall({eip2537.G1ADD_GAS}, 0x0b, add(p, 768), 256, add(p, 768), 128))")
    else:
        _store_words(body, "p", 768, eip2537.g1_to_words(vk.ic[0]), ind)
    if lego:
        body.append(f"{ind}calldatacopy(add(p, 896), _pD, 128)")
        body.append(f"{ind}ok := and(ok, staticcall({eip2537.G1ADD_GAS}, 0x0b, add(p, 768), 256, add(p, 768), 128))")
    _store_words(body, "p", 896, eip2537.g2_to_words(-vk.gamma2), ind)
    body.append(f"{ind}ok := and(ok, staticcall({eip2537.pairing_gas(4)}, 0x0f, p, 1536, 0, 32))")
    body.append(f"{ind}result := and(ok, eq(mload(0), 1))")

    vk_comment = ("LegoGroth16 (zkcred.groth16.lego)" if lego else "Groth16")
    out: list[str] = [
        "// SPDX-License-Identifier: MIT",
        "// Generated by zkcred (zkcred groth16 export-solidity): do not edit; regenerate from the verifying key.",
        SOLC_PRAGMA,
        "",
        f"/// @title {vk_comment} verifier on BLS12-381 with the EIP-2537 precompiles",
        "/// @notice Points are in the precompiles' encoding: each 48-byte coordinate as two uint256 words (hi: 16 zero",
        "/// bytes then the top 16 bytes; lo: the low 32 bytes); G2 as x.c0, x.c1, y.c0, y.c1 (c0 first, unlike",
        "/// EIP-197); infinity all zeros. `zkcred groth16 calldata` prints the arguments. Returns false, never",
        "/// reverts, for an invalid proof (each precompile is given exactly its price in gas).",
        f"contract {name} {{",
        "    /// The order r of the BLS12-381 groups: public signals must be below it.",
        f"    uint256 internal constant R = {_hex(R)};",
        f"    uint256 public constant N_PUBLIC = {n};",
    ]
    if lego:
        out += [
            f"    uint256 public constant N_COMMITTED = {lk.n_committed};",
            "    /// SHA-256 of the verifying key's canonical bytes (LegoVerifyingKey.digest), bound by the challenge.",
            f"    bytes32 public constant VK_DIGEST = 0x{lk.digest().hex()};",
            f"    /// DST || I2OSP(len(DST), 1) of the opening proof's challenge, DST = \"{OPENING_DST.decode()}\"",
            f"    bytes internal constant DST_PRIME = hex\"{(OPENING_DST + bytes([len(OPENING_DST)])).hex()}\";",
        ]
    params = ["uint256[4] calldata _pA", "uint256[8] calldata _pB", "uint256[4] calldata _pC"]
    if lego:
        params.append("uint256[4] calldata _pD")
    if n:
        params.append(f"uint256[{n}] calldata _pubSignals")
    if lego:
        params += ["uint256[4] calldata _pT", f"uint256[{lk.n_committed + 1}] calldata _z"]
    out += [
        "",
        "    /// @return result true when the proof verifies for the public signals",
        f"    function verifyProof({', '.join(params)})",
        "        public view returns (bool result)",
        "    {",
        "        assembly (\"memory-safe\") {",
        *body,
        "        }",
    ]
    if lego:
        out += ["        if (result) {", "            result = _verifyOpening(_pD, _pT, _z);", "        }"]
    out += ["    }"]
    if lego:
        k = lk.n_committed
        end = 4 + 32 * (4 + 8 + 4 + 4 + n + 4)
        o: list[str] = []
        o.append(f"{ind}let q := mload(0x40)")
        o.append(f"{ind}let ok := 1")
        for i, base in enumerate(list(lk.commit_bases) + [lk.eta_gamma1]):
            _store_words(o, "q", 160 * i, eip2537.g1_to_words(base), ind)
            o.append(f"{ind}{{ let s := calldataload(add(_z, {32 * i})) ok := and(ok, lt(s, R)) "
                     f"mstore(add(q, {160 * i + 128}), s) }}")
        o.append(f"{ind}calldatacopy(add(q, {160 * (k + 1)}), _pD, 128)")
        o.append(f"{ind}mstore(add(q, {160 * (k + 1) + 128}), sub(R, c))")
        o.append(f"{ind}calldatacopy(add(q, {160 * (k + 2)}), _pT, 128)")
        o.append(f"{ind}mstore(add(q, {160 * (k + 2) + 128}), sub(R, 1))")
        o.append(f"{ind}let out := add(q, {160 * (k + 3)})")
        o.append(f"{ind}ok := and(ok, staticcall({eip2537.g1msm_gas(k + 3)}, 0x0c, q, {160 * (k + 3)}, out, 128))")
        o.append(f"{ind}valid := and(ok, iszero(or(or(mload(out), mload(add(out, 32))), "
                 "or(mload(add(out, 64)), mload(add(out, 96))))))")
        out += [
            "",
            "    /// The Schnorr proof of knowledge of D's opening: sum z_i base_i + z_v eta_gamma1 == T + c D, with",
            "    /// c = hash_to_scalar(VK_DIGEST || A || B || C || D || pub || T) over the calldata words.",
            "    function _verifyOpening(uint256[4] calldata _pD, uint256[4] calldata _pT,",
            f"                            uint256[{k + 1}] calldata _z) private view returns (bool valid) {{",
            f"        uint256 c = _hashToScalar(abi.encodePacked(VK_DIGEST, msg.data[4:{end}]), DST_PRIME);",
            "        assembly (\"memory-safe\") {",
            *o,
            "        }",
            "    }",
            _XMD.rstrip("\n"),
        ]
    out += ["}", ""]
    return "\n".join(out)


# ---------------------------------------------------------------- calldata


class OpeningProof:
    """The LegoGroth16 opening proof checked on chain: ``t`` (G1, the commitment T) and ``z`` (tuple of Fr:
    z_1..z_k, z_v)."""

    __slots__ = ("t", "z")

    def __init__(self, t: G1, z: Sequence[Fr]) -> None:
        self.t, self.z = t, tuple(z)


def opening_challenge(vk: LegoVerifyingKey, proof: LegoProof, public: Sequence[int], t: G1) -> Fr:
    """c = OS2IP(expand_message_xmd(vk.digest() || A || B || C || D || pub || T, OPENING_DST, 48)) mod r, every
    point in its EIP-2537 words and every public input a 32-byte word: the contract's calldata bytes."""
    from ..bls12_381 import Fr
    from ..bls12_381.hash_to_curve import expand_message_xmd
    words = (eip2537.g1_to_words(proof.a) + eip2537.g2_to_words(proof.b) + eip2537.g1_to_words(proof.c)
             + eip2537.g1_to_words(proof.d) + [int(v) for v in public] + eip2537.g1_to_words(t))
    msg = vk.digest() + eip2537.words_to_bytes(words)
    return Fr(int.from_bytes(expand_message_xmd(msg, OPENING_DST, 48), "big") % R)


def prove_opening(vk: LegoVerifyingKey, public: Sequence[int], proof: LegoProof, opening: Opening) -> OpeningProof:
    """A Schnorr proof of knowledge of (m_1..m_k, v) with D = sum m_i commit_bases[i] + v eta_gamma1, bound to the
    proof and public inputs (Fiat-Shamir, ``opening_challenge``). The blindings t are fresh and secret: T is a
    constant-time MSM and the responses z = t + c * opening are Fr (constant-time) arithmetic."""
    from ..bls12_381 import G1, Fr
    if len(opening.values) != vk.n_committed:
        raise DecodeError(f"opening has {len(opening.values)} values, the key commits {vk.n_committed}")
    t = [Fr.random() for _ in range(vk.n_committed + 1)]
    T = G1.msm_ct(list(vk.commit_bases) + [vk.eta_gamma1], t)
    c = opening_challenge(vk, proof, public, T)
    secrets = list(opening.values) + [opening.v]
    return OpeningProof(T, [ti + c * si for ti, si in zip(t, secrets)])


def calldata(proof: Proof | LegoProof, public: Sequence[int], opening_proof: OpeningProof | None = None
             ) -> list[Any]:
    """verifyProof's arguments as lists of ints: [pA, pB, pC, pub] (Groth16) or [pA, pB, pC, pD, pub, pT, z]
    (LegoGroth16, with ``opening_proof`` from ``prove_opening``). The public list is omitted when empty, as in
    the contract's signature."""
    from .lego import LegoProof
    pub = [int(v) for v in public]
    args: list[Any] = [eip2537.g1_to_words(proof.a), eip2537.g2_to_words(proof.b), eip2537.g1_to_words(proof.c)]
    if isinstance(proof, LegoProof):
        if opening_proof is None:
            raise ValueError("LegoGroth16 calldata needs the opening proof (prove_opening)")
        args.append(eip2537.g1_to_words(proof.d))
        if pub:
            args.append(pub)
        args += [eip2537.g1_to_words(opening_proof.t), [int(z) for z in opening_proof.z]]
    else:
        if opening_proof is not None:
            raise ValueError("a Groth16 proof has no opening proof")
        if pub:
            args.append(pub)
    return args


def calldata_text(proof: Proof | LegoProof, public: Sequence[int], opening_proof: OpeningProof | None = None) -> str:
    """The arguments as `snarkjs zkey export soliditycalldata` prints them: comma-separated JSON arrays of
    0x-prefixed 32-byte hex words (here flat arrays: pA of 4 words, pB of 8, pC of 4, then the signals)."""
    args = calldata(proof, public, opening_proof)
    return ",".join("[" + ",".join(f'"{_hex(w)}"' for w in a) + "]" for a in args)


def encode_call(vk: VerifyingKey | LegoVerifyingKey, args: Sequence[Sequence[int]]) -> bytes:
    """The transaction data of verifyProof(args): the selector, then the words (every argument is a static
    uint256 array, so the ABI encoding is their concatenation). Needs eth-utils (the ``evm`` extra)."""
    from eth_utils import keccak
    selector = bytes(keccak(function_signature(vk).encode()))[:4]
    return selector + b"".join(w.to_bytes(32, "big") for a in args for w in a)


def verify_calldata(vk: VerifyingKey | LegoVerifyingKey, args: Sequence[Sequence[int]]) -> None:
    """The contract's decision in Python: None when verifyProof(args) returns true, else DecodeError (a point or
    word the precompiles reject) or VerificationError. Decodes the words by EIP-2537's rules
    (``eip2537.g1_from_words``...), then runs ``core.verify`` (or ``lego.verify`` and the opening proof)."""
    from . import core
    lego = _is_lego(vk)
    _check_key(vk)
    lk: Any = vk
    n = vk.n_public
    want = [4, 8, 4] + ([4] if lego else []) + ([n] if n else []) + ([4, lk.n_committed + 1] if lego else [])
    if len(args) != len(want) or any(len(a) != k for a, k in zip(args, want)):
        raise DecodeError(f"calldata: expected arrays of {want} words")
    for arg in args:
        for w in arg:
            if isinstance(w, bool) or not isinstance(w, int) or not 0 <= w < 1 << 256:
                raise DecodeError("calldata: every word must be a uint256")
    a = eip2537.g1_from_words(args[0], "pA")
    b = eip2537.g2_from_words(args[1], "pB")
    c = eip2537.g1_from_words(args[2], "pC")
    if isinstance(vk, VerifyingKey):
        core.verify(vk, list(args[3]) if n else [], Proof(a, b, c))
        return
    from . import lego as lg
    d = eip2537.g1_from_words(args[3], "pD")
    pub = list(args[4]) if n else []
    t_words, z = args[-2], args[-1]
    t = eip2537.g1_from_words(t_words, "pT")
    proof = lg.LegoProof(a, b, c, d)
    lg.verify(lk, pub, proof)
    if any(zi >= R for zi in z):
        raise VerificationError("opening proof: a response is not < r")
    from ..bls12_381 import G1, Fr
    ch = opening_challenge(lk, proof, pub, t)
    lhs = G1.msm_var(list(lk.commit_bases) + [lk.eta_gamma1], [Fr(zi) for zi in z])
    if lhs != t + d.mul_var(ch):
        raise VerificationError("opening proof: sum z_i base_i + z_v eta_gamma1 != T + c D")
