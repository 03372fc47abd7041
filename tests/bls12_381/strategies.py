"""Hypothesis strategies that lean to the edge values (0, 1, p - 1, r - 1, the identity, ...)."""
from __future__ import annotations

from hypothesis import strategies as st

from zkcred.bls12_381 import CURVE_ORDER as R, FIELD_MODULUS as P, Fr, G1, G2

EDGE_SCALARS = [0, 1, 2, 3, R - 1, R - 2, (R - 1) // 2, (R + 1) // 2, 2 ** 64 - 1, 2 ** 64, 2 ** 128,
                2 ** 254, 0xD201000000010000, R - 0xD201000000010000]

#: ints in [0, r), one in three an edge value
scalars = st.one_of(st.sampled_from(EDGE_SCALARS), st.integers(0, R - 1), st.integers(0, R - 1))
#: any int (negatives, >= r) for the reduce-mod-r paths
wide_ints = st.one_of(scalars, st.integers(-(2 ** 300), 2 ** 300), st.sampled_from([R, R + 1, 2 * R, -1, -R, P]))
frs = scalars.map(Fr)
nonzero_frs = frs.filter(lambda x: not x.is_zero())


def points(group):
    """Subgroup points k * generator, leaning to the identity, the generator and its negation."""
    g = group.generator()
    return st.one_of(
        st.sampled_from([group.identity(), g, -g, g.double()]),
        scalars.map(lambda k: g.mul_var(k)),
    )


g1_points = points(G1)
g2_points = points(G2)


def _off_subgroup(maker):
    import random

    from . import oracle
    return st.integers(0, 2 ** 64).map(lambda seed: getattr(oracle, maker)(random.Random(seed)))


#: points on the curve but outside the subgroup (py_ecc tuples: zkcred cannot build them, its decoders refuse)
g1_off_subgroup = _off_subgroup("g1_off_subgroup")
g2_off_subgroup = _off_subgroup("g2_off_subgroup")
#: coordinate values at the edges of Fp (for encodings built by hand)
EDGE_COORDS = [0, 1, 2, 3, 4, P - 1, P - 2, (P - 1) // 2, (P + 1) // 2, P, P + 1, 2 ** 381 - 1]
