package io.throng.load;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * What every HTTP request of a run looks like; the engine sends these exact bytes again and again.
 *
 * @param host the target's host as written in the URL (also the Host header)
 * @param port the target's port
 * @param target the request target: path and query
 * @param method the request method, e.g. GET
 * @param headers extra header lines, {@code Name: value}; Host and Content-Length are added when absent
 * @param body the request body, empty for none
 * @param secure https://: every connection speaks TLS, the certificate checked against {@code trust} and {@code host}
 * @param trust whom an https:// connection trusts
 */
public record HttpWorkload(String host, int port, String target, String method, List<String> headers, byte[] body,
        boolean secure, TlsTrust trust) {

    /** A plain http:// workload. */
    public HttpWorkload(String host, int port, String target, String method, List<String> headers, byte[] body) {
        this(host, port, target, method, headers, body, false, TlsTrust.JDK);
    }

    public HttpWorkload {
        headers = List.copyOf(headers);
        body = body.clone();
        trust = trust == null ? TlsTrust.JDK : trust;
        if (!method.matches("[A-Z]+")) {
            throw new IllegalArgumentException("method must be upper-case letters: " + method);
        }
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon < 1 || h.indexOf('\r') >= 0 || h.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header must be 'Name: value' on one line: " + h);
            }
        }
    }

    /** A GET of {@code url} (http only) with no extra headers. */
    public static HttpWorkload get(String url) {
        return of(url, "GET", List.of(), new byte[0]);
    }

    /** Builds a workload from an {@code http://} or {@code https://host:port/path?query} URL (JDK trust). */
    public static HttpWorkload of(String url, String method, List<String> headers, byte[] body) {
        return of(url, method, headers, body, TlsTrust.JDK);
    }

    /** Builds a workload from an {@code http://} or {@code https://host:port/path?query} URL. */
    public static HttpWorkload of(String url, String method, List<String> headers, byte[] body, TlsTrust trust) {
        URI uri = URI.create(url);
        boolean secure = "https".equalsIgnoreCase(uri.getScheme());
        if (!(secure || "http".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("URL must be http:// or https://host[:port]/path, got " + url);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        int port = uri.getPort() == -1 ? secure ? 443 : 80 : uri.getPort();
        return new HttpWorkload(uri.getHost(), port, target, method, headers, body, secure, trust);
    }

    /** True when the method's responses carry no body whatever their headers say. */
    public boolean bodylessResponses() {
        return method.equals("HEAD");
    }

    /** The complete request as sent on the wire. */
    public byte[] requestBytes() {
        StringBuilder sb = new StringBuilder(128);
        sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        if (!hasHeader("host")) {
            sb.append("Host: ").append(host.contains(":") ? "[" + host + "]" : host);
            if (port != (secure ? 443 : 80)) {
                sb.append(':').append(port);
            }
            sb.append("\r\n");
        }
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        if (body.length > 0 && !hasHeader("content-length")) {
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private boolean hasHeader(String lowerName) {
        for (String h : headers) {
            if (h.substring(0, h.indexOf(':')).trim().toLowerCase(Locale.ROOT).equals(lowerName)) {
                return true;
            }
        }
        return false;
    }

    /** One line for the report: what was measured. */
    public String describe() {
        return method + (secure ? " https://" : " http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port
                + target + (secure ? trust.describe() : "");
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
