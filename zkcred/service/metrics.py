"""Prometheus metrics (``GET /metrics``, text exposition format, prometheus_client).

- ``zkcred_http_requests_total{route, method, status}``: every HTTP request answered;
- ``zkcred_http_request_duration_seconds{route}``: their latency (histogram);
- ``zkcred_verifications_total{kind, outcome}``: decisions — kind ``presentation`` (a request's answer),
  ``credential`` / ``vp`` (the VC API endpoints); outcome ``verified``, or the problem slug that rejected it;
- ``zkcred_verify_batch_size``: presentations per multi-pairing batch (histogram);
- ``zkcred_verify_batch_seconds``: a batch's time in its verification thread (histogram);
- ``zkcred_requests_created_total``: presentation requests created.

Each app has its own registry (several apps in one process do not collide). With ``--workers N`` the processes
share their metrics through prometheus_client's multiprocess mode (``PROMETHEUS_MULTIPROC_DIR``, which
``zkcred serve`` sets to a fresh directory), so any worker's ``/metrics`` answers for all of them.
"""
from __future__ import annotations

import os

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

__all__ = ["Metrics", "CONTENT_TYPE_LATEST"]

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256)


class Metrics:
    """The service's metrics (module docstring)."""

    def __init__(self) -> None:
        r = self.registry = CollectorRegistry(auto_describe=True)
        self.http_requests = Counter("zkcred_http_requests", "HTTP requests answered",
                                     ["route", "method", "status"], registry=r)
        self.http_latency = Histogram("zkcred_http_request_duration_seconds", "HTTP request latency", ["route"],
                                      buckets=LATENCY_BUCKETS, registry=r)
        self.verifications = Counter("zkcred_verifications", "Verification decisions", ["kind", "outcome"],
                                     registry=r)
        self.batch_size = Histogram("zkcred_verify_batch_size", "Presentations per multi-pairing batch",
                                    buckets=BATCH_BUCKETS, registry=r)
        self.batch_seconds = Histogram("zkcred_verify_batch_seconds", "Time of one batch in its thread",
                                       buckets=LATENCY_BUCKETS, registry=r)
        self.requests_created = Counter("zkcred_requests_created", "Presentation requests created", registry=r)
        # labelled children, looked up once: ``labels()`` costs a lock and a tuple per call on the hot path
        self._children: dict[tuple, object] = {}

    def count_http(self, route: str, method: str, status: int, seconds: float) -> None:
        """One HTTP request answered: its counter and its latency."""
        key = ("h", route, method, status)
        child = self._children.get(key)
        if child is None:
            child = (self.http_requests.labels(route, method, str(status)), self.http_latency.labels(route))
            if len(self._children) < 4096:
                self._children[key] = child
        child[0].inc()       # type: ignore[index]
        child[1].observe(seconds)       # type: ignore[index]

    def count_verification(self, kind: str, outcome: str) -> None:
        """One decision of ``kind`` with ``outcome`` (module docstring)."""
        key = ("v", kind, outcome)
        child = self._children.get(key)
        if child is None:
            child = self.verifications.labels(kind, outcome)
            if len(self._children) < 4096:
                self._children[key] = child
        child.inc()       # type: ignore[attr-defined]

    def observe_batch(self, size: int, seconds: float) -> None:
        self.batch_size.observe(size)
        self.batch_seconds.observe(seconds)

    def exposition(self) -> bytes:
        """The text format: this process's registry, or every worker's in multiprocess mode."""
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            from prometheus_client import multiprocess
            reg = CollectorRegistry()
            multiprocess.MultiProcessCollector(reg)
            return generate_latest(reg)
        return generate_latest(self.registry)
