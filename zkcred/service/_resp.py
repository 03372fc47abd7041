"""A small asyncio Redis client for the store's few commands: one connection, commands pipelined automatically.

The verifier sends three short commands per presentation (GET the request, SET NX the claim, SET the outcome).
redis-py's asyncio client spends far more CPU on each (a connection pool with a lock, retry wrappers, event
dispatch, a parser object per reply) than the command takes in Redis, so the store speaks RESP (the Redis
serialization protocol, https://redis.io/docs/latest/develop/reference/protocol-spec/) itself:

- one connection per client, opened on first use in the running event loop, opened again after a failure;
- commands issued in one event-loop iteration leave in one write (automatic pipelining); replies come back in
  order, so each resolves the oldest waiting future;
- ``AUTH`` (user and password from the URL) and ``SELECT`` (the URL's database) when the connection opens;
  ``rediss://`` is TLS (the default SSL context: certificate and host name checked); ``unix:///path?db=N``;
- every failure (refused, reset, a reply not in time, an error reply) is ``RespError``; a reply that takes
  longer than ``timeout`` seconds closes the connection and fails every command waiting on it.
"""
from __future__ import annotations

import asyncio
import collections
import ssl
import time
from urllib.parse import parse_qs, unquote, urlparse

__all__ = ["RespClient", "RespError"]


class RespError(Exception):
    """The Redis server could not be reached, did not answer in time, or answered with an error."""


class _ErrorReply(RespError):
    """An ``-ERR ...`` reply (the connection stays usable)."""


_INCOMPLETE = object()


def encode(args: tuple[bytes | str | int, ...]) -> bytes:
    """One command as a RESP array of bulk strings."""
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        b = a if isinstance(a, bytes) else str(a).encode("utf-8")
        out.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(out)


MAX_DEPTH = 8      # zkcred's commands get flat replies; a deeper array is a broken or hostile server


def parse(buf: bytearray | bytes, pos: int, depth: int = 0) -> tuple[object, int]:
    """One RESP2 reply from ``buf[pos:]``: (value, next position), or (_INCOMPLETE, pos) when more bytes are
    needed. Bulk strings are bytes; an error reply is an ``_ErrorReply`` value (not raised). RespError for
    anything else than RESP: a bulk string not followed by CRLF, arrays nested deeper than ``MAX_DEPTH``."""
    if depth > MAX_DEPTH:
        raise RespError(f"arrays nested deeper than {MAX_DEPTH}")
    end = buf.find(b"\r\n", pos)
    if end < 0:
        return _INCOMPLETE, pos
    kind, line = buf[pos:pos + 1], bytes(buf[pos + 1:end])
    if kind == b"$":
        n = int(line)
        if n < 0:
            return None, end + 2
        if len(buf) < end + 2 + n + 2:
            return _INCOMPLETE, pos
        if buf[end + 2 + n:end + 4 + n] != b"\r\n":
            raise RespError(f"a bulk string of {n} bytes is not followed by CRLF")
        return bytes(buf[end + 2:end + 2 + n]), end + 4 + n
    if kind == b"+":
        return line, end + 2
    if kind == b":":
        return int(line), end + 2
    if kind == b"-":
        return _ErrorReply(line.decode("utf-8", "replace")), end + 2
    if kind == b"*":
        n = int(line)
        if n < 0:
            return None, end + 2
        items, p = [], end + 2
        for _ in range(n):
            item, p = parse(buf, p, depth + 1)
            if item is _INCOMPLETE:
                return _INCOMPLETE, pos
            items.append(item)
        return items, p
    raise RespError(f"not a RESP reply (first byte {bytes(kind)!r})")


class _Connection(asyncio.Protocol):
    def __init__(self, loop: asyncio.AbstractEventLoop, timeout: float) -> None:
        self.loop, self.timeout = loop, timeout
        self.transport: asyncio.Transport | None = None
        self.waiting: collections.deque[tuple[asyncio.Future, float]] = collections.deque()
        self.outgoing: list[bytes] = []
        self.buf = bytearray()
        self.closed: Exception | None = None
        self._watchdog: asyncio.TimerHandle | None = None

    # protocol callbacks
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport       # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        buf = self.buf
        buf += data
        pos = 0
        try:
            while pos < len(buf):
                value, nxt = parse(buf, pos)
                if value is _INCOMPLETE:
                    break
                pos = nxt
                if not self.waiting:
                    raise RespError("a reply nobody asked for")
                fut, _deadline = self.waiting.popleft()
                if fut.done():
                    continue
                if isinstance(value, _ErrorReply):
                    fut.set_exception(value)
                else:
                    fut.set_result(value)
        except (RespError, ValueError) as e:
            self.fail(RespError(f"protocol error: {e}"))
            return
        del buf[:pos]

    def connection_lost(self, exc: Exception | None) -> None:
        self.fail(RespError(f"connection lost: {exc}" if exc else "connection closed"))

    # client side
    def send(self, command: bytes) -> asyncio.Future:
        if self.closed is not None:
            raise self.closed
        fut = self.loop.create_future()
        self.waiting.append((fut, time.monotonic() + self.timeout))
        if not self.outgoing:
            self.loop.call_soon(self._flush)
        self.outgoing.append(command)
        if self._watchdog is None:
            self._watchdog = self.loop.call_later(self.timeout, self._check)
        return fut

    def _flush(self) -> None:
        data, self.outgoing = b"".join(self.outgoing), []
        if self.closed is None and self.transport is not None:
            self.transport.write(data)

    def _check(self) -> None:
        self._watchdog = None
        if not self.waiting or self.closed is not None:
            return
        oldest = self.waiting[0][1]
        now = time.monotonic()
        if oldest <= now:
            self.fail(RespError(f"no reply within {self.timeout:g} s"))
        else:
            self._watchdog = self.loop.call_later(max(0.01, oldest - now), self._check)

    def fail(self, exc: Exception) -> None:
        if self.closed is None:
            self.closed = exc
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None
        if self.transport is not None:
            self.transport.abort()
        while self.waiting:
            fut, _ = self.waiting.popleft()
            if not fut.done():
                fut.set_exception(exc)
        self.outgoing = []


class RespClient:
    """A Redis client for ``url`` (module docstring): ``await client.execute("SET", key, value, "NX")``."""

    def __init__(self, url: str, timeout: float = 5.0) -> None:
        u = urlparse(url)
        if u.scheme not in ("redis", "rediss", "unix"):
            raise ValueError(f"{url!r}: expected redis://, rediss:// or unix://")
        self.timeout = timeout
        self._tls = u.scheme == "rediss"
        self._path = unquote(u.path) if u.scheme == "unix" else None
        self._host, self._port = u.hostname or "localhost", u.port or 6379
        query = parse_qs(u.query)
        db = query.get("db", [""])[0] or (u.path.lstrip("/") if u.scheme != "unix" else "") or "0"
        if not db.isdigit():
            raise ValueError(f"{url!r}: the database must be a number")
        self._db = int(db)
        self._user = unquote(u.username) if u.username else None
        self._password = unquote(u.password) if u.password else None
        self._conn: _Connection | None = None
        self._opening: asyncio.Future | None = None

    async def _open(self, loop: asyncio.AbstractEventLoop) -> _Connection:
        conn = _Connection(loop, self.timeout)
        try:
            async with asyncio.timeout(self.timeout):
                if self._path is not None:
                    await loop.create_unix_connection(lambda: conn, self._path)
                else:
                    ctx = ssl.create_default_context() if self._tls else None
                    await loop.create_connection(lambda: conn, self._host, self._port, ssl=ctx)
                hello = []
                if self._password is not None:
                    auth = ("AUTH", self._user, self._password) if self._user else ("AUTH", self._password)
                    hello.append(conn.send(encode(auth)))
                if self._db:
                    hello.append(conn.send(encode(("SELECT", self._db))))
                for fut in hello:
                    await fut
        except (OSError, TimeoutError, RespError, ssl.SSLError) as e:
            conn.fail(RespError(str(e)))
            raise RespError(f"cannot connect to redis: {type(e).__name__}: {e}") from None
        return conn

    async def _connection(self) -> _Connection:
        loop = asyncio.get_running_loop()
        while True:
            conn = self._conn
            if conn is not None and conn.closed is None and conn.loop is loop:
                return conn
            if self._opening is not None and self._opening.get_loop() is loop:
                failed = await asyncio.shield(self._opening)    # one connect for every caller that needs it
                if failed is not None:
                    raise failed
                continue
            opening = self._opening = loop.create_future()
            failed = None
            try:
                self._conn = await self._open(loop)
            except RespError as e:
                failed = e
                raise
            finally:
                self._opening = None
                opening.set_result(failed)

    async def execute(self, *args: bytes | str | int) -> object:
        """Send one command and return its reply (bytes, int, None or a list); RespError on any failure."""
        conn = self._conn
        if conn is None or conn.closed is not None or conn.loop is not asyncio.get_running_loop():
            conn = await self._connection()
        return await conn.send(encode(args))

    async def close(self) -> None:
        if self._conn is not None and self._conn.transport is not None:
            self._conn.transport.close()
        self._conn = None
