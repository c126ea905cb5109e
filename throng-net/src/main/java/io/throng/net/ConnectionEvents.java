package io.throng.net;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.SocketAddress;

/**
 * What one server tells the outside about its connections: the JFR events {@code throng.ConnectionAccepted}
 * and {@code throng.ConnectionClosed}, and the process's Prometheus connection metrics, labelled with the
 * server's protocol. Each server resolves its label once, so an accept or a close costs an adder each and
 * a JFR check, never a map lookup or a lock.
 */
final class ConnectionEvents {
    private static final Gauge OPEN = Gauge.builder().name("throng_connections_open")
            .help("Open TCP connections by protocol (busy or idle).").labelNames("protocol")
            .register(PrometheusRegistry.defaultRegistry);
    private static final Counter ACCEPTED = Counter.builder().name("throng_connections_accepted_total")
            .help("TCP connections accepted by protocol (those refused at the connection limit excluded).")
            .labelNames("protocol").register(PrometheusRegistry.defaultRegistry);
    private static final Counter BYTES = Counter.builder().name("throng_connection_bytes_total")
            .help("Bytes read (in) and written (out) by connections, counted when they close; a detached "
                    + "(upgraded) connection counts only what passed before it was handed over.")
            .labelNames("protocol", "direction").register(PrometheusRegistry.defaultRegistry);

    private final String protocol;
    private final String engine;
    private final GaugeDataPoint open;
    private final CounterDataPoint accepted;
    private final CounterDataPoint bytesIn;
    private final CounterDataPoint bytesOut;

    ConnectionEvents(String protocol, Engine engine) {
        this.protocol = protocol;
        this.engine = engine.name().toLowerCase(java.util.Locale.ROOT);
        this.open = OPEN.labelValues(protocol);
        this.accepted = ACCEPTED.labelValues(protocol);
        this.bytesIn = BYTES.labelValues(protocol, "in");
        this.bytesOut = BYTES.labelValues(protocol, "out");
    }

    void accepted(Connection c) {
        accepted.inc();
        open.inc();
        Accepted e = new Accepted();
        if (e.shouldCommit()) {
            e.protocol = protocol;
            e.engine = engine;
            e.remoteAddress = address(c.remoteAddress());
            e.commit();
        }
    }

    /** Called once per connection, before its transport closes (so the peer's address is still known). */
    void closed(Connection c, long lifetimeNanos, long in, long out) {
        open.dec();
        bytesIn.inc(in);
        bytesOut.inc(out);
        Closed e = new Closed();
        if (e.shouldCommit()) {
            e.protocol = protocol;
            e.engine = engine;
            e.remoteAddress = address(c.remoteAddress());
            e.lifetime = lifetimeNanos;
            e.bytesRead = in;
            e.bytesWritten = out;
            e.commit();
        }
    }

    private static String address(SocketAddress a) {
        return a == null ? null : a.toString();
    }

    @jdk.jfr.Name("throng.ConnectionAccepted")
    @jdk.jfr.Label("Connection Accepted")
    @jdk.jfr.Category({"Throng", "Network"})
    @jdk.jfr.StackTrace(false)
    static final class Accepted extends jdk.jfr.Event {
        @jdk.jfr.Label("Protocol")
        String protocol;
        @jdk.jfr.Label("Engine")
        String engine;
        @jdk.jfr.Label("Remote Address")
        String remoteAddress;
    }

    @jdk.jfr.Name("throng.ConnectionClosed")
    @jdk.jfr.Label("Connection Closed")
    @jdk.jfr.Category({"Throng", "Network"})
    @jdk.jfr.StackTrace(false)
    static final class Closed extends jdk.jfr.Event {
        @jdk.jfr.Label("Protocol")
        String protocol;
        @jdk.jfr.Label("Engine")
        String engine;
        @jdk.jfr.Label("Remote Address")
        String remoteAddress;
        @jdk.jfr.Label("Lifetime")
        @jdk.jfr.Timespan(jdk.jfr.Timespan.NANOSECONDS)
        long lifetime;
        @jdk.jfr.Label("Bytes Read")
        @jdk.jfr.DataAmount(jdk.jfr.DataAmount.BYTES)
        long bytesRead;
        @jdk.jfr.Label("Bytes Written")
        @jdk.jfr.DataAmount(jdk.jfr.DataAmount.BYTES)
        long bytesWritten;
    }
}
