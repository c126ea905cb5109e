package io.throng.net;

import io.throng.net.tls.TlsContext;
import java.io.IOException;
import java.time.Duration;

/**
 * A TLS server's protocol: runs a connection's handshake on its first wake, when the ClientHello's bytes
 * are there, and on each wake after until it is done, under one connection deadline (the configured
 * handshake timeout); between the client's flights the connection idles cold. Then the protocol it wraps
 * reads and writes plaintext, from the first wake that brings some. When it ends the connection, the
 * client gets close_notify before FIN (bounded like a handshake).
 */
final class TlsProtocol implements Protocol {
    private final Protocol inner;
    private final TlsContext context;

    TlsProtocol(Protocol inner, TlsContext context) {
        this.inner = inner;
        this.context = context;
    }

    @Override
    public boolean serve(Connection connection) throws IOException {
        if (connection.handshakePending()) {
            if (!connection.handshake(context.config().handshakeTimeout())) {
                return true; // cold until the client's next flight
            }
            if (!inner.speaksFirst() && !connection.tlsHoldsReadable()) {
                return true; // cold until the client's first request
            }
        }
        if (inner.serve(connection)) {
            return true;
        }
        if (connection.handedOff) {
            return false; // its new owner ends it, TLS and all
        }
        if (connection.isOpen()) { // a TLS client reads the end without close_notify as a truncation
            connection.closeNotify(context.config().handshakeTimeout());
        }
        return false;
    }

    /** None: the protocol's plaintext words would be garbage to a client that expects a ServerHello. */
    @Override
    public byte[] refusal() {
        return null;
    }

    /** The wrapped protocol's name with "+tls": "http+tls". */
    @Override
    public String name() {
        return inner.name() + "+tls";
    }

    /** False: the ClientHello comes first; a protocol that speaks first is served once the handshake is done. */
    @Override
    public boolean speaksFirst() {
        return false;
    }

    @Override
    public Duration firstBytesTimeout() {
        return inner.firstBytesTimeout();
    }
}
