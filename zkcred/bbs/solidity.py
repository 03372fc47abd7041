"""A Solidity verifier for BBS proofs (draft-irtf-cfrg-bbs-signatures, ProofVerify, BLS12-381-SHA-256) on the
EVM's EIP-2537 precompiles: selective disclosure of messages signed under one issuer key.

    from zkcred.bbs import solidity
    source = solidity.verifier_source(pk, n_messages=10, header=b"")     # one contract per (key, L, header)
    args = solidity.calldata(pk, proof, header, ph, disclosed_messages, disclosed_indexes)
    data = solidity.encode_call(args)                                  # needs the evm extra (eth-abi)
    solidity.verify_calldata(pk, 10, b"", args)                        # the contract's decision, in Python

The contract fixes at generation the issuer key W, the number of signed messages L, the header, and what follows
from them: the generators H_1..H_L, domain = calculate_domain(PK, Q_1, H, header) and B_0 = P1 + domain * Q_1.
Its entry point is

    function verifyProof(bytes proof, bytes hints, bytes ph, uint256[] disclosedIndexes,
                         bytes[] disclosedMessages) external view returns (bool)

``proof`` is the zkcred/IETF proof octets (Abar, Bbar, D compressed, then e^, r1^, r3^, m^_j, c); the disclosed
messages are the original octet strings (mapped to scalars on chain with hash_to_scalar and the MAP DST) and the
indexes are 0-based, strictly ascending. ``hints`` (640 bytes) are five G1 points in EIP-2537 encoding: Abar,
Bbar, D uncompressed (decompression needs a square root in Fp, which costs more than the rest of the check on the
EVM), and T1, T2 (the points ProofVerifyInit recomputes). The contract:

1. checks the shapes (|proof| = 272 + 32 (L - R)) and every proof scalar in [1, r - 1] (octets_to_proof);
2. checks that Abar, Bbar, D's hints are not the identity and compress to the proof's 48-byte encodings;
3. recomputes the challenge c' = hash_to_scalar(R || (i, msg_i)... || Abar || Bbar || D || T1 || T2 || domain ||
   len(ph) || ph) with expand_message_xmd over the SHA-256 precompile (T1, T2 compressed from their hints) and
   requires c' = c;
4. checks the hints T1, T2 in ONE G1MSM (0x0c, L + 6 points): with rho = keccak256(calldata) mod r,
   rho (c Bbar + e^ Abar + r1^ D - T1) + (c B_0 + sum_disclosed c msg_i H_i + r3^ D + sum_undisclosed m^_j H_j - T2)
   must be the identity (a wrong hint survives with probability 1/r; rho depends on every input);
5. checks e(Abar, W) e(Bbar, -BP2) = 1 in ONE PAIRING_CHECK (0x0f, 2 pairs).
The precompiles check every hint on the curve and in the subgroup. ``verify_calldata`` makes the same decision
in Python (the hints must equal the points zkcred computes, then ``bbs.proof_verify``).
Only the SHA-256 ciphersuite: the EVM has no SHAKE-256 precompile.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..bls12_381 import eip2537
from ..bls12_381._fr import CURVE_ORDER as R
from ..errors import DecodeError, VerificationError
from . import _core
from ._suite import BLS12_381_SHA_256, Ciphersuite, _octets, get_suite

__all__ = ["verifier_source", "calldata", "encode_call", "verify_calldata", "precompile_gas", "FUNCTION_SIGNATURE",
           "HINTS_LENGTH"]

FUNCTION_SIGNATURE = "verifyProof(bytes,bytes,bytes,uint256[],bytes[])"
HINTS_LENGTH = 5 * 128
_P = eip2537.P
_HALF = (_P - 1) // 2


def _suite(suite: Ciphersuite | str) -> Ciphersuite:
    s = get_suite(suite)
    if s is not BLS12_381_SHA_256:
        raise ValueError("the on-chain BBS verifier supports BLS12-381-SHA-256 only (no SHAKE-256 precompile)")
    return s


def _key_constants(pk: bytes, n_messages: int, header: bytes, suite: Ciphersuite):
    if isinstance(n_messages, bool) or not isinstance(n_messages, int) or not 1 <= n_messages <= 120:
        raise ValueError("n_messages must be an int in [1, 120]")
    pk = _octets(pk, "public key")
    header = _octets(header, "header")
    W = _core.octets_to_pubkey(pk)
    api_id = suite.api_id
    gens = suite.create_generators(n_messages + 1, api_id)
    domain = _core.calculate_domain(pk, gens[0], gens[1:], header, api_id, suite)
    b0 = suite.P1 + gens[0] * domain
    return W, gens, domain, b0


def precompile_gas(n_messages: int) -> int:
    """The precompiles' price of one verifyProof call: G1MSM of L + 6 points and a 2-pair PAIRING_CHECK (the
    SHA-256 calls, ~0.5-1k gas, not counted)."""
    return eip2537.g1msm_gas(n_messages + 6) + eip2537.pairing_gas(2)


def _hexbytes(b: bytes) -> str:
    return f'hex"{b.hex()}"'


def verifier_source(pk: bytes, n_messages: int, header: bytes = b"", contract_name: str = "BbsVerifier",
                    suite: Ciphersuite | str = BLS12_381_SHA_256) -> str:
    """The Solidity source of a BBS proof verifier for issuer key ``pk`` (96 bytes), signatures over exactly
    ``n_messages`` messages and this ``header`` (module docstring). Deterministic."""
    s = _suite(suite)
    if not contract_name.isidentifier() or not contract_name.isascii():
        raise ValueError(f"contract name {contract_name!r:.40} is not a Solidity identifier")
    W, gens, domain, b0 = _key_constants(pk, n_messages, header, s)
    api_id = s.api_id
    h2s = api_id + b"H2S_"
    mapd = api_id + b"MAP_MSG_TO_SCALAR_AS_HASH_"
    L = n_messages
    k = L + 6
    g_words = eip2537.g1_to_padded(b0) + b"".join(eip2537.g1_to_padded(h) for h in gens[1:])
    from ..bls12_381 import G2
    pair_g2 = eip2537.g2_to_padded(W) + eip2537.g2_to_padded(-G2.generator())
    return f"""// SPDX-License-Identifier: MIT
// Generated by zkcred (zkcred.bbs.solidity.verifier_source): do not edit; regenerate from the issuer key.
pragma solidity >=0.8.24 <0.9.0;

/// @title BBS proof verifier (draft-irtf-cfrg-bbs-signatures ProofVerify, BLS12-381-SHA-256) on EIP-2537
/// @notice One issuer key, {L} signed messages, a fixed header. See zkcred/bbs/solidity.py for the calldata:
/// proof octets, hints (Abar, Bbar, D, T1, T2 as 128-byte EIP-2537 G1 points), presentation header, disclosed
/// indexes (0-based, ascending) and messages. Returns false, never reverts, for an invalid proof.
contract {contract_name} {{
    uint256 internal constant R = 0x{R:064x};
    uint256 internal constant HALF_HI = 0x{_HALF >> 256:064x};
    uint256 internal constant HALF_LO = 0x{_HALF & ((1 << 256) - 1):064x};
    /// the number of signed messages L
    uint256 public constant L = {L};
    /// calculate_domain(PK, Q_1, (H_1..H_L), header, api_id)
    uint256 public constant DOMAIN = 0x{int(domain):064x};
    /// the issuer's public key (compressed G2)
    bytes public constant PUBLIC_KEY = {_hexbytes(pk)};
    /// the header every accepted signature was made with
    bytes public constant HEADER = {_hexbytes(header)};
    /// DST || I2OSP(len(DST), 1) for hash_to_scalar (challenge) and for messages_to_scalars
    bytes internal constant DST_H2S_PRIME = {_hexbytes(h2s + bytes([len(h2s)]))};
    bytes internal constant DST_MAP_PRIME = {_hexbytes(mapd + bytes([len(mapd)]))};
    /// B_0 = P1 + DOMAIN * Q_1, then H_1..H_L (EIP-2537 G1, 128 bytes each)
    bytes internal constant GENERATORS = {_hexbytes(g_words)};
    /// W (the public key) and -BP2 (EIP-2537 G2, 256 bytes each)
    bytes internal constant PAIRING_G2 = {_hexbytes(pair_g2)};

    /// @return true when the proof verifies for the disclosed messages at the disclosed indexes
    function verifyProof(bytes calldata proof, bytes calldata hints, bytes calldata ph,
                         uint256[] calldata disclosedIndexes, bytes[] calldata disclosedMessages)
        external view returns (bool)
    {{
        uint256 nR = disclosedIndexes.length;
        if (nR > L || disclosedMessages.length != nR) return false;
        uint256 nU = L - nR;
        if (proof.length != 272 + 32 * nU || hints.length != {HINTS_LENGTH}) return false;
        // octets_to_proof: every scalar in [1, r - 1]
        for (uint256 j = 0; j < nU + 4; j++) {{
            uint256 s = uint256(bytes32(proof[144 + 32 * j:176 + 32 * j]));
            if (s == 0 || s >= R) return false;
        }}
        // Abar, Bbar, D: not the identity, and the hints compress to the proof's encodings
        for (uint256 i = 0; i < 3; i++) {{
            bytes calldata h = hints[128 * i:128 * i + 128];
            if (uint256(bytes32(h[0:32])) | uint256(bytes32(h[32:64])) | uint256(bytes32(h[64:96]))
                | uint256(bytes32(h[96:128])) == 0) return false;
            if (keccak256(_compress(h)) != keccak256(proof[48 * i:48 * i + 48])) return false;
        }}
        // the disclosed messages' scalars, and the H scalars of the MSM
        uint256 c = uint256(bytes32(proof[proof.length - 32:]));
        uint256[] memory hs = new uint256[](L);
        bytes memory chal = abi.encodePacked(uint64(nR));
        {{
            uint256 next = 0;   // the next disclosed position
            uint256 u = 0;      // the next undisclosed response
            for (uint256 i = 0; i < L; i++) {{
                if (next < nR && disclosedIndexes[next] == i) {{
                    uint256 m = _hashToScalar(disclosedMessages[next], DST_MAP_PRIME);
                    chal = abi.encodePacked(chal, uint64(i), m);
                    hs[i] = mulmod(c, m, R);
                    next++;
                }} else {{
                    hs[i] = uint256(bytes32(proof[240 + 32 * u:272 + 32 * u]));
                    u++;
                }}
            }}
            if (next != nR) return false;   // an index out of range, or not strictly ascending
        }}
        chal = abi.encodePacked(chal, proof[0:144], _compress(hints[384:512]), _compress(hints[512:640]), DOMAIN,
                                uint64(ph.length), ph);
        if (_hashToScalar(chal, DST_H2S_PRIME) != c) return false;
        return _msmAndPairing(proof, hints, hs, c);
    }}

    function _msmAndPairing(bytes calldata proof, bytes calldata hints, uint256[] memory hs, uint256 c)
        private view returns (bool ok)
    {{
        uint256 rho = uint256(keccak256(msg.data)) % R;
        uint256 eHat = uint256(bytes32(proof[144:176]));
        uint256 r1Hat = uint256(bytes32(proof[176:208]));
        uint256 r3Hat = uint256(bytes32(proof[208:240]));
        bytes memory gens = GENERATORS;
        bytes memory g2 = PAIRING_G2;
        assembly ("memory-safe") {{
            let q := mload(0x40)
            let h := hints.offset
            // Bbar: rho c; Abar: rho e^; D: rho r1^ + r3^; T1: -rho; T2: -1
            calldatacopy(q, add(h, 128), 128)
            mstore(add(q, 128), mulmod(rho, c, R))
            calldatacopy(add(q, 160), h, 128)
            mstore(add(q, 288), mulmod(rho, eHat, R))
            calldatacopy(add(q, 320), add(h, 256), 128)
            mstore(add(q, 448), addmod(mulmod(rho, r1Hat, R), r3Hat, R))
            calldatacopy(add(q, 480), add(h, 384), 128)
            mstore(add(q, 608), sub(R, rho))
            calldatacopy(add(q, 640), add(h, 512), 128)
            mstore(add(q, 768), sub(R, 1))
            // B_0: c; H_i: c msg_i (disclosed) or m^_j (undisclosed)
            mcopy(add(q, 800), add(gens, 32), 128)
            mstore(add(q, 928), c)
            for {{ let i := 0 }} lt(i, {L}) {{ i := add(i, 1) }} {{
                let e := add(q, mul(160, add(i, 6)))
                mcopy(e, add(add(gens, 160), mul(128, i)), 128)
                mstore(add(e, 128), mload(add(add(hs, 32), mul(32, i))))
            }}
            let out := add(q, {160 * k})
            ok := staticcall({eip2537.g1msm_gas(k)}, 0x0c, q, {160 * k}, out, 128)
            ok := and(ok, iszero(or(or(mload(out), mload(add(out, 32))), or(mload(add(out, 64)), mload(add(out, 96))))))
            // e(Abar, W) e(Bbar, -BP2) == 1
            calldatacopy(q, h, 128)
            mcopy(add(q, 128), add(g2, 32), 256)
            calldatacopy(add(q, 384), add(h, 128), 128)
            mcopy(add(q, 512), add(g2, 288), 256)
            ok := and(ok, staticcall({eip2537.pairing_gas(2)}, 0x0f, q, 768, out, 32))
            ok := and(ok, eq(mload(out), 1))
        }}
    }}

    /// The compressed (ZCash) encoding of an EIP-2537 G1 point: x with the flags 0x80 (compressed) and 0x20
    /// (y > (p - 1) / 2); the identity is 0xc0 then zeros.
    function _compress(bytes calldata h) private pure returns (bytes memory) {{
        uint256 xh = uint256(bytes32(h[0:32]));
        uint256 xl = uint256(bytes32(h[32:64]));
        uint256 yh = uint256(bytes32(h[64:96]));
        uint256 yl = uint256(bytes32(h[96:128]));
        if (xh | xl | yh | yl == 0) return abi.encodePacked(bytes16(uint128(0xc0) << 120), bytes32(0));
        bool big = yh > HALF_HI || (yh == HALF_HI && yl > HALF_LO);
        uint256 flags = big ? 0xa0 : 0x80;
        return abi.encodePacked(bytes16(uint128(xh) | uint128(flags << 120)), bytes32(xl));
    }}
{_XMD_BBS}}}
"""


_XMD_BBS = """
    /// hash_to_scalar: OS2IP(expand_message_xmd(message, DST, 48)) mod r (RFC 9380 5.3.1 with SHA-256, the
    /// precompile at 0x02); dstPrime is DST || I2OSP(len(DST), 1).
    function _hashToScalar(bytes memory message, bytes memory dstPrime) private view returns (uint256) {
        bytes32 b0 = sha256(abi.encodePacked(bytes32(0), bytes32(0), message, uint16(48), uint8(0), dstPrime));
        bytes32 b1 = sha256(abi.encodePacked(b0, uint8(1), dstPrime));
        bytes32 b2 = sha256(abi.encodePacked(b0 ^ b1, uint8(2), dstPrime));
        return addmod(mulmod(uint256(b1), 1 << 128, R), uint256(b2) >> 128, R);
    }
"""


def calldata(pk: bytes, proof: bytes, header: bytes, ph: bytes, disclosed_messages: Sequence[bytes],
             disclosed_indexes: Sequence[int], suite: Ciphersuite | str = BLS12_381_SHA_256) -> list[Any]:
    """verifyProof's arguments [proof, hints, ph, disclosed_indexes, disclosed_messages] for a proof made by
    ``zkcred.bbs.proof_gen``: the hints are Abar, Bbar, D decoded from the proof and T1, T2 as ProofVerifyInit
    computes them (public data, variable time). DecodeError for a proof that does not decode."""
    s = _suite(suite)
    proof, header, ph = _octets(proof, "proof"), _octets(header, "header"), _octets(ph, "presentation header")
    msgs = [_octets(m, f"disclosed_messages[{i}]") for i, m in enumerate(disclosed_messages)]
    p = _core.octets_to_proof(proof)
    idx = _core.check_proof_counts(p, len(msgs), list(disclosed_indexes))
    api_id = s.api_id
    gens = s.create_generators(len(idx) + len(p.commitments) + 1, api_id)
    init = _core.proof_verify_init(pk, p, gens, header, s.messages_to_scalars(msgs, api_id), idx, api_id, s)
    hints = b"".join(eip2537.g1_to_padded(P) for P in (p.Abar, p.Bbar, p.D, init.T1, init.T2))
    return [proof, hints, ph, idx, msgs]


def encode_call(args: Sequence[Any]) -> bytes:
    """The transaction data of verifyProof(args) (ABI-encoded; needs eth-abi and eth-utils, the ``evm`` extra)."""
    from eth_abi import encode
    from eth_utils import keccak
    proof, hints, ph, idx, msgs = args
    return bytes(keccak(FUNCTION_SIGNATURE.encode()))[:4] + encode(
        ["bytes", "bytes", "bytes", "uint256[]", "bytes[]"], [bytes(proof), bytes(hints), bytes(ph),
                                                             [int(i) for i in idx], [bytes(m) for m in msgs]])


def _compress_words(words: list[int]) -> bytes:
    x = (words[0] << 256) | words[1]
    y = (words[2] << 256) | words[3]
    if x == 0 and y == 0:
        return b"\xc0" + bytes(47)
    b = bytearray(x.to_bytes(48, "big"))
    b[0] |= 0xa0 if y > _HALF else 0x80
    return bytes(b)


def verify_calldata(pk: bytes, n_messages: int, header: bytes, args: Sequence[Any],
                    suite: Ciphersuite | str = BLS12_381_SHA_256) -> None:
    """The contract's decision in Python for verifyProof(args) under the contract generated for (pk, n_messages,
    header): None when it returns true, else VerificationError or DecodeError naming the failed rule."""
    s = _suite(suite)
    proof, hints, ph, idx, msgs = args
    proof, hints = bytes(proof), bytes(hints)
    R_ = len(idx)
    if R_ > n_messages or len(msgs) != R_:
        raise DecodeError(f"{R_} disclosed indexes and {len(msgs)} messages for {n_messages} signed messages")
    if len(proof) != 272 + 32 * (n_messages - R_):
        raise DecodeError(f"a proof disclosing {R_} of {n_messages} messages is {272 + 32 * (n_messages - R_)} bytes")
    if len(hints) != HINTS_LENGTH:
        raise DecodeError(f"hints must be {HINTS_LENGTH} bytes")
    words = [int.from_bytes(hints[i:i + 32], "big") for i in range(0, HINTS_LENGTH, 32)]
    pts = [eip2537.g1_from_words(words[4 * i:4 * i + 4], f"hint {name}")
           for i, name in enumerate(("Abar", "Bbar", "D", "T1", "T2"))]
    for i, name in enumerate(("Abar", "Bbar", "D")):
        if pts[i].is_identity():
            raise DecodeError(f"hint {name} is the identity")
        if _compress_words(words[4 * i:4 * i + 4]) != proof[48 * i:48 * i + 48]:
            raise VerificationError(f"hint {name} does not compress to the proof's encoding")
    want = calldata(pk, proof, header, ph, msgs, idx, s)
    if want[1][384:] != hints[384:]:
        raise VerificationError("hints T1, T2 are not the points ProofVerifyInit computes")
    from . import _api
    _api.proof_verify(pk, proof, header, ph, msgs, list(idx), suite=s)
