"""Composite zero-knowledge proofs: statements, witnesses and equalities under one Fiat–Shamir challenge.

    from zkcred import proofs
    spec = proofs.ProofSpec([stmt_a, stmt_b], equalities=[[(0, 4), (1, 2)]], context=b"...")
    proof = proofs.prove(spec, [witness_a, witness_b])
    proofs.verify(spec, proof)          # None, or VerificationError

Sub-protocols: ``bbs_pok.BBSSignaturePoK`` (a BBS signature with hidden messages; owns shared responses),
``legogroth16.LegoPredicate`` (a LegoGroth16 proof whose commitment opens to committed wires linked to signed
messages), ``accumulator.AccumulatorMembership`` (membership of a linked signed value, the credential's
``rev_handle``, in a revocation accumulator of ``zkcred.registry``). See ``_model`` for the protocol and its rules.
"""
from ._model import REGISTRY, CompositeProof, ProofSpec, ProverState, Statement, prove, register, verify
from ._linear import LinearBatch
from ._pairings import PairingBatch
from ._transcript import Transcript
from .bbs_pok import BBSProofPart, BBSSignaturePoK, BBSWitness

__all__ = ["ProofSpec", "CompositeProof", "Statement", "ProverState", "prove", "verify", "register", "REGISTRY",
           "PairingBatch", "LinearBatch", "Transcript", "BBSSignaturePoK", "BBSWitness", "BBSProofPart"]
