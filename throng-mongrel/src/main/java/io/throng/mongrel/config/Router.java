package io.throng.mongrel.config;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Mongrel2's routing over a {@link GatewayConfig}: the host is chosen by the longest name matching the
 * end of the {@code Host:} header (else the default host); within it the route with the longest
 * prefix of the path is taken, and if its pattern then fails the answer is 404 — no fallback to a
 * shorter prefix, exactly as Mongrel2 does.
 */
public final class Router {

    /** A routing decision: the route and its target; {@code route.spec()} goes to the handler as PATTERN. */
    public record Match(GatewayConfig.Host host, GatewayConfig.Route route) {}

    private record CompiledRoute(RoutePattern pattern, GatewayConfig.Route route) {}

    private record CompiledHost(GatewayConfig.Host host, List<CompiledRoute> routes) {}

    private final List<CompiledHost> hosts;
    private final Optional<CompiledHost> defaultHost;

    public Router(GatewayConfig config) {
        this.hosts = config.hosts().stream().map(h -> new CompiledHost(h, h.routes().stream()
                .map(r -> new CompiledRoute(RoutePattern.compile(r.spec(), "route", 0), r))
                .sorted(Comparator.comparingInt((CompiledRoute r) -> r.pattern().prefix().length()).reversed())
                .toList())).toList();
        this.defaultHost = config.defaultHost().flatMap(name -> hosts.stream()
                .filter(h -> h.host().names().contains(name)).findFirst())
                .or(() -> hosts.stream().findFirst());
    }

    /** Routes a request; empty means 404. */
    public Optional<Match> route(String hostHeader, String path) {
        Optional<CompiledHost> host = findHost(hostHeader).or(() -> defaultHost);
        if (host.isEmpty()) {
            return Optional.empty();
        }
        // A loop, not a stream: this runs for every relayed request.
        for (CompiledRoute r : host.get().routes()) {
            if (path.startsWith(r.pattern().prefix())) {
                // The longest prefix decides; its pattern must match too, with no fallback (Mongrel2's rule).
                return r.pattern().matches(path) ? Optional.of(new Match(host.get().host(), r.route())) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private Optional<CompiledHost> findHost(String hostHeader) {
        if (hostHeader == null) {
            return Optional.empty();
        }
        String name = stripPort(hostHeader).toLowerCase(Locale.ROOT);
        CompiledHost best = null;
        int bestLength = -1;
        for (CompiledHost h : hosts) {
            for (String candidate : h.host().names()) {
                String c = candidate.toLowerCase(Locale.ROOT);
                boolean wildcard = c.startsWith("*.");
                String suffix = wildcard ? c.substring(1) : c;
                boolean hit = wildcard ? name.endsWith(suffix) : name.equals(c) || name.endsWith("." + c);
                if (hit && suffix.length() > bestLength) {
                    best = h;
                    bestLength = suffix.length();
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }
}
