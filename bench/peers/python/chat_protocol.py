"""The subset of Throng's chat protocol (docs/chat-protocol.md, version 1) that `throng load chat` speaks,
shared by the Tornado and websockets chat peers: hello -> welcome, join -> presence online list,
say -> ack then message to every member (with the cid on the sender's copy), per-room sequence numbers.
Everything lives in memory: nothing is stored, so these peers do less work per message than `throng chat`,
which acknowledges a message only after SQLite committed it (WAL, fsync).
"""
import json
import re
import time

NICK = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,23}\Z")
ROOM = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}\Z")
MAX_TEXT = 4000
LIMITS = {"maxText": MAX_TEXT, "perSecond": 5.0, "burst": 20, "maxRooms": 50, "maxHistory": 200}


def error(code, message, **extra):
    frame = {"type": "error", "code": code, "message": message}
    frame.update(extra)
    return json.dumps(frame, separators=(",", ":"))


class Room:
    __slots__ = ("name", "seq", "members")

    def __init__(self, name):
        self.name = name
        self.seq = 0
        self.members = {}  # client -> nick, in join order


class ChatState:
    """Rooms and the rules; transports call handle() with one client frame and get frames to send back,
    plus a fan-out: (members, frame) pairs for everyone else."""

    def __init__(self):
        self.rooms = {}

    def handle(self, client, text):
        """Returns (replies to this client, [(other clients, frame)])."""
        try:
            f = json.loads(text)
        except ValueError:
            return [error("bad_json", "a frame is one JSON object")], []
        if not isinstance(f, dict) or not isinstance(f.get("type"), str):
            return [error("unknown_type", "no type")], []
        t = f["type"]
        if t == "hello":
            if client.nick is not None:
                return [error("not_ready", "second hello", re="hello")], []
            if f.get("v") != 1:
                return [error("unsupported_version", "use version 1", re="hello")], []
            nick = f.get("nick")
            if not isinstance(nick, str) or not NICK.match(nick):
                return [error("bad_nick", "bad nickname", re="hello")], []
            client.nick = nick
            return [json.dumps({"type": "welcome", "v": 1, "session": "s%d" % id(client), "nick": nick,
                                "resumed": False, "limits": LIMITS}, separators=(",", ":"))], []
        if client.nick is None:
            return [error("not_ready", "hello first", re=t)], []
        if t == "join":
            name = f.get("room")
            if not isinstance(name, str) or not ROOM.match(name):
                return [error("bad_room", "bad room name", re="join")], []
            room = self.rooms.get(name)
            if room is None:
                room = self.rooms[name] = Room(name)
            room.members[client] = client.nick
            client.rooms.add(name)
            online = sorted(set(room.members.values()))
            return [json.dumps({"type": "presence", "room": name, "event": "online", "online": online},
                               separators=(",", ":"))], []
        if t == "say":
            name, cid, body = f.get("room"), f.get("cid"), f.get("text")
            if not isinstance(cid, str) or not isinstance(body, str) or not body:
                return [error("bad_field", "cid and text are strings", re="say")], []
            if len(body) > MAX_TEXT:
                return [error("text_too_long", "text too long", re="say", room=name, cid=cid)], []
            room = self.rooms.get(name)
            if room is None or client not in room.members:
                return [error("not_member", "join first", re="say", room=name, cid=cid)], []
            room.seq += 1
            message = {"type": "message", "room": name, "seq": room.seq, "from": client.nick, "text": body,
                       "time": int(time.time() * 1000)}
            others = json.dumps(message, separators=(",", ":"))
            message["cid"] = cid
            own = json.dumps(message, separators=(",", ":"))
            ack = json.dumps({"type": "ack", "room": name, "cid": cid, "seq": room.seq}, separators=(",", ":"))
            return [ack, own], [([m for m in room.members if m is not client], others)]
        return [error("unknown_type", "not in this peer's subset", re=t)], []

    def leave_all(self, client):
        for name in client.rooms:
            room = self.rooms.get(name)
            if room is not None:
                room.members.pop(client, None)
        client.rooms.clear()
