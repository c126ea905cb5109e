"""One chat user over WebSocket (Python websockets): hello (version 1 nickname), join lobby, say N
messages and wait for each ack, then close.

Usage: chat_say.py PORT N
Prints OK; exits 1 with what went wrong.
"""
import asyncio
import json
import sys

import websockets

PORT, N = int(sys.argv[1]), int(sys.argv[2])


async def main():
    async with websockets.connect("ws://127.0.0.1:%d/ws" % PORT, origin="http://127.0.0.1:%d" % PORT) as ws:
        async def expect(kind, **fields):
            while True:
                f = json.loads(await asyncio.wait_for(ws.recv(), 15))
                if f.get("type") == "error":
                    raise AssertionError("error frame %r" % f)
                if f.get("type") == kind and all(f.get(k) == v for k, v in fields.items()):
                    return f
        await ws.send(json.dumps({"type": "hello", "v": 1, "nick": "alice"}))
        await expect("welcome")
        await ws.send(json.dumps({"type": "join", "room": "lobby"}))  # its answers come before the first ack
        for i in range(N):
            await ws.send(json.dumps({"type": "say", "room": "lobby", "cid": "c%d" % i, "text": "hi %d" % i}))
            await expect("ack", cid="c%d" % i)
    print("OK")


asyncio.run(main())
