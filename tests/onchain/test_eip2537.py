"""zkcred.bls12_381.eip2537 against anvil's precompiles: the gas formula equals what the node charges, and the
word codecs accept exactly what G1MSM accepts (canonical, on the curve, in the subgroup; zeros = infinity)."""
from __future__ import annotations

import pytest

from zkcred.bls12_381 import G1, G2
from zkcred.bls12_381 import eip2537
from zkcred.errors import DecodeError
from zkcred.ledger.contracts import ContractReverted, calldata_gas

from ._mutate import g1_off_curve, g1_off_subgroup

MSM = "0x000000000000000000000000000000000000000c"
PAIRING = "0x000000000000000000000000000000000000000f"


def _precompile_gas(chain, to: str, data: bytes) -> int:
    est = chain.estimate_gas(to, data)
    std, floor = calldata_gas(data)
    assert 21000 + floor < est
    return est - 21000 - std


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5, 8, 13, 16, 31, 64, 128, 129])
def test_g1msm_gas_formula(chain, k):
    g = G1.generator()
    data = b"".join(eip2537.g1_to_padded(g * (i + 2)) + (i + 7).to_bytes(32, "big") for i in range(k))
    assert _precompile_gas(chain, MSM, data) == eip2537.g1msm_gas(k)


@pytest.mark.parametrize("k", [1, 2, 4])
def test_pairing_gas_formula(chain, k):
    data = (eip2537.g1_to_padded(G1.generator()) + eip2537.g2_to_padded(G2.generator())) * k
    assert _precompile_gas(chain, PAIRING, data) == eip2537.pairing_gas(k)


def test_words_accepted_exactly_as_the_precompile_does(chain, rng):
    p = G1.generator() * rng.randrange(2, 1 << 200)
    good = eip2537.g1_to_words(p)
    assert eip2537.g1_from_words(good) == p
    assert eip2537.g1_from_words([0] * 4).is_identity()
    q = G2.generator() * 12345
    assert eip2537.g2_from_words(eip2537.g2_to_words(q)) == q
    x = (good[0] << 256) | good[1]
    bad = {
        "off the curve": g1_off_curve(good),
        "outside the subgroup": g1_off_subgroup(rng),
        "x + p": [(x + eip2537.P) >> 256, (x + eip2537.P) & ((1 << 256) - 1)] + good[2:],
        "top bytes set": [good[0] | 1 << 200] + good[1:],
    }
    one = (1).to_bytes(32, "big")
    assert chain.call(MSM, eip2537.words_to_bytes(good) + one) == eip2537.g1_to_padded(p)
    for what, words in bad.items():
        with pytest.raises(DecodeError):
            eip2537.g1_from_words(words)
        with pytest.raises(ContractReverted):
            chain.call(MSM, eip2537.words_to_bytes(words) + one, gas=100_000)
