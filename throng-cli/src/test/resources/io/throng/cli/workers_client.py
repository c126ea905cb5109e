"""Chat users on different worker processes of `throng chat --workers 2` (Python websockets).

Usage: workers_client.py across PORT   -- two users forced onto different workers (by the
           X-Throng-Worker header of the 101 answer): one room order, presence, direct messages both
           ways, the Origin check; then kill -9 of bob's worker: bob reconnects, resumes, gets every
           message alice had acked meanwhile, and a retry of an acked send keeps its sequence.
           Prints "HEAD n" (the room's last sequence) and OK.
       workers_client.py after PORT HEAD -- after a restart: history ends at HEAD, sequences go on.
       workers_client.py privacy PORT -- alice and bob on different workers, carol anywhere: a direct
           message and a private room's messages reach alice and bob across the workers and never carol
           (live, history, join, resume with "last"); bob, kicked, gets nothing further.
       workers_client.py left PORT -- (server with a short --presence-grace) kill -9 of bob's worker:
           alice, on the other worker, sees bob leave once the room service has given up on the dead
           worker and the grace has passed.
Exits 1 with what went wrong.
"""
import asyncio
import json
import os
import signal
import sys
import time

import websockets

PORT = int(sys.argv[2])
URL = "ws://127.0.0.1:%d/ws" % PORT
WAIT = 15


class User:
    def __init__(self, ws):
        self.ws, self.frames, self.seen = ws, [], []
        self.worker = ws.response_headers.get("X-Throng-Worker")

    async def send(self, frame):
        await self.ws.send(json.dumps(frame))

    async def wait_for(self, what, pred):
        async def loop():
            while True:
                for i, f in enumerate(self.frames):
                    if pred(f):
                        del self.frames[i]
                        return f
                f = json.loads(await self.ws.recv())
                self.seen.append(f)
                self.frames.append(f)
        try:
            return await asyncio.wait_for(loop(), WAIT)
        except asyncio.TimeoutError:
            raise AssertionError("no %s within %d s; queued: %r" % (what, WAIT, self.frames))


def of(kind, **fields):
    return lambda f: f.get("type") == kind and all(f.get(k) == v for k, v in fields.items())


async def connect(avoid=None):
    """A WebSocket on a worker other than `avoid` (new connections until the kernel picks one)."""
    for _ in range(60):
        ws = await websockets.connect(URL)
        worker = ws.response_headers.get("X-Throng-Worker")
        assert worker, "no X-Throng-Worker header: not running with --workers?"
        if worker != avoid:
            return User(ws)
        await ws.close()
    raise AssertionError("60 connections all landed on worker %s" % avoid)


async def origin_check():
    try:
        ws = await websockets.connect(URL, origin="http://evil.example")
        await ws.close()
        raise AssertionError("a foreign Origin opened the WebSocket")
    except websockets.exceptions.InvalidStatusCode as e:
        assert e.status_code == 403, e
    ws = await websockets.connect(URL, origin="http://127.0.0.1:%d" % PORT)  # same origin: allowed
    await ws.close()


async def across():
    await origin_check()
    alice = await connect()
    bob = await connect(avoid=alice.worker)
    await alice.send({"type": "hello", "v": 1, "nick": "alice"})
    await alice.wait_for("welcome", of("welcome"))
    await bob.send({"type": "hello", "v": 1, "nick": "bob"})
    session = (await bob.wait_for("welcome", of("welcome")))["session"]
    await alice.send({"type": "join", "room": "lobby"})
    await alice.wait_for("online", of("presence", room="lobby", event="online"))
    await bob.send({"type": "join", "room": "lobby"})
    online = await bob.wait_for("online", of("presence", room="lobby", event="online"))
    assert online["online"] == ["alice", "bob"], online
    await alice.wait_for("joined", of("presence", room="lobby", event="joined", nick="bob"))

    # Both talk at once from two processes: one order for both readers.
    for i in range(5):
        await alice.send({"type": "say", "room": "lobby", "cid": "a%d" % i, "text": "from alice %d" % i})
        await bob.send({"type": "say", "room": "lobby", "cid": "b%d" % i, "text": "from bob %d" % i})
    for u, p in ((alice, "a"), (bob, "b")):
        for i in range(5):
            await u.wait_for("ack", of("ack", cid="%s%d" % (p, i)))
    order = {}
    for u in (alice, bob):
        got = []
        while len(got) < 10:
            m = await u.wait_for("message", of("message", room="lobby"))
            got.append((m["seq"], m["from"], m["text"]))
        order[u.worker] = got
    a_order, b_order = order[alice.worker], order[bob.worker]
    assert a_order == b_order, (a_order, b_order)
    assert [s for s, _, _ in a_order] == list(range(1, 11)), a_order

    # Direct messages cross the workers both ways.
    await alice.send({"type": "dm", "to": "bob", "cid": "d1", "text": "psst bob"})
    assert (await alice.wait_for("dm ack", of("ack", cid="d1")))["room"] == "@bob"
    dm = await bob.wait_for("dm", of("message", room="@bob"))
    assert (dm["from"], dm["text"]) == ("alice", "psst bob"), dm
    await bob.send({"type": "dm", "to": "alice", "cid": "d2", "text": "hi alice"})
    dm2 = await alice.wait_for("dm", of("message", room="@alice", **{"from": "bob"}))
    assert (dm2["from"], dm2["text"]) == ("bob", "hi alice"), dm2

    # kill -9 bob's worker; alice keeps talking and gets acks (the room service stored them).
    pid = int(bob.worker.split("-")[1])
    os.kill(pid, signal.SIGKILL)
    try:
        await asyncio.wait_for(bob.ws.wait_closed(), WAIT)
    except asyncio.TimeoutError:
        raise AssertionError("bob's socket stayed open after its worker was killed")
    acked = []
    for i in range(3):
        await alice.send({"type": "say", "room": "lobby", "cid": "k%d" % i, "text": "while bob is away %d" % i})
        acked.append((await alice.wait_for("ack", of("ack", cid="k%d" % i)))["seq"])
    assert acked == [11, 12, 13], acked

    # bob comes back on whichever worker the kernel gives it (the survivor, or the restarted one).
    deadline = time.monotonic() + WAIT
    bob2 = None
    while bob2 is None:
        try:
            bob2 = User(await websockets.connect(URL))
        except (OSError, websockets.exceptions.InvalidHandshake):
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.2)
    assert bob2.worker != bob.worker, "reached the killed worker"
    await bob2.send({"type": "resume", "v": 1, "session": session, "last": {"lobby": 10, "@bob": dm["seq"]}})
    assert (await bob2.wait_for("welcome", of("welcome")))["resumed"] is True
    for seq in acked:
        m = await bob2.wait_for("replay %d" % seq, of("message", room="lobby"))
        assert m["seq"] == seq and m["from"] == "alice", m
    # A retry of a send acked before the crash is answered with its original sequence.
    await bob2.send({"type": "say", "room": "lobby", "cid": "b0", "text": "from bob 0"})
    original = [s for s, who, text in a_order if text == "from bob 0"][0]
    assert (await bob2.wait_for("retry ack", of("ack", cid="b0")))["seq"] == original
    # Bob was back within the presence grace: alice never saw him leave.
    await alice.send({"type": "say", "room": "lobby", "cid": "k9", "text": "last"})
    await alice.wait_for("ack", of("ack", cid="k9"))
    await bob2.wait_for("last", of("message", room="lobby", seq=14))
    assert not any(of("presence", event="left", nick="bob")(f) for f in alice.seen), alice.seen
    await alice.ws.close()
    await bob2.ws.close()
    print("HEAD 14")


async def after(head):
    carol = await connect()
    await carol.send({"type": "hello", "v": 1, "nick": "carol"})
    await carol.wait_for("welcome", of("welcome"))
    await carol.send({"type": "history", "room": "lobby", "limit": 3})
    page = await carol.wait_for("history", of("history", room="lobby"))
    assert [m["seq"] for m in page["messages"]] == [head - 2, head - 1, head], page
    await carol.send({"type": "join", "room": "lobby"})
    await carol.send({"type": "say", "room": "lobby", "cid": "c1", "text": "after the crash"})
    assert (await carol.wait_for("ack", of("ack", cid="c1")))["seq"] == head + 1
    await carol.ws.close()


SECRETS = ("psst-across", "den-across", "after-kick")


async def barrier(user, tag):
    """An answer to this user's own request: every frame queued for it before is in `seen` now."""
    await user.send({"type": "members", "room": "barrier-" + tag})
    await user.wait_for("barrier", of("members", room="barrier-" + tag))


def assert_saw_nothing(user, secrets):
    for f in user.seen:
        for secret in secrets:
            assert secret not in json.dumps(f), "leaked: %r" % f


async def privacy():
    alice = await connect()
    bob = await connect(avoid=alice.worker)
    carol = await connect()
    session_of = {}
    for u, nick in ((alice, "alice"), (bob, "bob"), (carol, "carol")):
        await u.send({"type": "hello", "v": 1, "nick": nick})
        session_of[nick] = (await u.wait_for("welcome", of("welcome")))["session"]
    await alice.send({"type": "create", "room": "den", "private": True})
    await alice.wait_for("members", of("members", room="den"))
    await alice.send({"type": "join", "room": "den"})
    await alice.send({"type": "invite", "room": "den", "nick": "bob"})
    await bob.wait_for("invited", of("invited", room="den"))
    await bob.send({"type": "join", "room": "den"})
    await bob.wait_for("online", of("presence", room="den", event="online"))

    await alice.send({"type": "dm", "to": "bob", "cid": "d1", "text": "psst-across"})
    await alice.send({"type": "say", "room": "den", "cid": "s1", "text": "den-across"})
    dm = await bob.wait_for("dm", of("message", room="@bob"))
    assert (dm["from"], dm["to"], dm["text"]) == ("alice", "bob", "psst-across"), dm
    assert (await bob.wait_for("den", of("message", room="den")))["text"] == "den-across"
    copy = await alice.wait_for("own copy", of("message", room="@alice"))
    assert (copy["to"], copy["cid"]) == ("bob", "d1"), copy

    # carol, hostile, on whichever worker: every door is shut, and nothing arrives by itself.
    for probe in ({"type": "join", "room": "den", "after": 0}, {"type": "history", "room": "den"},
                  {"type": "history", "room": "@bob"}, {"type": "history", "room": "@alice"},
                  {"type": "members", "room": "den"}):
        await carol.send(probe)
        err = await carol.wait_for("refusal", of("error"))
        assert err["code"] == "forbidden", (probe, err)
    await barrier(carol, "c1")
    seen = list(carol.seen)
    await carol.ws.close()
    carol = await connect(avoid=carol.worker)  # and again from the other worker, by resume
    await carol.send({"type": "resume", "v": 1, "session": session_of["carol"],
                      "last": {"den": 0, "@bob": 0, "@alice": 0}})
    assert (await carol.wait_for("welcome", of("welcome")))["resumed"] is True
    await barrier(carol, "c2")
    carol.seen += seen
    assert_saw_nothing(carol, SECRETS)
    await carol.ws.close()

    # alice kicks bob (on the other worker): he is told, and nothing of den reaches him after it.
    await alice.send({"type": "kick", "room": "den", "nick": "bob"})
    assert (await bob.wait_for("removed", of("removed", room="den")))["reason"] == "kicked"
    await alice.send({"type": "say", "room": "den", "cid": "s2", "text": "after-kick"})
    await alice.wait_for("ack", of("ack", cid="s2"))
    await bob.send({"type": "history", "room": "den"})
    assert (await bob.wait_for("refusal", of("error", room="den")))["code"] == "forbidden"
    await barrier(bob, "b")
    assert_saw_nothing(bob, ("after-kick",))
    await alice.ws.close()
    await bob.ws.close()


async def left():
    alice = await connect()
    bob = await connect(avoid=alice.worker)
    for u, nick in ((alice, "alice"), (bob, "bob")):
        await u.send({"type": "hello", "v": 1, "nick": nick})
        await u.wait_for("welcome", of("welcome"))
        await u.send({"type": "join", "room": "lobby"})
        await u.wait_for("online", of("presence", room="lobby", event="online"))
    await alice.wait_for("bob joined", of("presence", room="lobby", event="joined", nick="bob"))
    os.kill(int(bob.worker.split("-")[1]), signal.SIGKILL)
    await alice.wait_for("bob left", of("presence", room="lobby", event="left", nick="bob"))
    await alice.ws.close()


if __name__ == "__main__":
    try:
        if sys.argv[1] == "across":
            asyncio.run(across())
        elif sys.argv[1] == "privacy":
            asyncio.run(privacy())
        elif sys.argv[1] == "left":
            asyncio.run(left())
        else:
            asyncio.run(after(int(sys.argv[3])))
        print("OK")
    except AssertionError as e:
        print("FAILED:", e)
        sys.exit(1)
