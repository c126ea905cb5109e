"""Drives a Throng WebSocket server with Python's websockets client and checks every echo.

Usage: client.py PORT [--deflate | --deflate-window=N]. Prints one line per passed step; exits non-zero
on the first failure. The server must echo, and close with 4001 on the text "close-me".
"""
import asyncio
import os
import sys

import websockets
from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory


async def main():
    port = int(sys.argv[1])
    kwargs = {"compression": None}
    if "--deflate" in sys.argv:
        kwargs = {"compression": "deflate"}
    for arg in sys.argv:
        if arg.startswith("--deflate-window="):
            bits = int(arg.split("=")[1])
            kwargs = {"extensions": [ClientPerMessageDeflateFactory(server_max_window_bits=bits)], "compression": None}
    async with websockets.connect(f"ws://127.0.0.1:{port}/echo", max_size=64 * 1024 * 1024,
                                  ping_interval=None, open_timeout=30, close_timeout=30, **kwargs) as ws:
        print("extensions", [type(e).__name__ for e in ws.extensions], flush=True)
        await ws.send("héllo 😀")
        assert await asyncio.wait_for(ws.recv(), 30) == "héllo 😀"
        print("text ok", flush=True)
        data = os.urandom(1 << 20)
        await ws.send(data)
        assert await asyncio.wait_for(ws.recv(), 30) == data
        print("binary 1MiB ok", flush=True)
        await ws.send(["frag", "mented ", "κόσμε" * 1000])
        assert await asyncio.wait_for(ws.recv(), 30) == "fragmented " + "κόσμε" * 1000
        print("fragmented ok", flush=True)
        text = "compressible " * 20000
        for _ in range(3):
            await ws.send(text)
            assert await asyncio.wait_for(ws.recv(), 30) == text
        print("repeated ok", flush=True)
        pong = await ws.ping(b"are you there")
        await asyncio.wait_for(pong, 30)
        print("ping ok", flush=True)
        await ws.send("close-me")
        await asyncio.wait_for(ws.wait_closed(), 30)
        assert ws.close_code == 4001, ws.close_code
        assert ws.close_reason == "server says bye", ws.close_reason
        print("close 4001 ok", flush=True)


asyncio.run(main())
