"""The first end-to-end zkcred story (issue 3, item 6): an issuer signs a ten-attribute credential with BBS, a
holder discloses two attributes to a verifier, the verifier checks the proof, and tampered proofs are rejected.

Run it with ``make demo`` or ``python -m zkcred.demos.bbs_story [--suite BLS12-381-SHAKE-256]``.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Callable, TypeVar

from .. import bbs
from ..errors import DecodeError, VerificationError

__all__ = ["run", "main", "CREDENTIAL", "DISCLOSE"]

CREDENTIAL = [
    ("given_name", "Alice"),
    ("family_name", "Liddell"),
    ("birth_date", "1999-05-04"),
    ("age_over_18", "true"),
    ("nationality", "GB"),
    ("document_number", "P-4831-0027"),
    ("address", "7 Looking-Glass Lane, Oxford"),
    ("email", "alice@example.org"),
    ("issuing_authority", "Ministry of Wonder"),
    ("expiry_date", "2031-12-31"),
]
DISCLOSE = ["given_name", "age_over_18"]

_T = TypeVar("_T")


def _timed(fn: Callable[[], _T]) -> tuple[_T, float]:
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def _ms(t: float) -> str:
    return f"{t * 1e3:8.2f} ms"


def run(suite: str = "BLS12-381-SHA-256", out: Callable[[str], None] = print) -> int:
    """Tell the story; return 0 when every step behaved as expected, 1 otherwise."""
    s = bbs.get_suite(suite)
    timings: list[tuple[str, float]] = []
    ok = True

    out(f"zkcred BBS demo -- ciphersuite {s.name} (draft-irtf-cfrg-bbs-signatures)")
    out("")
    _, t = _timed(lambda: s.create_generators(len(CREDENTIAL) + 1))
    out(f"0. Public parameters: {len(CREDENTIAL) + 1} generators hashed to G1 and cached   [{t * 1e3:.2f} ms]")
    timings.append(("create_generators (11, cached)", t))
    out("1. The ISSUER creates a key pair.")
    (sk, pk), t = _timed(lambda: (lambda k: (k, bbs.sk_to_pk(k, suite=s)))(bbs.keygen(os.urandom(32), suite=s)))
    timings.append(("keygen + sk_to_pk", t))
    out(f"   public key ({len(pk)} bytes): {pk.hex()[:32]}...   [{t * 1e3:.2f} ms]")

    header = b"zkcred-demo/identity-card/v1"
    messages = [f"{k}={v}".encode() for k, v in CREDENTIAL]
    out("")
    out(f"2. The issuer signs a credential of {len(messages)} attributes (header {header.decode()!r}):")
    for i, (k, v) in enumerate(CREDENTIAL):
        out(f"     [{i}] {k:<18} {v}")
    sig, t = _timed(lambda: bbs.sign(sk, pk, header, messages, suite=s))
    timings.append(("sign (10 attributes)", t))
    out(f"   signature ({len(sig)} bytes): {sig.hex()[:32]}...   [{t * 1e3:.2f} ms]")

    out("")
    out("3. The HOLDER receives the credential and checks the issuer's signature.")
    _, t = _timed(lambda: bbs.verify(pk, sig, header, messages, suite=s))
    timings.append(("verify signature", t))
    out(f"   signature valid   [{t * 1e3:.2f} ms]")

    nonce = os.urandom(16)
    idx = [i for i, (k, _) in enumerate(CREDENTIAL) if k in DISCLOSE]
    out("")
    out(f"4. A VERIFIER asks for {', '.join(DISCLOSE)} and sends a fresh nonce {nonce.hex()}.")
    proof, t = _timed(lambda: bbs.proof_gen(pk, sig, header, nonce, messages, idx, suite=s))
    timings.append(("proof_gen (disclose 2 of 10)", t))
    out(f"   The holder derives a zero-knowledge proof disclosing indexes {idx} only:")
    out(f"   proof ({len(proof)} bytes), fresh randomness: unlinkable to the signature and to other proofs"
        f"   [{t * 1e3:.2f} ms]")

    disclosed = [messages[i] for i in idx]
    out("")
    out("5. The verifier checks the proof against the issuer's public key, the header and its nonce.")
    out("   It sees: " + ", ".join(m.decode() for m in disclosed) + f"  (and that {len(messages) - len(idx)} "
        "more attributes were signed, without their values)")
    try:
        _, t = _timed(lambda: bbs.proof_verify(pk, proof, header, nonce, disclosed, idx, suite=s))
        timings.append(("proof_verify", t))
        out(f"   VALID   [{t * 1e3:.2f} ms]")
    except VerificationError as e:
        ok = False
        out(f"   UNEXPECTED: {e}")

    out("")
    out("6. Tampering is rejected:")
    attacks = [
        ("the holder claims age_over_18=false",
         lambda: bbs.proof_verify(pk, proof, header, nonce, [disclosed[0], b"age_over_18=false"], idx, suite=s)),
        ("a flipped bit inside the proof's response scalars",
         lambda: bbs.proof_verify(pk, _flip(proof, 200), header, nonce, disclosed, idx, suite=s)),
        ("the proof replayed to a verifier with another nonce",
         lambda: bbs.proof_verify(pk, proof, header, os.urandom(16), disclosed, idx, suite=s)),
        ("the disclosed attribute moved to another index",
         lambda: bbs.proof_verify(pk, proof, header, nonce, disclosed, [0, 4], suite=s)),
        ("a truncated proof",
         lambda: bbs.proof_verify(pk, proof[:-7], header, nonce, disclosed, idx, suite=s)),
    ]
    for name, attack in attacks:
        try:
            attack()
            ok = False
            out(f"   - {name}: ACCEPTED (this is a bug)")
        except (VerificationError, DecodeError) as e:
            kind = "INVALID" if isinstance(e, VerificationError) else "MALFORMED"
            out(f"   - {name}: {kind} ({e})")

    out("")
    out("Timings (this run, one call each; `make bench` gives medians against the peers):")
    for name, t in timings:
        out(f"   {name:<32} {_ms(t)}")
    out("")
    out("Story complete." if ok else "Story FAILED: see above.")
    return 0 if ok else 1


def _flip(b: bytes, pos: int) -> bytes:
    x = bytearray(b)
    x[pos] ^= 0x01
    return bytes(x)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m zkcred.demos.bbs_story", description=__doc__)
    ap.add_argument("--suite", default="BLS12-381-SHA-256", choices=list(bbs.SUITES))
    args = ap.parse_args(argv)
    return run(args.suite)


if __name__ == "__main__":
    sys.exit(main())
