package io.throng.mongrel.config;

import io.throng.mongrel.handler.Transport;
import io.throng.mongrel.wire.HeaderFormat;
import io.throng.mongrel.zmq.ZmqContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code ./throng gateway --config FILE} serves: listeners, virtual hosts with their routes, and the
 * handlers routes point to. Parsed by {@link GatewayConfigParser}; the format is in docs/gateway.md.
 *
 * @param zeromq the ZeroMQ engine of the handler ports ({@code zeromq auto|libzmq|jeromq})
 */
public record GatewayConfig(List<Listen> listens, List<Host> hosts, Optional<String> defaultHost,
                            Map<String, HandlerSpec> handlers, ZmqContext.Engine zeromq) {

    public GatewayConfig {
        listens = List.copyOf(listens);
        hosts = List.copyOf(hosts);
        handlers = Map.copyOf(handlers);
    }

    /** An address to accept clients on, with free-form options such as {@code tls cert=...}. */
    public record Listen(String host, int port, Map<String, String> options) {
        public Listen {
            options = Map.copyOf(options);
        }
    }

    /** A virtual host: names matched on the end of the {@code Host:} header, and its routes. */
    public record Host(List<String> names, List<Route> routes) {
        public Host {
            names = List.copyOf(names);
            routes = List.copyOf(routes);
        }
    }

    /** {@code route PREFIX(PATTERN) -> target}; {@code spec} is the text as written, sent as PATTERN. */
    public record Route(String spec, Target target) {}

    /** Where a route leads. */
    public sealed interface Target {}

    /** A named handler. */
    public record HandlerTarget(String handler) implements Target {}

    /** A static directory served by the gateway itself. */
    public record DirTarget(Path base, String indexFile, Duration cacheTtl) implements Target {}

    /**
     * A handler and the opt-in fixes for Mongrel2's weak points.
     *
     * @param timeout   no reply within it answers 504 (empty: wait, like Mongrel2)
     * @param noHandler answer this status at once when no handler is connected (empty: queue, like Mongrel2)
     * @param stale     never hand over a request older than this (empty: no limit)
     * @param idle      close a relayed connection with no traffic either way for this long (empty: never)
     * @param credits   Mongrel2's download flow control: the bytes a handler may have unwritten per
     *                  connection, announced as {@code DOWNLOAD_CREDITS} on the connection's first request
     *                  and given back in credits notices as bytes reach the client (empty: no credits, and
     *                  a 16 MiB cap instead)
     */
    public record HandlerSpec(String name, Transport transport, String ident, HeaderFormat protocol,
                              Optional<Duration> timeout, Optional<Integer> noHandler, Optional<Duration> stale,
                              Optional<Duration> idle, Optional<Integer> credits) {}
}
