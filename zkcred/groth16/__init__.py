"""Groth16 on BLS12-381 with snarkjs-compatible files (see zkcred.groth16.snarkjs)."""
