"""The holder: a link secret, blind credential requests, stored credentials and presentations.

    holder = Holder.create()                                   # a fresh link secret (a uniformly random scalar)
    offer = holder.request_credential(issuer_public)           # commitment to the link secret + its proof
    cred = holder.store(issuer.issue(offer, attributes), offer)  # checks the issuer's signature
    presentation = holder.present(request, [cred, ...])

The link secret enters every credential as the committed message of a Blind BBS signature
(draft-irtf-cfrg-bbs-blind-signatures): the issuer sees only a hiding commitment. ``CredentialOffer.to_json()``
is what goes to the issuer; the secret prover blind stays in the offer's ``to_json(private=True)`` form.
Predicate proofs are LegoGroth16 proofs made once per (credential, predicate) and re-randomised for every later
presentation (``lego.rerandomize``: a fresh-looking proof, unlinkable to the first), so presenting costs a
signature proof and a few scalar multiplications, not a SNARK proof.
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from ..bbs import _core as _bbs_core
from ..bbs import blind
from ..bls12_381 import Fr
from ..errors import DecodeError, VerificationError, ZkcredError
from ..proofs import BBSWitness, prove
from ..proofs.legogroth16 import LegoWitness
from .._fields import Obj, b64u, parse
from .issuer import SUITE, IssuedCredential, IssuerPublic, Revocation
from .presentation import Presentation, build_statements
from .request import PresentationRequest
from .schema import canonical_json

__all__ = ["Holder", "CredentialOffer", "Credential", "PredicateFalse", "Revoked"]


class Revoked(ZkcredError):
    """The request asks for non-revocation of a credential its issuer has revoked: no presentation is made."""


class PredicateFalse(ZkcredError):
    """The holder was asked to prove a predicate its credential does not satisfy: no presentation is made."""


class CredentialOffer:
    """A blind credential request: the issuer id and the commitment to the link secret (with its proof of
    knowledge). ``prover_blind`` is the holder's secret (None on the issuer's side)."""

    __slots__ = ("issuer", "commitment", "prover_blind")

    def __init__(self, issuer: str, commitment: bytes, prover_blind: Fr | None = None) -> None:
        self.issuer, self.commitment, self.prover_blind = issuer, bytes(commitment), prover_blind

    def to_json(self, *, private: bool = False) -> str:
        """What the issuer receives; ``private=True`` adds the secret prover blind (the holder's own copy)."""
        obj = {"type": "zkcred/credential-offer/v1", "issuer": self.issuer, "commitment": b64u(self.commitment)}
        if private:
            if self.prover_blind is None:
                raise ZkcredError("this offer carries no prover blind")
            obj["prover_blind"] = b64u(self.prover_blind.to_bytes())
        return canonical_json(obj).decode("utf-8")

    @classmethod
    def from_json(cls, text: str | bytes | dict) -> "CredentialOffer":
        o = parse(text, "offer", "zkcred/credential-offer/v1")
        issuer = o.str("issuer", max_len=128)
        commitment = o.bytes("commitment")
        try:
            blind.committed_count(commitment)          # length rules (DecodeError)
        except DecodeError as e:
            raise DecodeError(f"{o.path('commitment')}: {e}") from None
        pb = o.fr("prover_blind") if o.has("prover_blind") else None
        o.done()
        return cls(issuer, commitment, pb)

    def __repr__(self) -> str:
        return f"CredentialOffer(issuer={self.issuer})"


class Credential:
    """A credential the holder stores: issuer and schema ids, attribute values (JSON), the blind signature and the
    prover blind. SECRET as a whole (``to_json`` is for the holder's own storage)."""

    __slots__ = ("issuer", "schema", "attributes", "signature", "prover_blind", "revocation", "revoked", "_cache")

    def __init__(self, issuer: str, schema: str, attributes: Mapping[str, object], signature: bytes,
                 prover_blind: Fr, revocation: Revocation | None = None, revoked: bool = False) -> None:
        self.issuer, self.schema, self.attributes = issuer, schema, dict(attributes)
        self.signature, self.prover_blind = bytes(signature), prover_blind
        self.revocation, self.revoked = revocation, revoked
        # (attribute, predicate key, public inputs) -> (LegoProof, Opening); ("signature", bytes) -> (A, e);
        # ("encoded", schema id, attribute values) -> message scalars
        self._cache: dict = {}

    @property
    def revocation_id(self) -> int | None:
        """The issuer's name for this credential in its revocation registry (``Issuer.revoke([id])``)."""
        return None if self.revocation is None else self.revocation.id

    def to_obj(self) -> dict:
        obj: dict = {"type": "zkcred/credential/v1", "issuer": self.issuer, "schema": self.schema,
               "attributes": self.attributes, "signature": b64u(self.signature),
               "prover_blind": b64u(self.prover_blind.to_bytes())}
        if self.revocation is not None:
            obj["revocation"] = self.revocation.to_obj()
            obj["revoked"] = self.revoked
        return obj

    def to_json(self) -> str:
        return canonical_json(self.to_obj()).decode("utf-8")

    @classmethod
    def from_json(cls, text: str | bytes | dict) -> "Credential":
        o = parse(text, "credential", "zkcred/credential/v1")
        out = cls(o.str("issuer", max_len=128), o.str("schema", max_len=128), o.obj("attributes").d,
                  o.bytes("signature", 80), o.fr("prover_blind"),
                  Revocation.from_obj(o.obj("revocation")) if o.has("revocation") else None,
                  o.bool("revoked", False))
        o.done()
        return out

    @classmethod
    def from_obj(cls, obj: dict) -> "Credential":
        return cls.from_json(obj)

    def __repr__(self) -> str:
        return f"Credential(issuer={self.issuer}, schema={self.schema}, <attributes hidden>)"


class Holder:
    """A holder (module docstring). ``to_json()`` holds the SECRET link secret: store it privately."""

    __slots__ = ("_link", "issuers", "credentials")

    def __init__(self, link_secret: Fr, credentials: Sequence[Credential] = ()) -> None:
        self._link = link_secret
        self.issuers: dict[str, IssuerPublic] = {}
        self.credentials: list[Credential] = list(credentials)     # every credential ``store`` accepted

    @classmethod
    def create(cls) -> "Holder":
        return cls(Fr.random())

    def add_issuer(self, issuer: IssuerPublic) -> None:
        """Remember an issuer's public document (its predicate keys are checked on first use)."""
        self.issuers[issuer.id] = issuer

    def request_credential(self, issuer: IssuerPublic) -> CredentialOffer:
        """A blind request to ``issuer``: Blind BBS Commit on the link secret (constant time)."""
        self.add_issuer(issuer)
        commitment, prover_blind = blind.commit_scalars([self._link], SUITE)
        return CredentialOffer(issuer.id, commitment, prover_blind)

    def _issuer(self, issuer_id: str) -> IssuerPublic:
        try:
            return self.issuers[issuer_id]
        except KeyError:
            raise DecodeError(f"unknown issuer {issuer_id}: add its public document first (add_issuer)") from None

    def store(self, issued: IssuedCredential | str | bytes, offer: CredentialOffer) -> Credential:
        """Check the issuer's signature on the attributes and this holder's link secret (VerifyBlindSign) and
        return the credential; VerificationError when it does not verify."""
        if not isinstance(issued, IssuedCredential):
            issued = IssuedCredential.from_json(issued)
        if offer.prover_blind is None:
            raise DecodeError("store needs the holder's own offer (with its prover blind)")
        if issued.issuer != offer.issuer:
            raise VerificationError(f"credential from {issued.issuer}, but the offer was made to {offer.issuer}")
        pub = self._issuer(issued.issuer)
        if issued.schema != pub.schema.id:
            raise VerificationError("the credential names another schema than its issuer's")
        scalars = pub.schema.encode_attributes(issued.attributes, "issued credential.attributes")
        rev = issued.revocation
        if pub.revocation is not None:
            if rev is None:
                raise DecodeError("issued credential.revocation: missing (the issuer keeps a revocation registry)")
            rev.witness.verify(pub.revocation)          # the witness is for the handle and a registry value
            scalars.append(rev.witness.y)
        elif rev is not None:
            raise DecodeError("issued credential.revocation: the issuer keeps no revocation registry")
        blind.verify_scalars(pub.public_key, issued.signature, pub.header, scalars, [self._link],
                             offer.prover_blind, SUITE)
        cred = Credential(issued.issuer, issued.schema, issued.attributes, issued.signature, offer.prover_blind,
                          rev)
        self.credentials.append(cred)
        return cred

    def update(self, ledger, credentials: Sequence[Credential] | None = None) -> dict:
        """Bring the revocation witnesses of the stored credentials (or of ``credentials``) to their registry's
        latest epoch on ``ledger``, from the published update data alone (each checked against the digest in the
        state that names it). The updated witnesses of a registry are checked against its latest value with one
        pairing check (``verify_witnesses``) and stored only if it passes (VerificationError otherwise). A revoked
        credential is marked ``revoked`` (it can no longer be presented with "not_revoked"). Returns
        {"updated": n, "revoked": n, "epochs": {registry: epoch}}."""
        from ..ledger import RecordNotFound
        from ..registry import ElementRemovedError, RegistryState, UpdateData, update_digest, verify_witnesses
        from .issuer import updates_record
        creds = self.credentials if credentials is None else list(credentials)
        out: dict = {"updated": 0, "revoked": 0, "epochs": {}}
        by_registry: dict[str, list[Credential]] = {}
        for c in creds:
            if c.revocation is not None and not c.revoked:
                pub = self._issuer(c.issuer)
                if pub.registry is not None and pub.revocation is not None:
                    by_registry.setdefault(pub.registry, []).append(c)
        for reg, group in by_registry.items():
            states = [RegistryState.from_json(e.data) for e in ledger.history(reg)]
            if not states:
                raise VerificationError(f"registry {reg}: the ledger holds no state of it")
            for k, st in enumerate(states):
                if st.epoch != k or st.registry != reg:
                    raise VerificationError(f"registry {reg}: the ledger's state #{k} is not epoch {k} of it")
            latest = states[-1].epoch
            out["epochs"][reg] = latest
            updates: dict[int, UpdateData] = {}
            done: list[tuple[Credential, Revocation]] = []
            for c in group:
                rev = c.revocation
                assert rev is not None
                if rev.epoch >= latest:
                    continue
                needed = []
                for e in range(rev.epoch + 1, latest + 1):
                    if e not in updates:
                        try:
                            data = ledger.get(updates_record(reg), e).data
                        except RecordNotFound:
                            raise VerificationError(f"registry {reg}: the ledger holds no update data of epoch "
                                                    f"{e}") from None
                        if update_digest(data) != states[e].update_digest:
                            raise VerificationError(f"registry {reg}: update data of epoch {e} does not match "
                                                    "its state's digest")
                        updates[e] = UpdateData.from_bytes(data)
                    needed.append(updates[e])
                try:                                                   # y is secret: the constant-time
                    witness = rev.witness.update(needed)               # update flags its removal, no y == b_j
                except ElementRemovedError:
                    c.revoked = True
                    out["revoked"] += 1
                    continue
                done.append((c, Revocation(rev.id, latest, witness)))
            if done:
                public = self._issuer(done[0][0].issuer).revocation   # one registry, one issuer
                assert public is not None                              # grouped by registry above
                try:                                                   # every update started from the right
                    verify_witnesses(public, [r.witness for _, r in done])   # value: one pairing check
                except VerificationError as e:
                    raise VerificationError(f"registry {reg}: an updated witness does not verify ({e})") from None
                for c, r in done:
                    c.revocation = r
                out["updated"] += len(done)
        return out

    @staticmethod
    def _encoded(cred: Credential, pub: IssuerPublic) -> list:
        """The credential's message scalars (``Schema.encode_attributes``), kept in the credential's cache under
        its schema and attribute values (strings hash to scalars: one expand_message each)."""
        try:
            key: tuple | None = ("encoded", pub.schema.id,
                                 tuple((k, type(v), v) for k, v in cred.attributes.items()))
            hash(key)
        except TypeError:           # an unhashable value: not a valid attribute, encode_attributes names it
            key = None
        out = cred._cache.get(key) if key is not None else None
        if out is None:
            out = pub.schema.encode_attributes(cred.attributes, "credential.attributes")
            if key is not None:
                cred._cache[key] = out
        return list(out)

    def _predicate_witness(self, cred: Credential, pub: IssuerPublic, pred) -> LegoWitness:
        from ..groth16 import lego
        from .predicates import circuit_for
        key = pub.predicate_key(pred.key)
        pk = key.proving_key()                      # digest and well-formedness checked once (per key digest)
        # A key that passed lego.check_keys fully (every query checked against the circuit's R1CS through the
        # powers of tau) is an honest key for some trapdoor: a proof from a satisfying witness always verifies, so
        # the per-proof self-check is skipped (check=False). A key without the powers (section version 1) keeps
        # it: its A/C/H queries are unchecked and could make proofs fail for some witnesses only, and a released
        # failing proof would leak; see lego.check_keys.
        check = not key.fully_checked
        attr = pub.schema.attributes[pred.attribute]
        fx = attr.encode(cred.attributes[pred.attribute], pred.attribute)
        x = int(fx)
        if not pred.holds(x):
            raise PredicateFalse(f"the credential's {pred.attribute!r} does not satisfy the requested predicate "
                                 f"({pred.op} {pred.value!r}): no presentation is made")
        ck = (pred.attribute, pred.key, pred.public)      # the proof commits to this attribute's value
        cached = cred._cache.get(ck)
        if cached is None:
            if pred.key == "range":
                # the witness in constant-time C and the prover that is constant time in it (range64's wires are
                # bits but for ONE, lo, hi, v); the witness builders fail for a false predicate (checked above
                # too), so only satisfying witnesses reach the prover
                from ..circuits import range64
                assert pred.lo is not None and pred.hi is not None
                witness = range64.witness_bytes(fx, pred.lo, pred.hi)
                proof, _public, opening = lego.prove(pk, witness,
                                                     boolean_wires=lego.prover_flags(pk, range64.BOOLEAN_WIRES),
                                                     product_free=True, check=check)
            else:
                # set16 and merkle<d>: the prover that is constant time in the witness too (the attribute, the
                # Merkle path, the product accumulators), with the wires the circuit constrains boolean (the
                # Merkle index bits) as masked additions (Circuit.boolean_wires: public, cached per circuit) and
                # the request's public inputs (the set's values, the root) as public (lego.prover_flags)
                circuit = circuit_for(pred.key)
                witness = circuit.witness_bytes(pred.witness_inputs(fx))
                proof, _public, opening = lego.prove(pk, witness,
                                                     boolean_wires=lego.prover_flags(pk, circuit.boolean_wires()),
                                                     check=check)
            cred._cache[ck] = (proof, opening)
            return LegoWitness(proof, opening)
        # later presentations re-randomise the first proof, in the composite prover's constant-time rounds
        proof, opening = cached
        return LegoWitness(proof, opening, rerandomize=pk)

    def present(self, request: PresentationRequest | str | bytes, credentials: Sequence[Credential],
                issuers: Sequence[IssuerPublic] = ()) -> Presentation:
        """A presentation answering ``request`` with ``credentials[k]`` for ``request.credentials[k]``.

        PredicateFalse when a predicate does not hold, DecodeError when a credential does not fit its entry of
        the request (schema, issuer, attributes)."""
        if not isinstance(request, PresentationRequest):
            request = PresentationRequest.from_json(request)
        for pub in issuers:
            self.add_issuer(pub)
        if len(credentials) != len(request.credentials):
            raise DecodeError(f"the request asks for {len(request.credentials)} credentials, "
                              f"{len(credentials)} given")
        pubs, disclosed, encoded = [], [], []
        for creq, cred in zip(request.credentials, credentials):
            pub = self._issuer(cred.issuer)
            if cred.schema != creq.schema:
                raise DecodeError(f"credential for {creq.id!r}: schema {cred.schema}, the request asks {creq.schema}")
            pubs.append(pub)
            # the stored attributes are checked against the schema first, so that a malformed credential is
            # named as such (not as a disclosed value that differs from the request)
            encoded.append(self._encoded(cred, pub))
            disclosed.append({a: cred.attributes[a] for a in creq.disclose if a in cred.attributes})
        revocation: list = []
        for creq, cred, pub in zip(request.credentials, credentials, pubs):
            rev = cred.revocation
            if not creq.not_revoked:
                revocation.append(None)
                continue
            if cred.revoked:
                raise Revoked(f"credential for {creq.id!r}: revoked by its issuer; no presentation is made")
            if not pub.revocable:
                raise DecodeError(f"credential for {creq.id!r}: the request asks for non-revocation, but issuer "
                                  f"{pub.id} keeps no revocation registry")
            if rev is None:
                raise DecodeError(f"credential for {creq.id!r}: it carries no revocation witness")
            if creq.epoch is not None and creq.epoch != rev.epoch:
                raise DecodeError(f"credential for {creq.id!r}: the request asks for epoch {creq.epoch}, the witness "
                                  f"is for epoch {rev.epoch} (holder.update brings it to the latest)")
            revocation.append((rev.epoch, rev.witness.value))
        spec, layouts = build_statements(request, pubs, disclosed, revocation)
        witnesses: list = []
        for scalars, cred in zip(encoded, credentials):
            rh = [] if cred.revocation is None else [cred.revocation.witness.y]
            sk = ("signature", cred.signature)          # (A, e) decoded once per stored signature
            sig = cred._cache.get(sk)
            if sig is None:
                sig = cred._cache[sk] = _bbs_core.octets_to_signature(cred.signature)
            witnesses.append(BBSWitness(sig[0], sig[1], (*scalars, *rh, cred.prover_blind, self._link)))
        for lay, cred in zip(layouts, credentials):
            for pred in lay.predicates:
                witnesses.append(self._predicate_witness(cred, lay.issuer, pred))
        for lay, cred in zip(layouts, credentials):
            if lay.rev_stmt is not None and cred.revocation is not None:
                witnesses.append(cred.revocation.witness)
        return Presentation.from_proof(request, layouts, prove(spec, witnesses))

    def to_json(self, *, credentials: bool = False) -> str:
        """SECRET: the link secret (and, with ``credentials``, every stored credential with its witness)."""
        obj: dict = {"type": "zkcred/holder/v1", "link_secret": b64u(self._link.to_bytes())}
        if credentials:
            obj["credentials"] = [c.to_obj() for c in self.credentials]
        return canonical_json(obj).decode()

    def save(self, path: str) -> None:
        """Write the holder's state (link secret, credentials, witnesses) to ``path`` atomically, mode 0600."""
        from .issuer import atomic_write
        atomic_write(path, self.to_json(credentials=True).encode("utf-8"), secret=True)

    @classmethod
    def load(cls, path: str, issuers: Sequence[IssuerPublic] = ()) -> "Holder":
        with open(path, "rb") as f:
            holder = cls.from_json(f.read())
        for pub in issuers:
            holder.add_issuer(pub)
        return holder

    @classmethod
    def from_json(cls, text: str | bytes | dict) -> "Holder":
        o = parse(text, "holder", "zkcred/holder/v1")
        link = o.fr("link_secret")
        creds = [Credential.from_json(c.d) for c in o.objs("credentials", max_len=1 << 16)] \
            if o.has("credentials") else []
        o.done()
        return cls(link, creds)

    def __repr__(self) -> str:
        return f"Holder(<link secret>, {len(self.issuers)} issuers)"
