"""Mongrel2 handler protocol for Python 3 -- bytes end to end.

Works behind a real Mongrel2 and behind Throng's gateway. Needs only Debian's python3-zmq.

    from throng_handler import Connection, http_response
    conn = Connection("tcp://127.0.0.1:9997", "tcp://127.0.0.1:9996")
    while True:
        req = conn.recv()
        if req.is_disconnect():
            continue
        conn.reply(req, http_response(b"hello " + req.path.encode()))

Design rules (the old m2py port broke all three):
  * messages are bytes; only the header dict is decoded to text, so binary bodies and
    WebSocket frames pass untouched;
  * replies never vanish: the reply socket is an XPUB (a PUB on the wire) with no-drop, and
    requests are only pulled once the server's subscription has arrived;
  * a broadcast is split into messages of at most 128 connection ids (Mongrel2's limit).
"""

import hashlib
import base64
import json
import struct

import zmq

MAX_IDENTS = 128

OP_TEXT = 0x1
OP_BINARY = 0x2
OP_CLOSE = 0x8
OP_PING = 0x9
OP_PONG = 0xA


class ProtocolError(ValueError):
    """A message that does not follow Mongrel2's grammar."""


# ---------------------------------------------------------------- tnetstrings

def tns_parse(data, pos=0):
    """Parse one tnetstring at data[pos:]; return (value, next_pos). Strings stay bytes."""
    colon = data.find(b":", pos, pos + 10)
    if colon <= pos:
        raise ProtocolError("expected SIZE: at byte %d" % pos)
    size_text = data[pos:colon]
    if not size_text.isdigit():
        raise ProtocolError("bad size %r at byte %d" % (size_text, pos))
    size = int(size_text)
    start = colon + 1
    end = start + size
    if end >= len(data):
        raise ProtocolError("size %d exceeds the %d bytes left" % (size, max(0, len(data) - start)))
    payload = data[start:end]
    kind = data[end:end + 1]
    if kind == b",":
        value = payload
    elif kind == b"#":
        value = int(payload)
    elif kind == b"^":
        value = float(payload)
    elif kind == b"!":
        if payload not in (b"true", b"false"):
            raise ProtocolError("bad boolean %r" % payload)
        value = payload == b"true"
    elif kind == b"~":
        if payload:
            raise ProtocolError("null must be empty")
        value = None
    elif kind == b"]":
        value, i = [], 0
        while i < len(payload):
            item, i = tns_parse(payload, i)
            value.append(item)
    elif kind == b"}":
        value, i = {}, 0
        while i < len(payload):
            key, i = tns_parse(payload, i)
            if not isinstance(key, bytes):
                raise ProtocolError("dict key must be a string")
            if i >= len(payload):
                raise ProtocolError("dict key without value")
            item, i = tns_parse(payload, i)
            value[key.decode("utf-8")] = item
    else:
        raise ProtocolError("unknown tnetstring type %r" % kind)
    return value, end + 1


def tns_dump(value):
    """Encode a value as a tnetstring (str is written as UTF-8 bytes)."""
    if isinstance(value, bool):
        payload, kind = (b"true" if value else b"false"), b"!"
    elif value is None:
        payload, kind = b"", b"~"
    elif isinstance(value, int):
        payload, kind = str(value).encode(), b"#"
    elif isinstance(value, float):
        payload, kind = repr(value).encode(), b"^"
    elif isinstance(value, (bytes, bytearray)):
        payload, kind = bytes(value), b","
    elif isinstance(value, str):
        payload, kind = value.encode("utf-8"), b","
    elif isinstance(value, (list, tuple)):
        payload, kind = b"".join(tns_dump(v) for v in value), b"]"
    elif isinstance(value, dict):
        payload, kind = b"".join(tns_dump(str(k)) + tns_dump(v) for k, v in value.items()), b"}"
    else:
        raise TypeError("cannot encode %r" % type(value))
    return str(len(payload)).encode() + b":" + payload + kind


# ---------------------------------------------------------------- requests

def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, list):
        return [_text(v) for v in value]
    return str(value)


class Request:
    """One message from the server: UUID ID PATH SIZE:HEADERS,SIZE:BODY,"""

    __slots__ = ("sender", "conn_id", "path", "headers", "body", "data")

    def __init__(self, sender, conn_id, path, headers, body):
        self.sender = sender      # str: the handler's send_ident, echoed in replies
        self.conn_id = conn_id    # int
        self.path = path          # str
        self.headers = headers    # dict: str -> str, or list of str for repeated headers
        self.body = body          # bytes, never decoded
        self.data = None          # parsed JSON body of notices

    @staticmethod
    def parse(msg):
        if not isinstance(msg, (bytes, bytearray)):
            raise TypeError("messages are bytes")
        parts = bytes(msg).split(b" ", 3)
        if len(parts) != 4:
            raise ProtocolError("expected 'UUID ID PATH HEADERS BODY'")
        sender, conn_id, path, rest = parts
        if not conn_id.isdigit():
            raise ProtocolError("connection id must be digits: %r" % conn_id)
        head, pos = tns_parse(rest)
        body, end = tns_parse(rest, pos)
        if end != len(rest) or not isinstance(body, bytes):
            raise ProtocolError("body must be one netstring ending the message")
        if isinstance(head, bytes):
            headers = json.loads(head.decode("utf-8"))
        elif isinstance(head, dict):
            headers = {k: _text(v) for k, v in head.items()}
        else:
            raise ProtocolError("headers must be JSON or a tnetstring dict")
        req = Request(sender.decode("ascii"), int(conn_id), path.decode("utf-8", "replace"), headers, body)
        if req.headers.get("METHOD") == "JSON":
            try:
                req.data = json.loads(body.decode("utf-8"))
            except ValueError:
                req.data = None
        return req

    @property
    def method(self):
        return self.headers.get("METHOD", "")

    def is_disconnect(self):
        return self.method == "JSON" and isinstance(self.data, dict) and self.data.get("type") == "disconnect"

    def is_credits(self):
        """Download flow control: the server wrote download_credits() more bytes of our replies."""
        return self.method == "JSON" and isinstance(self.data, dict) and self.data.get("type") == "credits"

    def download_credits(self):
        """Bytes granted: on a connection's first request (the budget) and on a credits notice; else 0."""
        return int(self.headers.get("DOWNLOAD_CREDITS", "0"))

    def is_websocket_handshake(self):
        return self.method == "WEBSOCKET_HANDSHAKE"

    def is_websocket(self):
        return self.method == "WEBSOCKET"

    def websocket_flags(self):
        """First frame byte with FIN set, e.g. 0x81 for text, 0x88 for close."""
        return int(self.headers.get("FLAGS", "0"), 16)

    def should_close(self):
        connection = self.headers.get("connection", "")
        return (isinstance(connection, str) and connection.lower() == "close") or \
            self.headers.get("VERSION") == "HTTP/1.0"


# ---------------------------------------------------------------- replies

def http_response(body, code=200, status="OK", headers=None):
    """Raw HTTP/1.1 response bytes with Content-Length set."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    lines = ["HTTP/1.1 %d %s" % (code, status)]
    for name, value in (headers or {}).items():
        if name.lower() != "content-length":
            lines.append("%s: %s" % (name, value))
    lines.append("Content-Length: %d" % len(body))
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def websocket_handshake_response(req):
    """The 101 reply to a WEBSOCKET_HANDSHAKE message (its body is the computed accept key)."""
    return (b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Accept: " + req.body + b"\r\n\r\n")


def websocket_accept(key):
    digest = hashlib.sha1((key.strip() + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode("ascii")).digest()
    return base64.b64encode(digest)


def websocket_frame(payload, opcode=OP_TEXT):
    """One complete, unmasked server frame with FIN set."""
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    n = len(payload)
    first = bytes([0x80 | (opcode & 0x0F)])
    if n < 126:
        return first + bytes([n]) + payload
    if n <= 0xFFFF:
        return first + bytes([126]) + struct.pack(">H", n) + payload
    return first + bytes([127]) + struct.pack(">Q", n) + payload


def reply_message(uuid, idents, data):
    """UUID SIZE:ID ID, DATA -- the bytes on the wire for one reply."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    ids = b" ".join(str(int(i)).encode() for i in idents)
    if not ids or len(idents) > MAX_IDENTS:
        raise ValueError("a reply targets 1 to %d connections" % MAX_IDENTS)
    return uuid.encode("ascii") + b" " + str(len(ids)).encode() + b":" + ids + b", " + data


class Connection:
    """PULL requests from the server's send_spec, PUBlish replies to its recv_spec."""

    def __init__(self, requests_spec, replies_spec, context=None, ready_timeout=None, send_hwm=100000):
        """Connects; waits for the server's subscription (forever unless ready_timeout seconds is given),
        so a handler may start before its server."""
        self.context = context or zmq.Context.instance()
        self.replies = self.context.socket(zmq.XPUB)
        self.replies.setsockopt(zmq.SNDHWM, send_hwm)
        self.replies.setsockopt(zmq.XPUB_NODROP, 1)
        self.replies.setsockopt(zmq.LINGER, 5000)
        self.replies.connect(replies_spec)
        # Wait for the server's subscription so the first replies are not lost (slow joiner).
        if not self.replies.poll(-1 if ready_timeout is None else int(ready_timeout * 1000), zmq.POLLIN):
            raise TimeoutError("no subscription from %s within %ss" % (replies_spec, ready_timeout))
        self.replies.recv()
        self.requests = self.context.socket(zmq.PULL)
        self.requests.setsockopt(zmq.LINGER, 0)
        self.requests.connect(requests_spec)

    def recv(self, timeout=None):
        """Next Request, or None after `timeout` seconds."""
        if timeout is not None and not self.requests.poll(int(timeout * 1000), zmq.POLLIN):
            return None
        return Request.parse(self.requests.recv())

    def send(self, uuid, conn_id, data):
        self.deliver(uuid, [conn_id], data)

    def reply(self, req, data):
        self.send(req.sender, req.conn_id, data)

    def reply_http(self, req, body, code=200, status="OK", headers=None):
        self.reply(req, http_response(body, code, status, headers))

    def reply_websocket(self, req, payload, opcode=OP_TEXT):
        self.reply(req, websocket_frame(payload, opcode))

    def deliver(self, uuid, idents, data):
        """Same bytes to many connections, 128 ids per message at most."""
        idents = list(idents)
        for i in range(0, len(idents), MAX_IDENTS):
            self.replies.send(reply_message(uuid, idents[i:i + MAX_IDENTS], data))
            while self.replies.poll(0, zmq.POLLIN):
                self.replies.recv()  # later subscriptions: drain

    def close(self, req):
        self.reply(req, b"")

    def deliver_close(self, uuid, idents):
        self.deliver(uuid, idents, b"")

    def control(self, uuid, conn_id, name, args):
        """Extended reply: UUID SIZE:X ID, [name, args] (credits, keep-alive, cancel, sendfile)."""
        ids = b"X " + str(int(conn_id)).encode()
        self.replies.send(uuid.encode("ascii") + b" " + str(len(ids)).encode() + b":" + ids + b", "
                          + tns_dump([name, args]))

    def shutdown(self):
        self.requests.close()
        self.replies.close()
