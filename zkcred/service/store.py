"""Shared state of the verifier: open presentation requests and the requests already answered.

A replica of the service keeps nothing else, so replicas behind a load balancer need only share a ``Store``:

- ``put(rid, record, ttl)``: save a new request record (JSON text) for ``ttl`` seconds;
- ``get(rid)``: the record, or None (unknown or gone);
- ``claim(rid, ttl)``: atomically mark the request answered; True for the first caller only. The service claims
  before it verifies, so two copies of one presentation racing on two replicas cannot both be accepted, and a
  request takes one presentation whatever its outcome (its nonce is used up);
- ``set_outcome(rid, outcome, ttl)`` / ``outcome(rid)``: the decision ("verified" or "rejected"), for
  ``GET /requests/{id}`` (never the disclosed values: the store holds no personal data).

``MemoryStore`` (one process; the default) and ``RedisStore`` (``redis://``, ``rediss://`` or ``unix://`` URL;
zkcred.service._resp, a small pipelining RESP client; ``SET ... NX PX`` makes the claim atomic across
replicas). ``open_store(spec)`` picks one.
"""
from __future__ import annotations

import time
from typing import Any

from ._resp import RespClient, RespError

__all__ = ["Store", "MemoryStore", "RedisStore", "StoreFull", "StoreUnavailable", "open_store"]


class StoreFull(Exception):
    """The in-process store holds its maximum number of open requests."""


class StoreUnavailable(Exception):
    """The shared store cannot be reached (or did not answer in time): the service answers 503."""


class Store:
    """The interface (module docstring). All methods are coroutines."""

    async def put(self, rid: str, record: str, ttl: float) -> None:   # pragma: no cover - interface
        raise NotImplementedError

    async def get(self, rid: str) -> str | None:   # pragma: no cover - interface
        raise NotImplementedError

    async def claim(self, rid: str, ttl: float) -> bool:   # pragma: no cover - interface
        raise NotImplementedError

    async def set_outcome(self, rid: str, outcome: str, ttl: float) -> None:   # pragma: no cover - interface
        raise NotImplementedError

    async def outcome(self, rid: str) -> str | None:   # pragma: no cover - interface
        raise NotImplementedError

    async def ping(self) -> None:
        """Raise when the store cannot be reached (for /healthz)."""

    async def close(self) -> None:
        pass


class MemoryStore(Store):
    """One process's store: dicts with expiry times, swept as they are used; at most ``max_records`` entries."""

    def __init__(self, max_records: int = 200_000) -> None:
        self.max_records = max_records
        self._data: dict[str, tuple[float, str]] = {}
        self._sweep_at = 0.0

    def _live(self, key: str) -> str | None:
        item = self._data.get(key)
        if item is None:
            return None
        if item[0] <= time.monotonic():
            del self._data[key]
            return None
        return item[1]

    def _sweep(self) -> None:
        now = time.monotonic()
        if now < self._sweep_at and len(self._data) < self.max_records:
            return
        self._sweep_at = now + 5.0
        for k in [k for k, (exp, _) in self._data.items() if exp <= now]:
            del self._data[k]

    def _set(self, key: str, value: str, ttl: float) -> None:
        self._sweep()
        if key not in self._data and len(self._data) >= self.max_records:
            raise StoreFull(f"{self.max_records} records held")
        self._data[key] = (time.monotonic() + ttl, value)

    async def put(self, rid: str, record: str, ttl: float) -> None:
        self._set("req:" + rid, record, ttl)

    async def get(self, rid: str) -> str | None:
        return self._live("req:" + rid)

    async def claim(self, rid: str, ttl: float) -> bool:
        if self._live("used:" + rid) is not None:      # no await between the test and the set: atomic in asyncio
            return False
        self._set("used:" + rid, "1", ttl)
        return True

    async def set_outcome(self, rid: str, outcome: str, ttl: float) -> None:
        self._set("done:" + rid, outcome, ttl)

    async def outcome(self, rid: str) -> str | None:
        return self._live("done:" + rid)


class RedisStore(Store):
    """Redis (module docstring); keys ``<prefix>req:<id>``, ``<prefix>used:<id>``, ``<prefix>done:<id>``.

    The commands go through zkcred.service._resp (one connection per process, pipelined); a command that gets
    no reply within ``timeout`` seconds, like any Redis failure, raises StoreUnavailable."""

    def __init__(self, url: str, prefix: str = "zkcred:", timeout: float = 5.0) -> None:
        self._r = RespClient(url, timeout=timeout)
        self.prefix = prefix

    async def _do(self, *args: str | int) -> Any:
        try:
            return await self._r.execute(*args)
        except RespError as e:
            raise StoreUnavailable(f"redis: {e}") from None

    @staticmethod
    def _ms(ttl: float) -> int:
        return max(1, int(ttl * 1000))

    async def put(self, rid: str, record: str, ttl: float) -> None:
        await self._do("SET", self.prefix + "req:" + rid, record, "PX", self._ms(ttl))

    async def _get_text(self, key: str) -> str | None:
        value = await self._do("GET", key)
        if value is None:
            return None
        if not isinstance(value, bytes):
            raise StoreUnavailable(f"the store answered GET with {type(value).__name__}, not a string")
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            raise StoreUnavailable("the store answered GET with bytes that are not UTF-8") from None

    async def get(self, rid: str) -> str | None:
        return await self._get_text(self.prefix + "req:" + rid)

    async def claim(self, rid: str, ttl: float) -> bool:
        # SET NX: atomic in Redis, so of two replicas claiming one request at once exactly one gets "OK"
        return await self._do("SET", self.prefix + "used:" + rid, "1", "PX", self._ms(ttl), "NX") is not None

    async def set_outcome(self, rid: str, outcome: str, ttl: float) -> None:
        await self._do("SET", self.prefix + "done:" + rid, outcome, "PX", self._ms(ttl))

    async def outcome(self, rid: str) -> str | None:
        return await self._get_text(self.prefix + "done:" + rid)

    async def ping(self) -> None:
        await self._do("PING")

    async def close(self) -> None:
        await self._r.close()


def open_store(spec: str | None) -> Store:
    """``None``/``"memory"``: a MemoryStore; ``redis://...`` or ``rediss://...`` (TLS): a RedisStore."""
    if spec in (None, "", "memory"):
        return MemoryStore()
    if spec.startswith(("redis://", "rediss://", "unix://")):
        return RedisStore(spec)
    raise ValueError(f"--store {spec!r}: expected 'memory' or a redis:// URL")
