"""Echo server on bare generators: the coroutine idea with nothing hidden.

Each connection is a generator. It runs until it would block, then *yields* what it waits for
(("read", sock) or ("write", sock)); a small scheduler waits on all of them at once with select()
and resumes whichever generator's socket is ready. This is what gevent, Twisted and asyncio do
underneath, with better bookkeeping.

Run: /usr/bin/python3 echo_generators.py [PORT]   (prints "listening PORT")
"""
import collections
import select
import socket
import sys


def serve(listener):
    while True:
        yield "read", listener
        client, _ = listener.accept()
        client.setblocking(False)
        yield "spawn", echo(client)


def echo(client):
    try:
        while True:
            yield "read", client
            data = client.recv(65536)
            if not data:
                return
            view = memoryview(data)
            while view:
                yield "write", client
                view = view[client.send(view):]
    except ConnectionError:
        pass  # reset by the peer: nothing to echo to any more
    finally:
        client.close()


def run(first):
    ready = collections.deque([first])
    readers, writers = {}, {}
    while True:
        while ready:
            task = ready.popleft()
            try:
                what, arg = next(task)
            except StopIteration:
                continue
            if what == "spawn":
                ready.extend((arg, task))
            else:
                (readers if what == "read" else writers)[arg] = task
        can_read, can_write, _ = select.select(readers, writers, [])
        ready.extend(readers.pop(s) for s in can_read)
        ready.extend(writers.pop(s) for s in can_write)


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    listener = socket.create_server(("127.0.0.1", port), backlog=1024)
    listener.setblocking(False)
    print("listening", listener.getsockname()[1], flush=True)
    run(serve(listener))


if __name__ == "__main__":
    main()
