"""Fan-in with asyncio: await on whichever of several queues is ready first.

asyncio.wait(..., return_when=FIRST_COMPLETED) is the nearest thing to select. The trap: cancelling
the gets that lost can throw away a value one of them already took. So keep exactly one get
outstanding per queue across iterations and re-arm only the ones that finished. (Tornado 5+ runs
on this same loop, so a Tornado fan-in is this code.)

Run: /usr/bin/python3 fanin_asyncio.py [COUNT]   (prints "NAME K" per message, then "done TOTAL")
"""
import asyncio
import sys

DONE = object()


async def producer(name, queue, count):
    for k in range(count):
        await queue.put(f"{name} {k}")  # waits while the queue is full
    await queue.put(DONE)


async def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    queues = [asyncio.Queue(16) for _ in "abc"]
    producers = [asyncio.create_task(producer(name, q, count)) for name, q in zip("abc", queues)]
    pending = {asyncio.create_task(q.get()): q for q in queues}
    total = 0
    while pending:
        done, _ = await asyncio.wait(pending, timeout=5, return_when=asyncio.FIRST_COMPLETED)
        if not done:
            print("timeout", flush=True)
            sys.exit(1)
        for finished in done:
            queue = pending.pop(finished)
            value = finished.result()
            if value is DONE:
                continue
            print(value)
            total += 1
            pending[asyncio.create_task(queue.get())] = queue
    await asyncio.gather(*producers)
    print("done", total, flush=True)


if __name__ == "__main__":
    asyncio.run(main())
