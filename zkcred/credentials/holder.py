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

from ..bbs import blind
from ..bls12_381 import Fr
from ..errors import DecodeError, VerificationError, ZkcredError
from ..proofs import BBSWitness, prove
from ..proofs.legogroth16 import LegoWitness
from .._fields import Obj, b64u, parse
from .issuer import SUITE, IssuedCredential, IssuerPublic
from .presentation import Presentation, build_statements
from .request import PresentationRequest
from .schema import canonical_json

__all__ = ["Holder", "CredentialOffer", "Credential", "PredicateFalse"]


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
        o = parse(text, "offer")
        if o.str("type") != "zkcred/credential-offer/v1":
            raise DecodeError(f"{o.path('type')}: expected 'zkcred/credential-offer/v1'")
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

    __slots__ = ("issuer", "schema", "attributes", "signature", "prover_blind", "_cache")

    def __init__(self, issuer: str, schema: str, attributes: Mapping[str, object], signature: bytes,
                 prover_blind: Fr) -> None:
        self.issuer, self.schema, self.attributes = issuer, schema, dict(attributes)
        self.signature, self.prover_blind = bytes(signature), prover_blind
        self._cache: dict = {}         # (attribute, predicate key, public inputs) -> (LegoProof, Opening)

    def to_json(self) -> str:
        obj = {"type": "zkcred/credential/v1", "issuer": self.issuer, "schema": self.schema,
               "attributes": self.attributes, "signature": b64u(self.signature),
               "prover_blind": b64u(self.prover_blind.to_bytes())}
        return canonical_json(obj).decode("utf-8")

    @classmethod
    def from_json(cls, text: str | bytes | dict) -> "Credential":
        o = parse(text, "credential")
        if o.str("type") != "zkcred/credential/v1":
            raise DecodeError(f"{o.path('type')}: expected 'zkcred/credential/v1'")
        out = cls(o.str("issuer", max_len=128), o.str("schema", max_len=128), o.obj("attributes").d,
                  o.bytes("signature", 80), o.fr("prover_blind"))
        o.done()
        return out

    def __repr__(self) -> str:
        return f"Credential(issuer={self.issuer}, schema={self.schema}, <attributes hidden>)"


class Holder:
    """A holder (module docstring). ``to_json()`` holds the SECRET link secret: store it privately."""

    __slots__ = ("_link", "issuers")

    def __init__(self, link_secret: Fr) -> None:
        self._link = link_secret
        self.issuers: dict[str, IssuerPublic] = {}

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
        blind.verify_scalars(pub.public_key, issued.signature, pub.header, scalars, [self._link],
                             offer.prover_blind, SUITE)
        return Credential(issued.issuer, issued.schema, issued.attributes, issued.signature, offer.prover_blind)

    def _predicate_witness(self, cred: Credential, pub: IssuerPublic, pred) -> LegoWitness:
        from ..groth16 import lego
        from .predicates import circuit_for
        key = pub.predicate_key(pred.key)
        pk = key.proving_key()                      # digest and well-formedness checked once
        attr = pub.schema.attributes[pred.attribute]
        x = int(attr.encode(cred.attributes[pred.attribute], pred.attribute))
        if not pred.holds(x):
            raise PredicateFalse(f"the credential's {pred.attribute!r} does not satisfy the requested predicate "
                                 f"({pred.op} {pred.value!r}): no presentation is made")
        ck = (pred.attribute, pred.key, pred.public)      # the proof commits to this attribute's value
        cached = cred._cache.get(ck)
        if cached is None:
            witness = circuit_for(pred.key).witness_bytes(pred.witness_inputs(x))
            proof, _public, opening = lego.prove(pk, witness)
        else:
            proof, opening = lego.rerandomize(pk, *cached)
        cred._cache[ck] = (proof, opening)
        return LegoWitness(proof, opening)

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
            encoded.append(pub.schema.encode_attributes(cred.attributes, "credential.attributes"))
            disclosed.append({a: cred.attributes[a] for a in creq.disclose if a in cred.attributes})
        spec, layouts = build_statements(request, pubs, disclosed)
        witnesses: list = []
        for scalars, cred in zip(encoded, credentials):
            witnesses.append(BBSWitness.from_signature(cred.signature, [*scalars, cred.prover_blind, self._link]))
        for lay, cred in zip(layouts, credentials):
            for pred in lay.predicates:
                witnesses.append(self._predicate_witness(cred, lay.issuer, pred))
        return Presentation.from_proof(request, layouts, prove(spec, witnesses))

    def to_json(self) -> str:
        """SECRET: the link secret."""
        return canonical_json({"type": "zkcred/holder/v1", "link_secret": b64u(self._link.to_bytes())}).decode()

    @classmethod
    def from_json(cls, text: str | bytes | dict) -> "Holder":
        o = parse(text, "holder")
        if o.str("type") != "zkcred/holder/v1":
            raise DecodeError(f"{o.path('type')}: expected 'zkcred/holder/v1'")
        link = o.fr("link_secret")
        o.done()
        return cls(link)

    def __repr__(self) -> str:
        return f"Holder(<link secret>, {len(self.issuers)} issuers)"
