"""zkcred.service._resp, the store's Redis client: RESP framing against the protocol specification's examples,
and behaviour against a real redis-server (pipelined concurrency, the atomic claim, AUTH and SELECT, error
replies, a server that does not answer, reconnection)."""
from __future__ import annotations

import asyncio
import socket
from urllib.parse import urlparse

import pytest

from zkcred.service._resp import _INCOMPLETE, RespClient, RespError, encode, parse
from zkcred.service.store import RedisStore, StoreUnavailable


def run(coro):
    return asyncio.run(coro)


# Examples from https://redis.io/docs/latest/develop/reference/protocol-spec/ (RESP2)
SPEC_REPLIES = [
    (b"+OK\r\n", b"OK"),
    (b":1000\r\n", 1000),
    (b":-5\r\n", -5),
    (b"$5\r\nhello\r\n", b"hello"),
    (b"$0\r\n\r\n", b""),
    (b"$-1\r\n", None),
    (b"*-1\r\n", None),
    (b"*0\r\n", []),
    (b"*2\r\n$5\r\nhello\r\n$5\r\nworld\r\n", [b"hello", b"world"]),
    (b"*3\r\n:1\r\n:2\r\n:3\r\n", [1, 2, 3]),
    (b"*2\r\n*3\r\n:1\r\n:2\r\n:3\r\n*2\r\n+Hello\r\n-World\r\n", None),   # nested, with an error inside
    (b"$6\r\nfo\r\nba\r\n", b"fo\r\nba"),                                   # a bulk string holding CRLF
]


@pytest.mark.parametrize("wire,value", SPEC_REPLIES)
def test_parse_spec_examples(wire, value):
    got, end = parse(wire, 0)
    assert end == len(wire)
    if wire.startswith(b"*2\r\n*3"):
        assert got[0] == [1, 2, 3] and got[1][0] == b"Hello" and isinstance(got[1][1], RespError)
    else:
        assert got == value
    for cut in range(len(wire)):                       # every proper prefix is incomplete, never misread
        assert parse(wire[:cut], 0) == (_INCOMPLETE, 0)


def test_parse_error_reply_and_garbage():
    err, end = parse(b"-ERR unknown command 'FOO'\r\n", 0)
    assert isinstance(err, RespError) and "unknown command" in str(err) and end == 28
    with pytest.raises(RespError):
        parse(b"?what\r\n", 0)


def test_encode_is_the_spec_command_form():
    # "LLEN mylist" as the spec writes a client command: an array of bulk strings
    assert encode(("LLEN", "mylist")) == b"*2\r\n$4\r\nLLEN\r\n$6\r\nmylist\r\n"
    assert encode(("SET", "k", "v\u00e9", "PX", 1500)) == \
        b"*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\nv\xc3\xa9\r\n$2\r\nPX\r\n$4\r\n1500\r\n"


def test_pipelined_commands_get_their_own_replies(redis_url):
    async def go():
        c = RespClient(redis_url)
        keys = [f"test:resp:{k}" for k in range(2000)]
        await asyncio.gather(*(c.execute("SET", k, f"v{k}", "PX", 60000) for k in keys))
        got = await asyncio.gather(*(c.execute("GET", k) for k in reversed(keys)))
        assert got == [f"v{k}".encode() for k in reversed(keys)]
        assert await c.execute("GET", "test:resp:missing") is None
        assert await c.execute("PING") == b"PONG"
        # an error reply fails its own command only
        await c.execute("SET", "test:resp:text", "abc")
        results = await asyncio.gather(c.execute("INCR", "test:resp:text"), c.execute("PING"),
                                       return_exceptions=True)
        assert isinstance(results[0], RespError) and results[1] == b"PONG"
        await c.close()

    run(go())


def test_the_claim_is_atomic_across_clients(redis_url):
    """SET NX from 50 concurrent claims on 5 separate clients (as on 5 replicas): exactly one wins."""
    async def go():
        stores = [RedisStore(redis_url, prefix="test:claim:") for _ in range(5)]
        wins = await asyncio.gather(*(stores[k % 5].claim("rid-1", 60) for k in range(50)))
        assert sum(wins) == 1
        assert await stores[3].claim("rid-2", 60) is True and await stores[4].claim("rid-2", 60) is False
        for s in stores:
            await s.close()

    run(go())


def test_auth_and_select(redis_url):
    port = urlparse(redis_url).port

    async def go():
        admin = RespClient(redis_url)
        await admin.execute("ACL", "SETUSER", "zk-test", "on", ">s3cr:et/", "~*", "+@all")
        c = RespClient(f"redis://zk-test:s3cr%3Aet%2F@127.0.0.1:{port}/3")
        await c.execute("SET", "test:resp:db", "three")
        assert await c.execute("GET", "test:resp:db") == b"three"
        assert await admin.execute("GET", "test:resp:db") is None            # db 0 does not have it
        assert await c.execute("ACL", "WHOAMI") == b"zk-test"
        bad = RespClient(f"redis://zk-test:wrong@127.0.0.1:{port}/0")
        with pytest.raises(RespError):
            await bad.execute("PING")
        await admin.execute("ACL", "DELUSER", "zk-test")
        for x in (admin, c, bad):
            await x.close()

    run(go())
    with pytest.raises(ValueError):
        RespClient("http://127.0.0.1:6379")
    with pytest.raises(ValueError):
        RespClient("redis://127.0.0.1:6379/zero")


def test_a_silent_server_times_out_and_a_dead_one_is_refused():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)                      # accepts (the kernel does), never answers
    port = listener.getsockname()[1]

    async def go():
        c = RespClient(f"redis://127.0.0.1:{port}/0", timeout=0.3)
        loop = asyncio.get_running_loop()
        t = loop.time()
        results = await asyncio.gather(*(c.execute("GET", "x") for _ in range(20)), return_exceptions=True)
        assert all(isinstance(r, RespError) for r in results)
        assert 0.25 <= loop.time() - t < 3.0
        store = RedisStore(f"redis://127.0.0.1:{port}/0", timeout=0.2)
        with pytest.raises(StoreUnavailable):
            await store.get("x")
        await c.close()
        await store.close()

    try:
        run(go())
    finally:
        listener.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]

    async def refused():
        c = RespClient(f"redis://127.0.0.1:{dead}/0", timeout=1.0)
        results = await asyncio.gather(*(c.execute("PING") for _ in range(10)), return_exceptions=True)
        assert all(isinstance(r, RespError) for r in results)

    run(refused())


def test_reconnects_after_the_connection_is_killed(redis_url):
    async def go():
        c, admin = RespClient(redis_url), RespClient(redis_url)
        my_id = await c.execute("CLIENT", "ID")
        assert await admin.execute("CLIENT", "KILL", "ID", my_id) == 1
        await asyncio.sleep(0.05)
        try:                                 # the kill may be seen by this command or only by the next
            await c.execute("PING")
        except RespError:
            pass
        assert await c.execute("PING") == b"PONG"
        assert await c.execute("CLIENT", "ID") != my_id
        await c.close()
        await admin.close()

    run(go())


def test_replies_split_across_reads():
    """A server that writes each reply one byte at a time: every command still gets its own reply whole."""
    async def go():
        async def handle(reader, writer):
            while True:
                line = await reader.readline()
                if not line:
                    return
                n = int(line[1:])
                for _ in range(2 * n):
                    await reader.readline()
                reply = b"$6\r\nfo\r\nba\r\n"
                for k in range(len(reply)):
                    writer.write(reply[k:k + 1])
                    await writer.drain()
                    await asyncio.sleep(0)

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        c = RespClient(f"redis://127.0.0.1:{port}/0", timeout=2.0)
        got = await asyncio.gather(*(c.execute("GET", f"k{k}") for k in range(5)))
        assert got == [b"fo\r\nba"] * 5
        await c.close()
        server.close()
        await server.wait_closed()

    run(go())


def test_malformed_replies_are_protocol_errors():
    """A bulk string must be followed by CRLF (a server that sends more bytes than it announced would otherwise shift
    every later reply onto the wrong command), and arrays nest at most MAX_DEPTH deep (no RecursionError)."""
    with pytest.raises(RespError, match="not followed by CRLF"):
        parse(b"$3\r\nabcd\r\n", 0)
    with pytest.raises(RespError, match="nested deeper"):
        parse(b"*1\r\n" * 10_000 + b":1\r\n", 0)
    assert parse(b"*1\r\n" * 8 + b":1\r\n", 0)[0] == [[[[[[[[1]]]]]]]]


@pytest.mark.parametrize("reply", [b":7\r\n", b"$2\r\n\xff\xfe\r\n", b"*1\r\n$1\r\nx\r\n"],
                         ids=["an integer", "not UTF-8", "an array"])
def test_a_store_answering_get_with_junk_is_unavailable(reply):
    """A broken server's answer to GET is StoreUnavailable (the service's 503), not an AttributeError or
    UnicodeDecodeError (a 500)."""
    async def serve(reader, writer):
        while await reader.read(4096):
            writer.write(reply)
            await writer.drain()
        writer.close()

    async def go():
        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        store = RedisStore(f"redis://127.0.0.1:{port}", timeout=2.0)
        try:
            with pytest.raises(StoreUnavailable):
                await store.get("x")
            with pytest.raises(StoreUnavailable):
                await store.outcome("x")
        finally:
            await store.close()
            server.close()

    run(go())
