"""Two chat users over the long-poll transport, with nothing but the standard library.

Usage: longpoll_client.py BASE_URL   (e.g. http://127.0.0.1:8080). Prints OK and exits 0, or exits 1
with what went wrong. Driven by LongPollPythonTest; also handy by hand against ./throng chat.
"""
import json
import sys
import time
import urllib.error
import urllib.request

BASE = sys.argv[1].rstrip("/")


def call(method, path, body=None, timeout=40):
    data = None if body is None else body.encode("utf-8")
    req = urllib.request.Request(BASE + path, data=data, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as res:
            text = res.read().decode("utf-8")
            return res.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read().decode("utf-8") or "null")


class User:
    def __init__(self, nick):
        status, body = call("POST", "/chat/connections?transport=poll", "")
        assert status == 201, (status, body)
        self.conn, self.batch, self.frames = body["conn"], 0, []
        self.send({"type": "hello", "v": 1, "nick": nick})

    def send(self, frame):
        status, _ = call("POST", "/chat/connections/%s/frames" % self.conn, json.dumps(frame))
        assert status == 204, status

    def wait_for(self, what, pred, seconds=15):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for i, f in enumerate(self.frames):
                if pred(f):
                    del self.frames[: i + 1]
                    return f
            status, body = call("GET", "/chat/connections/%s/poll?after=%d" % (self.conn, self.batch))
            assert status == 200, (status, body)
            self.batch = body["batch"]
            self.frames.extend(body["frames"])
        raise AssertionError("no %s within %d s; queued: %r" % (what, seconds, self.frames))


def of(kind, **fields):
    return lambda f: f.get("type") == kind and all(f.get(k) == v for k, v in fields.items())


def main():
    alice, bob = User("alice"), User("bob")
    session = alice.wait_for("welcome", of("welcome"))["session"]
    bob.wait_for("welcome", of("welcome"))
    alice.send({"type": "join", "room": "py"})
    alice.wait_for("online list", of("presence", room="py", event="online"))
    bob.send({"type": "join", "room": "py"})
    online = bob.wait_for("online list", of("presence", room="py", event="online"))
    assert online["online"] == ["alice", "bob"], online
    assert alice.wait_for("joined", of("presence", room="py", event="joined"))["nick"] == "bob"

    texts = ["first", "snow \u2603 and <script>", "third"]
    for i, text in enumerate(texts):
        alice.send({"type": "say", "room": "py", "cid": "py-%d" % i, "text": text})
    acks = [alice.wait_for("ack %d" % i, of("ack", cid="py-%d" % i))["seq"] for i in range(3)]
    assert acks == [1, 2, 3], acks
    got = [bob.wait_for("message %d" % s, of("message", room="py", seq=s)) for s in acks]
    assert [m["text"] for m in got] == texts, got
    assert all(m["from"] == "alice" and "cid" not in m for m in got), got

    bob.send({"type": "history", "room": "py", "before": 3, "limit": 1})
    page = bob.wait_for("history", of("history", room="py"))
    assert [m["seq"] for m in page["messages"]] == [2] and page["more"] is True, page

    bob.send({"type": "dm", "to": "alice", "cid": "b-1", "text": "psst"})
    assert bob.wait_for("dm ack", of("ack", cid="b-1"))["room"] == "@alice"
    assert alice.wait_for("dm", of("message", room="@alice"))["text"] == "psst"

    bob.send({"type": "leave", "room": "py"})
    assert alice.wait_for("left", of("presence", room="py", event="left"))["nick"] == "bob"

    # A new connection resumes alice's session and gets what she missed after seq 1.
    call("DELETE", "/chat/connections/" + alice.conn)
    again = User.__new__(User)
    status, body = call("POST", "/chat/connections?transport=poll", "")
    again.conn, again.batch, again.frames = body["conn"], 0, []
    again.send({"type": "resume", "v": 1, "session": session, "last": {"py": 1, "@alice": 1}})
    assert again.wait_for("welcome", of("welcome"))["resumed"] is True
    replay = [again.wait_for("replay %d" % s, of("message", room="py", seq=s))["text"] for s in (2, 3)]
    assert replay == texts[1:], replay
    print("OK")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print("FAILED:", e)
        sys.exit(1)
