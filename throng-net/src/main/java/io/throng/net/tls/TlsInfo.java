package io.throng.net.tls;

import javax.net.ssl.SSLEngine;

/**
 * What a handshake agreed: the protocol version ({@code TLSv1.3}), the cipher suite, the ALPN protocol
 * (empty if the client offered none) and the SNI name the client asked for (null if it sent none).
 */
public record TlsInfo(String protocol, String cipherSuite, String applicationProtocol, String serverName) {

    /** What {@code engine}'s finished handshake agreed. */
    public static TlsInfo of(SSLEngine engine) {
        return new TlsInfo(engine.getSession().getProtocol(), engine.getSession().getCipherSuite(),
                engine.getApplicationProtocol(), SniKeyManager.requestedHost(engine.getSession()));
    }
}
