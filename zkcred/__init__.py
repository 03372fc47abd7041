"""zkcred: zero-knowledge credentials on BLS12-381.

Layers (bottom up): the native core (``zkcred._native``, built from csrc/) -> ``zkcred.bls12_381`` value types ->
``zkcred.bbs``, ``zkcred.groth16`` + ``zkcred.circuit`` -> credentials, registries, ledger -> CLI and service.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
