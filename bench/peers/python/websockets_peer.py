#!/usr/bin/python3
"""Python `websockets` peer (asyncio): WebSocket /echo (every message back) and /broadcast (every message to
every member, the sender included, with websockets.broadcast, which skips members whose buffers are full).

Run:  /usr/bin/python3 websockets_peer.py --port 8088
One process: broadcast members must share one event loop. Compression is left as the library's default
(offered to clients that ask; `throng load ws` does not ask unless --deflate).
"""
import argparse
import asyncio

import websockets

MAX_MESSAGE = 16 * 1024 * 1024
members = set()


async def echo(ws):
    async for message in ws:
        await ws.send(message)


async def broadcast(ws):
    members.add(ws)
    try:
        async for message in ws:
            websockets.broadcast(members, message)
    finally:
        members.discard(ws)


async def handler(ws, path):
    if path == "/echo":
        await echo(ws)
    elif path == "/broadcast":
        await broadcast(ws)
    else:
        await ws.close(1008, "no such endpoint")


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8088)
    a = p.parse_args()
    async with websockets.serve(handler, a.host, a.port, max_size=MAX_MESSAGE, backlog=4096):
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
