#!/usr/bin/python3
"""Tornado peer: GET /plaintext and GET /json (json.dumps per request).

Run:  /usr/bin/python3 tornado_peer.py --port 8085 [--procs N]
--procs N forks N processes sharing the listening socket (0: one per CPU).
Tornado's defaults stay on (ETag computed for every GET, Server header), as users run it.
"""
import argparse
import asyncio
import json

import tornado.httpserver
import tornado.netutil
import tornado.process
import tornado.web


class Plaintext(tornado.web.RequestHandler):
    def get(self):
        self.set_header("Content-Type", "text/plain")
        self.finish(b"Hello, World!")


class Json(tornado.web.RequestHandler):
    def get(self):
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"message": "Hello, World!"}))


async def serve(sockets):
    app = tornado.web.Application([(r"/plaintext", Plaintext), (r"/json", Json)])
    server = tornado.httpserver.HTTPServer(app)
    server.add_sockets(sockets)
    await asyncio.Event().wait()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8085)
    p.add_argument("--procs", type=int, default=1)
    a = p.parse_args()
    sockets = tornado.netutil.bind_sockets(a.port, a.host, backlog=4096)
    if a.procs != 1:
        tornado.process.fork_processes(a.procs)  # nothing may touch the event loop before this
    asyncio.run(serve(sockets))


if __name__ == "__main__":
    main()
