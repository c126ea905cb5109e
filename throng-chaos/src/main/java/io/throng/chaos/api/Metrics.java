package io.throng.chaos.api;

import io.throng.chaos.Direction;
import io.throng.chaos.Proxy;
import java.util.List;

/**
 * {@code /metrics} in Prometheus' text format, with toxiproxy's proxy counters and labels
 * ({@code toxiproxy_proxy_received_bytes_total}, {@code toxiproxy_proxy_sent_bytes_total}) and Throng's
 * own gauges (open connections, bytes held in the proxy's queues).
 */
final class Metrics {
    private Metrics() {}

    static String render(List<Proxy> proxies) {
        StringBuilder out = new StringBuilder();
        counter(out, proxies, "toxiproxy_proxy_received_bytes_total", "Bytes received by the proxy, per direction.", true);
        counter(out, proxies, "toxiproxy_proxy_sent_bytes_total", "Bytes sent by the proxy, per direction.", false);
        out.append("# HELP throng_chaos_connections Open proxied connections.\n");
        out.append("# TYPE throng_chaos_connections gauge\n");
        for (Proxy p : proxies) {
            out.append("throng_chaos_connections{proxy=\"").append(escape(p.name())).append("\"} ")
                    .append(p.connectionCount()).append('\n');
        }
        out.append("# HELP throng_chaos_buffered_bytes Bytes read and not yet written, held by the proxy.\n");
        out.append("# TYPE throng_chaos_buffered_bytes gauge\n");
        for (Proxy p : proxies) {
            out.append("throng_chaos_buffered_bytes{proxy=\"").append(escape(p.name())).append("\"} ")
                    .append(p.bufferedBytes()).append('\n');
        }
        return out.toString();
    }

    private static void counter(StringBuilder out, List<Proxy> proxies, String name, String help, boolean received) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
        for (Proxy p : proxies) {
            for (Direction d : Direction.values()) {
                out.append(name).append("{direction=\"").append(d.apiName())
                        .append("\",listener=\"").append(escape(p.listen()))
                        .append("\",proxy=\"").append(escape(p.name()))
                        .append("\",upstream=\"").append(escape(p.upstream())).append("\"} ")
                        .append(received ? p.receivedBytes(d) : p.sentBytes(d)).append('\n');
            }
        }
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
