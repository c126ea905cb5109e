package io.throng.websocket;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A listener that turns callbacks into a queue of events a test can await, each with a deadline. */
class Events implements WebSocketListener {
    sealed interface Event {}

    record Text(String text) implements Event {}

    record Binary(byte[] data) implements Event {}

    record Pong(ByteBuffer payload) implements Event {}

    record Closed(int code, String reason) implements Event {}

    final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    volatile Closed closed;

    @Override
    public void onText(WebSocket ws, String text) {
        queue.add(new Text(text));
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        queue.add(new Binary(b));
    }

    @Override
    public void onPong(WebSocket ws, ByteBuffer payload) {
        queue.add(new Pong(payload));
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason) {
        closed = new Closed(code, reason);
        queue.add(closed);
    }

    Event next() throws InterruptedException {
        return next(Duration.ofSeconds(10));
    }

    Event next(Duration timeout) throws InterruptedException {
        Event e = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (e == null) {
            throw new AssertionError("no event within " + timeout);
        }
        return e;
    }

    <T extends Event> T next(Class<T> type) throws InterruptedException {
        Event e = next();
        if (!type.isInstance(e)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + e);
        }
        return type.cast(e);
    }
}
