#!/usr/bin/python3
"""Python `websockets` chat peer for bench/chat: Throng's chat protocol subset (chat_protocol.py) on /ws.

Run:  /usr/bin/python3 websockets_chat.py --port 8092      (Debian's python3-websockets, 10.x)
One process (rooms live in its memory). Fan-out uses websockets.broadcast(), which skips a connection whose
write buffer is above the high-water mark instead of waiting for it (the library's slow-consumer rule: such a
member silently misses the message, which `throng load chat` reports as lost).
"""
import argparse
import asyncio

import websockets

from chat_protocol import ChatState

STATE = ChatState()


class Client:
    __slots__ = ("ws", "nick", "rooms", "__weakref__")

    def __init__(self, ws):
        self.ws = ws
        self.nick = None
        self.rooms = set()


async def handler(ws, path=None):
    client = Client(ws)
    try:
        async for message in ws:
            replies, fanout = STATE.handle(client, message)
            for frame in replies:
                await ws.send(frame)
            for members, frame in fanout:
                websockets.broadcast([m.ws for m in members], frame)
    except websockets.ConnectionClosed:
        pass
    finally:
        STATE.leave_all(client)


async def serve(port, host):
    async with websockets.serve(handler, host, port, backlog=4096, max_size=65536, compression=None,
                                ping_interval=20):
        await asyncio.Event().wait()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8092)
    a = p.parse_args()
    asyncio.run(serve(a.port, a.host))


if __name__ == "__main__":
    main()
