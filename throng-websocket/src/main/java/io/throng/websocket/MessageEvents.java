package io.throng.websocket;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * WebSocket traffic told to the outside: the JFR event {@code throng.WebSocketMessage} for each data
 * message received or queued, and the process's Prometheus WebSocket metrics (both roles, server and
 * client). A message costs one adder and a JFR check; the connection's send path is not otherwise touched.
 */
final class MessageEvents {
    private static final Gauge OPEN = Gauge.builder().name("throng_websocket_connections_open")
            .help("Open WebSocket connections (server and client side).").register(PrometheusRegistry.defaultRegistry);
    private static final Counter MESSAGES = Counter.builder().name("throng_websocket_messages_total")
            .help("WebSocket data messages received (in) and queued to send (out); a broadcast counts once per receiver.")
            .labelNames("direction").register(PrometheusRegistry.defaultRegistry);
    private static final GaugeDataPoint OPEN_ALL = OPEN.labelValues();
    private static final CounterDataPoint IN = MESSAGES.labelValues("in");
    private static final CounterDataPoint OUT = MESSAGES.labelValues("out");

    private MessageEvents() {}

    static void opened() {
        OPEN_ALL.inc();
    }

    static void closed() {
        OPEN_ALL.dec();
    }

    /** A data message delivered to the listener; {@code size} in bytes, or UTF-16 characters for text. */
    static void received(int opcode, int size) {
        IN.inc();
        emit("in", opcode, size);
    }

    /** A data message or pre-encoded frame queued to send; {@code size} in bytes. */
    static void sent(int opcode, int size) {
        OUT.inc();
        emit("out", opcode, size);
    }

    private static void emit(String direction, int opcode, int size) {
        Message e = new Message();
        if (e.shouldCommit()) {
            e.direction = direction;
            e.opcode = opcode == 1 ? "text" : opcode == 2 ? "binary" : Integer.toString(opcode);
            e.size = size;
            e.commit();
        }
    }

    @jdk.jfr.Name("throng.WebSocketMessage")
    // One per message or request: unthrottled, a busy server records hundreds of thousands a second
    // (docs/operations.md, "Sampled events"). `--jfr-rate` sets another rate.
    @jdk.jfr.Throttle("1000/s")
    @jdk.jfr.Label("WebSocket Message")
    @jdk.jfr.Category({"Throng", "WebSocket"})
    @jdk.jfr.StackTrace(false)
    static final class Message extends jdk.jfr.Event {
        @jdk.jfr.Label("Direction")
        String direction;
        @jdk.jfr.Label("Opcode")
        String opcode;
        @jdk.jfr.Label("Size")
        @jdk.jfr.Description("Payload bytes before compression; characters for a received text message; "
                + "the whole frame for a broadcast's pre-encoded frame")
        long size;
    }
}
