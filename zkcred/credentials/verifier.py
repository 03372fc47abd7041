"""The verifier: checks a presentation against its request and the issuers it trusts.

    disclosed = Verifier([issuer_public, ...]).verify(request, presentation)   # {credential id: {attr: value}}

The statements are rebuilt from the request, the issuer documents and the disclosed values (never read from the
presentation); everything else in the presentation must fit them exactly. All pairing equations (every signature
and every predicate) are checked in one multi-pairing; ``verify_batch`` checks many presentations with one
multi-pairing for the whole batch and names the bad ones when it fails.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..errors import DecodeError, VerificationError
from ..proofs import LinearBatch, PairingBatch, verify as verify_composite
from ..registry.registry import RegistryState
from .issuer import IssuerPublic
from .presentation import Presentation, build_statements
from .request import PresentationRequest

__all__ = ["Verifier"]


class Verifier:
    """Verifies presentations for the issuers it is given (their public documents; proving keys not needed)."""

    __slots__ = ("issuers", "ledger", "states", "_state_cache", "_chain")

    def __init__(self, issuers: Sequence[IssuerPublic] = (), *, ledger=None,
                 registry_states: Sequence[RegistryState] = ()) -> None:
        """``issuers``: trusted issuer documents. ``ledger``: where registry states are read (latest, or the epoch
        a request names), cached by ledger position. ``registry_states``: states given directly instead."""
        self.issuers = {i.id: i for i in issuers}
        self.ledger = ledger
        self.states: dict[str, dict[int, RegistryState]] = {}
        for st in registry_states:
            self.states.setdefault(st.registry, {})[st.epoch] = st
        self._state_cache: dict = {}
        self._chain: dict[str, tuple[int, set[int]]] = {}     # registry -> (epochs checked up to, removed elements)

    @classmethod
    def from_ledger(cls, ledger, issuer_ids: Sequence[str]) -> "Verifier":
        """A verifier trusting the issuers with these ids, whose documents (the verifier's copies, checked against
        their ids) and registry states are read from ``ledger``."""
        pubs = []
        for iid in issuer_ids:
            pub = IssuerPublic.from_json(ledger.get(iid).data)
            if pub.id != iid:
                raise VerificationError(f"the ledger's record {iid} holds the document of issuer {pub.id}")
            pubs.append(pub)
        return cls(pubs, ledger=ledger)

    def registry_state(self, registry: str, epoch: int | None = None) -> RegistryState:
        """The registry's state at ``epoch`` (None: the latest), from the given states or the ledger."""
        given = self.states.get(registry)
        if given:
            st = given.get(max(given) if epoch is None else epoch)
            if st is None:
                raise VerificationError(f"registry {registry}: no state of epoch {epoch} is known")
            return st
        if self.ledger is None:
            raise VerificationError(f"registry {registry}: no registry state given and no ledger to read it from")
        from ..ledger import RecordNotFound
        try:
            entry = self.ledger.get(registry) if epoch is None else self.ledger.get(registry, epoch + 1)
        except RecordNotFound:        # a KeyError naming a record version: say which epoch is missing
            what = "no state" if epoch is None else f"no state of epoch {epoch}"
            raise VerificationError(f"registry {registry}: {what} on the ledger") from None
        key = (registry, entry.position)
        st = self._state_cache.get(key)
        if st is None:
            st = RegistryState.from_json(entry.data)
            if st.registry != registry or st.epoch != entry.version - 1:
                raise VerificationError(f"registry {registry}: ledger record version {entry.version} is not epoch "
                                        f"{entry.version - 1} of it")
            if len(self._state_cache) > 4096:
                self._state_cache.clear()
            self._state_cache[key] = st
        return st

    def check_chain(self, pub: IssuerPublic, epoch: int) -> None:
        """Check that the ledger's states of ``pub``'s registry up to ``epoch`` follow each other by their published
        update data under the issuer's accumulator key (``registry.verify_transition``), once per epoch: a state
        appended by anyone else than the issuer (an old value republished under a new epoch, a removed handle
        added back) is refused. Epoch 0 must hold the initial value that the issuer id pins
        (``IssuerPublic.registry_initial``): a state 0 written by whoever reached the record first is refused."""
        from ..ledger import RecordNotFound
        from ..registry.registry import verify_transition
        from .issuer import updates_record
        reg, public = pub.registry, pub.revocation
        if reg is None or public is None:
            raise VerificationError(f"issuer {pub.id} keeps no revocation registry")
        done, removed = self._chain.get(reg, (-1, set()))
        if epoch <= done:
            return
        removed = set(removed)
        prev = self.registry_state(reg, max(done, 0))
        if done < 0:
            if prev.epoch != 0 or prev.value != pub.registry_initial:
                raise VerificationError(f"registry {reg}: the ledger's epoch 0 is not the registry's initial state "
                                        f"pinned by issuer {pub.id}")
            done = 0
            self._chain[reg] = (0, set())
            if epoch == 0:
                return
        for e in range(done + 1, epoch + 1):
            st = self.registry_state(reg, e)
            try:
                data = self.ledger.get(updates_record(reg), e).data
            except RecordNotFound:
                raise VerificationError(f"registry {reg}: the ledger holds no update data of epoch {e}") from None
            verify_transition(public, prev, st, data, removed)
            self._chain[reg] = (e, set(removed))
            prev = st

    def prepare(self, request, presentation):
        """Every check but the pairing equations: (spec, layouts, composite proof, presentation) for
        ``zkcred.proofs.verify`` with a caller's ``PairingBatch`` (the verifier service batches across requests)."""
        if not isinstance(request, PresentationRequest):
            request = PresentationRequest.from_json(request)
        if not isinstance(presentation, Presentation):
            presentation = Presentation.from_json(presentation)
        if presentation.request_digest != request.digest:
            raise VerificationError("the presentation answers another request (or the same under another nonce)")
        if len(presentation.credentials) != len(request.credentials):
            raise VerificationError(f"the presentation has {len(presentation.credentials)} credentials, the "
                                    f"request asks for {len(request.credentials)}")
        pubs = []
        for creq, entry in zip(request.credentials, presentation.credentials):
            if entry["id"] != creq.id:
                raise VerificationError(f"credential {entry['id']!r} where the request has {creq.id!r}")
            if entry["issuer"] not in creq.issuers:
                raise VerificationError(f"credential {creq.id!r}: issuer {entry['issuer']} is not accepted by "
                                        "the request")
            pub = self.issuers.get(entry["issuer"])
            if pub is None:
                raise VerificationError(f"credential {creq.id!r}: unknown issuer {entry['issuer']}")
            if entry["schema"] != creq.schema or pub.schema.id != creq.schema:
                raise VerificationError(f"credential {creq.id!r}: schema does not match the request")
            pubs.append(pub)
        revocation: list = []
        for creq, pub in zip(request.credentials, pubs):
            if creq.not_revoked and pub.registry is not None:
                st = self.registry_state(pub.registry, creq.epoch)
                if self.ledger is not None and not self.states.get(pub.registry):
                    self.check_chain(pub, st.epoch)
                revocation.append((st.epoch, st.value))
            else:
                revocation.append(None)
        spec, layouts = build_statements(request, pubs, presentation.disclosed(), revocation)
        return spec, layouts, presentation.to_proof(layouts, spec), presentation

    def verify(self, request: PresentationRequest | str | bytes, presentation: Presentation | str | bytes) -> dict:
        """The disclosed attributes by credential id, or VerificationError / DecodeError naming what failed."""
        spec, _layouts, proof, pres = self.prepare(request, presentation)
        verify_composite(spec, proof)
        return {c["id"]: dict(c["disclosed"]) for c in pres.credentials}

    def verify_batch(self, items: Sequence[tuple]) -> list[dict]:
        """Verify (request, presentation) pairs with one multi-pairing and one multi-scalar multiplication for all
        of them (the Schnorr equations of their commitment-form sub-proofs, ``zkcred.proofs.LinearBatch``).
        Returns the disclosed attributes of each, or raises VerificationError naming the bad items (their
        positions)."""
        batch, linear = PairingBatch(), LinearBatch()
        out, bad = [], []
        owners: list[int] = []
        lin_owners: list[int] = []
        passed: list[int] = []           # the items whose every other check passed
        for k, (request, presentation) in enumerate(items):
            n0, l0 = len(batch), len(linear)
            try:
                spec, _layouts, proof, pres = self.prepare(request, presentation)
                lin = LinearBatch()          # this item's equations join the batch only if the item passes
                verify_composite(spec, proof, batch=batch, linear=lin)
                linear.extend(lin)
                owners += [k] * (len(batch) - n0)
                lin_owners += [k] * (len(linear) - l0)
                passed.append(k)
                out.append({c["id"]: dict(c["disclosed"]) for c in pres.credentials})
            except (VerificationError, DecodeError) as e:
                batch.truncate(n0)
                bad.append(f"#{k}: {e}")
                out.append({})
        failing: dict[int, str] = {}
        if not linear.holds():
            named = {lin_owners[i] for i in linear.failing_indexes()}
            for k in named or passed:       # none named (cannot happen with a correct MSM): reject them all
                failing.setdefault(k, "Schnorr equation fails")
        if not batch.holds():
            named = {owners[i] for i in batch.failing_indexes()}
            for k in named or passed:
                failing.setdefault(k, "pairing check failed")
        bad += [f"#{k}: {why}" for k, why in sorted(failing.items())]
        if bad:
            raise VerificationError("batch verification failed: " + "; ".join(bad))
        return out
