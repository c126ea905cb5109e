package io.throng.bench;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * The one thing the point-to-point shapes need from a channel: a blocking send and a blocking receive,
 * each a method reference to the implementation under test. Each JMH fork runs one implementation
 * only, so the calls through {@link Send} and {@link Receive} are monomorphic and the JIT inlines
 * them; the adapter costs nothing measurable.
 */
record Pipe(Send sender, Receive receiver) {
    interface Send {
        void send(Integer value) throws InterruptedException;
    }

    interface Receive {
        Integer receive() throws InterruptedException;
    }

    void send(Integer value) throws InterruptedException {
        sender.send(value);
    }

    Integer receive() throws InterruptedException {
        return receiver.receive();
    }

    /**
     * A pipe of {@code impl} with {@code capacity} (0 means rendezvous). The JDK queue that matches
     * the capacity stands in for "queue": {@link SynchronousQueue} for 0, {@link ArrayBlockingQueue}
     * otherwise.
     */
    static Pipe of(String impl, int capacity) {
        return switch (impl) {
            // take() is jox's receive(): the value, or an exception once closed. receive() wraps it in
            // a Received result; the "throng-receive" pipe (not in the table, for profiling) measures
            // what that costs.
            case "throng" -> {
                io.throng.channels.Channel<Integer> ch = io.throng.channels.Channel.buffered(capacity);
                yield new Pipe(ch::send, ch::take);
            }
            case "throng-receive" -> {
                io.throng.channels.Channel<Integer> ch = io.throng.channels.Channel.buffered(capacity);
                yield new Pipe(ch::send, () -> ch.receive().orElseThrow());
            }
            case "jox" -> {
                com.softwaremill.jox.Channel<Integer> ch = capacity == 0
                        ? com.softwaremill.jox.Channel.newRendezvousChannel()
                        : com.softwaremill.jox.Channel.newBufferedChannel(capacity);
                yield new Pipe(ch::send, ch::receive);
            }
            case "queue" -> {
                BlockingQueue<Integer> q = capacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity);
                yield new Pipe(q::put, q::take);
            }
            default -> throw new IllegalArgumentException("unknown implementation: " + impl);
        };
    }
}
