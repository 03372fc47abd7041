"""The verification threads' side: many presentations checked with one multi-pairing, bad ones found by halving.

``verify_jobs(jobs)`` takes ``Job``s (a decoded request, the presentation's raw JSON, the issuer directory) and
returns, per job, the disclosed attributes or the exception that rejects it. The presentations are decoded
together (``Presentation.batch_from_json``: one native call each for the scalars, G1 and G2 points of all jobs).
Each job goes through every check of ``Verifier.verify`` (zkcred.credentials.verifier: decoding, statements
rebuilt from the request, the Fiat-Shamir challenge) except the pairing equations and the Schnorr equations of
the sub-proofs (their commitments T = f(responses, challenge)), which are collected; then all jobs' equations are
checked at once (``PairingBatch``: random 128-bit weights, one multi-Miller loop and one final exponentiation; the
equations of one issuer key or one predicate verifying key share their G2 side, so a batch costs few Miller loops
more than one presentation; ``LinearBatch``: random weights too, one MSM over every job's variable points and one
fixed-base MSM per issuer key). If the batch fails, it is split in halves and each half checked again until
the failing jobs are isolated (about 2·log2(n) checks for one bad job among n), so every job gets its own answer.
A batch of one job is exactly ``Verifier.verify``.

The ``Verifier`` of a set of issuers is kept per directory (``verifier_for``), not made per job: its cache of
registry states by ledger position and its record of the registry epochs whose transitions it has checked
(``Verifier.check_chain``) then serve every later presentation, instead of each non-revocation proof reading the
states again and re-checking the whole chain of updates from epoch 0.
"""
from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Sequence

from ..credentials import Presentation, PresentationRequest, Verifier
from ..errors import DecodeError, InternalError, VerificationError
from ..proofs import LinearBatch, PairingBatch, verify as verify_composite
from .directory import IssuerDirectory

__all__ = ["Job", "verify_jobs", "verifier_for"]

log = logging.getLogger("zkcred.service")

_VERIFIERS: weakref.WeakKeyDictionary[IssuerDirectory, dict[tuple[str, ...], Verifier]] = weakref.WeakKeyDictionary()
_VERIFIERS_LOCK = threading.Lock()
MAX_VERIFIERS = 1024          # distinct issuer sets kept per directory (then all are dropped and made again)


def verifier_for(directory: IssuerDirectory, issuer_ids: Sequence[str]) -> Verifier:
    """The kept Verifier trusting exactly ``issuer_ids`` (documents from ``directory``; module docstring). An
    issuer id is the digest of its document's keys, so a kept Verifier never holds a stale document. Thread-safe
    (the verification threads share it; its caches are dicts, and two threads checking the same registry chain
    at once only repeat work)."""
    key = tuple(sorted(set(issuer_ids)))
    with _VERIFIERS_LOCK:
        kept = _VERIFIERS.get(directory)
        if kept is None:
            kept = _VERIFIERS[directory] = {}
        v = kept.get(key)
    if v is None:
        v = Verifier([directory.get(i) for i in key], ledger=directory.ledger)   # UnknownIssuer propagates
        with _VERIFIERS_LOCK:
            if len(kept) >= MAX_VERIFIERS:
                kept.clear()
            v = kept.setdefault(key, v)
    return v


class Job:
    """One presentation to verify against ``request``; ``schemas``/``issuers`` are filled in for the audit log."""

    __slots__ = ("request", "body", "directory", "loaded", "schemas", "issuers", "disclosed_values")

    def __init__(self, request: PresentationRequest, body: bytes | str | dict, directory: IssuerDirectory, *,
                 loaded: bool = False) -> None:
        """``loaded``: a dict ``body`` is the value of ``zkcred._json.loads``, handed over (no copy, no second
        check of its strings: ``Presentation.batch_from_json``)."""
        self.request, self.body, self.directory, self.loaded = request, body, directory, loaded
        self.schemas: list[str] = []
        self.issuers: list[str] = []
        self.disclosed_values: list[object] = []


class _Recorder(PairingBatch):
    """A PairingBatch that also keeps its equations, to be merged into other batches."""

    __slots__ = ("equations",)

    def __init__(self) -> None:
        super().__init__()
        self.equations: list[tuple] = []

    def add(self, pairs, label, gt=None) -> None:
        super().add(pairs, label, gt)
        self.equations.append((pairs, label, gt))


def _prepare(job: Job, pres: Presentation) -> tuple[tuple[list[tuple], LinearBatch], dict]:
    """Every check but the decoding (``Presentation.batch_from_json``), the pairings and the Schnorr equations:
    ((the pairing equations, the Schnorr equations), the disclosed attributes by credential id)."""
    req = job.request
    accepted = {i for c in req.credentials for i in c.issuers}
    job.schemas = [c["schema"] for c in pres.credentials]
    job.issuers = [c["issuer"] for c in pres.credentials]
    job.disclosed_values = [v for c in pres.credentials for v in c["disclosed"].values()]
    verifier = verifier_for(job.directory, [i for i in job.issuers if i in accepted])
    spec, _layouts, proof, _pres = verifier.prepare(req, pres)
    rec, lin = _Recorder(), LinearBatch()
    verify_composite(spec, proof, batch=rec, linear=lin)
    return (rec.equations, lin), {c["id"]: dict(c["disclosed"]) for c in pres.credentials}


def _holds(equations: Sequence[tuple[list[tuple], LinearBatch]]) -> bool:
    batch, linear = PairingBatch(), LinearBatch()
    for eqs, lin in equations:
        for pairs, label, gt in eqs:
            batch.add(pairs, label, gt)
        linear.extend(lin)
    return linear.holds() and batch.holds()


def verify_jobs(jobs: Sequence[Job]) -> list[dict | Exception]:
    """Verify ``jobs`` together (module docstring): per job, its disclosed attributes or the exception."""
    results: list[dict | Exception] = []
    pending: list[int] = []
    equations: dict[int, tuple[list[tuple], LinearBatch]] = {}
    try:
        # (checking and copying a loaded dict is only slower: a batch with any other kind of body gets that)
        decoded: list = Presentation.batch_from_json([job.body for job in jobs],
                                                     loaded=all(job.loaded for job in jobs))
    except Exception:                 # a bug reached by some input: decode each alone, so it fails alone
        log.exception("batched decoding raised an unexpected exception")
        decoded = [None] * len(jobs)
    for k, job in enumerate(jobs):
        try:
            pres = decoded[k]
            if isinstance(pres, DecodeError):
                raise pres
            eqs, disclosed = _prepare(job, pres if pres is not None else
                                      Presentation.from_json(job.body, loaded=job.loaded))
        except (DecodeError, VerificationError) as e:
            results.append(e)
            continue
        except Exception:             # a bug reached by this input: this job fails alone, never its batch mates
            log.exception("verification raised an unexpected exception")
            results.append(InternalError("unexpected exception during verification (logged)"))
            continue
        results.append(disclosed)
        equations[k] = eqs
        pending.append(k)

    def split(group: list[int], known_bad: bool) -> None:
        if not known_bad and _holds([equations[k] for k in group]):
            return
        if len(group) == 1:
            results[group[0]] = VerificationError("the proof does not verify (pairing check or Schnorr equation failed)")
            return
        half = len(group) // 2
        left, right = group[:half], group[half:]
        left_ok = _holds([equations[k] for k in left])
        if not left_ok:
            split(left, True)
        split(right, left_ok)          # the whole failed and the left holds: the right must fail

    if pending:
        split(pending, False)
    return results
