"""Fan-in with Go's select, on bare generators: the Stackless talk's exercise in thirty lines.

Producers and the consumer are generators run by one scheduler. A producer yields ("send", ch, v);
the consumer yields ("select", channels) and is resumed with (channel, value) for exactly one ready
channel, chosen at random among the ready ones (Go's fairness rule), or (channel, CLOSED).
Channels here are unbounded queues, so a send never waits; the select is the interesting part.

Run: /usr/bin/python3 fanin_generators.py [COUNT]   (prints "NAME K" per message, then "done TOTAL")
"""
import collections
import random
import sys

CLOSED = object()


class Channel:
    def __init__(self):
        self.items = collections.deque()
        self.closed = False
        self.waiting = []  # selects parked on this channel: (task, channels)


def producer(name, channel, count):
    for k in range(count):
        yield "send", channel, f"{name} {k}"
    yield "close", channel, None


def consumer(channels):
    total = 0
    while channels:
        channel, value = yield "select", channels, None
        if value is CLOSED:
            channels = [c for c in channels if c is not channel]  # Go: set it to nil
        else:
            print(value)
            total += 1
    print("done", total, flush=True)


def run(tasks):
    ready = collections.deque((task, None) for task in tasks)

    def wake(channel):
        # The oldest select parked on this channel takes its value, and leaves every other channel.
        if channel.waiting and (channel.items or channel.closed):
            task, channels = channel.waiting.pop(0)
            for other in channels:
                other.waiting[:] = [w for w in other.waiting if w[0] is not task]
            ready.append((task, take(channel)))

    def take(channel):
        return channel, channel.items.popleft() if channel.items else CLOSED

    while ready:
        task, resume_with = ready.popleft()
        try:
            what, arg, value = task.send(resume_with)
        except StopIteration:
            continue
        if what == "send":
            arg.items.append(value)
            wake(arg)
            ready.append((task, None))  # a send yields the processor: producers interleave
        elif what == "close":
            arg.closed = True
            wake(arg)
            ready.append((task, None))
        elif what == "select":
            candidates = [c for c in arg if c.items or c.closed]
            if candidates:
                ready.append((task, take(random.choice(candidates))))
            else:
                for channel in arg:
                    channel.waiting.append((task, arg))


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    channels = {name: Channel() for name in "abc"}
    tasks = [producer(name, ch, count) for name, ch in channels.items()]
    run([consumer(list(channels.values()))] + tasks)


if __name__ == "__main__":
    main()
