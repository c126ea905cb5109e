/**
 * Metrics shared by the chat's layers: {@link io.throng.chat.metrics.LatencyHistogram} records
 * durations in an HdrHistogram and writes them as a Prometheus histogram (cumulative {@code le}
 * buckets, {@code _sum}, {@code _count}). Recording is lock-free and safe from any thread; a scrape
 * reads a consistent copy.
 */
package io.throng.chat.metrics;
