#!/usr/bin/python3
"""Tornado peer: GET /plaintext and GET /json (json.dumps per request), and WebSocket /echo (every message
back) and /broadcast (every message to every member, the sender included; run with --procs 1 for that, since
members in other processes are not reached).

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
import tornado.websocket

MAX_MESSAGE = 16 * 1024 * 1024


class Plaintext(tornado.web.RequestHandler):
    def get(self):
        self.set_header("Content-Type", "text/plain")
        self.finish(b"Hello, World!")


class Json(tornado.web.RequestHandler):
    def get(self):
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"message": "Hello, World!"}))


class Echo(tornado.websocket.WebSocketHandler):
    def check_origin(self, origin):
        return True

    def on_message(self, message):
        self.write_message(message, binary=isinstance(message, bytes))


class Broadcast(tornado.websocket.WebSocketHandler):
    members = set()

    def check_origin(self, origin):
        return True

    def open(self):
        Broadcast.members.add(self)

    def on_message(self, message):
        binary = isinstance(message, bytes)
        for member in list(Broadcast.members):
            try:
                member.write_message(message, binary=binary)
            except tornado.websocket.WebSocketClosedError:
                Broadcast.members.discard(member)

    def on_close(self):
        Broadcast.members.discard(self)


async def serve(sockets):
    app = tornado.web.Application([(r"/plaintext", Plaintext), (r"/json", Json), (r"/echo", Echo),
                                   (r"/broadcast", Broadcast)], websocket_max_message_size=MAX_MESSAGE)
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
