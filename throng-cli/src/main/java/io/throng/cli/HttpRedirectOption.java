package io.throng.cli;

import io.throng.http.HttpOptions;
import io.throng.http.HttpServer;
import io.throng.http.Request;
import io.throng.http.Response;
import io.throng.net.ServerOptions;
import java.io.IOException;
import java.net.BindException;
import picocli.CommandLine.Option;

/**
 * {@code --http-redirect PORT} (a picocli mixin beside {@link TlsOptions}, for the commands that serve
 * one TLS port): a plain HTTP listener that answers every request with 308 to the same host and target
 * on https, at the TLS port. It serves nothing else, so a visitor who types http:// lands on the https
 * site and no content is ever sent in clear.
 */
final class HttpRedirectOption {
    @Option(names = "--http-redirect", paramLabel = "PORT",
            description = "Also listen on PORT (plain HTTP) and answer every request there with 308 to https on the TLS port.")
    Integer port;

    /** Refuses a redirect without TLS to redirect to. */
    void check(TlsOptions tls) {
        if (port != null && !tls.enabled()) {
            throw new EnvironmentException("--http-redirect sends clients to https: give a certificate too (--tls-cert/--tls-key, ...)");
        }
    }

    /** Starts the redirecting listener on {@code host} (null if not asked for); {@code reusePort} in pre-fork workers. */
    HttpServer start(String host, int tlsPort, boolean reusePort) {
        if (port == null) {
            return null;
        }
        try {
            return HttpServer.start(ServerOptions.of(host, port).withReusePort(reusePort), HttpOptions.defaults(),
                    (req, res) -> redirect(req, res, host, tlsPort));
        } catch (BindException e) {
            throw new EnvironmentException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        } catch (IOException e) {
            throw new EnvironmentException("cannot start the redirect listener: " + e.getMessage());
        }
    }

    private static void redirect(Request req, Response res, String boundHost, int tlsPort) {
        String name = hostName(req.host() != null ? req.host() : boundHost);
        String target = req.target().startsWith("/") ? req.target() : "/";
        res.redirect(308, "https://" + name + (tlsPort == 443 ? "" : ":" + tlsPort) + target);
    }

    /** The host without its port: {@code [::1]:80} is {@code [::1]}, {@code a:80} is {@code a}; a bare IPv6 address gets brackets. */
    static String hostName(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(0, end + 1) : host;
        }
        int colon = host.indexOf(':');
        if (colon < 0) {
            return host;
        }
        return host.indexOf(':', colon + 1) < 0 ? host.substring(0, colon) : "[" + host + "]";
    }
}
