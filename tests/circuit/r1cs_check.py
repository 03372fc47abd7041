"""An independent R1CS satisfaction check on raw witness values (Python ints), for soundness tests.

It reads only the exported R1CS and the witness bytes, never the builder's internals or its witness program,
so a forged witness is judged exactly as a Groth16 verifier's relation would judge it.
"""
from __future__ import annotations

from zkcred.groth16.r1cs import R1CS

R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001


def decode_witness(raw: bytes) -> list[int]:
    """n x 32-byte little-endian scalars -> ints (asserts canonical encoding)."""
    assert len(raw) % 32 == 0
    out = [int.from_bytes(raw[i:i + 32], "little") for i in range(0, len(raw), 32)]
    assert all(v < R for v in out)
    return out


def first_failure(r1cs: R1CS, w: list[int]) -> int | None:
    """Index of the first constraint <A,w> * <B,w> != <C,w>, or None when w satisfies the system."""
    assert len(w) == r1cs.n_wires and w[0] == 1

    def ev(lc: list[tuple[int, int]]) -> int:
        return sum(c * w[i] for i, c in lc) % R

    for k, (a, b, c) in enumerate(r1cs.constraints):
        if ev(a) * ev(b) % R != ev(c):
            return k
    return None


def satisfied(r1cs: R1CS, w: list[int]) -> bool:
    return first_failure(r1cs, w) is None


def unchecked(circuit, inputs) -> list[int]:
    """The builder's witness program output for (possibly unsatisfying) inputs, as ints in export order.

    Soundness tests start from it and forge wires; the verdict comes from first_failure, not from the builder.
    """
    return [int(v) for v in circuit._unchecked_values(inputs)]
