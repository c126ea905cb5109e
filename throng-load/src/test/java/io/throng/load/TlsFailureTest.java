package io.throng.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * The reasons that need a certificate the tests cannot cheaply get a server to present (expired, not yet valid),
 * classified from the exception chains the JDK builds; untrusted, wrong host and closed are tested against real
 * servers ({@code HttpsLoadTest}).
 */
class TlsFailureTest {

    private static SSLHandshakeException handshake(Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException("PKIX path validation failed");
        e.initCause(cause);
        return e;
    }

    @Test
    void certificateProblemsDeepInTheChainAreNamed() {
        assertEquals(TlsFailure.EXPIRED, TlsFailure.of(handshake(new IOException(new CertificateExpiredException()))));
        assertEquals(TlsFailure.NOT_YET_VALID, TlsFailure.of(handshake(new CertificateNotYetValidException())));
    }

    @Test
    void whatIsNotTheCertificateIsClosedTimedOutOrHandshake() {
        assertEquals(TlsFailure.CLOSED, TlsFailure.of(new EOFException("closed during the handshake")));
        assertEquals(TlsFailure.TIMED_OUT, TlsFailure.of(new SocketTimeoutException("timed out")));
        assertEquals(TlsFailure.HANDSHAKE, TlsFailure.of(new SSLHandshakeException("Received fatal alert: handshake_failure")));
        assertEquals(TlsFailure.HANDSHAKE, TlsFailure.of(new SSLException("Unsupported or unrecognized SSL message")));
    }

    @Test
    void onlyAnSslExceptionInTheChainMakesAFailureTls() {
        assertTrue(TlsFailure.isTls(new IOException(new SSLHandshakeException("x"))));
        assertFalse(TlsFailure.isTls(new java.net.ConnectException("Connection refused")));
        assertFalse(TlsFailure.isTls(new IOException("upgrade answered 404")));
    }
}
