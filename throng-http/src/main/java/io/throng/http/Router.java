package io.throng.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps method and path to handlers. Patterns are literal segments, {@code {name}} for one segment and
 * a final {@code {name...}} for the rest of the path. Routes are tried in the order they were added.
 * A path that matches no route is 404; a path that matches only under other methods is 405 with an
 * {@code Allow} header. HEAD falls back to the GET handler (the engine drops the body). Filters wrap
 * every route, in the order added (the first added is outermost).
 */
public final class Router implements Handler {
    private record Route(String method, String[] segments, Handler handler) {}

    private final List<Route> routes = new ArrayList<>();
    /**
     * Routes without parameters by their exact pattern, in the order added: a request whose path is one of
     * them is answered without splitting the path into segments (bench/http's profile, 2026-12-06: the
     * split was the second-largest allocation per request). Only for routes added before the first route
     * with a parameter, so the answer is the one the ordered scan would give.
     */
    private final Map<String, List<Route>> literals = new HashMap<>();
    /** Whether a route with a parameter was added: literal routes added after it take the ordered scan. */
    private boolean parameterSeen;
    private final List<Filter> filters = new ArrayList<>();
    private Handler chain = this::dispatch;

    public Router get(String pattern, Handler h) {
        return route("GET", pattern, h);
    }

    public Router post(String pattern, Handler h) {
        return route("POST", pattern, h);
    }

    public Router put(String pattern, Handler h) {
        return route("PUT", pattern, h);
    }

    public Router delete(String pattern, Handler h) {
        return route("DELETE", pattern, h);
    }

    public Router route(String method, String pattern, Handler h) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("pattern must start with /: " + pattern);
        }
        String[] segs = split(pattern);
        for (int i = 0; i < segs.length; i++) {
            if (segs[i].endsWith("...}") && i != segs.length - 1) {
                throw new IllegalArgumentException("{name...} must be the last segment: " + pattern);
            }
        }
        Route r = new Route(method, segs, h);
        routes.add(r);
        boolean literal = true;
        for (String seg : segs) {
            literal &= !isParameter(seg);
        }
        if (!literal) {
            parameterSeen = true;
        } else if (!parameterSeen) {
            literals.computeIfAbsent(pattern, k -> new ArrayList<>(2)).add(r);
        }
        return this;
    }

    public Router filter(Filter f) {
        filters.add(f);
        Handler h = this::dispatch;
        for (int i = filters.size() - 1; i >= 0; i--) {
            h = filters.get(i).around(h);
        }
        chain = h;
        return this;
    }

    @Override
    public void handle(Request req, Response res) throws Exception {
        chain.handle(req, res);
    }

    private void dispatch(Request req, Response res) throws Exception {
        List<Route> exact = literals.get(req.path());
        if (exact != null) {
            // Every route before these has no parameter and another path (patterns and paths both start
            // with "/" here, so equal segments mean equal strings): the first with this method is the one
            // the scan would find. Other methods (405, HEAD's fallback) take the scan.
            for (Route r : exact) {
                if (r.method.equals(req.method())) {
                    r.handler.handle(req, res); // pathParams stay the empty map
                    return;
                }
            }
        }
        String[] path = split(req.path());
        Set<String> allowed = null; // made only when a path matches under another method
        Route headFallback = null;
        Map<String, String> headParams = null;
        for (Route r : routes) {
            Map<String, String> params = match(r.segments, path);
            if (params == null) {
                continue;
            }
            if (r.method.equals(req.method())) {
                req.pathParams(params);
                r.handler.handle(req, res);
                return;
            }
            if (headFallback == null && r.method.equals("GET") && req.method().equals("HEAD")) {
                headFallback = r;
                headParams = params;
            }
            if (allowed == null) {
                allowed = new LinkedHashSet<>();
            }
            allowed.add(r.method);
        }
        if (headFallback != null) {
            req.pathParams(headParams);
            headFallback.handler.handle(req, res);
            return;
        }
        if (allowed == null) {
            res.send(404, "not found\n");
            return;
        }
        if (allowed.contains("GET")) {
            allowed.add("HEAD");
        }
        res.header("Allow", String.join(", ", allowed));
        res.send(405, "method not allowed\n");
    }

    private static Map<String, String> match(String[] pattern, String[] path) {
        Map<String, String> params = null;
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            boolean param = isParameter(p);
            if (param && p.endsWith("...}")) {
                StringBuilder rest = new StringBuilder();
                for (int j = i; j < path.length; j++) {
                    if (j > i) {
                        rest.append('/');
                    }
                    rest.append(path[j]);
                }
                params = put(params, p.substring(1, p.length() - 4), rest.toString());
                return params;
            }
            if (i >= path.length) {
                return null;
            }
            if (param) {
                if (path[i].isEmpty()) {
                    return null;
                }
                params = put(params, p.substring(1, p.length() - 1), path[i]);
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        if (pattern.length != path.length) {
            return null;
        }
        return params == null ? Map.of() : params;
    }

    private static Map<String, String> put(Map<String, String> m, String name, String rawValue) {
        if (m == null) {
            m = new LinkedHashMap<>(4);
        }
        try {
            m.put(name, URLDecoder.decode(rawValue.replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new HttpException(400, "malformed percent-encoding in path");
        }
        return m;
    }


    private static boolean isParameter(String segment) {
        return segment.length() > 2 && segment.charAt(0) == '{' && segment.endsWith("}");
    }

    private static String[] split(String path) {
        if (path.equals("/") || path.equals("*")) {
            return new String[0];
        }
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.split("/", -1);
    }
}
