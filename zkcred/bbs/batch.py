"""Batch verification of BBS signatures and proofs with one multi-pairing (small-exponent random linear
combination, Bellare-Garay-Rabin).

Every BBS check ends in a product of two pairings equal to 1:
  signature: h(A, W) * h(A*e - B, BP2) == 1
  proof:     h(Abar, W) * h(Bbar, -BP2) == 1     (after the challenge check, done per item)
For random 128-bit rho_i the batch checks
  prod_W h(sum_{i: W_i = W} rho_i * X_i, W) * h(sum_i rho_i * Y_i, BP2) == 1
with X_i = A_i or Abar_i and Y_i = A_i*e_i - B_i or -Bbar_i: one MSM per distinct key, one more for BP2, and
a single multi-pairing of (number of keys + 1) pairs. A forged item passes with probability at most 2^-128.
When the batch fails, the failing items are found by splitting it in halves (each half re-checked with fresh
coefficients) down to single items.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Sequence, Union

from ..errors import DecodeError, VerificationError
from . import _core
from . import _group as grp
from ._group import G1, G2, Fr
from ._api import _indexes, _messages
from ._suite import BLS12_381_SHA_256, _octets, get_suite

__all__ = ["batch_verify", "SignatureItem", "ProofItem", "Item", "BatchVerificationError"]


@dataclass(frozen=True)
class SignatureItem:
    """A signature to check in a batch: the arguments of ``bbs.verify`` (``signature``: the octets, or a decoded
    (A, e) pair, held to the same rules)."""
    pk: bytes
    signature: bytes | tuple
    header: bytes = b""
    messages: Sequence[bytes] = ()
    suite: object = BLS12_381_SHA_256


@dataclass(frozen=True)
class ProofItem:
    """A proof to check in a batch: the arguments of ``bbs.proof_verify`` (``proof``: the octets, or a
    ``bbs.Proof``, held to the same rules)."""
    pk: bytes
    proof: bytes | _core.Proof
    header: bytes = b""
    ph: bytes = b""
    disclosed_messages: Sequence[bytes] = ()
    disclosed_indexes: Sequence[int] = ()
    suite: object = BLS12_381_SHA_256


Item = Union[SignatureItem, ProofItem]


class BatchVerificationError(VerificationError):
    """Some items of a batch did not verify. ``failures`` maps each bad item's position to the reason."""

    def __init__(self, failures: dict[int, str]):
        self.failures = dict(sorted(failures.items()))
        shown = ", ".join(f"#{i}: {r}" for i, r in list(self.failures.items())[:5])
        more = "" if len(self.failures) <= 5 else f", and {len(self.failures) - 5} more"
        super().__init__(f"{len(self.failures)} of the batch's items failed ({shown}{more})")

    @property
    def bad_indexes(self) -> list[int]:
        return list(self.failures)


@dataclass
class _Prepared:
    index: int
    pk: bytes
    X: G1          # paired with W
    W: G2
    Y: G1          # paired with BP2
    extra: list = field(default_factory=list)


def _prepare(i: int, item: Item) -> _Prepared:
    if not isinstance(item, (SignatureItem, ProofItem)):
        raise TypeError(f"batch item #{i} must be a SignatureItem or a ProofItem, not {type(item).__name__}")
    suite = get_suite(item.suite)
    api_id = suite.api_id
    pk = _octets(item.pk, "public key")
    if isinstance(item, SignatureItem):
        sig = _core._as_signature(item.signature)    # octets, or (A, e) held to the decoder's rules
        msgs = _messages(item.messages)
        scalars = suite.messages_to_scalars(msgs, api_id)
        gens = suite.create_generators(len(msgs) + 1, api_id)
        A, W, C = _core._signature_check_pair(pk, sig, gens, item.header, scalars, api_id, suite)
        return _Prepared(i, pk, A, W, C)
    else:
        p = _core._as_proof(item.proof)      # octets, or a Proof (checked by proof_verify_init)
        msgs = _messages(item.disclosed_messages, "disclosed_messages")
        idx = _core.check_proof_counts(p, len(msgs), _indexes(item.disclosed_indexes))   # before any generator
        scalars = suite.messages_to_scalars(msgs, api_id)
        gens = suite.create_generators(len(p.commitments) + len(idx) + 1, api_id)
        Abar, W, Bbar = _core._proof_check_pair(pk, p, gens, item.header, item.ph, scalars, idx, api_id, suite)
        return _Prepared(i, pk, Abar, W, -Bbar)


def _rho(n: int) -> list[Fr]:
    """n random nonzero 128-bit coefficients (public once drawn: chosen after the items are fixed)."""
    out: list[Fr] = []
    while len(out) < n:
        b = os.urandom(16)
        if any(b):
            out.append(grp.fr_from_canonical(bytes(16) + b))
    return out


def _check(group: Sequence[_Prepared]) -> bool:
    if not group:
        return True
    if len(group) == 1:
        g = group[0]
        return grp.pairing_check([(g.X, g.W), (g.Y, grp.bp2())])
    rho = _rho(len(group))
    by_key: dict[bytes, list[int]] = {}
    for k, g in enumerate(group):
        by_key.setdefault(g.pk, []).append(k)
    pairs = []
    for ks in by_key.values():
        X = grp.g1_msm_var([group[k].X for k in ks], [rho[k] for k in ks])
        pairs.append((X, group[ks[0]].W))
    Y = grp.g1_msm_var([g.Y for g in group], rho)
    pairs.append((Y, grp.bp2()))
    return grp.pairing_check(pairs)


def _find_bad(group: Sequence[_Prepared], out: dict[int, str], *, failed: bool = False) -> None:
    """Record the bad items of ``group``; ``failed`` says the group is already known to fail."""
    if not failed and _check(group):
        return
    if len(group) == 1:
        out[group[0].index] = "pairing check failed"
        return
    mid = len(group) // 2
    _find_bad(group[:mid], out)
    _find_bad(group[mid:], out)


def batch_verify(items: Sequence[Item]) -> None:
    """Verify many BBS signatures and proofs (any mix of keys and both ciphersuites) with one multi-pairing.

    Returns None when every item verifies. Otherwise raises ``BatchVerificationError`` whose ``failures`` maps
    the position of every bad item to the reason (malformed input, challenge mismatch or pairing failure).
    """
    failures: dict[int, str] = {}
    prepared: list[_Prepared] = []
    for i, item in enumerate(items):
        try:
            prepared.append(_prepare(i, item))
        except (DecodeError, VerificationError) as exc:
            failures[i] = f"{type(exc).__name__}: {exc}"
    if not _check(prepared):
        _find_bad(prepared, failures, failed=True)
    if failures:
        raise BatchVerificationError(failures)
