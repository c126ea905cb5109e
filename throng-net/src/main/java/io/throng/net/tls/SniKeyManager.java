package io.throng.net.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Chooses the server certificate by the client's SNI name. The JDK asks once per key type it may use
 * (EC, RSA, ...), in the client's order of preference; the answer is a certificate of that type among
 * those whose names match the SNI name, or, when none matches (or the client sent no name), the default
 * certificate if it is of that type. Answering null lets the JDK try the next key type, so a name served
 * only by an RSA certificate is never answered with the default EC one.
 *
 * <p>Aliases are the certificates' indexes in the {@link TlsConfig}; the manager is immutable, and a
 * reload builds a new one.
 */
final class SniKeyManager extends X509ExtendedKeyManager {
    private final List<TlsCertificate> certificates;

    SniKeyManager(List<TlsCertificate> certificates) {
        this.certificates = List.copyOf(certificates);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType, engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(keyType, socket instanceof SSLSocket s ? s.getHandshakeSession() : null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        List<String> aliases = new ArrayList<>();
        for (int i = 0; i < certificates.size(); i++) {
            if (certificates.get(i).key().getAlgorithm().equals(keyType)) {
                aliases.add(Integer.toString(i));
            }
        }
        return aliases.isEmpty() ? null : aliases.toArray(String[]::new);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        TlsCertificate c = byAlias(alias);
        return c == null ? null : c.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        TlsCertificate c = byAlias(alias);
        return c == null ? null : c.key();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null; // a server's key manager: it never authenticates as a client
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    private String choose(String keyType, SSLSession handshake) {
        String host = requestedHost(handshake);
        List<Integer> candidates = new ArrayList<>();
        if (host != null) {
            for (int i = 0; i < certificates.size(); i++) {
                if (certificates.get(i).matches(host)) {
                    candidates.add(i);
                }
            }
        }
        if (candidates.isEmpty()) {
            candidates.add(0);
        }
        for (int i : candidates) {
            if (certificates.get(i).key().getAlgorithm().equals(keyType)) {
                return Integer.toString(i);
            }
        }
        return null;
    }

    static String requestedHost(SSLSession handshake) {
        if (handshake instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return null;
    }

    private TlsCertificate byAlias(String alias) {
        try {
            int i = Integer.parseInt(alias);
            return i >= 0 && i < certificates.size() ? certificates.get(i) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
