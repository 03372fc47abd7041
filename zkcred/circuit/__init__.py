"""zkcred.circuit: a small R1CS circuit builder over BLS12-381 Fr, its gadgets and Poseidon.

- :class:`Circuit`: inputs, linear combinations (:class:`LC`, with ``+ - *`` operators), constraints, gadgets
  (``to_bits``, ``from_bits``, ``is_zero``, ``is_equal``, ``select``, ``less_than``/``greater_eq``, range checks,
  Poseidon permutation/hash, Merkle path), export to :class:`zkcred.groth16.r1cs.R1CS` in circom wire order, and
  witness computation (Fr, constant time) that refuses unsatisfying inputs with :class:`UnsatisfiedError`.
- :mod:`zkcred.circuit.poseidon`: the Poseidon permutation and zkcred's sponge hash, plain and in-circuit, and
  the :class:`MerkleTree` builder.
"""
from . import poseidon
from .builder import LC, R, Circuit, CircuitError, UnsatisfiedError, Witness
from .poseidon import MerkleTree

__all__ = ["Circuit", "LC", "Witness", "CircuitError", "UnsatisfiedError", "MerkleTree", "poseidon", "R"]
