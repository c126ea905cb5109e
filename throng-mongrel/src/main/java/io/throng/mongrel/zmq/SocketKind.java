package io.throng.mongrel.zmq;

/** The socket types the gateway uses, with libzmq's numbers (zmq.h); JeroMQ's names are the same. */
public enum SocketKind {
    PAIR(0), PUB(1), SUB(2), REQ(3), PULL(7), PUSH(8), XPUB(9);

    final int libzmq;

    SocketKind(int libzmq) {
        this.libzmq = libzmq;
    }
}
