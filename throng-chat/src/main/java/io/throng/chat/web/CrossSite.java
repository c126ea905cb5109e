package io.throng.chat.web;

import io.throng.http.Handler;
import io.throng.http.Request;
import java.net.URI;
import java.util.List;

/**
 * Refuses cross-site requests to the routes that change state (CSRF): login and the other account
 * routes, opening a web connection and posting its frames. A browser says where a request comes from
 * in {@code Sec-Fetch-Site} (all current browsers) and {@code Origin} (all POSTs); a request whose
 * {@code Sec-Fetch-Site} is neither {@code same-origin} nor {@code none}, or whose {@code Origin} is not
 * this server (nor an origin the operator allowed), gets 403. Non-browser clients send neither and carry
 * no ambient cookie, so they pass. The session cookie's SameSite=Strict is the second wall.
 */
final class CrossSite {
    static final String REFUSED =
            "{\"error\":\"cross_site\",\"message\":\"requests from other sites are refused\"}";

    private final List<String> allowedOrigins;

    CrossSite(List<String> allowedOrigins) {
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** Whether a page at {@code origin} may talk to this server at {@code host}; no Origin (not a browser) may. */
    boolean originAllowed(String origin, String host) {
        if (origin == null || allowedOrigins.contains("*") || allowedOrigins.contains(origin)) {
            return true;
        }
        try {
            String authority = URI.create(origin).getRawAuthority();
            return authority != null && host != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    boolean allowed(Request req) {
        String origin = req.header("origin");
        if (origin != null && allowedOrigins.contains(origin)) {
            return true; // listed by the operator: cross-site on purpose
        }
        String site = req.header("sec-fetch-site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return false;
        }
        return origin == null || originAllowed(origin, req.header("host"));
    }

    /** {@code handler}, behind the check. */
    Handler guard(Handler handler) {
        return (req, res) -> {
            if (allowed(req)) {
                handler.handle(req, res);
            } else {
                ChatWeb.json(res, 403, REFUSED);
            }
        };
    }
}
