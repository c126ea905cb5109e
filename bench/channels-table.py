"""Prints bench/channels' comparison tables (Markdown) from the results in one output folder.

Reads jmh.json (JMH's -rf json), memory.jsonl (one ParkedMemory line per run) and, if present,
go.txt (`go test -bench` output). Scores are medians over the measurement iterations (or Go's
-count runs): the machine is shared and noisy, and a median shrugs off the odd disturbed iteration.
Ratios are peer / Throng, so above 1 means Throng is faster (or smaller).
"""
import json
import os
import re
import statistics
import sys

# One row per shape: JMH class, label, the JDK queue in this shape, Go's figure from issue 2, Go benchmark.
SHAPES = [
    ("PingPong", "ping-pong, unbuffered, 2 VTs", "SynchronousQueue", 105, "PingPong"),
    ("Buffered", "buffered(1024), 1 producer / 1 consumer", "ArrayBlockingQueue", 29, "Buffered"),
    ("SelectFanIn", "select over 4 unbuffered channels, 4 producers", None, 225, "SelectFanIn"),
    ("Parallel", "10,000 pairs, buffered(16) each", "ArrayBlockingQueue", None, "Parallel"),
]


def jmh_medians(path):
    """(class, impl) -> median ns/op; HandOff runs are keyed (HandOff, "mode/threads")."""
    out = {}
    with open(path) as f:
        for run in json.load(f):
            cls = run["benchmark"].split(".")[-2]
            params = run.get("params", {})
            impl = params.get("impl") or f"{params.get('mode', '')}/{params.get('threads', '')}"
            metric = run["primaryMetric"]
            out[(cls, impl)] = metric.get("scorePercentiles", {}).get("50.0", metric["score"])
    return out


def jmh_ranges(path):
    """(class, impl) -> (min, max) ns/op over the measurement iterations."""
    out = {}
    with open(path) as f:
        for run in json.load(f):
            cls = run["benchmark"].split(".")[-2]
            params = run.get("params", {})
            impl = params.get("impl") or f"{params.get('mode', '')}/{params.get('threads', '')}"
            raw = [x for fork in run["primaryMetric"].get("rawData", []) for x in fork]
            if raw:
                out[(cls, impl)] = (min(raw), max(raw))
    return out


def go_medians(path):
    """Go benchmark name -> median ns/op over the -count runs."""
    runs = {}
    with open(path) as f:
        for line in f:
            m = re.match(r"Benchmark(\w+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op", line)
            if m:
                runs.setdefault(m.group(1), []).append(float(m.group(2)))
    return {name: statistics.median(v) for name, v in runs.items()}


def fmt(x, digits=1):
    return "n/a" if x is None else f"{x:,.{digits}f}"


def ratio(peer, throng):
    return "n/a" if peer is None or throng is None or throng == 0 else f"{peer / throng:.2f}"


def main(folder):
    jmh = jmh_medians(os.path.join(folder, "jmh.json"))
    go_path = os.path.join(folder, "go.txt")
    go = go_medians(go_path) if os.path.exists(go_path) else {}

    print("ns per message (median); ratio = peer / Throng, so > 1 means Throng is faster\n")
    print("| shape | Throng | jox | JDK queue | jox / Throng | queue / Throng "
          "| Go (issue) | Go (issue) / Throng | Go (now) | Go (now) / Throng |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for cls, label, queue, go_ref, go_name in SHAPES:
        t = jmh.get((cls, "throng"))
        j = jmh.get((cls, "jox"))
        q = jmh.get((cls, "queue")) if queue else None
        g = go.get(go_name)
        if t is None and j is None and q is None and g is None:
            continue  # a shape left out of this run (e.g. JMH run by hand with a narrower pattern)
        queue_cell = f"{fmt(q)} ({queue})" if queue else "n/a (no select)"
        print(f"| {label} | {fmt(t)} | {fmt(j)} | {queue_cell} | {ratio(j, t)} | {ratio(q, t)} "
              f"| {fmt(go_ref, 0) if go_ref else 'n/a'} | {ratio(go_ref, t)} | {fmt(g)} | {ratio(g, t)} |")

    ranges = jmh_ranges(os.path.join(folder, "jmh.json"))
    if any(cls == "HandOff" for cls, _ in jmh):
        # The floor under ping-pong: the same hand-off with no channel (see HandOff.java).
        t = jmh.get(("PingPong", "throng"))
        print("\nlower bounds: a ping-pong hand-off with no channel (HandOff), ns per one-way message "
              "(median, range over the iterations); Throng ping-pong / bound\n")
        print("| hand-off | virtual threads | range | Throng ping-pong / this | platform threads | range |")
        print("|---|---:|---:|---:|---:|---:|")
        for mode, label in [("park", "park/unpark, a volatile flag"),
                            ("spinpark", "spin 128 rounds, then park (a channel waiter's cheapest form)"),
                            ("spin", "busy-wait on a volatile flag"),
                            ("exchanger", "Exchanger"), ("synchronousqueue", "SynchronousQueue")]:
            v = jmh.get(("HandOff", f"{mode}/virtual"))
            p = jmh.get(("HandOff", f"{mode}/platform"))
            vr = ranges.get(("HandOff", f"{mode}/virtual"))
            pr = ranges.get(("HandOff", f"{mode}/platform"))
            rng = lambda r: "n/a" if r is None else f"{r[0]:,.0f}–{r[1]:,.0f}"
            print(f"| {label} | {fmt(v)} | {rng(vr)} | {ratio(t, v)} | {fmt(p)} | {rng(pr)} |")

    # The floors: the same virtual threads and parks as the shape, with no channel (PingPong.java, SelectFanIn.java).
    floors = [(cls, label, go_name) for cls, label, _, _, go_name in SHAPES if (cls, "floor") in jmh]
    if floors:
        print("\nlower bounds: the shape with no channel (impl=floor), ns per message "
              "(median, range over the iterations); Throng / floor and Go / floor\n")
        print("| shape | floor | range | Throng | Throng / floor | Go (now) | Go (now) / floor |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for cls, label, go_name in floors:
            floor = jmh[(cls, "floor")]
            t = jmh.get((cls, "throng"))
            r = ranges.get((cls, "floor"))
            rng = "n/a" if r is None else f"{r[0]:,.0f}–{r[1]:,.0f}"
            g = go.get(go_name)
            print(f"| {label} | {fmt(floor)} | {rng} | {fmt(t)} | {ratio(t, floor)} "
                  f"| {fmt(g)} | {ratio(g, floor)} |")

    mem_path = os.path.join(folder, "memory.jsonl")
    if os.path.exists(mem_path):
        with open(mem_path) as f:
            mem = [json.loads(line) for line in f if line.startswith("{")]
        base = {m["layout"]: m["bytesPerThread"] for m in mem if m["impl"] == "park"}
        print("\nparked virtual threads: heap bytes per thread (after full GC), and time to start and park them all\n")
        print("| blocked in | layout | threads | bytes / thread | vs bare park | ms to park all |")
        print("|---|---|---:|---:|---:|---:|")
        names = {"throng": "Throng receive()", "jox": "jox receiveOrClosed()", "park": "LockSupport.park()"}
        for m in mem:
            layout = {"own": "one channel each", "shared": "all on one channel"}[m["layout"]]
            if m["impl"] == "park":
                layout = "no channel"
            b = base.get("own")
            extra = "" if b is None or m["impl"] == "park" else f"{m['bytesPerThread'] - b:+,.0f}"
            print(f"| {names.get(m['impl'], m['impl'])} | {layout} | {m['threads']:,} "
                  f"| {m['bytesPerThread']:,.0f} | {extra} | {m['parkedMillis']:,} |")
        for m in mem:
            if m.get("release", "ok") != "ok":
                print(f"\nNote: {m['impl']}, {m['layout']}: {m['release']}.")


if __name__ == "__main__":
    main(sys.argv[1])
