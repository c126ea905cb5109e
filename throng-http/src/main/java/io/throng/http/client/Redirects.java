package io.throng.http.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * RFC 9110 15.4: which redirects are followed and what the next request is. 301 and 302 turn POST
 * into GET (what every browser does), 303 turns everything but HEAD into GET, 307 and 308 keep the
 * method and body. Credentials stay with their origin; https never redirects to http unless allowed.
 */
final class Redirects {
    private static final Set<String> CREDENTIALS = Set.of("authorization", "cookie", "proxy-authorization");
    private static final Set<String> CONTENT = Set.of("content-type", "content-encoding", "content-language",
            "content-location");

    private Redirects() {}

    /** @return the request to send next, or null to return {@code response} to the caller */
    static ClientRequest next(ClientRequest request, ClientResponse response, ClientOptions options, int followed)
            throws RedirectException {
        int status = response.status();
        if (options.maxRedirects() == 0 || status != 301 && status != 302 && status != 303 && status != 307
                && status != 308) {
            return null;
        }
        String location = response.header("location");
        if (location == null) {
            return null;
        }
        boolean keepMethod = status == 307 || status == 308
                || (status == 301 || status == 302) && !request.method().equals("POST")
                || status == 303 && request.method().equals("HEAD");
        if (keepMethod && !request.body().repeatable()) {
            return null; // the body was a stream, already sent: the caller decides
        }
        if (followed == options.maxRedirects()) {
            response.close();
            throw new RedirectException("more than " + options.maxRedirects() + " redirects, the last from "
                    + request.uri() + " to " + location);
        }
        URI target;
        try {
            target = request.uri().resolve(new URI(location));
            Origin.of(target);
        } catch (URISyntaxException | IllegalArgumentException e) {
            response.close();
            throw new RedirectException("invalid redirect Location from " + request.uri() + ": " + location);
        }
        Origin from = Origin.of(request.uri());
        Origin to = Origin.of(target);
        if (from.https() && !to.https() && !options.allowHttpsToHttp()) {
            response.close();
            throw new RedirectException("refused redirect from https to http: " + request.uri() + " -> " + target);
        }
        List<ClientRequest.Field> headers = new ArrayList<>();
        for (ClientRequest.Field f : request.headers()) {
            String name = f.name().toLowerCase(Locale.ROOT);
            if (!from.equals(to) && CREDENTIALS.contains(name) || !keepMethod && CONTENT.contains(name)) {
                continue;
            }
            headers.add(f);
        }
        return keepMethod
                ? new ClientRequest(request.method(), target, headers, request.body())
                : new ClientRequest("GET", target, headers, RequestBody.empty());
    }
}
