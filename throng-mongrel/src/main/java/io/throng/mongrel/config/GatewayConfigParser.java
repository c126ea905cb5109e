package io.throng.mongrel.config;

import io.throng.mongrel.handler.Transport;
import io.throng.mongrel.wire.HeaderFormat;
import io.throng.mongrel.zmq.ZmqContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the gateway's text configuration: one directive per line, indented lines belong to the
 * {@code host} or {@code handler} above them, {@code #} starts a comment. Every error names its line.
 */
public final class GatewayConfigParser {

    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h)");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z0-9-]+");

    private final String source;
    private final List<GatewayConfig.Listen> listens = new ArrayList<>();
    private final List<GatewayConfig.Host> hosts = new ArrayList<>();
    private final Map<String, HandlerDraft> handlers = new LinkedHashMap<>();
    private final List<RouteRef> routeRefs = new ArrayList<>();
    private String defaultHost;
    private ZmqContext.Engine zeromq = ZmqContext.Engine.configured();

    private record RouteRef(String handler, int line) {}

    private GatewayConfigParser(String source) {
        this.source = source;
    }

    public static GatewayConfig parse(String text, String source) {
        return new GatewayConfigParser(source).run(text);
    }

    private GatewayConfig run(String text) {
        String[] lines = text.split("\r?\n", -1);
        List<String> hostNames = null;
        List<GatewayConfig.Route> hostRoutes = null;
        HandlerDraft handler = null;
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String raw = stripComment(lines[i]);
            if (raw.isBlank()) {
                continue;
            }
            boolean indented = Character.isWhitespace(raw.charAt(0));
            List<String> words = List.of(raw.strip().split("\\s+"));
            if (!indented) {
                if (hostNames != null) {
                    hosts.add(new GatewayConfig.Host(hostNames, hostRoutes));
                    hostNames = null;
                }
                handler = null;
                switch (words.getFirst()) {
                    case "listen" -> listens.add(listen(words, n));
                    case "default-host" -> defaultHost = one(words, n);
                    case "zeromq" -> {
                        try {
                            zeromq = ZmqContext.Engine.parse(one(words, n));
                        } catch (IllegalArgumentException e) {
                            throw error(n, e.getMessage());
                        }
                    }
                    case "host" -> {
                        if (words.size() < 2) {
                            throw error(n, "host needs at least one name");
                        }
                        hostNames = words.subList(1, words.size());
                        hostRoutes = new ArrayList<>();
                    }
                    case "handler" -> {
                        String name = one(words, n);
                        handler = new HandlerDraft(name, n);
                        if (handlers.putIfAbsent(name, handler) != null) {
                            throw error(n, "handler '" + name + "' is defined twice");
                        }
                    }
                    default -> throw error(n, "unknown directive '" + words.getFirst() + "'");
                }
            } else if (hostNames != null) {
                hostRoutes.add(route(words, n));
            } else if (handler != null) {
                handler.set(words, n);
            } else {
                throw error(n, "indented line outside a host or handler");
            }
        }
        if (hostNames != null) {
            hosts.add(new GatewayConfig.Host(hostNames, hostRoutes));
        }
        for (RouteRef ref : routeRefs) {
            if (!handlers.containsKey(ref.handler())) {
                throw error(ref.line(), "route points to unknown handler '" + ref.handler() + "'");
            }
        }
        Map<String, GatewayConfig.HandlerSpec> specs = new LinkedHashMap<>();
        handlers.forEach((name, draft) -> specs.put(name, draft.build()));
        return new GatewayConfig(listens, hosts, Optional.ofNullable(defaultHost), specs, zeromq);
    }

    private GatewayConfig.Listen listen(List<String> words, int n) {
        if (words.size() < 2) {
            throw error(n, "listen needs HOST:PORT");
        }
        String address = words.get(1);
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw error(n, "listen needs HOST:PORT, not '" + address + "'");
        }
        int port = integer(address.substring(colon + 1), n, "port");
        if (port < 0 || port > 65535) {
            throw error(n, "port out of range: " + port);
        }
        return new GatewayConfig.Listen(address.substring(0, colon), port, options(words.subList(2, words.size()), n));
    }

    private GatewayConfig.Route route(List<String> words, int n) {
        // route SPEC -> handler-name | route SPEC -> dir PATH [index=FILE] [cache=DURATION]
        if (words.size() < 4 || !words.getFirst().equals("route") || !words.get(2).equals("->")) {
            throw error(n, "expected 'route PATTERN -> HANDLER' or 'route PATTERN -> dir PATH'");
        }
        String spec = words.get(1);
        RoutePattern.compile(spec, source, n); // fail early on a bad pattern
        if (words.get(3).equals("dir")) {
            if (words.size() < 5) {
                throw error(n, "dir needs a path");
            }
            Map<String, String> opts = options(words.subList(5, words.size()), n);
            Duration cache = opts.containsKey("cache") ? duration(opts.get("cache"), n) : Duration.ZERO;
            return new GatewayConfig.Route(spec, new GatewayConfig.DirTarget(
                    Path.of(words.get(4)), opts.getOrDefault("index", "index.html"), cache));
        }
        if (words.size() != 4) {
            throw error(n, "unexpected words after handler name");
        }
        routeRefs.add(new RouteRef(words.get(3), n));
        return new GatewayConfig.Route(spec, new GatewayConfig.HandlerTarget(words.get(3)));
    }

    private final class HandlerDraft {
        final String name;
        final int line;
        String requests;
        String replies;
        String local;
        String ident;
        HeaderFormat protocol = HeaderFormat.JSON;
        Duration timeout;
        Integer noHandler;
        Duration stale;
        Duration idle;
        Integer credits;

        HandlerDraft(String name, int line) {
            this.name = name;
            this.line = line;
        }

        void set(List<String> words, int n) {
            String value = one(words, n);
            switch (words.getFirst()) {
                case "requests" -> requests = value;
                case "replies" -> replies = value;
                case "local" -> local = value;
                case "ident" -> {
                    if (!IDENT.matcher(value).matches()) {
                        throw error(n, "ident must match [A-Za-z0-9-]+");
                    }
                    ident = value;
                }
                case "protocol" -> protocol = switch (value) {
                    case "json" -> HeaderFormat.JSON;
                    case "tnetstring" -> HeaderFormat.TNETSTRING;
                    default -> throw error(n, "protocol is json or tnetstring");
                };
                case "timeout" -> timeout = duration(value, n);
                case "stale" -> stale = duration(value, n);
                case "idle" -> idle = duration(value, n);
                case "credits" -> {
                    credits = integer(value, n, "credits");
                    if (credits < 1) {
                        throw error(n, "credits must be at least 1 byte");
                    }
                }
                case "no-handler" -> {
                    noHandler = integer(value, n, "status");
                    if (noHandler < 500 || noHandler > 599) {
                        throw error(n, "no-handler status must be 5xx");
                    }
                }
                default -> throw error(n, "unknown handler setting '" + words.getFirst() + "'");
            }
        }

        GatewayConfig.HandlerSpec build() {
            Transport transport;
            if (local != null) {
                if (requests != null || replies != null) {
                    throw error(line, "handler '" + name + "' is either local or requests/replies, not both");
                }
                transport = new Transport.InProcess(local);
            } else if (requests != null && replies != null) {
                transport = new Transport.ZeroMq(requests, replies);
            } else {
                throw error(line, "handler '" + name + "' needs 'requests' and 'replies', or 'local'");
            }
            return new GatewayConfig.HandlerSpec(name, transport, ident == null ? name : ident, protocol,
                    Optional.ofNullable(timeout), Optional.ofNullable(noHandler), Optional.ofNullable(stale),
                    Optional.ofNullable(idle), Optional.ofNullable(credits));
        }
    }

    private Map<String, String> options(List<String> words, int n) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            opts.put(eq < 0 ? w : w.substring(0, eq), eq < 0 ? "" : w.substring(eq + 1));
        }
        return opts;
    }

    private Duration duration(String text, int n) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw error(n, "duration like 500ms, 30s, 5m or 1h expected, not '" + text + "'");
        }
        long v = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(v);
            case "s" -> Duration.ofSeconds(v);
            case "m" -> Duration.ofMinutes(v);
            default -> Duration.ofHours(v);
        };
    }

    private int integer(String text, int n, String what) {
        if (!text.matches("[0-9]{1,9}")) {
            throw error(n, what + " must be a number, not '" + text + "'");
        }
        return Integer.parseInt(text);
    }

    private String one(List<String> words, int n) {
        if (words.size() != 2) {
            throw error(n, "'" + words.getFirst() + "' takes exactly one value");
        }
        return words.get(1);
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private ConfigException error(int line, String message) {
        return new ConfigException(source, line, message);
    }
}
