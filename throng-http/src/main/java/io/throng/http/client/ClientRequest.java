package io.throng.http.client;

import io.throng.http.HeaderSyntax;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A request to send with {@link HttpClient#send}: method, absolute http or https URI, header fields
 * in order, and a body. Immutable; {@link #header} returns a copy with one more field. The client
 * writes the framing fields itself (Host, Content-Length, Transfer-Encoding, Connection), so they
 * cannot be set here.
 */
public record ClientRequest(String method, URI uri, List<Field> headers, RequestBody body) {
    private static final Set<String> FRAMING =
            Set.of("host", "content-length", "transfer-encoding", "connection", "te", "upgrade", "trailer");

    /** One header field; checked against RFC 9110's syntax when made. */
    public record Field(String name, String value) {
        public Field {
            HeaderSyntax.checkField(name, value);
            if (FRAMING.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(name + " is written by the client itself");
            }
        }
    }

    public ClientRequest {
        try {
            HeaderSyntax.checkField(method, "");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid method: " + method);
        }
        Origin.of(uri);
        headers = List.copyOf(headers);
    }

    public static ClientRequest get(String uri) {
        return get(URI.create(uri));
    }

    public static ClientRequest get(URI uri) {
        return new ClientRequest("GET", uri, List.of(), RequestBody.empty());
    }

    public static ClientRequest post(URI uri, RequestBody body) {
        return new ClientRequest("POST", uri, List.of(), body);
    }

    public static ClientRequest of(String method, URI uri, RequestBody body) {
        return new ClientRequest(method, uri, List.of(), body);
    }

    public ClientRequest header(String name, String value) {
        List<Field> more = new ArrayList<>(headers);
        more.add(new Field(name, value));
        return new ClientRequest(method, uri, more, body);
    }

    /** The first value of the named field, or null. */
    public String header(String name) {
        for (Field f : headers) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.value();
            }
        }
        return null;
    }

    /** RFC 9110 9.2.2: a request that may be repeated without a different effect. */
    boolean idempotent() {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
            default -> false;
        };
    }
}
