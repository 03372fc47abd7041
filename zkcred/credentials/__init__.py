"""Anonymous credentials: schemas, blind issuance, presentations with predicates linked to the signature.

    from zkcred.credentials import Schema, Issuer, Holder, Verifier, PresentationRequest
    schema = Schema.from_json(text)                     # schema.id: what requests name in "schema"
    issuer = Issuer.create(schema)                      # issuer.public(): what verifiers and holders need
    holder = Holder.create()                            # makes the link secret
    offer = holder.request_credential(issuer.public())  # blind commitment + proof of it
    cred = holder.store(issuer.issue(offer, attributes), offer)
    presentation = holder.present(PresentationRequest.from_json(text), [cred])
    disclosed = Verifier([issuer.public()]).verify(request, presentation)   # dict, or VerificationError

Modules: ``schema`` (types and encodings), ``request`` (presentation requests), ``predicates`` (ops -> circuits),
``issuer``, ``holder``, ``verifier``, ``presentation`` (statements and the presentation JSON).
"""
from .holder import Credential, CredentialOffer, Holder, PredicateFalse
from .issuer import IssuedCredential, Issuer, IssuerPublic
from .presentation import Presentation
from .request import PresentationRequest
from .schema import Schema
from .verifier import Verifier

__all__ = ["Schema", "Issuer", "IssuerPublic", "IssuedCredential", "Holder", "CredentialOffer", "Credential",
           "PredicateFalse", "PresentationRequest", "Presentation", "Verifier"]
