"""Benchmark harness shared by every layer: medians, tables, ratios.

Each layer has a module ``benchmarks/<layer>.py`` with ``run(quick: bool) -> list[Table]``; ``python -m benchmarks``
runs them all in one process so that zkcred and its peers are measured in the same run on the same machine.
Timings never go into pass/fail tests.
"""
from __future__ import annotations

import platform
import statistics
import time
from dataclasses import dataclass, field
from typing import Callable


def median_time(fn: Callable[[], object], *, min_runs: int = 5, min_seconds: float = 0.5,
                max_runs: int = 10_000) -> float:
    """Median wall time of ``fn()`` in seconds over enough runs to fill ``min_seconds``."""
    fn()  # warm-up (caches, lazy imports)
    times: list[float] = []
    start = time.perf_counter()
    while len(times) < max_runs and (len(times) < min_runs or time.perf_counter() - start < min_seconds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} µs"


@dataclass
class Table:
    """One table: rows of (operation, {implementation: seconds or None}); ratios are peer / zkcred."""
    title: str
    columns: list[str]                      # implementations, zkcred first
    rows: list[tuple[str, dict[str, float | None]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, op: str, **times: float | None) -> None:
        self.rows.append((op, times))

    def render(self) -> str:
        base = self.columns[0]
        head = ["operation"] + self.columns + [f"{base}/{c}" for c in self.columns[1:]]
        lines = [f"### {self.title}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for op, t in self.rows:
            cells = [op] + [fmt_time(t.get(c)) for c in self.columns]
            for c in self.columns[1:]:
                z, p = t.get(base), t.get(c)
                cells.append(f"{z / p:.2f}×" if z and p else "–")
            lines.append("| " + " | ".join(cells) + " |")
        lines += [""] + [f"- {n}" for n in self.notes]
        return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    import os
    return f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()}"
