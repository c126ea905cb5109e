package io.throng.mongrel.zmtp;

import java.util.Set;

/** The ZeroMQ socket types the gateway's two sockets meet, and who may talk to whom (RFC 23/ZMTP §"socket types"). */
public enum SocketType {
    PUSH, PULL, PUB, SUB, XPUB, XSUB;

    /** The peer types this socket may connect with; any other peer is refused at the handshake. */
    public Set<SocketType> partners() {
        return switch (this) {
            case PUSH -> Set.of(PULL);
            case PULL -> Set.of(PUSH);
            case PUB, XPUB -> Set.of(SUB, XSUB);
            case SUB, XSUB -> Set.of(PUB, XPUB);
        };
    }

    /** The type a READY command names, or null if it names none the gateway knows. */
    static SocketType named(String name) {
        for (SocketType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
