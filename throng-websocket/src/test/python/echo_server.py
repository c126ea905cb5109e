"""Echo server on Python's websockets, for interop tests. Prints its port, serves until stdin closes.

Usage: echo_server.py [--deflate] [--tls CERT KEY] (wss://, PEM files) [--host ADDRESS] (127.0.0.1 by default). A text message "close-me" makes it close with 4001.
"""
import asyncio
import ssl
import sys

import websockets


async def handler(ws, path=None):
    async for message in ws:
        if message == "close-me":
            await ws.close(4001, "server says bye")
            return
        await ws.send(message)


async def main():
    compression = "deflate" if "--deflate" in sys.argv else None
    tls = None
    if "--tls" in sys.argv:
        at = sys.argv.index("--tls")
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(sys.argv[at + 1], sys.argv[at + 2])
    host = sys.argv[sys.argv.index("--host") + 1] if "--host" in sys.argv else "127.0.0.1"
    async with websockets.serve(handler, host, 0, compression=compression, ssl=tls,
                                max_size=64 * 1024 * 1024, ping_interval=None) as server:
        print(server.sockets[0].getsockname()[1], flush=True)
        loop = asyncio.get_running_loop()
        # Until the test closes our stdin, and never longer than two minutes.
        await asyncio.wait_for(loop.run_in_executor(None, sys.stdin.read), timeout=120)


asyncio.run(main())
