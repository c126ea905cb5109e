"""bench/chat-cluster --profile: one node's store transactions over a run, from two /metrics scrapes.

Usage: chat-cluster-metrics.py BEFORE AFTER HOST. Prints the transactions the node's store committed
between the scrapes, messages per transaction, the mean and p99 (bucket bound) commit time, and the mean
time from commit to the frame handed to each member's writer (fan-out), and how many of the other nodes'
messages it caught up with and in how many reads (the others come carried by the notices).
"""
import sys


def read(path):
    values = {}
    for line in open(path):
        if line.startswith("#") or " " not in line:
            continue
        key, value = line.rsplit(" ", 1)
        values[key] = float(value)
    return values


before, after = read(sys.argv[1]), read(sys.argv[2])


def delta(key):
    return after.get(key, 0) - before.get(key, 0)


commits = delta("throng_chat_store_commit_seconds_count")
messages = delta("throng_chat_messages_total")
buckets = sorted((float(k.split('"')[1]), delta(k)) for k in after
                 if k.startswith("throng_chat_store_commit_seconds_bucket") and "+Inf" not in k)
p99 = next((le for le, n in buckets if n >= 0.99 * commits), float("inf")) if commits else 0
fanouts = delta("throng_chat_fanout_seconds_count")
print(f"  node {sys.argv[3]}: {commits:,.0f} store transactions, {messages / max(commits, 1):.2f} messages each, "
      f"mean commit {delta('throng_chat_store_commit_seconds_sum') / max(commits, 1) * 1e3:.2f} ms, "
      f"p99 <= {p99 * 1e3:g} ms; mean fan-out (commit to writer) "
      f"{delta('throng_chat_fanout_seconds_sum') / max(fanouts, 1) * 1e3:.2f} ms; "
      f"{delta('throng_chat_caught_up_total'):,.0f} caught up from other nodes "
      f"with {delta('throng_chat_store_reads_total'):,.0f} reads of the log")
