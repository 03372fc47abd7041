"""Random mutations of verifier calldata (lists of uint256 words), for the differential tests: bit flips,
non-canonical and off-curve coordinates, points outside the subgroup, other valid points, infinity, negation,
public inputs moved or pushed to >= r. Points are built here from the curve equation (ints), independently of the
code under test."""
from __future__ import annotations

import random

from zkcred.bls12_381 import G1
from zkcred.bls12_381.eip2537 import P, g1_to_words

R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
_M = (1 << 256) - 1


def _split(v: int) -> list[int]:
    return [v >> 256, v & _M]


def g1_off_subgroup(rng: random.Random) -> list[int]:
    """Words of a point on y^2 = x^3 + 4 that is not in G1 (the cofactor is ~2^126: a random point is not)."""
    while True:
        x = rng.randrange(P)
        a = (x ** 3 + 4) % P
        y = pow(a, (P + 1) // 4, P)
        if y * y % P != a:
            continue
        return _split(x) + _split(y)


def g1_off_curve(words: list[int]) -> list[int]:
    w = list(words)
    y = ((w[2] << 256) | w[3]) + 1
    return w[:2] + _split(y % P)


def random_g1(rng: random.Random) -> list[int]:
    return g1_to_words(G1.generator() * rng.randrange(1, R))


def negate_point(words: list[int]) -> list[int]:
    """y -> p - y for each Fp coordinate of the y half (G1: 1 element, G2: 2)."""
    half = len(words) // 2
    out = list(words[:half])
    for i in range(half, len(words), 2):
        v = (words[i] << 256) | words[i + 1]
        out += _split((P - v) % P)
    return out


def mutate(args: list[list[int]], rng: random.Random, g1_slots: list[int], g2_slots: list[int],
           scalar_slots: list[int]) -> tuple[str, list[list[int]]]:
    """One random mutation of ``args`` (a copy): returns (description, mutated args)."""
    a = [list(x) for x in args]
    kind = rng.randrange(12)
    if kind == 0:
        i = rng.randrange(len(a))
        j = rng.randrange(len(a[i]))
        bit = rng.randrange(256) if rng.random() < 0.3 else rng.randrange(381 - 256) if j % 2 == 0 else rng.randrange(256)
        a[i][j] ^= 1 << bit
        return f"flip bit {bit} of word {j} of arg {i}", a
    if kind == 1 and scalar_slots:
        i = rng.choice(scalar_slots)
        j = rng.randrange(len(a[i]))
        choice = rng.randrange(4)
        a[i][j] = [(a[i][j] + 1) % (1 << 256), a[i][j] + R if a[i][j] + R < 1 << 256 else R, rng.randrange(R),
                   R - 1][choice]
        return f"scalar {j} of arg {i}: variant {choice}", a
    if kind == 2:
        i = rng.choice(g1_slots)
        a[i] = random_g1(rng)
        return f"arg {i}: another G1 point", a
    if kind == 3:
        i = rng.choice(g1_slots)
        a[i] = g1_off_subgroup(rng)
        return f"arg {i}: a point outside the subgroup", a
    if kind == 4:
        i = rng.choice(g1_slots + g2_slots)
        a[i] = [0] * len(a[i])
        return f"arg {i}: infinity", a
    if kind == 5:
        i = rng.choice(g1_slots + g2_slots)
        a[i] = negate_point(a[i])
        return f"arg {i}: negated", a
    if kind == 6:
        i = rng.choice(g1_slots)
        a[i] = g1_off_curve(a[i])
        return f"arg {i}: off the curve", a
    if kind == 7:
        i = rng.choice(g1_slots + g2_slots)
        j = rng.randrange(0, len(a[i]), 2)
        v = (a[i][j] << 256) | a[i][j + 1]
        if v + P < 1 << 384:
            a[i][j:j + 2] = _split(v + P)
        return f"arg {i}: coordinate {j // 2} + p (non-canonical)", a
    if kind == 8:
        i = rng.choice(g1_slots + g2_slots)
        j = rng.randrange(0, len(a[i]), 2)
        a[i][j] |= 1 << rng.randrange(128, 256)
        return f"arg {i}: top 16 bytes of coordinate {j // 2} not zero", a
    if kind == 9 and len(g1_slots) >= 2:
        i, j = rng.sample(g1_slots, 2)
        a[i], a[j] = a[j], a[i]
        return f"args {i} and {j} swapped", a
    if kind == 10 and g2_slots:
        i = rng.choice(g2_slots)
        a[i] = a[i][2:4] + a[i][0:2] + a[i][6:8] + a[i][4:6]     # c0 <-> c1 (snarkjs's BN254 order)
        return f"arg {i}: Fp2 halves swapped", a
    return "unchanged", a
