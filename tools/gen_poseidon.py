#!/usr/bin/env python3
"""Regenerate the Poseidon constants for zkcred.circuit (BLS12-381 Fr, x^5, t = 3, R_F = 8, R_P = 57).

Recipe: the Poseidon authors' ``generate_parameters_grain.sage`` (hadeshash), as written down in
../shared/vectors/poseidon/README.md, run as ``generate_parameters_grain.sage 1 0 255 3 8 57 <r>``:

- a Grain LFSR with an 80-bit state initialised, most significant bit first, with 2 bits field type (1 = GF(p)),
  4 bits S-box type (0 = x^alpha), 12 bits n = 255, 12 bits t, 10 bits R_F, 10 bits R_P, then 30 one-bits;
  update b_new = b[62] ^ b[51] ^ b[38] ^ b[23] ^ b[13] ^ b[0] (shift left, append b_new); the first 160 outputs
  are discarded; afterwards output bits are drawn in pairs and the second bit is emitted only if the first is 1;
- each round constant is the next 255 emitted bits read big-endian, rejected (and redrawn) when >= r;
- the MDS matrix is the Cauchy matrix M[i][j] = 1 / (x_i + y_j) from the next 2t 255-bit draws reduced mod r
  (x_0..x_{t-1}, then y_0..y_{t-1}; all distinct, no x_i + y_j = 0). The authors' script also runs Sage-only
  invariant-subspace tests and redraws on failure; for this instance the first candidate is the published
  matrix, which this script checks instead of rerunning those tests.

The result is checked against ../shared/vectors/poseidon/poseidonperm_x5_255_3.json (all 195 round constants,
the MDS matrix and the known-answer permutation) and then written to zkcred/circuit/_poseidon_constants.py.

Usage: python tools/gen_poseidon.py [--check] [path/to/poseidonperm_x5_255_3.json]
  --check   regenerate and compare with the committed module instead of writing it (exit 1 on mismatch).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001  # BLS12-381 scalar field order
N_BITS = 255
T, R_F, R_P, ALPHA = 3, 8, 57, 5

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "zkcred" / "circuit" / "_poseidon_constants.py"
DEFAULT_REF = ROOT / "tests" / "vectors" / "poseidon" / "poseidonperm_x5_255_3.json"  # copy of ../shared


class Grain:
    """The 80-bit Grain LFSR of the Poseidon parameter script, with its self-shrinking output."""

    def __init__(self, field: int, sbox: int, n: int, t: int, r_f: int, r_p: int) -> None:
        bits: list[int] = []
        for value, width in ((field, 2), (sbox, 4), (n, 12), (t, 12), (r_f, 10), (r_p, 10)):
            bits += [(value >> (width - 1 - k)) & 1 for k in range(width)]
        bits += [1] * 30
        assert len(bits) == 80
        self.state = bits
        for _ in range(160):
            self._step()

    def _step(self) -> int:
        s = self.state
        b = s[62] ^ s[51] ^ s[38] ^ s[23] ^ s[13] ^ s[0]
        self.state = s[1:] + [b]
        return b

    def bit(self) -> int:
        while True:
            first = self._step()
            second = self._step()
            if first == 1:
                return second

    def integer(self, n_bits: int) -> int:
        v = 0
        for _ in range(n_bits):
            v = (v << 1) | self.bit()
        return v


def generate() -> tuple[list[int], list[list[int]]]:
    """Round constants ((R_F + R_P) * t, flat) and the t x t MDS matrix, from the Grain recipe."""
    g = Grain(1, 0, N_BITS, T, R_F, R_P)
    rc: list[int] = []
    while len(rc) < (R_F + R_P) * T:
        v = g.integer(N_BITS)
        if v < R:
            rc.append(v)
    xs = [g.integer(N_BITS) % R for _ in range(T)]
    ys = [g.integer(N_BITS) % R for _ in range(T)]
    if len(set(xs + ys)) != 2 * T or any((x + y) % R == 0 for x in xs for y in ys):
        raise SystemExit("first Cauchy candidate is degenerate: this instance needs the Sage redraw loop")
    mds = [[pow(x + y, R - 2, R) for y in ys] for x in xs]
    return rc, mds


def permute(state: list[int], rc: list[int], mds: list[list[int]]) -> list[int]:
    """Reference permutation over Python ints (public data only): used here to check the KAT."""
    s = list(state)
    for k in range(R_F + R_P):
        s = [(s[i] + rc[k * T + i]) % R for i in range(T)]
        if k < R_F // 2 or k >= R_F // 2 + R_P:
            s = [pow(x, ALPHA, R) for x in s]
        else:
            s[0] = pow(s[0], ALPHA, R)
        s = [sum(mds[i][j] * s[j] for j in range(T)) % R for i in range(T)]
    return s


def check_against(ref_path: Path, rc: list[int], mds: list[list[int]]) -> None:
    ref = json.loads(ref_path.read_text())
    assert int(ref["prime"], 16) == R, "reference file is for another field"
    assert (ref["t"], ref["alpha"], ref["R_F"], ref["R_P"]) == (T, ALPHA, R_F, R_P), "reference is another instance"
    ref_rc = [int(x, 16) for x in ref["round_constants"]]
    ref_mds = [[int(x, 16) for x in row] for row in ref["mds"]]
    if ref_rc != rc:
        bad = next(i for i, (a, b) in enumerate(zip(ref_rc, rc)) if a != b) if len(ref_rc) == len(rc) else "length"
        raise SystemExit(f"round constants differ from the reference (first at {bad})")
    if ref_mds != mds:
        raise SystemExit("MDS matrix differs from the reference")
    for vec in ref["vectors"]:
        out = permute([int(x, 16) for x in vec["input"]], rc, mds)
        if out != [int(x, 16) for x in vec["output"]]:
            raise SystemExit("known-answer permutation does not match")


def render(rc: list[int], mds: list[list[int]]) -> str:
    lines = [
        '"""Poseidon constants for BLS12-381 Fr, x^5, t = 3, R_F = 8, R_P = 57 (hadeshash poseidonperm_x5_255_3).',
        "",
        "GENERATED by tools/gen_poseidon.py with the authors' Grain-LFSR recipe",
        "(generate_parameters_grain.sage 1 0 255 3 8 57 r) and checked against",
        "../shared/vectors/poseidon/poseidonperm_x5_255_3.json. Do not edit by hand.",
        '"""',
        "",
        f"T = {T}",
        f"ALPHA = {ALPHA}",
        f"R_F = {R_F}",
        f"R_P = {R_P}",
        "",
        "# round k adds ROUND_CONSTANTS[k * T + i] to state[i]",
        "ROUND_CONSTANTS = (",
    ]
    lines += [f"    0x{v:064x}," for v in rc]
    lines += [")", "", "# new_state[i] = sum_j MDS[i][j] * state[j]", "MDS = ("]
    for row in mds:
        lines.append("    (" + ", ".join(f"0x{v:064x}" for v in row) + "),")
    lines += [")", ""]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    check_only = "--check" in argv
    args = [a for a in argv if a != "--check"]
    ref_path = Path(args[0]) if args else DEFAULT_REF
    rc, mds = generate()
    check_against(ref_path, rc, mds)
    text = render(rc, mds)
    if check_only:
        if OUT.read_text() != text:
            print(f"{OUT} is stale: rerun tools/gen_poseidon.py", file=sys.stderr)
            return 1
        print("OK: regenerated constants match the reference and the committed module")
        return 0
    OUT.write_text(text)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(rc)} round constants, {T}x{T} MDS; reference KAT reproduced")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
