package io.throng.bench;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * The one thing the point-to-point shapes need from a channel: a blocking send and a blocking receive.
 * Each JMH fork runs one implementation only, so the call through this interface is monomorphic and
 * the JIT inlines it; the adapter costs nothing measurable.
 */
interface Pipe {
    void send(Integer value) throws InterruptedException;

    Integer receive() throws InterruptedException;

    /**
     * A pipe of {@code impl} with {@code capacity} (0 means rendezvous). The JDK queue that matches
     * the capacity stands in for "queue": {@link SynchronousQueue} for 0, {@link ArrayBlockingQueue}
     * otherwise.
     */
    static Pipe of(String impl, int capacity) {
        return switch (impl) {
            case "throng" -> throng(capacity);
            case "throng-receive" -> throngReceive(capacity);
            case "jox" -> jox(capacity);
            case "queue" -> queue(capacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity));
            default -> throw new IllegalArgumentException("unknown implementation: " + impl);
        };
    }

    private static Pipe throng(int capacity) {
        io.throng.channels.Channel<Integer> ch = io.throng.channels.Channel.buffered(capacity);
        return new Pipe() {
            @Override
            public void send(Integer value) throws InterruptedException {
                ch.send(value);
            }

            // take() is jox's receive(): the value, or an exception once closed. receive() wraps it in
            // a Received result; the "throng-receive" pipe measures what that costs.
            @Override
            public Integer receive() throws InterruptedException {
                return ch.take();
            }
        };
    }

    /** Throng through {@code receive()}, the pattern-matching form; not in the table, for profiling. */
    private static Pipe throngReceive(int capacity) {
        io.throng.channels.Channel<Integer> ch = io.throng.channels.Channel.buffered(capacity);
        return new Pipe() {
            @Override
            public void send(Integer value) throws InterruptedException {
                ch.send(value);
            }

            @Override
            public Integer receive() throws InterruptedException {
                return ch.receive().orElseThrow();
            }
        };
    }

    private static Pipe jox(int capacity) {
        com.softwaremill.jox.Channel<Integer> ch = capacity == 0
                ? com.softwaremill.jox.Channel.newRendezvousChannel()
                : com.softwaremill.jox.Channel.newBufferedChannel(capacity);
        return new Pipe() {
            @Override
            public void send(Integer value) throws InterruptedException {
                ch.send(value);
            }

            @Override
            public Integer receive() throws InterruptedException {
                return ch.receive();
            }
        };
    }

    private static Pipe queue(BlockingQueue<Integer> q) {
        return new Pipe() {
            @Override
            public void send(Integer value) throws InterruptedException {
                q.put(value);
            }

            @Override
            public Integer receive() throws InterruptedException {
                return q.take();
            }
        };
    }
}
