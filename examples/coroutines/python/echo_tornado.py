"""Echo server with Tornado: a TCPServer whose handle_stream is a coroutine.

Tornado 5 and later run on asyncio's loop; its IOStream reads and writes are awaited like
asyncio's streams.

Run: /usr/bin/python3 echo_tornado.py [PORT]   (prints "listening PORT")
"""
import asyncio
import socket
import sys

from tornado.iostream import StreamClosedError
from tornado.netutil import bind_sockets
from tornado.tcpserver import TCPServer


class Echo(TCPServer):
    async def handle_stream(self, stream, address):
        try:
            while True:
                data = await stream.read_bytes(65536, partial=True)
                await stream.write(data)
        except StreamClosedError:
            pass


async def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    sockets = bind_sockets(port, address="127.0.0.1", family=socket.AF_INET, backlog=1024)
    Echo().add_sockets(sockets)
    print("listening", sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
