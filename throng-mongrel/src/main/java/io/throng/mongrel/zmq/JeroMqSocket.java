package io.throng.mongrel.zmq;

import org.zeromq.ZEvent;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/** A JeroMQ socket behind the seam; JeroMQ's exceptions become {@link ZmqFailure}. */
final class JeroMqSocket implements ZmqSocket {

    private final ZMQ.Socket socket;

    JeroMqSocket(ZMQ.Socket socket) {
        this.socket = socket;
    }

    static ZmqFailure failure(String call, ZMQException e) {
        boolean terminated = e.getErrorCode() == ZMQ.Error.ETERM.getCode();
        return new ZmqFailure(call + ": " + e.getMessage(), terminated, e);
    }

    @Override
    public void sendHighWater(int messages) {
        socket.setSndHWM(messages);
    }

    @Override
    public void receiveHighWater(int messages) {
        socket.setRcvHWM(messages);
    }

    @Override
    public void immediate(boolean on) {
        socket.setImmediate(on);
    }

    @Override
    public void handshakeMillis(int millis) {
        socket.setHandshakeIvl(millis);
    }

    @Override
    public void xpubNoDrop(boolean on) {
        socket.setXpubNoDrop(on);
    }

    @Override
    public void lingerMillis(int millis) {
        socket.setLinger(millis);
    }

    @Override
    public void sendTimeoutMillis(int millis) {
        socket.setSendTimeOut(millis);
    }

    @Override
    public void receiveTimeoutMillis(int millis) {
        socket.setReceiveTimeOut(millis);
    }

    @Override
    public void maxMessageBytes(long bytes) {
        socket.setMaxMsgSize(bytes);
    }

    @Override
    public void subscribe(byte[] prefix) {
        socket.subscribe(prefix);
    }

    @Override
    public void bind(String endpoint) {
        try {
            socket.bind(endpoint);
        } catch (ZMQException e) {
            throw failure("bind " + endpoint, e);
        }
    }

    @Override
    public void connect(String endpoint) {
        try {
            socket.connect(endpoint);
        } catch (ZMQException e) {
            throw failure("connect " + endpoint, e);
        }
    }

    @Override
    public boolean send(byte[] frame, int flags) {
        try {
            return socket.send(frame, flags);
        } catch (ZMQException e) {
            throw failure("send", e);
        }
    }

    @Override
    public byte[] receive(int flags) {
        try {
            return socket.recv(flags);
        } catch (ZMQException e) {
            throw failure("receive", e);
        }
    }

    @Override
    public boolean hasMore() {
        return socket.hasReceiveMore();
    }

    @Override
    public int processCommands() {
        return socket.getEvents();
    }

    @Override
    public void monitor(String endpoint, int events) {
        if (!socket.monitor(endpoint, events)) {
            throw new ZmqFailure("monitor " + endpoint + " failed", false, null);
        }
    }

    @Override
    public int receiveEvent() {
        try {
            ZEvent event = ZEvent.recv(socket);
            return event == null ? 0 : switch (event.getEvent()) {
                case ACCEPTED -> EVENT_ACCEPTED;
                case DISCONNECTED -> EVENT_DISCONNECTED;
                default -> -1; // not one the gateway asked for
            };
        } catch (ZMQException e) {
            throw failure("monitor receive", e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
