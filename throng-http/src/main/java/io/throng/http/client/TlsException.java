package io.throng.http.client;

/**
 * The TLS handshake failed; {@link #problem()} says whether the server's certificate had expired,
 * was issued for another host, or was not signed by a trusted authority.
 */
public final class TlsException extends HttpClientException {
    public enum Problem {
        EXPIRED("certificate has expired or is not yet valid"),
        WRONG_HOST("certificate is not valid for this host name"),
        UNTRUSTED("certificate is not signed by a trusted authority"),
        /** Anything else: no common protocol or cipher suite, an alert from the server. */
        HANDSHAKE("handshake failed");

        private final String label;

        Problem(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Problem problem;

    TlsException(Problem problem, String origin, Throwable cause) {
        super("TLS with " + origin + ": " + problem.label() + " (" + cause.getMessage() + ")", cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
