"""The issuer: BBS keys, predicate keys for its schema, and blind issuance.

``Issuer.create(schema)`` draws a BBS key pair and makes the LegoGroth16 keys of the predicate circuits
(``predicates``: one ``range`` key, one ``set16`` key, one ``merkle<d>`` key per depth). ``issuer.public()`` is
what holders and verifiers need: the schema, the BBS public key, the predicate keys (verifying keys; proving keys
for holders) and the issuer id, ``urn:zkcred:issuer:sha256:`` + SHA-256 over the canonical JSON of the schema id,
the public key and the digests of every predicate key, so an id pins every key (a holder checks a proving key it
receives against the id before use). A revocable issuer's id also pins its registry: the accumulator public key
and the accumulator's value at epoch 0 (the registry id is their digest), so a state 0 that anyone else wrote to
a ledger first (an EVM record is owned by its first writer) is refused by verifiers, and every later state must
follow from it by published update data (``Verifier.check_chain``). ``issuer.issue(offer, attributes)`` checks the holder's commitment proof and
signs the attributes (encoded by the schema) together with the committed link secret (Blind BBS,
``zkcred.bbs.blind``); the issuer never sees the link secret.

DEVELOPMENT NOTE: the predicate keys come from a single-party setup run by the issuer (``groth16.lego.setup``):
whoever knows its trapdoor can prove false predicates about credentials of this issuer, which only the issuer
could do anyway (it can sign anything). Holders check the keys (``lego.check_keys`` against the circuits' R1CS,
through the powers of tau the keys carry) before first use, so a malicious issuer's key cannot make proofs reveal
hidden attributes, nor make an honest proof fail.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from contextlib import contextmanager

from ..bbs import _api, blind
from ..bbs._suite import BLS12_381_SHA_256
from ..errors import DecodeError, VerificationError, ZkcredError
from ..bls12_381 import G1
from ..registry.accumulator import AccumulatorPublic, Witness
from ..registry.registry import BLOCK, RegistryState, RevocationRegistry
from .._fields import Obj, b64u, parse
from .predicates import DEFAULT_MERKLE_DEPTHS, MAX_MERKLE_DEPTH, SET_SIZE, check_key_shape, circuit_for
from .schema import Schema, canonical_json

TYPE_CHECKING = False   # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:  # pragma: no cover
    from ..groth16.lego import LegoProvingKey, LegoVerifyingKey

__all__ = ["Revocation", "registry_id", "updates_record", "atomic_write", "file_lock", "Issuer", "IssuerPublic", "IssuedCredential", "credential_header", "SUITE"]

SUITE = BLS12_381_SHA_256
HEADER_TAG = b"zkcred/credential/v1\x00"


def atomic_write(path: str, data: bytes, *, secret: bool = False) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file, never a torn one: write a
    temporary file beside it, fsync, rename, fsync the directory. ``secret``: mode 0600."""
    d = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(d, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if secret else 0o644)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    dfd = os.open(d, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


@contextmanager
def file_lock(path: str):
    """Hold an exclusive advisory lock (flock) on ``path + ".lock"`` for the block: the processes of one machine that
    load, change and save one issuer file take turns (two that both loaded epoch n would otherwise race for epoch
    n + 1, and the loser would get ``LedgerConflict``). Processes on different machines should not share an issuer
    file: the ledger refuses the second writer's epoch (``LedgerConflict``: registry states are appended with the
    version expected), but copies that both issue hand out the same handles."""
    import fcntl
    fd = os.open(path + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)            # closing releases the lock


def credential_header(schema: Schema) -> bytes:
    """The BBS header of every credential of ``schema``: binds the signature to the schema id."""
    return HEADER_TAG + schema.id.encode("ascii")


class PredicateKey:
    """One predicate circuit's keys: the LegoGroth16 verifying key, and the proving key as bytes (None where only
    verifiers are served), with its SHA-256 digest (in the issuer id)."""

    __slots__ = ("name", "vk", "pk_bytes", "pk_digest", "_pk", "_checked", "_full")

    def __init__(self, name: str, vk: LegoVerifyingKey, pk_bytes: bytes | None, pk_digest: bytes) -> None:
        self.name, self.vk, self.pk_bytes, self.pk_digest = name, vk, pk_bytes, pk_digest
        self._pk: LegoProvingKey | None = None
        self._checked = False
        self._full = False

    @property
    def fully_checked(self) -> bool:
        """Whether the proving key (after ``proving_key()``) passed ``lego.check_keys`` fully against the
        circuit's R1CS (or came out of this process's own ``lego.setup``): every proof made from a satisfying
        witness then verifies, so the holder proves with ``check=False``. False for a key without the powers of
        tau (section version 1): the holder keeps ``prove``'s self-check."""
        return self._full

    def proving_key(self) -> LegoProvingKey:
        """The decoded proving key, checked against its digest and for well-formedness once (holder side):
        ``lego.check_keys`` against the circuit's R1CS (``fully_checked`` tells whether the full check ran)."""
        if self._pk is None:
            from ..groth16 import lego
            if self.pk_bytes is None:
                raise DecodeError(f"predicate key {self.name!r}: the issuer document carries no proving key")
            if hashlib.sha256(self.pk_bytes).digest() != self.pk_digest:
                raise DecodeError(f"predicate key {self.name!r}: proving key does not match its digest")
            check_key_shape(self.name, self.vk, f"predicate key {self.name!r}")
            pk = lego.LegoProvingKey.from_bytes(self.pk_bytes)
            if pk.n_vars != circuit_for(self.name).n_wires:
                raise DecodeError(f"predicate key {self.name!r}: the proving key has {pk.n_vars} wires, the circuit "
                                  f"{circuit_for(self.name).n_wires}")
            self._full = lego.check_keys(pk, self.vk, circuit_for(self.name).to_r1cs())
            self._pk = pk
        return self._pk


def _key_names(depths: tuple[int, ...]) -> list[str]:
    return ["range", f"set{SET_SIZE}", *(f"merkle{d}" for d in depths)]


class IssuerPublic:
    """An issuer's public document (module docstring). ``from_json`` recomputes and checks the id."""

    __slots__ = ("schema", "public_key", "predicate_keys", "merkle_depths", "id", "header", "_gens", "revocation",
                 "registry", "registry_initial")

    def __init__(self, schema: Schema, public_key: bytes, predicate_keys: Mapping[str, PredicateKey],
                 merkle_depths: tuple[int, ...], revocation: AccumulatorPublic | None = None,
                 registry_initial: G1 | None = None) -> None:
        """``revocation`` and ``registry_initial`` (the accumulator value of epoch 0) come together: a revocable
        issuer's registry is pinned by both."""
        if (revocation is None) != (registry_initial is None):
            raise ValueError("IssuerPublic: revocation and registry_initial are given together or not at all")
        self.schema, self.public_key = schema, bytes(public_key)
        self.predicate_keys = dict(predicate_keys)
        self.merkle_depths = tuple(sorted(merkle_depths))
        self.header = credential_header(schema)
        self.revocation, self.registry_initial = revocation, registry_initial
        self.registry = (registry_id(revocation, registry_initial)
                         if revocation is not None and registry_initial is not None else None)
        digests = {name: {"vk": k.vk.digest().hex(), "pk": k.pk_digest.hex()}
                   for name, k in sorted(self.predicate_keys.items())}
        pinned: dict = {"schema": schema.id, "suite": SUITE.name, "public_key": b64u(self.public_key),
                        "predicate_keys": digests}
        if revocation is not None and registry_initial is not None:
            pinned["revocation"] = {"public_key": b64u(revocation.to_bytes()),
                                    "initial_value": b64u(registry_initial.to_bytes())}
        self.id = "urn:zkcred:issuer:sha256:" + hashlib.sha256(canonical_json(pinned)).hexdigest()
        self._gens: tuple | None = None

    @property
    def revocable(self) -> bool:
        return self.revocation is not None

    @property
    def issuer_messages(self) -> int:
        """The number of issuer-signed messages: the attributes, then the rev_handle when revocable."""
        return len(self.schema.attributes) + (1 if self.revocation is not None else 0)

    @property
    def did(self) -> str:
        """did:key of the BBS public key (multicodec bls12_381-g2-pub, 0xeb01; W3C did:key, Multikey)."""
        from ..vc._multikey import encode_public_key_multibase
        return "did:key:" + encode_public_key_multibase(self.public_key)

    def generators(self):
        """(Q_1, H_1..H_L, Q_2, J_1): the blind-signature generators of this issuer's credentials (L issuer
        messages: the attributes and, when revocable, the rev_handle; one committed message: the link secret)."""
        if self._gens is None:
            self._gens = tuple(blind.create_signature_generators(self.issuer_messages, 1, SUITE))
        return self._gens

    def predicate_key(self, name: str) -> PredicateKey:
        try:
            return self.predicate_keys[name]
        except KeyError:
            raise DecodeError(f"issuer {self.id} has no predicate key {name!r}") from None

    def to_obj(self, *, proving_keys: bool = True) -> dict:
        keys = {}
        for name, k in sorted(self.predicate_keys.items()):
            entry: dict = {"vk": json.loads(k.vk.to_json()), "pk_digest": b64u(k.pk_digest)}
            if proving_keys and k.pk_bytes is not None:
                entry["pk"] = b64u(k.pk_bytes)
            keys[name] = entry
        obj = {"type": "zkcred/issuer/v1", "id": self.id, "schema": self.schema.to_obj(), "suite": SUITE.name,
               "public_key": b64u(self.public_key), "merkle_depths": list(self.merkle_depths),
               "predicate_keys": keys}
        if self.revocation is not None and self.registry_initial is not None:
            obj["revocation"] = {"registry": self.registry, "public_key": b64u(self.revocation.to_bytes()),
                                 "initial_value": b64u(self.registry_initial.to_bytes())}
        return obj

    def to_json(self, *, proving_keys: bool = True) -> str:
        """The issuer document; ``proving_keys=False`` gives the (much smaller) verifier's copy."""
        return canonical_json(self.to_obj(proving_keys=proving_keys)).decode("utf-8")

    @classmethod
    def from_obj(cls, o: Obj) -> "IssuerPublic":
        from ..groth16 import lego
        if o.str("type") != "zkcred/issuer/v1":          # nested in issuer secrets: checked here
            raise DecodeError(f"{o.path('type')}: expected 'zkcred/issuer/v1'")
        claimed = o.str("id", max_len=128)
        schema = Schema.from_obj(o.obj("schema"))
        if o.str("suite") != SUITE.name:
            raise DecodeError(f"{o.path('suite')}: only {SUITE.name} is supported")
        pk = o.bytes("public_key", 96)
        try:
            _api._core.octets_to_pubkey(pk)
        except DecodeError as e:
            raise DecodeError(f"{o.path('public_key')}: {e}") from None
        depths = o.list("merkle_depths", max_len=MAX_MERKLE_DEPTH)
        if any(isinstance(d, bool) or not isinstance(d, int) or not 1 <= d <= MAX_MERKLE_DEPTH for d in depths) \
                or len(set(depths)) != len(depths):
            raise DecodeError(f"{o.path('merkle_depths')}: expected distinct integers in [1, {MAX_MERKLE_DEPTH}]")
        ko = o.obj("predicate_keys")
        keys = {}
        for name in _key_names(tuple(sorted(depths))):
            ke = ko.obj(name)
            try:
                vk = lego.LegoVerifyingKey.from_obj(ke.raw("vk"))
            except DecodeError as err:
                raise DecodeError(f"{ke.path('vk')}: {err}") from None
            check_key_shape(name, vk, ke.path("vk"))
            pk_bytes = ke.bytes("pk") if ke.has("pk") else None
            keys[name] = PredicateKey(name, vk, pk_bytes, ke.bytes("pk_digest", 32))
            ke.done()
        ko.done()
        revocation = initial = None
        if o.has("revocation"):
            ro = o.obj("revocation")
            try:
                revocation = AccumulatorPublic.from_bytes(ro.bytes("public_key", 96))
            except DecodeError as err:
                raise DecodeError(f"{ro.path('public_key')}: {err}") from None
            initial = ro.g1("initial_value")
            if initial.is_identity():
                raise DecodeError(f"{ro.path('initial_value')}: the identity is not an accumulator value")
            if ro.str("registry", max_len=256) != registry_id(revocation, initial):
                raise DecodeError(f"{ro.path('registry')}: does not match the revocation key and initial value")
            ro.done()
        o.done()
        pub = cls(schema, pk, keys, tuple(depths), revocation, initial)
        if pub.id != claimed:
            raise DecodeError(f"{o.path('id')}: does not match the document's keys (recomputed {pub.id})")
        return pub

    @classmethod
    def from_json(cls, text: str | bytes | dict) -> "IssuerPublic":
        return cls.from_obj(parse(text, "issuer"))

    def __repr__(self) -> str:
        return f"IssuerPublic({self.schema.name!r}, id={self.id})"


class IssuedCredential:
    """What the issuer sends back: the attributes (JSON values) and the blind signature."""

    __slots__ = ("issuer", "schema", "attributes", "signature", "revocation")

    def __init__(self, issuer: str, schema: str, attributes: Mapping[str, object], signature: bytes,
                 revocation: Revocation | None = None) -> None:
        self.issuer, self.schema, self.attributes, self.signature = issuer, schema, dict(attributes), signature
        self.revocation = revocation

    def to_obj(self) -> dict:
        obj = {"type": "zkcred/issued-credential/v1", "issuer": self.issuer, "schema": self.schema,
               "attributes": self.attributes, "signature": b64u(self.signature)}
        if self.revocation is not None:
            obj["revocation"] = self.revocation.to_obj()
        return obj

    def to_json(self) -> str:
        return canonical_json(self.to_obj()).decode("utf-8")

    @classmethod
    def from_json(cls, text: str | bytes | dict) -> "IssuedCredential":
        o = parse(text, "issued credential", "zkcred/issued-credential/v1")
        out = cls(o.str("issuer", max_len=128), o.str("schema", max_len=128), o.obj("attributes").d,
                  o.bytes("signature", 80), Revocation.from_obj(o.obj("revocation")) if o.has("revocation") else None)
        o.done()
        return out


class Revocation:
    """A credential's revocation material (SECRET, the holder's): the issuer's revocation ``id`` for it, the
    ``epoch`` of its witness, and the ``witness`` (the rev_handle y, C = V / (y + alpha), V)."""

    __slots__ = ("id", "epoch", "witness")

    def __init__(self, id: int, epoch: int, witness: Witness) -> None:
        self.id, self.epoch, self.witness = id, epoch, witness

    def to_obj(self) -> dict:
        return {"id": self.id, "epoch": self.epoch, "witness": b64u(self.witness.to_bytes())}

    @classmethod
    def from_obj(cls, o: Obj) -> "Revocation":
        rid = o.int("id", 0, (1 << 53) - 1)
        epoch = o.int("epoch", 0, (1 << 53) - 1)
        try:
            witness = Witness.from_bytes(o.bytes("witness", 128))
        except DecodeError as e:
            raise DecodeError(f"{o.path('witness')}: {e}") from None
        o.done()
        return cls(rid, epoch, witness)

    def __repr__(self) -> str:
        return f"Revocation(id={self.id}, epoch={self.epoch}, <witness>)"


def registry_id(public: AccumulatorPublic, initial: G1) -> str:
    """A registry's id: SHA-256 of its accumulator public key and its epoch-0 accumulator value (so it names the
    state every later epoch must follow from; the issuer id pins both)."""
    return "urn:zkcred:registry:sha256:" + hashlib.sha256(public.to_bytes() + initial.to_bytes()).hexdigest()


def updates_record(registry: str) -> str:
    """The ledger record holding a registry's update data (version n: the update into epoch n)."""
    return registry + "/updates"


def _append_once(ledger, record_id: str, kind: str, data: bytes) -> None:
    """Append unless the record's latest version already holds ``data``: a schema is shared by every issuer of it
    (on the EVM ledger its record belongs to the first publisher's account, so appending it again from another
    account reverts), and ``publish`` may run again after an interruption without adding versions. The append
    expects the version read (``Ledger.append``): of two publishers racing, the second finds the first's version
    and adds none when it holds the same bytes (LedgerConflict when it holds others)."""
    from ..ledger import RecordNotFound
    try:
        latest = ledger.get(record_id)
        if latest.data == data:
            return
        version = latest.version
    except RecordNotFound:
        version = 0
    _append_expecting(ledger, record_id, kind, data, version)


def _append_expecting(ledger, record_id: str, kind: str, data: bytes, version: int,
                      conflict: str | None = None) -> None:
    """Append ``data`` as version ``version + 1`` of ``record_id``, expecting the record at ``version``. Done
    already when the ledger holds that very version with these bytes (a journal replayed after a crash, or a
    read that lagged behind the ledger); LedgerConflict (``conflict``: its message) when it holds other bytes:
    nothing is overwritten."""
    from ..errors import LedgerConflict
    from ..ledger import RecordNotFound
    try:
        ledger.append(record_id, kind, data, expect_version=version)
        return
    except LedgerConflict as exc:
        found = exc.found
    try:
        there = ledger.get(record_id, version + 1)
    except RecordNotFound:
        raise LedgerConflict(record_id, version, found,
                             f"record {record_id!r}: the ledger refused version {version + 1} (it is at version "
                             f"{found}) but does not serve it yet: nothing was written; retry when the ledger's "
                             "node has caught up") from None
    if there.data != data:
        raise LedgerConflict(record_id, version, found, conflict)


class Issuer:
    """An issuer: its secret key and public document. ``to_json()`` holds the SECRET key: store it privately."""

    __slots__ = ("_sk", "_public", "registry", "ledger", "journal")

    def __init__(self, sk: bytes, public: IssuerPublic, registry: RevocationRegistry | None = None,
                 ledger=None, journal: str | None = None) -> None:
        """``journal``: the issuer file (``save``) that a revocable issuer rewrites before it publishes a registry
        epoch and after: a crash between the two leaves the epoch in the file's journal, and ``sync`` publishes it
        on the next start instead of leaving the file and the ledger one epoch apart."""
        self._sk, self._public, self.registry, self.ledger = bytes(sk), public, registry, ledger
        self.journal = journal

    @classmethod
    def create(cls, schema: Schema, *, merkle_depths: tuple[int, ...] = DEFAULT_MERKLE_DEPTHS,
               progress=None, ledger=None, revocable: bool = False, registry_block: int = BLOCK) -> "Issuer":
        """A new issuer for ``schema``: a BBS key pair from 32 random bytes (KeyGen) and the predicate keys
        (LegoGroth16 setup of each predicate circuit; about a second). ``progress(msg)`` is told each step.

        ``revocable``: a revocation registry (``zkcred.registry``) whose handles every credential carries.
        ``ledger`` (``zkcred.ledger``): publish the DID document, the schema, the issuer document (verifier's
        copy) and the registry's first state there, and every later registry state on ``revoke``."""
        from ..groth16 import lego
        depths = tuple(sorted(set(merkle_depths)))
        if any(not 1 <= d <= MAX_MERKLE_DEPTH for d in depths):
            raise DecodeError(f"merkle_depths: each must be in [1, {MAX_MERKLE_DEPTH}]")
        sk = _api.keygen(os.urandom(32), suite=SUITE)
        pk = _api.sk_to_pk(sk, suite=SUITE)
        keys = {}
        for name in _key_names(depths):
            if progress:
                progress(f"predicate key {name}: setup")
            lpk = lego.setup(circuit_for(name).to_r1cs(), 1)
            data = lpk.to_bytes()
            keys[name] = PredicateKey(name, lpk.verifying_key(), data, hashlib.sha256(data).digest())
            keys[name]._pk, keys[name]._checked, keys[name]._full = lpk, True, True
        registry = None
        if revocable:
            if progress:
                progress(f"revocation registry: accumulating {registry_block} handles")
            registry = RevocationRegistry.create("pending", block=registry_block)
        public = IssuerPublic(schema, pk, keys, depths, registry.public if registry else None,
                              registry.state().value if registry else None)
        if registry is not None:
            registry.id = public.registry or ""
        issuer = cls(sk, public, registry, ledger)
        if ledger is not None:
            issuer.publish(progress)
        return issuer

    def publish(self, progress=None) -> None:
        """Publish this issuer on its ledger: DID document ("did"), schema, issuer document ("issuer", the
        verifier's copy: no proving keys) and, when revocable, the registry's current state."""
        from ..vc._multikey import resolve_did_key
        pub, ledger = self._public, self.ledger
        if ledger is None:
            raise ZkcredError("this issuer has no ledger")
        if progress:
            progress("publishing the DID document, schema, issuer document and registry state")
        did = pub.did
        doc = dict(resolve_did_key(did))
        doc["service"] = [{"id": did + "#zkcred-issuer", "type": "ZkcredIssuer", "serviceEndpoint": pub.id}]
        _append_once(ledger, did, "did", canonical_json(doc))
        _append_once(ledger, pub.schema.id, "schema", pub.schema.to_json().encode("utf-8"))
        _append_once(ledger, pub.id, "issuer", pub.to_json(proving_keys=False).encode("utf-8"))
        reg = self.registry
        if reg is not None:
            if reg.epoch == 0:
                _append_once(ledger, reg.id, "registry-state", reg.state().to_json().encode("utf-8"))
            self.sync()

    def _latest_version(self, record_id: str) -> int:
        """The latest version of a ledger record (0: none)."""
        from ..ledger import RecordNotFound
        assert self.ledger is not None
        try:
            return self.ledger.get(record_id).version
        except RecordNotFound:
            return 0

    def attach(self, ledger, journal: str | None = None) -> None:
        """Use ``ledger`` (and journal to the issuer file ``journal``), ``sync``ed to it first."""
        self.ledger, self.journal = ledger, journal
        self.sync()

    def sync(self) -> None:
        """Bring the ledger up to this issuer's registry: publish the journal's epochs (``RevocationRegistry.pending``)
        that are not on it yet (update data, then state; either may already be there after a crash), then check
        that the ledger's state of this registry's epoch is this registry's. ZkcredError, changing nothing, when the
        ledger is AHEAD of this file (an older copy of the issuer file: restore the newest) or holds states this
        file never made.

        Every append expects the version this file says the record is at (update data of epoch e: version e - 1;
        state of epoch e: version e), so a second writer (a copy of this file on another machine, or this file
        replayed after a read that lagged behind the ledger) never adds a second epoch e: the ledger refuses it.
        A version already there with this journal's bytes counts as published; one with other bytes is
        ``LedgerConflict`` (another writer published that epoch first): nothing is overwritten and the journal
        stays in the file (``resync`` adopts the ledger's epochs instead)."""
        from ..ledger import RecordNotFound
        reg, ledger = self.registry, self.ledger
        if reg is None or ledger is None:
            return
        journal = reg.pending_epochs()
        first_pending = reg.epoch - len(journal) + 1
        latest = self._latest_version(reg.id) - 1          # the ledger's latest epoch (-1: none)
        if latest < 0 and reg.epoch == 0:        # not published yet: ``publish`` writes state 0
            return
        for state, _data in journal:             # published before: it must be this very epoch
            if state.epoch <= latest and ledger.get(reg.id, state.epoch + 1).data != state.to_json().encode():
                raise self._conflict(state.epoch, latest)
        if latest > reg.epoch:
            raise ZkcredError(f"registry {reg.id}: the ledger is at epoch {latest}, this issuer file at epoch "
                              f"{reg.epoch}: it is an older copy of the issuer file (restore the newest one); "
                              "nothing was changed")
        if latest < first_pending - 1:
            raise ZkcredError(f"registry {reg.id}: the ledger's latest state is epoch {latest}, this issuer file is "
                              f"at epoch {reg.epoch} with epochs up to {first_pending - 1} published: is this the "
                              "issuer's ledger? (publish the issuer before its first revocation)")
        updates = updates_record(reg.id)
        for state, data in journal:
            e = state.epoch
            if e <= latest:
                continue
            msg = self._conflict(e, None).args[0]
            if self._latest_version(updates) >= e:
                if ledger.get(updates, e).data != data:
                    raise self._conflict(e, None)
            else:
                _append_expecting(ledger, updates, "registry-update", data, e - 1, msg)
            _append_expecting(ledger, reg.id, "registry-state", state.to_json().encode("utf-8"), e, msg)
        reg.pending.clear()
        try:
            mine = RegistryState.from_json(ledger.get(reg.id, reg.epoch + 1).data)
        except RecordNotFound:
            raise ZkcredError(f"registry {reg.id}: the ledger does not serve epoch {reg.epoch} yet (its node lags "
                              "behind): retry") from None
        if mine.value != reg.acc.value:
            raise ZkcredError(f"registry {reg.id}: the ledger's state of epoch {reg.epoch} does not hold this "
                              "issuer file's accumulator value")
        if self.journal is not None:
            self.save(self.journal)

    def _complete_orphan_epoch(self, states: list, journal: list, base: int) -> bool:
        """The other writer's epoch latest + 1 whose update data landed but whose state did not (its process died
        between the two appends, for good): the state follows from the update data (its digest and final value),
        is checked in public (``verify_transition``) and appended for it, so that ``resync`` can adopt it. Not when
        this file's journal holds that very update (then ``sync`` publishes the state as its own). Returns whether
        a state was appended."""
        from ..registry.accumulator import UpdateData
        from ..registry.registry import update_digest, verify_transition
        reg, ledger = self.registry, self.ledger
        assert reg is not None and ledger is not None
        latest = len(states) - 1
        updates = ledger.history(updates_record(reg.id))
        if len(updates) != latest + 1:            # no orphan (or one the ledger serves only in part: sync says so)
            return False
        data = updates[latest].data
        k = latest + 1 - (base + 1)               # the journal's entry for epoch latest + 1, if any
        if 0 <= k < len(journal) and journal[k][1] == data:
            return False
        where = f"registry {reg.id}: epoch {latest + 1}"
        try:
            value = UpdateData.from_bytes(data).value
            old = RegistryState.from_json(states[latest].data)
            orphan = RegistryState(reg.id, latest + 1, value, update_digest(data))
            verify_transition(reg.public, old, orphan, data, set())
        except (DecodeError, VerificationError) as e:
            raise ZkcredError(f"{where}: the ledger holds update data without its state, and it does not follow "
                              f"from epoch {latest} ({e}): this registry cannot go on") from None
        _append_expecting(ledger, reg.id, "registry-state", orphan.to_json().encode("utf-8"), latest + 1)
        return True

    def resync(self) -> list[int]:
        """Re-sync this issuer file's registry from the ledger after a ``LedgerConflict`` (another writer, say a
        copy of this file on another machine, published the epochs this file's journal holds): the journal's
        epochs that the ledger holds as they are count as published; when the ledger holds others in their place,
        the rest of the journal is dropped and the ledger's epochs are taken instead (each checked in public,
        ``RevocationRegistry.adopt``), and the file is saved. Without a conflict it is ``sync``: the journal is
        published. Returns the revocation ids of the dropped epochs that the ledger did not revoke: revoke them
        again. Nothing is appended to the ledger but this file's own unpublished epochs (by ``sync``).

        The other writer's epoch whose update data landed without its state (its process died in between) is
        completed first: its state follows from the update data and is checked in public before it is appended.

        What it cannot repair: handles the other writer issued and never revoked are unknown here, and this file
        may hand them out again (one issuer file should have one writer machine); an epoch that adds a block of
        handles, on either side, is refused (ZkcredError, nothing changed)."""
        reg, ledger = self.registry, self.ledger
        if reg is None or ledger is None:
            raise ZkcredError("resync needs a revocable issuer with a ledger")
        states = ledger.history(reg.id)           # version v: epoch v - 1
        latest = len(states) - 1
        journal = reg.pending_epochs()
        base = reg.epoch - len(journal)
        if latest >= 0 and self._complete_orphan_epoch(states, journal, base):
            states = ledger.history(reg.id)
            latest = len(states) - 1
        matched = 0
        while matched < len(journal) and base + 1 + matched <= latest \
                and states[base + 1 + matched].data == journal[matched][0].to_json().encode("utf-8"):
            matched += 1
        if latest <= base + matched:              # no other writer's epoch in the way: publish the rest
            self.sync()
            return []
        if base + matched > reg.epoch:            # unreachable: the loop stops at the journal's end
            raise AssertionError
        updates = ledger.history(updates_record(reg.id))
        if len(updates) < latest:
            raise ZkcredError(f"registry {reg.id}: the ledger holds states up to epoch {latest} but update data up "
                              f"to epoch {len(updates)}: retry when the other writer has finished")
        del reg.pending[:matched]
        start = base + matched
        epochs = [(RegistryState.from_json(states[e].data), updates[e - 1].data) for e in range(start + 1, latest + 1)]
        again = reg.adopt(RegistryState.from_json(states[start].data), epochs)
        if self.journal is not None:
            self.save(self.journal)
        return again

    def _conflict(self, epoch: int, found: int | None):
        """The LedgerConflict of a journal epoch that another writer published first (what to do: ``resync``)."""
        from ..errors import LedgerConflict
        reg = self.registry
        assert reg is not None
        ids = reg.pending_revocation_ids()
        where = f" ({self.journal})" if self.journal else ""
        return LedgerConflict(reg.id, epoch, None if found is None else found + 1, (
            f"registry {reg.id}: another writer published epoch {epoch} first, with other update data than this "
            f"issuer file{where}: nothing was overwritten and the file keeps its unpublished epochs "
            f"{epoch}..{reg.epoch} (revocation ids {ids or 'none'}). Re-sync from the ledger: "
            "`zkcred registry sync <issuer file>` (Issuer.resync()) drops them and takes the ledger's epochs; "
            "then revoke those ids again. (One issuer file should have one writer machine.)"))

    def _publish_epochs(self) -> None:
        """After the registry made epochs: write them to the journal file first, then publish them (``sync``).
        Without a ledger the journal is dropped (nothing is published)."""
        reg = self.registry
        if reg is None or not reg.pending:
            return
        if self.ledger is None:
            reg.pending.clear()
            return
        if self.journal is not None:
            self.save(self.journal)
        self.sync()

    def revoke(self, revocation_ids) -> RegistryState:
        """Revoke the credentials with these revocation ids (``Credential.revocation_id``) in one registry epoch,
        published on the ledger (update data, then state). Returns the new state."""
        if self.registry is None:
            raise ZkcredError("this issuer's credentials are not revocable (Issuer.create(..., revocable=True))")
        if self.ledger is not None:
            self.sync()         # before anything changes: a stale file is refused without writing its journal
        state, _update = self.registry.revoke(revocation_ids)
        self._publish_epochs()
        return state

    def public(self) -> IssuerPublic:
        return self._public

    @property
    def id(self) -> str:
        return self._public.id

    def issue(self, offer, attributes: Mapping[str, object]) -> IssuedCredential:
        """Sign ``attributes`` (JSON values of the schema's types: every attribute, nothing else) for the holder
        who sent ``offer`` (a ``CredentialOffer`` or its JSON). Checks the offer's commitment proof first
        (VerificationError when it fails). Blind BBS BlindSign (draft-irtf-cfrg-bbs-blind-signatures)."""
        from .holder import CredentialOffer
        if not isinstance(offer, CredentialOffer):
            offer = CredentialOffer.from_json(offer)
        pub = self._public
        if offer.issuer != pub.id:
            raise VerificationError(f"the offer is for issuer {offer.issuer}, not {pub.id}")
        if blind.committed_count(offer.commitment) != 1:
            raise DecodeError("offer.commitment: expected a commitment to exactly one message (the link secret)")
        scalars = pub.schema.encode_attributes(attributes)
        try:
            blind.verify_commitment(offer.commitment, SUITE)     # before a revocation handle is spent
        except DecodeError as e:
            raise DecodeError(f"offer.commitment: {e}") from None
        revocation = None
        if self.registry is not None:
            if self.ledger is not None and not self.registry.unused:
                self.sync()     # this issuance publishes a new block's epoch: check the ledger first
            rid, witness, _epochs = self.registry.issue_handle()
            self._publish_epochs()
            revocation = Revocation(rid, self.registry.epoch, witness)
            scalars.append(witness.y)
        try:
            sig = blind.blind_sign_scalars(self._sk, pub.public_key, offer.commitment, pub.header, scalars, SUITE)
        except DecodeError as e:        # the attributes are encoded above: only the commitment can be malformed
            raise DecodeError(f"offer.commitment: {e}") from None
        return IssuedCredential(pub.id, pub.schema.id, {k: attributes[k] for k in pub.schema.attributes}, sig,
                                revocation)

    def to_json(self) -> str:
        """SECRET: the issuer's signing key and public document."""
        obj = {"type": "zkcred/issuer-secret/v1", "secret_key": b64u(self._sk), "public": self._public.to_obj()}
        if self.registry is not None:
            obj["registry"] = self.registry.to_obj()
        return canonical_json(obj).decode("utf-8")

    def save(self, path: str) -> None:
        """Write ``to_json()`` to ``path`` atomically (a temporary file, fsync, rename), mode 0600: a process that
        restarts carries on from it (``Issuer.load``)."""
        atomic_write(path, self.to_json().encode("utf-8"), secret=True)

    @classmethod
    def load(cls, path: str, *, ledger=None) -> "Issuer":
        """The issuer saved at ``path``, journalling to it (``journal``); with a ledger, ``sync``ed to it."""
        with open(path, "rb") as f:
            issuer = cls.from_json(f.read())
        issuer.attach(ledger, path)
        return issuer

    @classmethod
    def from_json(cls, text: str | bytes | dict) -> "Issuer":
        o = parse(text, "issuer secret", "zkcred/issuer-secret/v1")
        sk = o.bytes("secret_key", 32)
        pub = IssuerPublic.from_obj(o.obj("public"))
        registry = RevocationRegistry.from_obj(o.obj("registry")) if o.has("registry") else None
        o.done()
        if (registry is None) != (pub.revocation is None) or (
                registry is not None and (registry.public != pub.revocation or registry.id != pub.registry)):
            raise DecodeError("issuer secret: the registry does not match the issuer document's revocation key")
        try:
            _api.decode_secret_key(sk)          # canonical, non-zero (never echoed)
        except DecodeError as e:
            raise DecodeError(f"{o.path('secret_key')}: {e}") from None
        if _api.sk_to_pk(sk, suite=SUITE) != pub.public_key:
            raise DecodeError("issuer secret: the secret key does not match the public key")
        for k in pub.predicate_keys.values():
            k._checked = True
        return cls(sk, pub, registry)

    def __repr__(self) -> str:
        return f"Issuer({self._public.schema.name!r}, id={self.id})"
