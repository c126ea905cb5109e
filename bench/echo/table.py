"""Markdown table of bench/line-echo or bench/udp results: per server and cell, the median and range over the
rounds, and Throng's ratio to each peer (median of the per-round ratios, each round's in parentheses).

Usage: table.py tcp|udp RESULTS.tsv "SERVERS" (rows: NAME CELL ROUND JSON from bench/echo/load.go)
"""
import json
import statistics
import sys

NAMES = {"throng": "Throng", "netty": "Netty 4.2 epoll", "twisted": "Twisted", "go": "Go"}


def spread(values, fmt):
    med = statistics.median(values)
    if len(values) == 1:
        return fmt.format(med)
    return (fmt + " ({}–{})").format(med, fmt.format(min(values)), fmt.format(max(values)))


def main():
    kind, path, servers = sys.argv[1], sys.argv[2], sys.argv[3].split()
    cells = {}  # (server, cell) -> {round: result}
    order = []
    for line in open(path):
        name, cell, rnd, js = line.rstrip("\n").split("\t", 3)
        cells.setdefault((name, cell), {})[int(rnd)] = json.loads(js)
        if cell not in order:
            order.append(cell)
    if kind == "tcp":
        print("| server | connections | lines/s | p50 (ms) | p99 (ms) | errors | Throng / server |")
        print("|---|---:|---:|---:|---:|---:|---:|")
    else:
        print("| server | offered/s | replies/s | lost | p50 (ms) | p99 (ms) | Throng / server |")
        print("|---|---:|---:|---:|---:|---:|---:|")
    for cell in order:
        throng = cells.get(("throng", cell), {})
        for name in servers:
            runs = cells.get((name, cell))
            if not runs:
                continue
            rs = [runs[k] for k in sorted(runs)]
            ops = spread([r["opsPerSecond"] for r in rs], "{:,.0f}")
            p50 = spread([r["p50us"] / 1000 for r in rs], "{:.1f}")
            p99 = spread([r["p99us"] / 1000 for r in rs], "{:.1f}")
            ratios = [throng[k]["opsPerSecond"] / runs[k]["opsPerSecond"]
                      for k in sorted(runs) if k in throng and runs[k]["opsPerSecond"] > 0]
            ratio = "-" if name == "throng" or not ratios else (
                f"{statistics.median(ratios):.2f}x (" + " ".join(f"{x:.2f}" for x in ratios) + ")")
            label = NAMES.get(name, name)
            if kind == "tcp":
                errors = sum(r["errors"] for r in rs)
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
