"""Long-poll and SSE sessions of `throng chat --workers 2` whose requests land on both workers.

Usage: workers_http_client.py PORT
Every request is sent on a keep-alive TCP connection whose worker is known (its GET /healthz answer
names it in X-Throng-Worker), so the test chooses where each request lands instead of the kernel:
alice long-polls and bob reads SSE, each through the worker that does *not* own the web connection,
and their POSTs alternate between the two workers. Both keep one web connection and see every
message in one order; a DM from alice reaches bob, and two outsiders (a long poll and an SSE stream,
each read through the other worker's relay) asking for both inboxes get refusals only. Then bob's SSE reconnect (a new web connection on the other worker, resume)
replays what he missed, and kill -9 of the worker that owns alice's web connection ends her held
poll at once and answers the next with 404 unknown_connection; she opens a new one and resumes.
Prints OK, or exits 1 with what went wrong.
"""
import http.client
import json
import os
import queue
import signal
import sys
import threading
import time
import traceback

PORT = int(sys.argv[1])
WAIT = 20


def on(worker, avoid=None):
    """A keep-alive connection to `worker` (or to any worker but `avoid`), and that worker's id."""
    for _ in range(100):
        c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=40)
        c.request("GET", "/healthz")
        r = c.getresponse()
        r.read()
        got = r.getheader("X-Throng-Worker")
        assert got, "no X-Throng-Worker header: not running with --workers?"
        if (worker is None or got == worker) and got != avoid:
            return c, got
        c.close()
    raise AssertionError("100 connections never reached worker %s (avoiding %s)" % (worker, avoid))


def call(worker, method, path, body=None):
    """One request on `worker`; returns status, the answering worker (X-Throng-Worker), JSON body."""
    c, _ = on(worker)
    try:
        c.request(method, path, body=None if body is None else body.encode("utf-8"))
        r = c.getresponse()
        text = r.read().decode("utf-8")
        return r.status, r.getheader("X-Throng-Worker"), (json.loads(text) if text else None)
    finally:
        c.close()


def of(kind, **fields):
    return lambda f: f.get("type") == kind and all(f.get(k) == v for k, v in fields.items())


class User:
    """One web connection; `reader` is the worker its SSE stream or long polls go through."""

    def __init__(self, nick, transport, owner):
        self.nick, self.transport, self.frames, self.seen = nick, transport, [], []
        self.open(owner)
        self.send({"type": "hello", "v": 1, "nick": nick})
        self.session = self.wait_for("welcome", of("welcome"))["session"]

    def open(self, owner):
        status, answered, body = call(owner, "POST", "/chat/connections?transport=" + self.transport, "")
        assert status == 201 and answered == owner, (status, answered, body)
        self.conn, self.owner, self.batch = body["conn"], owner, 0
        assert self.conn.startswith(owner + "."), "the id names its owner: %s" % self.conn
        self.reader = ([w for w in WORKERS if w != owner] + [owner])[0]
        self.posts = 0
        if self.transport == "sse":
            self.stream()

    def stream(self):
        c, _ = on(self.reader)
        c.request("GET", "/chat/connections/%s/events" % self.conn)
        sock = c.sock  # a response that ends its connection takes the socket away from c
        r = c.getresponse()
        assert r.status == 200, (r.status, r.read())
        assert r.getheader("X-Throng-Worker") == self.owner, "relayed from the owner"
        self.events, self.sse = queue.Queue(), sock

        def read():
            try:
                for line in r:
                    if line.startswith(b"data: "):
                        self.events.put(json.loads(line[6:]))
            except (OSError, ValueError):
                pass
            self.events.put(None)

        threading.Thread(target=read, daemon=True).start()

    def send(self, frame):
        # POSTs alternate between the two workers: half of them are relayed to the owner.
        worker = WORKERS[self.posts % len(WORKERS)]
        self.posts += 1
        status, answered, body = call(worker, "POST", "/chat/connections/%s/frames" % self.conn, json.dumps(frame))
        assert status == 204 and answered == self.owner, (status, answered, body, worker)

    def poll(self, timeout=WAIT):
        if self.transport == "sse":
            f = self.events.get(timeout=timeout)
            assert f is not None, "the event stream ended"
            return [f]
        status, answered, body = call(self.reader, "GET", "/chat/connections/%s/poll?after=%d" % (self.conn, self.batch))
        assert status == 200 and answered == self.owner, (status, answered, body)
        self.batch = body["batch"]
        return body["frames"]

    def wait_for(self, what, pred):
        deadline = time.monotonic() + WAIT
        while True:
            for i, f in enumerate(self.frames):
                if pred(f):
                    del self.frames[i]
                    return f
            if time.monotonic() > deadline:
                raise AssertionError("%s: no %s within %d s; queued: %r" % (self.nick, what, WAIT, self.frames))
            try:
                got = self.poll(max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                continue
            self.seen.extend(got)
            self.frames.extend(got)


def relay_count(worker):
    c, _ = on(worker)
    try:
        c.request("GET", "/metrics")
        text = c.getresponse().read().decode("utf-8")
    finally:
        c.close()
    return int([l for l in text.splitlines() if l.startswith("throng_chat_relayed_total ")][0].split()[1])


def messages(user, n):
    return [(m["seq"], m["from"], m["text"]) for m in (user.wait_for("message", of("message", room="lobby")) for _ in range(n))]


def outsiders_see_no_dm(alice, bob, w0, w1):
    """A DM across the workers reaches bob; carol (long poll) and dave (SSE), read through the relays
    of the other worker, ask for both inboxes and get refusals and nothing else."""
    alice.send({"type": "dm", "to": "bob", "cid": "d1", "text": "psst-relay"})
    assert bob.wait_for("dm", of("message", room="@bob"))["text"] == "psst-relay"
    for nick, transport, owner in (("carol", "poll", w0), ("dave", "sse", w1)):
        u = User(nick, transport, owner)
        for room in ("@bob", "@alice"):
            u.send({"type": "history", "room": room})
            assert u.wait_for("refusal", of("error", room=room))["code"] == "forbidden"
        u.send({"type": "members", "room": "barrier"})  # its answer comes after anything queued before
        u.wait_for("barrier", of("members", room="barrier"))
        assert not any("psst-relay" in json.dumps(f) for f in u.seen), u.seen
        call(owner, "DELETE", "/chat/connections/" + u.conn)


def main():
    global WORKERS
    _, w0 = on(None)
    _, w1 = on(None, avoid=w0)
    WORKERS = [w0, w1]

    alice = User("alice", "poll", w0)
    bob = User("bob", "sse", w1)
    alice.send({"type": "join", "room": "lobby"})
    alice.wait_for("online", of("presence", room="lobby", event="online"))
    bob.send({"type": "join", "room": "lobby"})
    assert bob.wait_for("online", of("presence", room="lobby", event="online"))["online"] == ["alice", "bob"]
    outsiders_see_no_dm(alice, bob, w0, w1)
    for i in range(6):
        alice.send({"type": "say", "room": "lobby", "cid": "a%d" % i, "text": "alice %d" % i})
        bob.send({"type": "say", "room": "lobby", "cid": "b%d" % i, "text": "bob %d" % i})
    for u, p in ((alice, "a"), (bob, "b")):
        for i in range(6):
            u.wait_for("ack", of("ack", cid="%s%d" % (p, i)))
    a_order, b_order = messages(alice, 12), messages(bob, 12)
    assert a_order == b_order, (a_order, b_order)
    assert [s for s, _, _ in a_order] == list(range(1, 13)), a_order
    assert alice.batch >= 2, "one web connection, many polls"

    # bob's SSE reconnect: his stream drops, alice talks meanwhile, bob opens a new web connection
    # (owned by the other worker this time) and resumes from the last sequence he saw.
    bob.sse.shutdown(2)
    assert bob.events.get(timeout=WAIT) is None, "the stream ended"
    for i in range(3):
        alice.send({"type": "say", "room": "lobby", "cid": "m%d" % i, "text": "missed %d" % i})
        alice.wait_for("ack", of("ack", cid="m%d" % i))
    bob.frames = []
    bob.open(w0)
    bob.send({"type": "resume", "v": 1, "session": bob.session, "last": {"lobby": 12}})
    assert bob.wait_for("welcome", of("welcome"))["resumed"] is True
    replayed = messages(bob, 3)
    assert [(s, t) for s, _, t in replayed] == [(13, "missed 0"), (14, "missed 1"), (15, "missed 2")], replayed
    alice.wait_for("messages", lambda f: f.get("type") == "message" and f.get("seq") == 15)

    # kill -9 the worker that owns alice's web connection (and bob's new one) while her poll is held
    # through the other.
    held = {}
    relayed = relay_count(alice.reader)

    def hold():
        try:
            held["answer"] = call(alice.reader, "GET", "/chat/connections/%s/poll?after=%d" % (alice.conn, alice.batch))
        except (OSError, http.client.HTTPException) as e:
            held["answer"] = e

    t = threading.Thread(target=hold, daemon=True)
    t.start()
    deadline = time.monotonic() + WAIT
    while relay_count(alice.reader) == relayed:  # the poll is on its way to the owner
        assert time.monotonic() < deadline, "the poll was never relayed"
    os.kill(int(alice.owner.split("-")[1]), signal.SIGKILL)
    t.join(WAIT)
    assert not t.is_alive(), "the held poll hung after its owner died"
    deadline = time.monotonic() + WAIT
    while True:
        status, _, body = call(alice.reader, "GET", "/chat/connections/%s/poll?after=%d" % (alice.conn, alice.batch))
        if status == 404:
            assert body["error"] == "unknown_connection", body
            break
        assert time.monotonic() < deadline, (status, body)
    WORKERS[:] = [alice.reader]  # the survivor; the master restarts the other under a new id
    bob.frames = []
    bob.open(alice.reader)
    bob.send({"type": "resume", "v": 1, "session": bob.session, "last": {"lobby": 15}})
    assert bob.wait_for("welcome", of("welcome"))["resumed"] is True
    bob.send({"type": "say", "room": "lobby", "cid": "k", "text": "while alice is away"})
    assert bob.wait_for("ack", of("ack", cid="k"))["seq"] == 16
    alice.frames = []
    alice.open(alice.reader)
    alice.send({"type": "resume", "v": 1, "session": alice.session, "last": {"lobby": 15}})
    assert alice.wait_for("welcome", of("welcome"))["resumed"] is True
    assert messages(alice, 1) == [(16, "bob", "while alice is away")]


if __name__ == "__main__":
    try:
        main()
        print("OK")
    except AssertionError as e:
        traceback.print_exc(file=sys.stdout)
        print("FAILED:", e)
        sys.exit(1)
