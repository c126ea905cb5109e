package io.throng.mongrel.zmq;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQException;

/** The JeroMQ engine: a {@link ZContext} with linger 0, so closing never waits for unsent messages. */
final class JeroMqContext implements ZmqContext {

    private final ZContext context;

    JeroMqContext(int ioThreads) {
        context = new ZContext(ioThreads);
        context.setLinger(0);
    }

    @Override
    public String engine() {
        return "jeromq";
    }

    @Override
    public ZmqSocket socket(SocketKind kind) {
        try {
            return new JeroMqSocket(context.createSocket(SocketType.valueOf(kind.name())));
        } catch (ZMQException e) {
            throw JeroMqSocket.failure("socket", e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
