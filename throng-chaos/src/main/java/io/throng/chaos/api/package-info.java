/**
 * toxiproxy's HTTP API on throng-http, and the server that assembles it ({@link
 * io.throng.chaos.api.ChaosServer}) and its client ({@link io.throng.chaos.api.ChaosClient}).
 *
 * <h2>Compatibility</h2>
 * The paths, methods, status codes, JSON field names and their order are toxiproxy 2's, so its clients
 * and scripts work unchanged: proxies as {@code {"name", "listen", "upstream", "enabled", "toxics"}},
 * {@code GET /proxies} as an object keyed by name in name order, toxics as
 * {@code {"attributes", "name", "type", "stream", "toxicity"}}, a whole toxicity written as {@code 1}.
 * Errors are toxiproxy's: the JSON as plain text with a newline (Go's {@code http.Error}), with
 * {@code error} and {@code status}, plus {@code title} (the same message) that toxiproxy 1 had and
 * clients such as toxiproxy-java still read.
 *
 * <h2>Beyond toxiproxy</h2>
 * Impossible attributes (negative durations or sizes, a non-integer, a slicer's average_size of 0, a
 * toxicity outside 0..1) are refused with a 400 instead of being accepted and misbehaving; the
 * {@code partition} toxic; per-client toxics (a toxic's {@code client}, an IP address, written after
 * {@code toxicity} only when set, so toxiproxy's clients never see it on their own toxics); gauges of
 * open connections and buffered bytes in {@code /metrics}.
 */
package io.throng.chaos.api;
