package io.throng.net.tls;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * A server's TLS setup in force: the JDK {@link SSLContext} built from a {@link TlsConfig}, and the engine
 * parameters every connection gets. {@link #reload} swaps both at once: handshakes that start afterwards use
 * the new certificates, engines already made keep the context they were made from, so open connections
 * carry on untouched.
 *
 * <p>Policy, fixed on purpose: TLS 1.3 and 1.2 only; TLS 1.3's three suites, and for 1.2 only ECDHE with
 * AES-GCM or ChaCha20-Poly1305 (forward secrecy and AEAD), in the server's order; no client certificates.
 */
public final class TlsContext {

    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** One configuration made ready: read and replaced as a whole, never in part. */
    record Setup(TlsConfig config, SSLContext context, SSLParameters parameters) {

        SSLEngine newServerEngine() {
            SSLEngine engine = context.createSSLEngine();
            engine.setUseClientMode(false);
            engine.setSSLParameters(parameters);
            return engine;
        }

        Duration handshakeTimeout() {
            return config.handshakeTimeout();
        }
    }

    private volatile Setup setup;

    private TlsContext(Setup setup) {
        this.setup = setup;
    }

    public static TlsContext of(TlsConfig config) throws GeneralSecurityException {
        return new TlsContext(build(config));
    }

    /**
     * Puts {@code config} in force for the handshakes that start from now on. It is built completely
     * first: if that fails, the exception says why and the configuration in force stays.
     */
    public void reload(TlsConfig config) throws GeneralSecurityException {
        setup = build(config);
    }

    /** A server-side engine for one new connection, with the setup in force. */
    public SSLEngine newServerEngine() {
        return setup.newServerEngine();
    }

    /** The configuration in force. */
    public TlsConfig config() {
        return setup.config();
    }

    Setup setup() {
        return setup;
    }

    private static Setup build(TlsConfig config) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {new SniKeyManager(config.certificates())}, null, null);
        SSLParameters supported = context.getSupportedSSLParameters();
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(PROTOCOLS.toArray(String[]::new));
        List<String> available = Arrays.asList(supported.getCipherSuites());
        parameters.setCipherSuites(CIPHER_SUITES.stream().filter(available::contains).toArray(String[]::new));
        parameters.setUseCipherSuitesOrder(true);
        parameters.setApplicationProtocols(config.applicationProtocols().toArray(String[]::new));
        parameters.setNeedClientAuth(false);
        return new Setup(config, context, parameters);
    }
}
