"""A chat user over wss:// (Python websockets), as a browser on the chat's https page would connect.

Usage: wss_client.py PORT CERT -- trusts only CERT, sends the Origin of the https page, says hello and
waits for the welcome frame. Prints "OK"; exits 1 with what went wrong.
"""
import asyncio
import json
import ssl
import sys

import websockets

PORT, CERT = int(sys.argv[1]), sys.argv[2]


async def main():
    context = ssl.create_default_context(cafile=CERT)
    origin = "https://127.0.0.1:%d" % PORT
    async with websockets.connect("wss://127.0.0.1:%d/ws" % PORT, ssl=context, origin=origin) as ws:
        await ws.send(json.dumps({"type": "hello", "v": 1, "nick": "alice"}))
        while True:
            frame = json.loads(await asyncio.wait_for(ws.recv(), 15))
            if frame.get("type") == "welcome":
                print("OK")
                return
            if frame.get("type") == "error":
                raise SystemExit("error frame: %r" % frame)


asyncio.run(main())
