"""Markdown table of bench/line-echo or bench/udp results: per server and cell, the median and range over the
rounds, and the ratio of each Throng server (names starting with "throng") to each other server: the median of
the per-round ratios, each round's in parentheses.

Usage: table.py tcp|udp RESULTS.tsv "SERVERS" (rows: NAME CELL ROUND JSON from bench/echo/load.go)
"""
import json
import statistics
import sys

NAMES = {"throng": "Throng", "throng-per-frame": "Throng, a write per frame", "throng-pool": "Throng, handler pool",
         "throng-base": "Throng before", "netty": "Netty 4.2 epoll",
         "twisted": "Twisted", "go": "Go"}


def spread(values, fmt):
    med = statistics.median(values)
    if len(values) == 1:
        return fmt.format(med)
    return (fmt + " ({}–{})").format(med, fmt.format(min(values)), fmt.format(max(values)))


def ratio_of(ours, theirs):
    """Median and per-round ratios of ours' ops/s to theirs', over the rounds both ran."""
    ratios = [ours[k]["opsPerSecond"] / theirs[k]["opsPerSecond"]
              for k in sorted(theirs) if k in ours and theirs[k]["opsPerSecond"] > 0]
    if not ratios:
        return "-"
    return f"{statistics.median(ratios):.2f}x (" + " ".join(f"{x:.2f}" for x in ratios) + ")"


def main():
    kind, path, servers = sys.argv[1], sys.argv[2], sys.argv[3].split()
    cells = {}  # (server, cell) -> {round: result}
    order = []
    for line in open(path):
        name, cell, rnd, js = line.rstrip("\n").split("\t", 3)
        cells.setdefault((name, cell), {})[int(rnd)] = json.loads(js)
        if cell not in order:
            order.append(cell)
    ours = [n for n in servers if n.startswith("throng") and any(k[0] == n for k in cells)]
    head = "".join(f" {NAMES.get(t, t)} / server |" for t in ours)
    if kind == "tcp":
        print("| server | connections | lines/s | p50 (ms) | p99 (ms) | errors |" + head)
        print("|---|---:|---:|---:|---:|---:|" + "---:|" * len(ours))
    else:
        print("| server | offered/s | replies/s | lost | p50 (ms) | p99 (ms) |" + head)
        print("|---|---:|---:|---:|---:|---:|" + "---:|" * len(ours))
    for cell in order:
        for name in servers:
            runs = cells.get((name, cell))
            if not runs:
                continue
            rs = [runs[k] for k in sorted(runs)]
            ops = spread([r["opsPerSecond"] for r in rs], "{:,.0f}")
            p50 = spread([r["p50us"] / 1000 for r in rs], "{:.1f}")
            p99 = spread([r["p99us"] / 1000 for r in rs], "{:.1f}")
            ratio = " | ".join(ratio_of(cells.get((t, cell), {}), runs) if t != name else "-" for t in ours)
            label = NAMES.get(name, name)
            if kind == "tcp":
                errors = sum(r["errors"] for r in rs)
                kinds = {}
                for r in rs:
                    for k, v in r.get("errorKinds", {}).items():
                        kinds[k] = kinds.get(k, 0) + v
                if kinds:
                    errors = f"{errors} (" + ", ".join(f"{k}: {v}" for k, v in kinds.items()) + ")"
                print(f"| {label} | {cell} | {ops} | {p50} | {p99} | {errors} | {ratio} |")
            else:
                offered = f"{int(cell):,}" if cell != "max" else "max: " + spread(
                    [r["sent"] / r["seconds"] for r in rs], "{:,.0f}")
                lost = spread([100.0 * r["lost"] / r["sent"] if r["sent"] else 0.0 for r in rs], "{:.1f}%")
                errs = sum(r["errors"] for r in rs)
                if errs:
                    lost += f", {errs} wrong"
                print(f"| {label} | {offered} | {ops} | {lost} | {p50} | {p99} | {ratio} |")


if __name__ == "__main__":
    main()
