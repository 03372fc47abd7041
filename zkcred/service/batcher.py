"""The event loop's side of verification: presentations that arrive close together are verified together.

``Batcher.submit(job)`` queues a job and awaits its own answer. A batch leaves the queue
- when ``window`` seconds have passed since its first job arrived (a few milliseconds: the latency a lone
  request pays for the chance of company), or
- at once when ``max_batch`` jobs are waiting, or
- when a verification thread becomes free and jobs are waiting (under load, batches grow by themselves to what
  arrived while the threads were busy).
At most ``threads`` batches are in flight (one per thread of the pool: the native calls release the GIL). With
``enabled=False`` every job is its own batch (each still one multi-pairing, as ``Verifier.verify``).
``max_queue`` bounds the jobs waiting: beyond it ``submit`` raises ``Overloaded`` (the service answers 503).
"""
from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor

from ._verify import Job, verify_jobs

__all__ = ["Batcher", "Overloaded"]


class Overloaded(Exception):
    """Too many verifications waiting."""


class Batcher:
    """Module docstring. ``observe(batch_size, seconds)`` is called after each batch (metrics)."""

    def __init__(self, executor: Executor, *, threads: int, window: float = 0.002, max_batch: int = 16,
                 enabled: bool = True, max_queue: int = 20_000,
                 observe: Callable[[int, float], None] | None = None,
                 run: Callable[[Sequence[Job]], list] = verify_jobs) -> None:
        self.executor, self.threads = executor, max(1, threads)
        self.window, self.max_batch = window, (max_batch if enabled else 1)
        self.enabled, self.max_queue = enabled, max_queue
        self._observe = observe
        self._run = run
        self._queue: list[tuple[Job, asyncio.Future]] = []
        self._in_flight = 0
        self._timer: asyncio.TimerHandle | None = None

    @property
    def waiting(self) -> int:
        return len(self._queue)

    async def submit(self, job: Job) -> dict:
        """The disclosed attributes of ``job``, or the exception that rejects it (raised)."""
        if len(self._queue) >= self.max_queue:
            raise Overloaded(f"{len(self._queue)} verifications waiting")
        loop = asyncio.get_running_loop()
        fut: asyncio.Future = loop.create_future()
        self._queue.append((job, fut))
        if self._in_flight < self.threads:
            if not self.enabled or len(self._queue) >= self.max_batch:
                self._dispatch(loop)
            elif self._timer is None:
                self._timer = loop.call_later(self.window, self._on_timer, loop)
        return await fut

    def _on_timer(self, loop: asyncio.AbstractEventLoop) -> None:
        self._timer = None
        if self._in_flight < self.threads:
            self._dispatch(loop)

    def _dispatch(self, loop: asyncio.AbstractEventLoop) -> None:
        while self._queue and self._in_flight < self.threads:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            items, self._queue = self._queue[:self.max_batch], self._queue[self.max_batch:]
            self._in_flight += 1
            started = time.perf_counter()
            cfut = loop.run_in_executor(self.executor, self._run, [job for job, _ in items])
            cfut.add_done_callback(functools.partial(self._done, loop, items, started=started))

    def _done(self, loop: asyncio.AbstractEventLoop, items: list, f: asyncio.Future, *, started: float) -> None:
        self._in_flight -= 1
        if self._observe is not None:
            self._observe(len(items), time.perf_counter() - started)
        exc = f.exception()
        results = f.result() if exc is None else [exc] * len(items)
        for (_job, fut), res in zip(items, results):
            if fut.done():            # the caller gave up (timeout or disconnect)
                continue
            if isinstance(res, BaseException):
                fut.set_exception(res)
            else:
                fut.set_result(res)
        if self._queue and self._in_flight < self.threads:
            self._dispatch(loop)
