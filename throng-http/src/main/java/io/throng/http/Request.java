package io.throng.http;

import io.throng.net.tls.TlsInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request as a handler sees it. Everything derived (query, cookies, form) is parsed on first
 * use. The body is a stream that reads from the socket as the handler asks; it may be read once.
 */
public final class Request {
    private final RequestHead head;
    private final Body body;
    private final SocketAddress remote;
    private final TlsInfo tls;
    private final long maxBody;
    private Map<String, String> pathParams = Map.of();
    private Map<String, List<String>> query;
    private Map<String, String> cookies;
    private Map<String, List<String>> form;
    private final long startNanos;

    /** {@code startNanos}: when the exchange began, the one clock read an exchange makes before its end. */
    Request(RequestHead head, Body body, SocketAddress remote, TlsInfo tls, long maxBody, long startNanos) {
        this.head = head;
        this.startNanos = startNanos;
        this.body = body;
        this.remote = remote;
        this.tls = tls;
        this.maxBody = maxBody;
    }

    public String method() {
        return head.method();
    }

    /** The request-target exactly as sent. */
    public String target() {
        return head.target();
    }

    /** The path, still percent-encoded ("*" for {@code OPTIONS *}). */
    public String path() {
        return head.path();
    }

    /** The raw query string without '?', or null. */
    public String rawQuery() {
        return head.query();
    }

    /** "HTTP/1.0" or "HTTP/1.1". */
    public String version() {
        return head.minorVersion() == 0 ? "HTTP/1.0" : "HTTP/1.1";
    }

    /** The host the request is addressed to (from an absolute target or the Host field), or null. */
    public String host() {
        return head.host();
    }

    public Headers headers() {
        return head.headers();
    }

    /** The first value of a header field, or null. */
    public String header(String name) {
        return head.headers().get(name);
    }

    public SocketAddress remoteAddress() {
        return remote;
    }

    /** True if the request arrived over TLS (on this server's own socket, not behind a proxy). */
    public boolean secure() {
        return tls != null;
    }

    /** "https" over TLS, else "http": what an absolute URL back to this server starts with. */
    public String scheme() {
        return tls != null ? "https" : "http";
    }

    /** What the connection's TLS handshake agreed (version, suite, ALPN, SNI name), or null over plain TCP. */
    public TlsInfo tls() {
        return tls;
    }

    /** When the request head was parsed, from {@link System#nanoTime()}. */
    public long startNanos() {
        return startNanos;
    }

    /** A path parameter bound by the router ({@code /rooms/{id}} binds "id"), decoded, or null. */
    public String param(String name) {
        return pathParams.get(name);
    }

    void pathParams(Map<String, String> params) {
        this.pathParams = params;
    }

    /** The first value of a query parameter, or null. */
    public String query(String name) {
        List<String> v = queryParams().get(name);
        return v == null ? null : v.getFirst();
    }

    public Map<String, List<String>> queryParams() {
        if (query == null) {
            query = decodeForm(head.query());
        }
        return query;
    }

    /** Cookies sent by the client (first value wins for a repeated name). */
    public Map<String, String> cookies() {
        if (cookies == null) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String line : head.headers().all("Cookie")) {
                for (String pair : line.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        String v = pair.substring(eq + 1).strip();
                        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                            v = v.substring(1, v.length() - 1);
                        }
                        m.putIfAbsent(pair.substring(0, eq).strip(), v);
                    }
                }
            }
            cookies = Collections.unmodifiableMap(m);
        }
        return cookies;
    }

    public String cookie(String name) {
        return cookies().get(name);
    }

    /** The body as a stream (sends 100 Continue first if the client waits for it). */
    public InputStream body() {
        return body;
    }

    /** The whole body, at most the server's body limit (413 beyond it). */
    public byte[] bodyBytes() throws IOException {
        byte[] all = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
        if (all.length > maxBody) {
            throw new HttpException(413, "request body too large");
        }
        return all;
    }

    public String bodyText() throws IOException {
        return new String(bodyBytes(), StandardCharsets.UTF_8);
    }

    /** The body parsed as JSON into {@code type} (400 if it is not valid JSON for it). */
    public <T> T json(Class<T> type) throws IOException {
        try {
            return Json.MAPPER.readValue(bodyBytes(), type);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new HttpException(400, "invalid JSON body");
        }
    }

    /** Fields of an {@code application/x-www-form-urlencoded} body (empty for other types). */
    public Map<String, List<String>> form() throws IOException {
        if (form == null) {
            String type = header("Content-Type");
            boolean urlencoded = type != null
                    && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
            form = urlencoded ? decodeForm(new String(bodyBytes(), StandardCharsets.ISO_8859_1)) : Map.of();
        }
        return form;
    }

    public String formValue(String name) throws IOException {
        List<String> v = form().get(name);
        return v == null ? null : v.getFirst();
    }

    static Map<String, List<String>> decodeForm(String s) {
        if (s == null || s.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String pair : s.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                m.computeIfAbsent(k, x -> new ArrayList<>(1)).add(v);
            } catch (IllegalArgumentException e) {
                throw new HttpException(400, "malformed percent-encoding");
            }
        }
        return Collections.unmodifiableMap(m);
    }
}
