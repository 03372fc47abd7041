"""Groth16 on BLS12-381 with snarkjs/circom-compatible files.

    from zkcred.groth16 import setup, prove, verify, batch_verify, prepare
    from zkcred.groth16 import snarkjs      # .r1cs .wtns .zkey readers/writers, vk/proof/public JSON
    from zkcred.groth16 import lego         # LegoGroth16: proofs (A, B, C, D) carrying a commitment D

- ``setup(r1cs)`` is for development only: one party draws the toxic waste in C memory and wipes it after use;
  it never leaves memory, but whoever runs it could forge proofs. Use a snarkjs ceremony for real keys.
- ``prove(pk, witness)`` draws fresh r, s; the witness map (NTT) and the MSMs run in C on every core (GIL
  released). Its MSMs over the witness are variable time (see ``core``).
- ``verify(vk, public, proof)`` returns None or raises ``zkcred.errors.VerificationError``;
  ``prepare(vk)`` caches e(alpha, beta); ``batch_verify(vk, [(public, proof), ...])`` uses one multi-pairing.

The names are loaded on first access (PEP 562), so ``import zkcred.groth16.snarkjs`` alone, or the verifier, does
not load the prover's modules.
"""
_EXPORTS = {"setup": "core", "prove": "core", "verify": "core", "batch_verify": "core", "prepare": "core",
            "PreparedVerifyingKey": "core", "domain_size_for": "core", "Proof": "keys", "VerifyingKey": "keys",
            "ProvingKey": "_proving_key", "R1CS": "r1cs"}

_SUBMODULES = ("lego",)

__all__ = list(_EXPORTS) + list(_SUBMODULES)


def __getattr__(name: str):
    if name in _SUBMODULES:
        from importlib import import_module
        return import_module(f"{__name__}.{name}")
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
