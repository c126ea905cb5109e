package io.throng.net.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The client side's TLS setup: whom to trust, and client engines for one host each. TLS 1.3 and 1.2, the
 * server's certificate checked against the trust and its names against the host (as HTTPS does, RFC 2818:
 * a DNS name, or an IP address in the certificate's IP names), SNI sent for a host name.
 *
 * <p>{@link #insecure()} trusts any certificate for any host: for load-testing a server with a self-signed
 * certificate, never for anything that matters.
 */
public final class TlsClient {
    private final SSLContext context;
    private final boolean verify;

    private TlsClient(SSLContext context, boolean verify) {
        this.context = context;
        this.verify = verify;
    }

    /** Trusts what the JDK's trust store (cacerts) trusts. One instance: the store is read once. */
    public static TlsClient jdkTrust() {
        return JdkTrust.CLIENT;
    }

    private static final class JdkTrust {
        static final TlsClient CLIENT;

        static {
            try {
                CLIENT = of(null, true);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK's default TLS setup failed", e);
            }
        }
    }

    /** Trusts the certificates of a PEM file (one or more CA certificates, or a self-signed server's own) and no other. */
    public static TlsClient trusting(Path caPem) throws IOException {
        try (InputStream in = Files.newInputStream(caPem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IOException(caPem + ": no certificate in it");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certificates) {
                store.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return of(factory.getTrustManagers(), true);
        } catch (GeneralSecurityException e) {
            throw new IOException(caPem + ": not a PEM certificate file (" + e.getMessage() + ")", e);
        }
    }

    /** Accepts any certificate for any host: for load-testing a self-signed server only. */
    public static TlsClient insecure() {
        try {
            return of(new TrustManager[] {new TrustingAll()}, false);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's default TLS setup failed", e);
        }
    }

    private static TlsClient of(TrustManager[] trust, boolean verify) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust, null);
        return new TlsClient(context, verify);
    }

    /** True unless {@link #insecure()}. */
    public boolean verifies() {
        return verify;
    }

    /** A client-side engine for a connection to {@code host}: its SNI name and the name its certificate must carry. */
    public SSLEngine newEngine(String host, int port) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(TlsContext.PROTOCOLS.toArray(String[]::new));
        if (verify) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!isAddressLiteral(host)) {
            parameters.setServerNames(List.of(new SNIHostName(host))); // SNI carries names only (RFC 6066 3)
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** What was wrong with the server's certificate when a handshake failed because of it. */
    public enum CertificateProblem {
        /** Past its validity period. */
        EXPIRED,
        /** Before its validity period. */
        NOT_YET_VALID,
        /** Valid and trusted, but its names do not include the host asked for. */
        WRONG_HOST,
        /** Not signed by an authority this client trusts (self-signed, or a CA not given). */
        UNTRUSTED
    }

    /**
     * The certificate problem behind a failed handshake, found in the chain of causes (the most specific wins:
     * validity, then the host name, then trust), or null when the handshake failed for another reason. For
     * callers that count failures by kind; {@link TlsStream} says the same in its exception's message.
     */
    public static CertificateProblem certificateProblem(Throwable e) {
        CertificateProblem found = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException) {
                return CertificateProblem.EXPIRED;
            } else if (t instanceof CertificateNotYetValidException) {
                return CertificateProblem.NOT_YET_VALID;
            } else if (t instanceof CertificateException && t.getMessage() != null
                    && (t.getMessage().startsWith("No name matching") || t.getMessage().startsWith("No subject alternative"))) {
                found = CertificateProblem.WRONG_HOST;
            } else if ((t instanceof CertPathValidatorException || t instanceof CertPathBuilderException
                    || t.getClass().getName().endsWith("ValidatorException")) && found == null) {
                found = CertificateProblem.UNTRUSTED;
            }
        }
        return found;
    }

    /**
     * The reason a handshake failed, said in terms of the certificate when it was the certificate
     * (untrusted, expired, not for this host); the JDK's own message and the cause are kept.
     */
    static SSLHandshakeException explain(SSLHandshakeException e, String host) {
        CertificateProblem problem = certificateProblem(e);
        if (problem == null) {
            return e;
        }
        return explained(e, host, switch (problem) {
            case EXPIRED -> "the server's certificate has expired";
            case NOT_YET_VALID -> "the server's certificate is not yet valid";
            case WRONG_HOST -> "the server's certificate is not for " + host;
            case UNTRUSTED -> "the server's certificate is not trusted (not signed by a trusted authority; give its CA)";
        });
    }

    private static SSLHandshakeException explained(SSLHandshakeException e, String host, String why) {
        SSLHandshakeException explained = new SSLHandshakeException("TLS with " + host + ": " + why + " (" + e.getMessage() + ")");
        explained.initCause(e);
        return explained;
    }

    private static boolean isAddressLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    /** Trusts everything: what {@link #insecure()} is. */
    private static final class TrustingAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
