package io.throng.load;

import io.throng.net.tls.TlsClient;
import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.util.Locale;

/**
 * Why a TLS handshake of the load generator failed. The certificate problems are told apart because each has a
 * different fix (give the CA, renew the certificate, use the name the certificate carries); everything else the
 * server said or did is {@link #HANDSHAKE}.
 */
public enum TlsFailure {
    /** Not signed by an authority the run trusts (self-signed, or a CA not given with --cacert). */
    UNTRUSTED("the server's certificate is not trusted (give its CA with --cacert, or -k)"),
    /** Past its validity period. */
    EXPIRED("the server's certificate has expired"),
    /** Before its validity period. */
    NOT_YET_VALID("the server's certificate is not yet valid"),
    /** Trusted, but not for the host in the URL. */
    WRONG_HOST("the server's certificate is not for the URL's host"),
    /** The server closed the connection before the handshake finished. */
    CLOSED("the server closed the connection during the handshake"),
    /** The handshake took longer than the timeout. */
    TIMED_OUT("the handshake did not finish within the timeout"),
    /** Any other failure: an alert from the server, no common protocol or cipher, not TLS at all. */
    HANDSHAKE("the handshake failed otherwise (alert, no common protocol or cipher, not TLS)");

    private final String meaning;

    TlsFailure(String meaning) {
        this.meaning = meaning;
    }

    /** The failure behind a handshake's exception. */
    public static TlsFailure of(Throwable e) {
        TlsClient.CertificateProblem problem = TlsClient.certificateProblem(e);
        if (problem != null) {
            return switch (problem) {
                case EXPIRED -> EXPIRED;
                case NOT_YET_VALID -> NOT_YET_VALID;
                case WRONG_HOST -> WRONG_HOST;
                case UNTRUSTED -> UNTRUSTED;
            };
        }
        if (e instanceof SocketTimeoutException) {
            return TIMED_OUT;
        }
        return e instanceof EOFException || !(e instanceof javax.net.ssl.SSLException) ? CLOSED : HANDSHAKE;
    }

    /** True when {@code e}, or one of its causes, is a TLS failure (for clients that report through exceptions). */
    public static boolean isTls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                return true;
            }
        }
        return false;
    }

    /** The lower-case name used in summaries and JSON. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What it means, in a few words for the report. */
    public String meaning() {
        return meaning;
    }
}
