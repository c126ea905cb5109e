"""Fan-in with Twisted: Deferreds and callbacks.

Each source is a DeferredQueue. The consumer keeps one get() outstanding per source; the callback
that receives a message prints it and asks that source for the next. Nothing waits: the reactor
calls whichever callback's value arrived. Producers are cooperative tasks (task.cooperate), each
step a put.

Run: /usr/bin/python3 fanin_twisted.py [COUNT]   (prints "NAME K" per message, then "done TOTAL")
"""
import sys

from twisted.internet import defer, reactor, task

DONE = object()


def producer(name, queue, count):
    for k in range(count):
        queue.put(f"{name} {k}")
        yield  # give the reactor back after each message
    queue.put(DONE)


def consume(queues):
    state = {"total": 0, "open": len(queues)}
    watchdog = reactor.callLater(5, timeout)

    def arm(queue):
        queue.get().addCallback(got, queue)

    def got(value, queue):
        watchdog.reset(5)
        if value is DONE:
            state["open"] -= 1
            if state["open"] == 0:
                watchdog.cancel()
                print("done", state["total"], flush=True)
                reactor.stop()
            return
        print(value)
        state["total"] += 1
        arm(queue)

    for queue in queues:
        arm(queue)


def timeout():
    print("timeout", flush=True)
    reactor.stop()
    sys.exit(1)


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    queues = {name: defer.DeferredQueue() for name in "abc"}
    for name, queue in queues.items():
        task.cooperate(producer(name, queue, count))
    consume(list(queues.values()))
    reactor.run()


if __name__ == "__main__":
    main()
