#!/usr/bin/python3
"""Demo handler: echo for HTTP, long-poll rooms with broadcast, WebSocket echo.

    /usr/bin/python3 demo.py REQUESTS_SPEC REPLIES_SPEC

  GET/POST /echo...    -> 200 with "METHOD PATH body-length" and the body echoed
  GET /wait            -> held until someone calls /release
  GET /release         -> every held client gets "released", then the caller gets "released N"
  GET /waiting         -> "waiting N": how many clients are held
  GET /download/N      -> N bytes (i % 251), streamed within the connection's download credits when the
                          server grants them (Mongrel2's download.flow_control, Throng's 'credits')
  WebSocket /ws        -> each text/binary message echoed; ping answered; close echoed
Prints "ready" once connected, then serves until stdin closes or it is killed.
"""
import sys
import threading

from throng_handler import (Connection, http_response, websocket_frame, websocket_handshake_response,
                            OP_CLOSE, OP_PING, OP_PONG)


class Downloads:
    """Streams bodies in 8 KiB chunks, never more than the connection's credits when it has any."""
    CHUNK = 8192

    def __init__(self, conn):
        self.conn = conn
        self.credits = {}  # (sender, conn_id) -> bytes we may still send; absent: no flow control
        self.streams = {}  # (sender, conn_id) -> [request, next offset, end]

    def grant(self, req):
        if req.download_credits():  # the budget on a connection's first request, or a credits notice
            key = (req.sender, req.conn_id)
            self.credits[key] = self.credits.get(key, 0) + req.download_credits()

    def start(self, req, size):
        head = ("HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % size).encode()
        key = (req.sender, req.conn_id)
        if key in self.credits:
            self.credits[key] -= len(head)
        self.conn.reply(req, head)
        self.streams[key] = [req, 0, size]
        self.pump(req.sender, req.conn_id)

    def pump(self, sender, conn_id):
        key = (sender, conn_id)
        stream = self.streams.get(key)
        while stream and stream[1] < stream[2]:
            n = min(self.CHUNK, stream[2] - stream[1])
            if key in self.credits and self.credits[key] < n:
                return  # wait for the server to say it wrote what we sent
            if key in self.credits:
                self.credits[key] -= n
            self.conn.reply(stream[0], bytes((stream[1] + i) % 251 for i in range(n)))
            stream[1] += n
        self.streams.pop(key, None)

    def forget(self, sender, conn_id):
        self.credits.pop((sender, conn_id), None)
        self.streams.pop((sender, conn_id), None)


def main():
    conn = Connection(sys.argv[1], sys.argv[2])
    print("ready", flush=True)
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    waiting = {}  # sender -> set of held connection ids
    downloads = Downloads(conn)
    while not stop.is_set():
        req = conn.recv(timeout=0.2)
        if req is None:
            continue
        downloads.grant(req)
        if req.is_credits():
            downloads.pump(req.sender, req.conn_id)
        elif req.is_disconnect():
            waiting.get(req.sender, set()).discard(req.conn_id)
            downloads.forget(req.sender, req.conn_id)
        elif req.is_websocket_handshake():
            conn.reply(req, websocket_handshake_response(req))
        elif req.is_websocket():
            opcode = req.websocket_flags() & 0x0F
            if opcode == OP_CLOSE:
                conn.reply(req, websocket_frame(req.body, OP_CLOSE))
                conn.close(req)
            elif opcode == OP_PING:
                conn.reply(req, websocket_frame(req.body, OP_PONG))
            else:
                conn.reply(req, websocket_frame(req.body, opcode))
        elif req.path.startswith("/download/"):
            downloads.start(req, int(req.path.rsplit("/", 1)[1]))
        elif req.path.startswith("/waiting"):
            conn.reply_http(req, "waiting %d" % len(waiting.get(req.sender, ())))
        elif req.path.startswith("/wait"):
            waiting.setdefault(req.sender, set()).add(req.conn_id)
        elif req.path.startswith("/release"):
            held = waiting.pop(req.sender, set())
            if held:
                conn.deliver(req.sender, sorted(held), http_response(b"released"))
            conn.reply_http(req, "released %d" % len(held))
        else:
            summary = ("%s %s %d\n" % (req.method, req.path, len(req.body))).encode()
            conn.reply(req, http_response(summary + req.body, headers={"Content-Type": "application/octet-stream"}))
    conn.shutdown()


if __name__ == "__main__":
    main()
