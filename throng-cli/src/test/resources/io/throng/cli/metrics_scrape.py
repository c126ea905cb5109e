"""Scrapes a Prometheus /metrics endpoint and checks it with the reference parser (Debian's
python3-prometheus-client, text_string_to_metric_families).

Usage: metrics_scrape.py URL
Prints one line per sample, "name{label="value",...} value" with labels sorted, and exits 1 with the
parser's complaint if the exposition is not valid text format 0.0.4.
"""
import sys
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

with urllib.request.urlopen(sys.argv[1], timeout=10) as r:
    if r.status != 200:
        sys.exit("status %d" % r.status)
    ctype = r.headers.get("Content-Type", "")
    if not ctype.startswith("text/plain") or "version=0.0.4" not in ctype:
        sys.exit("content type %r" % ctype)
    text = r.read().decode("utf-8")
names = set()
for family in text_string_to_metric_families(text):
    if family.name in names:
        sys.exit("family %s twice" % family.name)
    names.add(family.name)
    for s in family.samples:
        labels = ",".join('%s="%s"' % (k, v) for k, v in sorted(s.labels.items()))
        print("%s{%s} %r" % (s.name, labels, s.value))
