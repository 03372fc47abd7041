"""Mutated snarkjs files: every reader either accepts or raises DecodeError (never another exception, never a
crash), and a proof from an accepted mutated key never verifies against the original key unless the mutation
kept every byte the prover reads intact (or changed only coefficient terms that are zero for the witness)."""
import random
import struct

import pytest
from _testlib import module_seed

from zkcred.errors import DecodeError, VerificationError
from zkcred.groth16 import core, snarkjs as sj

SEED = module_seed(__name__)   # from ZKCRED_TEST_SEED (tests/_testlib.py)


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


# What the prover reads from a .zkey (everything but gamma2, IC and the section-10 MPC transcript).
PROVER_FIELDS = ("n_vars", "n_public", "domain_size", "alpha1", "beta1", "beta2", "delta1", "delta2",
                 "coeffs", "a", "b1", "b2", "c", "h")


R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001


def prover_view(pk) -> dict:
    return {f: v if isinstance(v := getattr(pk, f), int) else bytes(v) for f in PROVER_FIELDS}


def coeff_terms(coeffs: bytes, witness: list[int]) -> list[tuple[int, int, int]]:
    """The section-4 records as the terms they add for this witness: (matrix, constraint, value * w[signal] mod r),
    with the value as stored (Montgomery form: a constant factor, so equal terms stay equal)."""
    out = []
    for i in range(0, len(coeffs), 44):
        matrix, constraint, signal = struct.unpack_from("<III", coeffs, i)
        term = int.from_bytes(coeffs[i + 12:i + 44], "little") * witness[signal] % R if signal < len(witness) else -1
        out.append((matrix, constraint, term) if term else (0, 0, 0))     # zero terms are interchangeable
    return out


def test_zkey_fuzz_prove(fix):
    """A proof made with an accepted mutated key verifies against the original key only if the mutation left
    every byte the prover reads as it was, or changed only QAP coefficients whose terms are the same for this
    witness (then the key is the same key to the prover)."""
    rng = random.Random(SEED + 1)
    print(f"seed {SEED + 1}")
    data = (fix / "fixture.zkey").read_bytes()
    w = sj.read_wtns((fix / "witness.wtns").read_bytes())
    vk = sj.read_vk_json((fix / "verification_key.json").read_text())
    public = sj.read_public_json((fix / "public.json").read_text())
    original = prover_view(sj.read_zkey(data))
    wints = [int.from_bytes(w[i:i + 32], "little") for i in range(0, len(w), 32)]
    accepted = changed = invisible = 0
    for m in mutations(data, rng, 300):
        try:
            pk = sj.read_zkey(m)
            proof, pub = core.prove(pk, w, nthreads=1)
        except DecodeError:
            continue
        accepted += 1
        assert pub == public                       # the public signals come from the (unchanged) witness
        view = prover_view(pk)
        diff = sorted(f for f in PROVER_FIELDS if view[f] != original[f])
        if diff == ["coeffs"] and coeff_terms(view["coeffs"], wints) == coeff_terms(original["coeffs"], wints):
            # a record changed without changing its term for this witness: a value or signal whose wire holds 0
            # (or a signal with the same witness value): the same QAP for this witness
            diff, invisible = [], invisible + 1
        changed += bool(diff)
        try:
            core.verify(vk, pub, proof)
        except VerificationError:
            continue
        assert not diff, f"a proof from a key with changed {diff} verifies against the original key"
    assert accepted > 0 and changed > 0, "the fuzzing never reached the verification of a changed key"
    print(f"{accepted} mutated keys accepted, {changed} of them changed for the prover, {invisible} changed "
          "only coefficients this witness does not see")


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
