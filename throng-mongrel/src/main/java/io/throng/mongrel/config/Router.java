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

    /** A route with its pattern compiled and its answer built once: routing allocates nothing. */
    private record CompiledRoute(RoutePattern pattern, Optional<Match> match) {}

    /**
     * One host name as matched: {@code suffix} lower-case, with its leading dot for a wildcard ({@code
     * *.example.com} is {@code .example.com}, which must end the name).
     */
    private record HostName(String suffix, boolean wildcard) {}

    private record CompiledHost(GatewayConfig.Host host, List<HostName> names, List<CompiledRoute> routes) {}

    private final List<CompiledHost> hosts;
    private final Optional<CompiledHost> defaultHost;

    public Router(GatewayConfig config) {
        this.hosts = config.hosts().stream().map(h -> new CompiledHost(h, h.names().stream().map(Router::hostName).toList(),
                h.routes().stream()
                .map(r -> new CompiledRoute(RoutePattern.compile(r.spec(), "route", 0), Optional.of(new Match(h, r))))
                .sorted(Comparator.comparingInt((CompiledRoute r) -> r.pattern().prefix().length()).reversed())
                .toList())).toList();
        this.defaultHost = config.defaultHost().flatMap(name -> hosts.stream()
                .filter(h -> h.host().names().contains(name)).findFirst())
                .or(() -> hosts.stream().findFirst());
    }

    private static HostName hostName(String configured) {
        String c = configured.toLowerCase(Locale.ROOT);
        return c.startsWith("*.") ? new HostName(c.substring(1), true) : new HostName(c, false);
    }

    /** Routes a request; empty means 404. */
    public Optional<Match> route(String hostHeader, String path) {
        CompiledHost host = findHost(hostHeader);
        if (host == null) {
            host = defaultHost.orElse(null);
            if (host == null) {
                return Optional.empty();
            }
        }
        // A loop, not a stream: this runs for every relayed request.
        for (CompiledRoute r : host.routes()) {
            if (path.startsWith(r.pattern().prefix())) {
                // The longest prefix decides; its pattern must match too, with no fallback (Mongrel2's rule).
                return r.pattern().matches(path) ? r.match() : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * The host whose name is the longest match for the end of {@code hostHeader} (port removed), or null.
     * Runs per request, so an ASCII header (any real one) is compared in place, folding A-Z; any other is
     * lower-cased as a string first, since lower-casing may change its length.
     */
    private CompiledHost findHost(String hostHeader) {
        if (hostHeader == null) {
            return null;
        }
        String name = hostHeader;
        int end = nameEnd(hostHeader);
        if (!isAscii(hostHeader, end)) {
            name = hostHeader.substring(0, end).toLowerCase(Locale.ROOT);
            end = name.length();
        }
        CompiledHost best = null;
        int bestLength = -1;
        for (CompiledHost h : hosts) {
            for (HostName candidate : h.names()) {
                String suffix = candidate.suffix();
                boolean hit = endsWith(name, end, suffix)
                        && (candidate.wildcard() || end == suffix.length() || name.charAt(end - suffix.length() - 1) == '.');
                if (hit && suffix.length() > bestLength) {
                    best = h;
                    bestLength = suffix.length();
                }
            }
        }
        return best;
    }

    /** Whether {@code name[0, end)} ends with {@code suffix} (lower-case), A-Z folded to a-z. */
    private static boolean endsWith(String name, int end, String suffix) {
        int from = end - suffix.length();
        if (from < 0) {
            return false;
        }
        for (int i = 0; i < suffix.length(); i++) {
            char c = name.charAt(from + i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != suffix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(String s, int end) {
        for (int i = 0; i < end; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Where the name ends: before a {@code :port}, after an IPv6 literal's {@code ]}. */
    private static int nameEnd(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host.length() : end + 1;
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host.length() : colon;
    }
}
