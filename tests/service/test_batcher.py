"""The event-loop side of batching (zkcred.service.batcher) with a stand-in verification function: every caller
gets its own result, batches respect max_batch and the thread limit, overload and failures reach the callers."""
from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from zkcred.errors import VerificationError
from zkcred.service.batcher import Batcher, Overloaded


def make(run, **kw):
    ex = ThreadPoolExecutor(max_workers=2)
    sizes: list[int] = []
    b = Batcher(ex, threads=2, observe=lambda n, _t: sizes.append(n), run=run, **kw)
    return b, sizes, ex


def test_each_caller_gets_its_own_answer(rng):
    seen_threads = set()

    def run(jobs):
        seen_threads.add(threading.get_ident())
        return [VerificationError(f"bad {j}") if j % 3 == 0 else {"job": j} for j in jobs]

    b, sizes, ex = make(run, window=0.01, max_batch=8)

    async def go():
        order = list(range(50))
        rng.shuffle(order)
        return await asyncio.gather(*(b.submit(j) for j in order), return_exceptions=True), order

    results, order = asyncio.run(go())
    ex.shutdown()
    for j, res in zip(order, results):
        if j % 3 == 0:
            assert isinstance(res, VerificationError) and str(res) == f"bad {j}"
        else:
            assert res == {"job": j}
    assert sum(sizes) == 50 and max(sizes) <= 8 and len(sizes) < 50


def test_no_batching_means_batches_of_one():
    b, sizes, ex = make(lambda jobs: [{"j": j} for j in jobs], enabled=False)

    async def go():
        return await asyncio.gather(*(b.submit(j) for j in range(10)))

    assert asyncio.run(go()) == [{"j": j} for j in range(10)]
    ex.shutdown()
    assert sizes == [1] * 10


def test_overload_and_crash():
    gate = threading.Event()

    def slow(jobs):
        gate.wait(5)
        return [{} for _ in jobs]

    b, _sizes, ex = make(slow, window=0.0, max_batch=1, max_queue=3)

    async def go():
        tasks = [asyncio.ensure_future(b.submit(j)) for j in range(5)]     # 2 in flight, 3 waiting
        await asyncio.sleep(0.05)
        with pytest.raises(Overloaded):
            await b.submit(99)
        gate.set()
        return await asyncio.gather(*tasks)

    assert asyncio.run(go()) == [{}] * 5
    ex.shutdown()

    def crash(jobs):
        raise RuntimeError("boom")

    b, _sizes, ex = make(crash)

    async def go2():
        return await asyncio.gather(b.submit(1), b.submit(2), return_exceptions=True)

    assert [type(r) for r in asyncio.run(go2())] == [RuntimeError, RuntimeError]
    ex.shutdown()
