package io.throng.net.tls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a TLS server offers: its certificates (the first is the default, served when a client's SNI name
 * matches none), the ALPN protocols it speaks, in preference order, and how long a handshake may take.
 * Protocol versions and cipher suites are not configurable: {@link TlsContext} fixes them to TLS 1.3 and 1.2
 * with forward-secret AEAD suites.
 */
public record TlsConfig(List<TlsCertificate> certificates, List<String> applicationProtocols, Duration handshakeTimeout) {

    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    public TlsConfig {
        certificates = List.copyOf(certificates);
        applicationProtocols = List.copyOf(applicationProtocols);
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("a TLS server needs at least one certificate");
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("the handshake timeout must be positive: " + handshakeTimeout);
        }
    }

    /** {@code defaultCertificate} and any others chosen by SNI, ALPN {@code http/1.1}, a 10 s handshake timeout. */
    public static TlsConfig of(TlsCertificate defaultCertificate, TlsCertificate... others) {
        List<TlsCertificate> all = new ArrayList<>(List.of(others));
        all.addFirst(defaultCertificate);
        return new TlsConfig(all, List.of("http/1.1"), DEFAULT_HANDSHAKE_TIMEOUT);
    }

    public TlsConfig withHandshakeTimeout(Duration value) {
        return new TlsConfig(certificates, applicationProtocols, value);
    }

    public TlsConfig withApplicationProtocols(String... value) {
        return new TlsConfig(certificates, List.of(value), handshakeTimeout);
    }
}
