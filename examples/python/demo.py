#!/usr/bin/python3
"""Demo handler: echo for HTTP, long-poll rooms with broadcast, WebSocket echo.

    /usr/bin/python3 demo.py REQUESTS_SPEC REPLIES_SPEC

  GET/POST /echo...    -> 200 with "METHOD PATH body-length" and the body echoed
  GET /wait            -> held until someone calls /release
  GET /release         -> every held client gets "released", then the caller gets "released N"
  GET /waiting         -> "waiting N": how many clients are held
  WebSocket /ws        -> each text/binary message echoed; ping answered; close echoed
Prints "ready" once connected, then serves until stdin closes or it is killed.
"""
import sys
import threading

from throng_handler import (Connection, http_response, websocket_frame, websocket_handshake_response,
                            OP_CLOSE, OP_PING, OP_PONG)


def main():
    conn = Connection(sys.argv[1], sys.argv[2])
    print("ready", flush=True)
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    waiting = {}  # sender -> set of held connection ids
    while not stop.is_set():
        req = conn.recv(timeout=0.2)
        if req is None:
            continue
        if req.is_disconnect():
            waiting.get(req.sender, set()).discard(req.conn_id)
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
