package io.throng.mongrel.zmq;

/** A ZeroMQ call failed; {@code terminated} means the context is closing (expected while stopping). */
public final class ZmqFailure extends RuntimeException {

    private final boolean terminated;

    public ZmqFailure(String message, boolean terminated, Throwable cause) {
        super(message, cause);
        this.terminated = terminated;
    }

    public boolean terminated() {
        return terminated;
    }
}
