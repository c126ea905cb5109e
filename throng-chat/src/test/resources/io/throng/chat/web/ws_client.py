"""Two chat users over WebSocket with Python's websockets (Debian python3-websockets).

Usage: ws_client.py ws://127.0.0.1:PORT/ws. Prints OK and exits 0, or exits 1 with what went wrong:
join, say, the message with its sequence, ack, a retried say, history, presence, resume after a drop.
"""
import asyncio
import json
import sys

import websockets

URL = sys.argv[1]


class User:
    def __init__(self, ws):
        self.ws, self.frames = ws, []

    async def send(self, frame):
        await self.ws.send(json.dumps(frame))

    async def wait_for(self, what, pred):
        async def loop():
            while True:
                for i, f in enumerate(self.frames):
                    if pred(f):
                        del self.frames[: i + 1]
                        return f
                self.frames.append(json.loads(await self.ws.recv()))
        try:
            return await asyncio.wait_for(loop(), 15)
        except asyncio.TimeoutError:
            raise AssertionError("no %s within 15 s; queued: %r" % (what, self.frames))


def of(kind, **fields):
    return lambda f: f.get("type") == kind and all(f.get(k) == v for k, v in fields.items())


async def main():
    async with websockets.connect(URL) as a, websockets.connect(URL) as b:
        alice, bob = User(a), User(b)
        await alice.send({"type": "hello", "v": 1, "nick": "alice"})
        session = (await alice.wait_for("welcome", of("welcome")))["session"]
        await bob.send({"type": "hello", "v": 1, "nick": "bob"})
        await bob.wait_for("welcome", of("welcome"))
        await alice.send({"type": "join", "room": "pyws"})
        await alice.wait_for("online", of("presence", room="pyws", event="online"))
        await bob.send({"type": "join", "room": "pyws"})
        online = await bob.wait_for("online", of("presence", room="pyws", event="online"))
        assert online["online"] == ["alice", "bob"], online
        await alice.wait_for("joined", of("presence", room="pyws", event="joined", nick="bob"))

        await alice.send({"type": "say", "room": "pyws", "cid": "x1", "text": "hello \u00e9 <i>"})
        assert (await alice.wait_for("ack", of("ack", cid="x1")))["seq"] == 1
        m = await bob.wait_for("message", of("message", room="pyws"))
        assert (m["seq"], m["from"], m["text"]) == (1, "alice", "hello \u00e9 <i>"), m
        await alice.send({"type": "say", "room": "pyws", "cid": "x1", "text": "hello \u00e9 <i>"})
        assert (await alice.wait_for("retry ack", of("ack", cid="x1")))["seq"] == 1
        await bob.send({"type": "history", "room": "pyws"})
        page = await bob.wait_for("history", of("history", room="pyws"))
        assert [x["seq"] for x in page["messages"]] == [1], page
        await bob.send({"type": "say", "room": "pyws", "cid": "y1", "text": "missed?"})
        await bob.wait_for("ack", of("ack", cid="y1"))
    # both sockets are closed now; alice resumes on a new one and gets seq 2
    async with websockets.connect(URL) as a2:
        alice = User(a2)
        await alice.send({"type": "resume", "v": 1, "session": session, "last": {"pyws": 1}})
        assert (await alice.wait_for("welcome", of("welcome")))["resumed"] is True
        assert (await alice.wait_for("replay", of("message", room="pyws")))["seq"] == 2
    print("OK")


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except AssertionError as e:
        print("FAILED:", e)
        sys.exit(1)
