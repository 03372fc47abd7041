"""BBS ciphersuites (draft-irtf-cfrg-bbs-signatures, section "Ciphersuites") and the interface utilities that
depend only on the suite: hash_to_scalar, create_generators (cached), messages_to_scalars.

Both suites share the curve, the point encodings and expand_len = 48; they differ only in expand_message
(XMD with SHA-256 or XOF with SHAKE-256) and in the hash-to-curve suite used for the generators.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

from ..errors import DecodeError
from . import _group as grp

TYPE_CHECKING = False   # typing.TYPE_CHECKING without importing typing (start-up time of the BBS CLI)
if TYPE_CHECKING:  # pragma: no cover
    from ..bls12_381.hash_to_curve import Expand

EXPAND_LEN = 48          # ceil((ceil(log2(r)) + k) / 8) with k = 128
OCTET_SCALAR_LENGTH = 32
OCTET_POINT_LENGTH = 48  # compressed G1
PUBLIC_KEY_LENGTH = 96   # compressed G2
SIGNATURE_LENGTH = OCTET_POINT_LENGTH + OCTET_SCALAR_LENGTH
PROOF_LEN_FLOOR = 3 * OCTET_POINT_LENGTH + 4 * OCTET_SCALAR_LENGTH

#: create_generators caches at most this many generators per api_id (the draft allows caching); larger counts
#: are derived per call. The fixed-base tables of the verifiers cover at most the cached generators.
GENERATOR_CACHE_MAX = 1024
#: The smallest fixed-base table generator_table builds (generators; P1 comes on top).
TABLE_MIN = 16

# The interface identifier of the BBS Signatures Interface: CREATE_GENERATORS_ID || MAP_TO_SCALAR_ID.
INTERFACE_TAG = b"H2G_HM2S_"


class Ciphersuite:
    """One BBS ciphersuite (draft section "BLS12-381 Ciphersuites").

    ``name`` is the draft's name ("BLS12-381-SHA-256"), ``ciphersuite_id`` the ASCII identifier,
    ``expand`` selects expand_message ("xmd": SHA-256, "xof": SHAKE-256) and ``p1_hex`` is the fixed point P1
    as printed in the draft (the tests re-derive it with create_generators). Suites compare by identity.
    """

    def __init__(self, name: str, ciphersuite_id: bytes, expand: Expand, p1_hex: str) -> None:
        self.name = name
        self.ciphersuite_id = ciphersuite_id
        self.expand = expand
        self.p1_hex = p1_hex
        self._lock = threading.Lock()
        self._p1 = None
        # api_id -> [v, [generators], octets or None, fixed-base table of (P1, generators...) or None]: the
        # prefix cache of create_generators (draft: "the value of v MAY also be cached in order to efficiently
        # extend an existing list of cached generator points").
        self._gens: dict = {}
        # id(generators) -> [generators, octets, table] for generator TUPLES that are not a prefix of one cached
        # list (the Blind BBS list (Q_1, H..., Q_2, J...) joins two): bounded, least recently used first out
        self._tuples: OrderedDict = OrderedDict()

    def _tuple_entry(self, generators: Sequence):
        """The cache entry of a generator tuple (immutable, so its id with an identity check is a safe key)."""
        if type(generators) is not tuple:
            return None
        with self._lock:
            entry = self._tuples.get(id(generators))
            if entry is None or entry[0] is not generators:
                entry = self._tuples[id(generators)] = [generators, None, None]
                while len(self._tuples) > _TUPLE_CACHE_MAX:
                    self._tuples.popitem(last=False)
            else:
                self._tuples.move_to_end(id(generators))
            return entry

    def __repr__(self) -> str:
        return f"<BBS ciphersuite {self.name}>"

    @property
    def api_id(self) -> bytes:
        """api_id = ciphersuite_id || "H2G_HM2S_" (the BBS Signatures Interface)."""
        return self.ciphersuite_id + INTERFACE_TAG

    @property
    def hash_to_curve_suite(self) -> bytes:
        return self.ciphersuite_id[len(b"BBS_"):]

    # ---------------------------------------------------------------- primitives
    def expand_message(self, msg: bytes, dst: bytes, len_in_bytes: int) -> bytes:
        """RFC 9380 expand_message_xmd (SHA-256) or expand_message_xof (SHAKE-256), per the suite."""
        return grp.expand_message(msg, dst, len_in_bytes, self.expand)

    def hash_to_curve_g1(self, msg: bytes, dst: bytes):
        """hash_to_curve for G1 with this suite's expand_message (the XOF variant is the draft's Appendix A.1)."""
        return grp.hash_to_g1(msg, dst, self.expand)

    def hash_to_scalar(self, msg: bytes, dst: bytes):
        """hash_to_scalar (draft "Hash to Scalar"): OS2IP(expand_message(msg, dst, 48)) mod r.

        The reduction runs in constant-time C, so ``msg`` may hold secrets (KeyGen, the signature's e, hidden
        messages). Returns an Fr.
        """
        if len(dst) > 255:
            raise DecodeError("hash_to_scalar: the dst must be at most 255 bytes")
        return grp.fr_from_wide(self.expand_message(msg, dst, EXPAND_LEN))

    # ---------------------------------------------------------------- P1 and generators
    @property
    def P1(self):
        """The fixed G1 point P1 of the ciphersuite."""
        if self._p1 is None:
            self._p1 = grp.g1_from_bytes(bytes.fromhex(self.p1_hex))
        return self._p1

    def derive_p1(self):
        """Recompute P1 from its definition (create_generators with count 1 and the P1 seeds)."""
        cid = self.ciphersuite_id
        return _hash_to_generators(self, 1, seed_dst=cid + b"H2G_HM2S_SIG_GENERATOR_SEED_",
                                   generator_dst=cid + b"H2G_HM2S_SIG_GENERATOR_DST_",
                                   generator_seed=cid + b"H2G_HM2S_BP_MESSAGE_GENERATOR_SEED")[0]

    def create_generators(self, count: int, api_id: bytes | None = None) -> list:
        """create_generators(count, api_id) (draft "Generators Calculation"), cached per (suite, api_id).

        Returns a new list of ``count`` G1 points (G1 values are immutable, the list is the caller's). The cache
        keeps the first GENERATOR_CACHE_MAX generators of each api_id; a larger count is derived from the cached
        state (v) past the cache and not kept, so that one large request cannot pin its memory, nor the cost of
        building fixed-base tables over it, for the life of the process.
        """
        if api_id is None:
            api_id = self.api_id
        if isinstance(count, bool) or not isinstance(count, int) or count < 0 or count > 2**64 - 1:
            raise DecodeError("create_generators: count must be an integer between 0 and 2^64 - 1")
        seed_dst = api_id + b"SIG_GENERATOR_SEED_"
        generator_dst = api_id + b"SIG_GENERATOR_DST_"
        with self._lock:
            entry = self._gens.get(api_id)
            if entry is None:
                v = self.expand_message(api_id + b"MESSAGE_GENERATOR_SEED", seed_dst, EXPAND_LEN)
                entry = self._gens[api_id] = [v, [], None, None]
            v, gens = entry[0], entry[1]
            keep = min(count, GENERATOR_CACHE_MAX)
            if len(gens) < keep:
                new = []
                for i in range(len(gens) + 1, keep + 1):
                    v = self.expand_message(v + i.to_bytes(8, "big"), seed_dst, EXPAND_LEN)
                    new.append(self.hash_to_curve_g1(v, generator_dst))
                gens.extend(new)
                entry[0] = v
                entry[2] = None
                entry[3] = None
            out = gens[:count]
        for i in range(len(out) + 1, count + 1):     # past the cache: derived for this call only
            v = self.expand_message(v + i.to_bytes(8, "big"), seed_dst, EXPAND_LEN)
            out.append(self.hash_to_curve_g1(v, generator_dst))
        return out

    def generator_octets(self, generators: Sequence, api_id: bytes | None = None) -> bytes:
        """serialize((Q_1, H_1, ..., H_L)) for the given generators; served from the cache when ``generators`` is
        a prefix of the cached create_generators output for ``api_id``."""
        if api_id is None:
            api_id = self.api_id
        n = len(generators)
        entry = self._gens.get(api_id)
        if entry is not None and n <= len(entry[1]) and all(a is b for a, b in zip(entry[1], generators)):
            with self._lock:
                octs = entry[2]
                if octs is None or len(octs) < n * OCTET_POINT_LENGTH:
                    octs = entry[2] = b"".join(g.to_bytes(compressed=True) for g in entry[1])
            return octs[:n * OCTET_POINT_LENGTH]
        t = self._tuple_entry(generators)
        if t is not None:
            if t[1] is None:
                t[1] = b"".join(g.to_bytes(compressed=True) for g in generators)
            return t[1]
        return b"".join(g.to_bytes(compressed=True) for g in generators)

    def generator_table(self, generators: Sequence, api_id: bytes | None = None):
        """The fixed-base table of (P1, Q_1, H_1, ..., H_L) for verification MSMs (``grp.g1_msm_fixed``), or None
        when ``generators`` is not a prefix of the cached create_generators output for ``api_id`` (so never past
        GENERATOR_CACHE_MAX). It covers what the calls so far needed, doubling, not the whole cache; all the points
        are public."""
        if api_id is None:
            api_id = self.api_id
        entry = self._gens.get(api_id)
        n = len(generators)
        if entry is None or n > len(entry[1]) or not all(a is b for a, b in zip(entry[1], generators)):
            t = self._tuple_entry(generators)
            if t is None:
                return None
            if t[2] is None:
                t[2] = grp.g1_fixed_table([self.P1, *generators])
            return t[2]
        with self._lock:
            table = entry[3]
            if table is None or table.n < n + 1:
                # cover what this call needs, doubling from the previous table (never all of a large cache at
                # once: the table costs ~0.1 ms per point)
                old = 0 if table is None else table.n - 1
                k = min(len(entry[1]), max(n, 2 * old, TABLE_MIN))
                table = entry[3] = grp.g1_fixed_table([self.P1, *entry[1][:k]])
        return table

    def messages_to_scalars(self, messages: Sequence[bytes], api_id: bytes | None = None) -> list:
        """messages_to_scalars (draft "Messages to Scalars"): hash_to_scalar(msg_i, api_id || MAP_...)."""
        if api_id is None:
            api_id = self.api_id
        map_dst = api_id + b"MAP_MSG_TO_SCALAR_AS_HASH_"
        return [self.hash_to_scalar(_octets(m, f"messages[{i}]"), map_dst) for i, m in enumerate(messages)]


_TUPLE_CACHE_MAX = 64


def _hash_to_generators(suite: Ciphersuite, count: int, *, seed_dst: bytes, generator_dst: bytes,
                        generator_seed: bytes) -> list:
    v = suite.expand_message(generator_seed, seed_dst, EXPAND_LEN)
    out = []
    for i in range(1, count + 1):
        v = suite.expand_message(v + i.to_bytes(8, "big"), seed_dst, EXPAND_LEN)
        out.append(suite.hash_to_curve_g1(v, generator_dst))
    return out


def _octets(value, what: str) -> bytes:
    """Accept bytes-like input only (str is refused: its encoding would be a guess)."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"{what} must be bytes, not {type(value).__name__}")


BLS12_381_SHA_256 = Ciphersuite(
    name="BLS12-381-SHA-256",
    ciphersuite_id=b"BBS_BLS12381G1_XMD:SHA-256_SSWU_RO_",
    expand="xmd",
    p1_hex="a8ce256102840821a3e94ea9025e4662b205762f9776b3a766c872b948f1fd225e7c59698588e70d11406d161b4e28c9",
)

BLS12_381_SHAKE_256 = Ciphersuite(
    name="BLS12-381-SHAKE-256",
    ciphersuite_id=b"BBS_BLS12381G1_XOF:SHAKE-256_SSWU_RO_",
    expand="xof",
    p1_hex="8929dfbc7e6642c4ed9cba0856e493f8b9d7d5fcb0c31ef8fdcd34d50648a56c795e106e9eada6e0bda386b414150755",
)

SUITES = {s.name: s for s in (BLS12_381_SHA_256, BLS12_381_SHAKE_256)}


def get_suite(suite) -> Ciphersuite:
    """A Ciphersuite from itself or its name ("BLS12-381-SHA-256" / "BLS12-381-SHAKE-256")."""
    if isinstance(suite, Ciphersuite):
        return suite
    if isinstance(suite, str):
        try:
            return SUITES[suite.upper()]
        except KeyError:
            raise DecodeError(f"unknown BBS ciphersuite {suite!r}; known: {', '.join(SUITES)}") from None
    raise TypeError("suite must be a zkcred.bbs ciphersuite or its name")
