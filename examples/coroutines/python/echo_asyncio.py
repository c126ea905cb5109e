"""Echo server with asyncio: async/await coroutines on an event loop.

`await` marks every place the coroutine may give up the loop; code between two awaits runs
without interruption. Forgetting an await, or calling blocking code, stalls every connection.

Run: /usr/bin/python3 echo_asyncio.py [PORT]   (prints "listening PORT")
"""
import asyncio
import sys


async def echo(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()  # wait while the socket's buffer is full: flow control
    except ConnectionError:
        pass
    finally:
        writer.close()


async def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = await asyncio.start_server(echo, "127.0.0.1", port, backlog=1024)
    print("listening", server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
