package io.throng.http.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Opens connections: TCP with the connect timeout, then for https the JDK's TLS (1.3 or 1.2) with
 * SNI, the handshake timeout and the host name checked against the certificate (endpoint
 * identification "HTTPS", RFC 2818). Certificate failures become a {@link TlsException} that says
 * which of expired, wrong host or untrusted it was.
 */
final class Connector {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private final ClientOptions options;
    private volatile SSLSocketFactory tls;

    Connector(ClientOptions options) {
        this.options = options;
    }

    PooledConnection connect(Origin origin) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            try {
                socket.connect(new InetSocketAddress(origin.hostName(), origin.port()),
                        millis(options.connectTimeout().toMillis()));
            } catch (SocketTimeoutException e) {
                throw new ClientTimeoutException(ClientTimeoutException.Timeout.CONNECT, "no connection to "
                        + origin + " within " + options.connectTimeout().toMillis() + " ms", e);
            }
            if (origin.https()) {
                socket = handshake(socket, origin);
            }
            return new PooledConnection(origin, socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private SSLSocket handshake(Socket plain, Origin origin) throws IOException {
        SSLSocket ssl = (SSLSocket) factory().createSocket(plain, origin.hostName(), origin.port(), true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        params.setProtocols(PROTOCOLS);
        if (!origin.hostName().contains(":") && !origin.hostName().matches("[0-9.]+")) {
            params.setServerNames(List.of(new SNIHostName(origin.hostName())));
        }
        ssl.setSSLParameters(params);
        ssl.setSoTimeout(millis(options.tlsHandshakeTimeout().toMillis()));
        try {
            ssl.startHandshake();
        } catch (SocketTimeoutException e) {
            ssl.close();
            throw new ClientTimeoutException(ClientTimeoutException.Timeout.TLS_HANDSHAKE, "no TLS session with "
                    + origin + " within " + options.tlsHandshakeTimeout().toMillis() + " ms", e);
        } catch (SSLHandshakeException e) {
            ssl.close();
            throw new TlsException(problem(e), origin.toString(), e);
        }
        return ssl;
    }

    /** Reads the cause chain the JDK's trust manager and host name checker leave behind. */
    static TlsException.Problem problem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException
                    || t instanceof CertPathValidatorException v
                            && v.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                return TlsException.Problem.EXPIRED;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return TlsException.Problem.UNTRUSTED;
            }
            String m = String.valueOf(t.getMessage());
            if (t instanceof java.security.cert.CertificateException
                    && (m.startsWith("No subject alternative") || m.startsWith("No name matching"))) {
                return TlsException.Problem.WRONG_HOST;
            }
        }
        return TlsException.Problem.HANDSHAKE;
    }

    private SSLSocketFactory factory() throws IOException {
        SSLSocketFactory f = tls;
        if (f == null) {
            synchronized (this) {
                if (tls == null) {
                    tls = context(options.trust()).getSocketFactory();
                }
                f = tls;
            }
        }
        return f;
    }

    private static SSLContext context(Trust trust) throws IOException {
        try {
            return switch (trust) {
                case Trust.SystemStore s -> SSLContext.getDefault();
                case Trust.CaCertificates ca -> {
                    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                    store.load(null, null);
                    int i = 0;
                    try (InputStream in = Files.newInputStream(ca.pemFile())) {
                        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                            store.setCertificateEntry("ca" + i++, c);
                        }
                    }
                    if (i == 0) {
                        throw new IOException("no certificates in " + ca.pemFile());
                    }
                    TrustManagerFactory tmf =
                            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                    tmf.init(store);
                    SSLContext ctx = SSLContext.getInstance("TLS");
                    ctx.init(null, tmf.getTrustManagers(), null);
                    yield ctx;
                }
            };
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    static int millis(long ms) {
        return (int) Math.clamp(ms, 1, Integer.MAX_VALUE);
    }
}
