"""W3C Verifiable Credentials 2.0 with the bbs-2023 cryptosuite (W3C Data Integrity BBS Cryptosuites v1.0),
BLS12-381 G2 Multikey and did:key, with the W3C contexts bundled (documents load offline)::

    from zkcred import vc
    key = vc.Multikey.generate()                        # or .from_json(...); .did, .verification_method
    signed = vc.issue(credential, key, mandatory_pointers=["/issuer"])
    vc.verify_base(signed)                              # holder checks what it received
    derived = vc.derive(signed, selective_pointers=["/credentialSubject/givenName"], presentation_header=b"")
    vc.verify(derived, presentation_header=b"")          # None or VerificationError naming the check

Every function takes ``document_loader=``: None (the bundled contexts and did:key), a mapping url -> document
(added to them), or a ``vc.DocumentLoader`` (which may wrap a network loader of the caller's). JSON-LD goes
through pyld (``pip install 'zkcred[vc]'``) in a safe mode; RDF canonicalization (RDFC-1.0) is zkcred's own.
Interoperable byte for byte with Digital Bazaar's @digitalbazaar/bbs-2023-cryptosuite 2.0.1.
"""
from ._loader import BUNDLED, DocumentLoader
from ._multikey import Multikey, resolve_did_key
from ._suite import (check_data_model, derive, issue, parse_base_proof_value, parse_derived_proof_value,
                     verify, verify_base)

__all__ = ["Multikey", "DocumentLoader", "BUNDLED", "resolve_did_key", "issue", "verify_base", "derive", "verify",
           "check_data_model", "parse_base_proof_value", "parse_derived_proof_value"]
