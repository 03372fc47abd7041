"""Mutated snarkjs files: every reader either accepts or raises DecodeError (never another exception, never a
crash), and a proof from an accepted mutated key or witness never verifies against the original key unless
the mutation kept the relevant bytes intact."""
import random

import pytest

from zkcred.errors import DecodeError, VerificationError
from zkcred.groth16 import core, snarkjs as sj

SEED = 4242


def mutations(data: bytes, rng: random.Random, count: int):
    for _ in range(count):
        b = bytearray(data)
        kind = rng.randrange(4)
        if kind == 0:                       # flip one byte
            i = rng.randrange(len(b))
            b[i] ^= 1 << rng.randrange(8)
        elif kind == 1:                     # truncate
            del b[rng.randrange(len(b)):]
        elif kind == 2:                     # overwrite a u32 with a large value
            i = rng.randrange(max(1, len(b) - 4))
            b[i:i + 4] = rng.choice([0xFFFFFFFF, 0x7FFFFFFF, 1 << 20, 0]).to_bytes(4, "little")
        else:                               # append garbage
            b += bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40)))
        yield bytes(b)


@pytest.mark.parametrize("name,reader", [("fixture.r1cs", sj.read_r1cs), ("witness.wtns", sj.read_wtns)])
def test_binary_readers_fuzz(fix, name, reader):
    rng = random.Random(SEED)
    print(f"seed {SEED}")
    data = (fix / name).read_bytes()
    for m in mutations(data, rng, 300):
        try:
            reader(m)
        except DecodeError:
            pass


def test_zkey_fuzz_prove(fix):
    rng = random.Random(SEED + 1)
    print(f"seed {SEED + 1}")
    data = (fix / "fixture.zkey").read_bytes()
    w = sj.read_wtns((fix / "witness.wtns").read_bytes())
    vk = sj.read_vk_json((fix / "verification_key.json").read_text())
    public = sj.read_public_json((fix / "public.json").read_text())
    accepted = 0
    for m in mutations(data, rng, 150):
        try:
            pk = sj.read_zkey(m)
            proof, pub = core.prove(pk, w, nthreads=1)
        except DecodeError:
            continue
        accepted += 1
        if m[:len(data)] != data:   # a real change of an accepted key: only harmless bytes may verify
            try:
                core.verify(vk, pub, proof)
            except VerificationError:
                pass
            else:
                # the mutation hit bytes the prover never reads (section 10, gamma, IC): still the same key
                assert pub == public
    assert accepted > 0


def test_json_readers_fuzz(fix):
    rng = random.Random(SEED + 2)
    for name, reader in (("verification_key.json", sj.read_vk_json), ("proof.json", sj.read_proof_json),
                         ("public.json", sj.read_public_json)):
        text = (fix / name).read_text()
        for _ in range(150):
            t = list(text)
            i = rng.randrange(len(t))
            t[i] = rng.choice('0123456789[]{}",:- x')
            try:
                reader("".join(t))
            except DecodeError:
                pass
