"""Fan-in with gevent: greenlets and queues, no select.

gevent has no select over queues, so the usual shape is Go's other fan-in: one greenlet per source
forwards into a single merged queue. The difference matters: a forwarder takes a value from its
source before anyone asked for it, where Go's select leaves unchosen values in their channels.

Run: /usr/bin/python3 fanin_gevent.py [COUNT]   (prints "NAME K" per message, then "done TOTAL")
"""
import sys

import gevent
from gevent.queue import Empty, Queue

DONE = object()


def producer(name, queue, count):
    for k in range(count):
        queue.put(f"{name} {k}")  # blocks (switches) while the queue is full
    queue.put(DONE)


def forward(source, merged):
    for value in iter(source.get, DONE):
        merged.put(value)
    merged.put(DONE)


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    merged = Queue(16)
    greenlets = []
    for name in "abc":
        source = Queue(16)
        greenlets += [gevent.spawn(producer, name, source, count), gevent.spawn(forward, source, merged)]
    total, finished = 0, 0
    while finished < 3:
        try:
            value = merged.get(timeout=5)
        except Empty:
            print("timeout", flush=True)
            sys.exit(1)
        if value is DONE:
            finished += 1
        else:
            print(value)
            total += 1
    gevent.joinall(greenlets)
    print("done", total, flush=True)


if __name__ == "__main__":
    main()
