package io.throng.http.client;

import java.net.URI;
import java.util.Locale;

/** Scheme, host and port: what a pooled connection is good for (RFC 6454). */
record Origin(boolean https, String host, int port) {
    static Origin of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean https = switch (scheme) {
            case "https" -> true;
            case "http" -> false;
            default -> throw new IllegalArgumentException("not an http or https URI: " + uri);
        };
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("URI without a host: " + uri);
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("user info in a URI is not sent: " + uri);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
        return new Origin(https, host.toLowerCase(Locale.ROOT), port);
    }

    /** The host to resolve and to check the certificate against: IPv6 literals without brackets. */
    String hostName() {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** The Host header's value: the port only when it is not the scheme's default. */
    String authority() {
        return port == (https ? 443 : 80) ? host : host + ":" + port;
    }

    @Override
    public String toString() {
        return (https ? "https://" : "http://") + host + ":" + port;
    }
}
