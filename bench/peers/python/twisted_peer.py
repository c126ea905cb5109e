#!/usr/bin/python3
"""Twisted peer: GET /plaintext and GET /json with twisted.web (json.dumps per request).

Run:  /usr/bin/python3 twisted_peer.py --port 8086 [--procs N]
--procs N forks N processes sharing one pre-bound listening socket (Twisted has no SO_REUSEPORT).
"""
import argparse
import json
import os
import socket


def build_root():
    from twisted.web.resource import Resource

    class Plaintext(Resource):
        isLeaf = True

        def render_GET(self, request):
            request.setHeader(b"content-type", b"text/plain")
            return b"Hello, World!"

    class Json(Resource):
        isLeaf = True

        def render_GET(self, request):
            request.setHeader(b"content-type", b"application/json")
            return json.dumps({"message": "Hello, World!"}).encode()

    root = Resource()
    root.putChild(b"plaintext", Plaintext())
    root.putChild(b"json", Json())
    return root


def serve(listener):
    from twisted.internet import reactor  # import only after fork: one reactor per process
    from twisted.web.server import Site

    class QuietSite(Site):
        noisy = False

        def log(self, request):  # no access log, like the other peers' defaults
            pass

    reactor.adoptStreamPort(listener.fileno(), socket.AF_INET, QuietSite(build_root()))
    listener.close()  # the reactor keeps its own copy of the descriptor
    reactor.run()


def prefork(default_port):
    """Parses --host, --port and --procs, binds the listening socket, forks the other processes; in each
    process returns the shared listener, for its reactor to adopt."""
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=default_port)
    p.add_argument("--procs", type=int, default=1)
    a = p.parse_args()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((a.host, a.port))
    listener.listen(4096)
    listener.setblocking(False)
    for _ in range(a.procs - 1):
        if os.fork() == 0:
            break
    return listener


def main():
    serve(prefork(8086))


if __name__ == "__main__":
    main()
