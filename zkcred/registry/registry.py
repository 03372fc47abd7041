"""Revocation registries: a VB accumulator (``accumulator``) with epochs, for one issuer's credentials.

Each credential of a revocable issuer carries a hidden BBS message ``rev_handle`` (a random scalar the issuer
assigns). The registry's accumulator holds the handles of every credential that is NOT revoked; a presentation
proves, in zero knowledge, that its credential's handle is in the accumulator value of a published state.

- **Handles are pre-accumulated in blocks.** A new registry accumulates a block of ``BLOCK`` random handles from
  the start (``Accumulator.create(initial=...)``: one field multiplication each); issuing a credential hands out
  the next unused handle and its witness for the current value, so issuance publishes nothing. When a block is
  used up, the next one is added in one epoch. Only revocations and block additions change the state.
- **Epochs.** Epoch 0 is the registry's creation; every change publishes the next epoch's ``RegistryState``
  (registry id, epoch, accumulator value, SHA-256 of the update data) and its ``UpdateData`` (VB20 batch update:
  the added and removed handles and the Omega points, about 80 bytes per revocation in a batch). A holder brings
  its witness from any earlier epoch to any later one from the published update data alone.
- **Revocation ids.** ``issue_handle`` returns a small integer, the issuer's name for the credential's handle
  (``Credential.revocation_id``); ``revoke([ids])`` removes their handles in one epoch.

The issuer's registry (accumulator secret, unused and issued handles) is SECRET and persists through
``to_json``/``from_json``; ``RegistryState`` and ``UpdateData`` are public.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

from .._fields import Obj, b64u, from_b64u, parse
from .._json import canonical_json
from .._record import Record
from ..bls12_381 import G1, Fr
from ..errors import DecodeError, VerificationError, ZkcredError
from .accumulator import H_EFF, Accumulator, AccumulatorPublic, UpdateData, Witness

__all__ = ["RegistryState", "RevocationRegistry", "BLOCK", "update_digest", "verify_transition"]

BLOCK = 1024
_ZERO32 = bytes(32)


def update_digest(update: bytes | None) -> bytes:
    """SHA-256 of an epoch's update data (32 zero bytes for epoch 0, which has none)."""
    return _ZERO32 if update is None else hashlib.sha256(update).digest()


class RegistryState(Record):
    """One published state: ``registry`` id, ``epoch``, accumulator ``value`` and ``update_digest``."""

    registry: str
    epoch: int
    value: G1
    update_digest: bytes

    def to_obj(self) -> dict:
        return {"type": "zkcred/registry-state/v1", "registry": self.registry, "epoch": self.epoch,
                "value": b64u(self.value.to_bytes()), "update_digest": self.update_digest.hex()}

    def to_json(self) -> str:
        return canonical_json(self.to_obj()).decode("utf-8")

    @classmethod
    def from_json(cls, text: str | bytes | dict) -> "RegistryState":
        """Decode strictly (DecodeError naming the field)."""
        o = parse(text, "registry state", "zkcred/registry-state/v1")
        registry = o.str("registry", max_len=256)
        epoch = o.int("epoch", 0, (1 << 53) - 1)
        value = o.g1("value")
        if value.is_identity():
            raise DecodeError(f"{o.path('value')}: the identity is not an accumulator value")
        digest = o.hex32("update_digest")
        o.done()
        return cls(registry, epoch, value, digest)


def verify_transition(public: AccumulatorPublic, old: RegistryState, new: RegistryState, update: bytes,
                      removed: set[int]) -> UpdateData:
    """Check in public that ``new`` is ``old`` after the epoch's ``update`` data (VB20 section 4): the digest, the
    final value, and every step W_i of the chain W_0 = old value, W_i = h_eff Omega_i, W_d = new value:
    an addition of a: e(W_i - a W_(i-1), P~) e(-W_(i-1), Q~) = 1; a removal of b: e(b W_i - W_(i-1), P~)
    e(W_i, Q~) = 1; all steps in one two-pairing check with random 128-bit weights. ``removed``: the ints of the
    elements removed in earlier epochs (updated here): an addition of one of them is refused, since re-adding a
    removed element needs no secret (its value before the removal is public) and would undo a revocation.
    Returns the decoded update; VerificationError naming the epoch and the rule otherwise."""
    import os

    from ..bls12_381 import G2, pairing_check
    where = f"registry {new.registry}: epoch {new.epoch}"
    if new.registry != old.registry or new.epoch != old.epoch + 1:
        raise VerificationError(f"{where} does not follow epoch {old.epoch} of {old.registry}")
    if update_digest(update) != new.update_digest:
        raise VerificationError(f"{where}: the update data does not match the state's digest")
    try:
        u = UpdateData.from_bytes(update)
        d = len(u)
        # Omega in full (subgroup included): an honest issuer's Omega_i = h_eff^-1 W_i is in G1
        omega = G1.batch_from_bytes(update[len(update) - 48 * (d - 1):]) if d > 1 else []
    except DecodeError as e:
        raise VerificationError(f"{where}: update data: {e}") from None
    if u.value != new.value:
        raise VerificationError(f"{where}: the update data's value is not the state's")
    back = [int(a) for a in u.added if int(a) in removed]
    if back:
        raise VerificationError(f"{where}: the update adds back {len(back)} element(s) removed earlier")
    W = [old.value, *(p.mul_var(H_EFF) for p in omega), new.value]
    p_pts, p_sc, q_pts, q_sc = [], [], [], []
    for i, (x, add) in enumerate([(a, True) for a in u.added] + [(b, False) for b in u.removed], 1):
        rho = Fr(int.from_bytes(os.urandom(16), "big") | 1)
        if add:
            p_pts += [W[i], W[i - 1]]
            p_sc += [rho, -(rho * x)]
            q_pts.append(W[i - 1])
            q_sc.append(-rho)
        else:
            p_pts += [W[i], W[i - 1]]
            p_sc += [rho * x, -rho]
            q_pts.append(W[i])
            q_sc.append(rho)
    if not pairing_check([(G1.msm_var(p_pts, p_sc), G2.generator()), (G1.msm_var(q_pts, q_sc), public.Q)]):
        raise VerificationError(f"{where}: its value does not follow from epoch {old.epoch}'s by the update data")
    removed.update(int(b) for b in u.removed)
    return u


class RevocationRegistry:
    """The issuer's registry (module docstring). SECRET: ``to_json`` holds the accumulator key and handles."""

    __slots__ = ("id", "acc", "epoch", "unused", "issued", "revoked", "block", "pending")

    def __init__(self, registry_id: str, acc: Accumulator, epoch: int, unused: list[Fr], issued: list[Fr],
                 revoked: set[int], block: int = BLOCK, pending: list[bytes] | None = None) -> None:
        self.id, self.acc, self.epoch = registry_id, acc, epoch
        self.unused, self.issued, self.revoked, self.block = unused, issued, revoked, block
        # the update data of the last len(pending) epochs, not yet known to be on the ledger (a write-ahead
        # journal: saved before publishing, cleared once published; see Issuer.sync)
        self.pending: list[bytes] = list(pending or [])

    @classmethod
    def create(cls, registry_id: str, *, block: int = BLOCK) -> "RevocationRegistry":
        """A new registry at epoch 0 with one block of handles accumulated."""
        if not 1 <= block <= 1 << 16:
            raise ValueError("block must be in [1, 65536]")
        handles = [Fr.random() for _ in range(block)]
        return cls(registry_id, Accumulator.create(handles), 0, handles, [], set(), block)

    @property
    def public(self) -> AccumulatorPublic:
        return self.acc.public

    def state(self, update: bytes | None = None) -> RegistryState:
        return RegistryState(self.id, self.epoch, self.acc.value, update_digest(update))

    def _epoch(self, added: Iterable[Fr], removed: Iterable[Fr]) -> tuple[RegistryState, bytes]:
        data = self.acc.batch_update(list(added), list(removed)).to_bytes()
        self.epoch += 1
        self.pending.append(data)
        return self.state(data), data

    def pending_epochs(self) -> list[tuple[RegistryState, bytes]]:
        """The journal: (state, update data) of each epoch not yet known to be published, oldest first."""
        first = self.epoch - len(self.pending) + 1
        return [(RegistryState(self.id, first + i, UpdateData.from_bytes(d).value, update_digest(d)), d)
                for i, d in enumerate(self.pending)]

    def pending_revocation_ids(self) -> list[int]:
        """The revocation ids that the journal's epochs revoke (sorted)."""
        index = {int(y): i for i, y in enumerate(self.issued)}
        return sorted({index[int(b)] for d in self.pending for b in UpdateData.from_bytes(d).removed
                       if int(b) in index})

    def adopt(self, base: RegistryState, epochs: list[tuple[RegistryState, bytes]]) -> list[int]:
        """Replace the journal (every pending epoch: none of them is on the ledger) by the ledger's ``epochs``
        (state, update data), which follow ``base``, the ledger's state of the last epoch this registry published.
        Each is checked in public (``verify_transition``); the journal's revocations are undone and the ledger's
        applied (a handle of this file's unused block that the ledger removes was issued by the other writer:
        it is marked issued and revoked). Refused (ZkcredError, nothing changed) when the journal or the ledger's
        epochs add handles: credentials may have been issued from a block that the other side does not know.
        Returns the journal's revocation ids that the ledger did not revoke (to revoke again)."""
        journal = self.pending_epochs()
        first = self.epoch - len(journal) + 1
        where = f"registry {self.id}"
        if base.registry != self.id or base.epoch != first - 1:
            raise ZkcredError(f"{where}: adopt needs the ledger's state of epoch {first - 1}, got epoch {base.epoch}")
        try:
            if journal:                 # the journal was built on ``base``: its first epoch follows from it
                verify_transition(self.public, base, journal[0][0], journal[0][1], set())
            elif base.value != self.acc.value:
                raise VerificationError(f"{where}: the ledger's epoch {base.epoch} is not this registry's")
        except VerificationError as e:
            raise ZkcredError(f"{where}: the ledger's epoch {base.epoch} is not the one this issuer file built on "
                              f"({e})") from None
        mine = [UpdateData.from_bytes(d) for d in self.pending]
        if any(len(u.added) for u in mine):
            raise ZkcredError(f"{where}: this issuer file's unpublished epochs add a block of handles that "
                              "credentials were issued from: they cannot be dropped; continue from this file's "
                              "ledger or restore the issuer file of the writer that published")
        index = {int(y): i for i, y in enumerate(self.issued)}
        dropped = self.pending_revocation_ids()
        revoked = self.revoked - set(dropped)
        removed = {int(self.issued[i]) for i in revoked}
        issued, unused = list(self.issued), list(self.unused)
        spare = {int(y): y for y in unused}
        prev = base
        for state, data in epochs:
            try:
                u = verify_transition(self.public, prev, state, data, removed)
            except VerificationError as e:
                raise ZkcredError(f"{where}: the ledger's epoch {state.epoch} does not check: {e}") from None
            if len(u.added):
                raise ZkcredError(f"{where}: the ledger's epoch {state.epoch} adds a block of handles (the other "
                                  "writer issued from it): continue from that writer's issuer file")
            for b in u.removed:
                k = int(b)
                if k not in index:
                    if k not in spare:
                        raise ZkcredError(f"{where}: the ledger's epoch {state.epoch} removes a handle this issuer "
                                          "file never had")
                    y = spare.pop(k)
                    unused.remove(y)
                    issued.append(y)
                    index[k] = len(issued) - 1
                revoked.add(index[k])
            prev = state
        self.acc.value, self.epoch, self.pending = prev.value, prev.epoch, []
        self.issued, self.unused, self.revoked = issued, unused, revoked
        return [i for i in dropped if i not in revoked]

    def issue_handle(self) -> tuple[int, Witness, list[tuple[RegistryState, bytes]]]:
        """The next credential's (revocation id, witness for the current value) and the epochs to publish first
        (a block addition when the unused handles ran out; usually none)."""
        published = []
        if not self.unused:
            fresh = [Fr.random() for _ in range(self.block)]
            published.append(self._epoch(fresh, []))
            self.unused = fresh
        y = self.unused.pop()
        self.issued.append(y)
        return len(self.issued) - 1, self.acc.witness(y), published

    def revoke(self, revocation_ids: Iterable[int]) -> tuple[RegistryState, bytes]:
        """Remove the handles of ``revocation_ids`` in one epoch: (new state, update data) to publish."""
        ids = []
        for rid in revocation_ids:
            if isinstance(rid, bool) or not isinstance(rid, int) or not 0 <= rid < len(self.issued):
                raise DecodeError(f"revocation id {rid!r}: no credential of this registry has it")
            if rid in self.revoked or rid in ids:
                raise ZkcredError(f"revocation id {rid} is already revoked")
            ids.append(rid)
        if not ids:
            raise DecodeError("revoke: no revocation ids given")
        out = self._epoch([], [self.issued[i] for i in ids])
        self.revoked.update(ids)
        return out

    def is_revoked(self, revocation_id: int) -> bool:
        return revocation_id in self.revoked

    # ---- persistence (SECRET) ------------------------------------------------------------------------------
    def to_obj(self) -> dict:
        obj = {"type": "zkcred/revocation-registry-secret/v1", "id": self.id, "epoch": self.epoch,
               "block": self.block, "accumulator": b64u(self.acc.to_bytes()),
               "unused": b64u(b"".join(y.to_bytes() for y in self.unused)),
               "issued": b64u(b"".join(y.to_bytes() for y in self.issued)), "revoked": sorted(self.revoked)}
        if self.pending:
            obj["pending"] = [b64u(d) for d in self.pending]
        return obj

    @classmethod
    def from_obj(cls, o: Obj) -> "RevocationRegistry":
        if o.str("type") != "zkcred/revocation-registry-secret/v1":
            raise DecodeError(f"{o.path('type')}: expected 'zkcred/revocation-registry-secret/v1'")
        rid = o.str("id", max_len=256)
        epoch = o.int("epoch", 0, (1 << 53) - 1)
        block = o.int("block", 1, 1 << 16)
        acc = Accumulator.from_bytes(o.bytes("accumulator", 80))
        lists = []
        for key in ("unused", "issued"):
            raw = o.bytes(key)
            if len(raw) % 32:
                raise DecodeError(f"{o.path(key)}: not a whole number of 32-byte scalars")
            try:
                lists.append(Fr.batch_from_bytes(raw) if raw else [])
            except DecodeError as e:
                raise DecodeError(f"{o.path(key)}: {e}") from None
        revoked = o.list("revoked", max_len=1 << 24)
        if any(isinstance(r, bool) or not isinstance(r, int) or not 0 <= r < len(lists[1]) for r in revoked):
            raise DecodeError(f"{o.path('revoked')}: expected revocation ids of issued credentials")
        pending: list[bytes] = []
        if o.has("pending"):
            items = o.list("pending", max_len=1 << 16)
            if len(items) > epoch:
                raise DecodeError(f"{o.path('pending')}: more pending epochs than the registry's epoch")
            last = None
            for i, item in enumerate(items):
                where = f"{o.path('pending')}[{i}]"
                data = from_b64u(item, where)
                try:
                    last = UpdateData.from_bytes(data)
                except DecodeError as e:
                    raise DecodeError(f"{where}: {e}") from None
                pending.append(data)
            if last is not None and last.value != acc.value:
                raise DecodeError(f"{o.path('pending')}: the last pending epoch does not end at the accumulator's "
                                  "value")
        o.done()
        return cls(rid, acc, epoch, lists[0], lists[1], set(revoked), block, pending)

    def __repr__(self) -> str:
        return f"RevocationRegistry({self.id!r}, epoch={self.epoch}, <secret>)"
