"""Echo server with gevent: blocking code, run by greenlets.

Each connection gets a greenlet; socket calls look blocking but switch to the hub's event loop
(libev) when they would block. This is how Meebo served IM with gunicorn + gevent.

Run: /usr/bin/python3 echo_gevent.py [PORT]   (prints "listening PORT")
"""
import sys

from gevent.server import StreamServer


def echo(client, address):
    with client:
        while True:
            data = client.recv(65536)  # parks this greenlet, not the process
            if not data:
                return
            client.sendall(data)


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = StreamServer(("127.0.0.1", port), echo, backlog=1024)
    server.start()
    print("listening", server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
