"""Groth16 on BLS12-381 with snarkjs/circom-compatible files.

    from zkcred.groth16 import setup, prove, verify, batch_verify, prepare
    from zkcred.groth16 import snarkjs      # .r1cs .wtns .zkey readers/writers, vk/proof/public JSON

- ``setup(r1cs)`` is for development only: one party draws the toxic waste in C memory and wipes it after use;
  it never leaves memory, but whoever runs it could forge proofs. Use a snarkjs ceremony for real keys.
- ``prove(pk, witness)`` draws fresh r, s; the witness map (NTT) and the MSMs run in C on every core (GIL
  released). Its MSMs over the witness are variable time (see ``core``).
- ``verify(vk, public, proof)`` returns None or raises ``zkcred.errors.VerificationError``;
  ``prepare(vk)`` caches e(alpha, beta); ``batch_verify(vk, [(public, proof), ...])`` uses one multi-pairing.
"""
from .core import (PreparedVerifyingKey, batch_verify, domain_size_for, prepare, prove, setup, verify)
from .keys import Proof, ProvingKey, VerifyingKey
from .r1cs import R1CS

__all__ = ["setup", "prove", "verify", "batch_verify", "prepare", "PreparedVerifyingKey", "Proof", "ProvingKey",
           "VerifyingKey", "R1CS", "domain_size_for"]
