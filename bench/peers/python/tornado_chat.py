#!/usr/bin/python3
"""Tornado chat peer for bench/chat: Throng's chat protocol subset (chat_protocol.py) on WebSocket /ws.

Run:  /usr/bin/python3 tornado_chat.py --port 8091
One process (rooms live in its memory). A member with more than 1 MiB written but not yet accepted by its
socket is dropped (close 1008), like the /chat peer of bench/peers and like Throng's slow-consumer rule.
"""
import argparse
import asyncio

import tornado.httpserver
import tornado.netutil
import tornado.web
import tornado.websocket

from chat_protocol import ChatState

MAX_QUEUED = 1 << 20
STATE = ChatState()


class Chat(tornado.websocket.WebSocketHandler):
    def check_origin(self, origin):
        return True

    def open(self):
        self.nick = None
        self.rooms = set()
        self.queued = 0

    def on_message(self, message):
        replies, fanout = STATE.handle(self, message)
        for frame in replies:
            self.deliver(frame)
        for members, frame in fanout:
            for m in members:
                m.deliver(frame)

    def deliver(self, frame):
        if self.queued > MAX_QUEUED:  # slow consumer: drop it, never buffer without bound
            STATE.leave_all(self)
            self.close(1008, "slow_consumer")
            return
        try:
            sent = self.write_message(frame)
        except tornado.websocket.WebSocketClosedError:
            STATE.leave_all(self)
            return
        size = len(frame)
        self.queued += size
        sent.add_done_callback(lambda fut: self._flushed(fut, size))

    def _flushed(self, fut, size):
        self.queued -= size
        if not fut.cancelled():
            fut.exception()

    def on_close(self):
        STATE.leave_all(self)


async def serve(port, host):
    app = tornado.web.Application([(r"/ws", Chat)], websocket_ping_interval=20)
    server = tornado.httpserver.HTTPServer(app)
    server.add_sockets(tornado.netutil.bind_sockets(port, host, backlog=4096))
    await asyncio.Event().wait()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8091)
    a = p.parse_args()
    asyncio.run(serve(a.port, a.host))


if __name__ == "__main__":
    main()
