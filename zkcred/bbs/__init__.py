"""BBS signatures per draft-irtf-cfrg-bbs-signatures (the editor's copy matching -09), both ciphersuites.

Byte interface (the draft's "BBS Signatures Interface")::

    from zkcred import bbs
    sk = bbs.keygen(key_material, key_info=b"", key_dst=None, suite=bbs.BLS12_381_SHA_256)   # 32 bytes
    pk = bbs.sk_to_pk(sk, suite=...)                                                          # 96 bytes
    sig = bbs.sign(sk, pk, header, messages, suite=...)                                       # 80 bytes
    bbs.verify(pk, sig, header, messages, suite=...)                     # None, or raises VerificationError
    proof = bbs.proof_gen(pk, sig, header, ph, messages, disclosed_indexes, suite=...)
    bbs.proof_verify(pk, proof, header, ph, disclosed_messages, disclosed_indexes, suite=...)
    bbs.batch_verify([bbs.SignatureItem(...), bbs.ProofItem(...), ...])   # one multi-pairing

The core layer on scalars (``core_sign``, ``core_verify``, ``core_proof_gen``, ``core_proof_verify`` and the proof
phases ``proof_init`` / ``proof_challenge_calculate`` / ``proof_finalize``) is exported too, for the credential
layers that sign attribute scalars or link hidden messages to other proofs.

The batch verifier's names (``batch_verify``, ``SignatureItem``, ``ProofItem``, ``BatchVerificationError``) load
``zkcred.bbs.batch`` on first access (PEP 562): a single verification (``zkcred bbs verify``) does not load it.
Blind signatures (draft-irtf-cfrg-bbs-blind-signatures) are ``bbs.blind`` (``zkcred.bbs.blind``), loaded the same
way: ``bbs.blind.commit``, ``bbs.blind.blind_sign``, ``bbs.blind.verify``, ``bbs.blind.signature_material`` ...
"""
from ._api import (create_generators, decode_secret_key, hash_to_scalar, keygen, messages_to_scalars,
                   proof_gen, proof_verify, sign, sk_to_pk, verify)
from ._core import (Proof, ProofInitResult, calculate_domain, calculate_random_scalars, check_proof, core_proof_gen,
                    core_proof_verify, core_sign, core_verify, mocked_random_scalars, octets_to_proof,
                    octets_to_pubkey, octets_to_signature, proof_challenge_calculate, proof_finalize, proof_init,
                    proof_to_octets, proof_verify_init, seeded_random_scalars, signature_to_octets)
from ._suite import (BLS12_381_SHA_256, BLS12_381_SHAKE_256, EXPAND_LEN, PROOF_LEN_FLOOR, PUBLIC_KEY_LENGTH,
                     SIGNATURE_LENGTH, SUITES, Ciphersuite, get_suite)

__all__ = [
    "BLS12_381_SHA_256", "BLS12_381_SHAKE_256", "SUITES", "Ciphersuite", "get_suite",
    "keygen", "sk_to_pk", "sign", "verify", "proof_gen", "proof_verify",
    "hash_to_scalar", "messages_to_scalars", "create_generators", "decode_secret_key",
    "core_sign", "core_verify", "core_proof_gen", "core_proof_verify", "calculate_domain",
    "proof_init", "proof_challenge_calculate", "proof_finalize", "proof_verify_init", "ProofInitResult", "Proof",
    "check_proof",
    "calculate_random_scalars", "seeded_random_scalars", "mocked_random_scalars",
    "octets_to_signature", "signature_to_octets", "octets_to_proof", "proof_to_octets", "octets_to_pubkey",
    "batch_verify", "SignatureItem", "ProofItem", "BatchVerificationError", "blind",
    "EXPAND_LEN", "PROOF_LEN_FLOOR", "PUBLIC_KEY_LENGTH", "SIGNATURE_LENGTH",
]

_BATCH_NAMES = ("batch_verify", "SignatureItem", "ProofItem", "BatchVerificationError")


def __getattr__(name: str):
    if name in _BATCH_NAMES:
        from . import batch
        return getattr(batch, name)
    if name == "blind":
        # import_module, not "from . import blind": the fromlist form asks this __getattr__ for "blind" again
        import importlib
        return importlib.import_module(".blind", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
