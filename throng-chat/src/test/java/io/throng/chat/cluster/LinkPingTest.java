package io.throng.chat.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chat.service.ChatConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The room service calls a worker dead after {@value LinkProtocol#WORKER_TIMEOUT_MILLIS} ms without a
 * message from it, so the worker must keep pinging while its virtual threads cannot run, as under load,
 * when they wait seconds for a carrier: the thread that pings must never wait for one of them.
 */
class LinkPingTest {
    /** How long no virtual thread runs: far longer than the gap between two pings. */
    private static final long HOG_NANOS = TimeUnit.SECONDS.toNanos(3);

    @Test
    void theWorkerIsHeardWhileItsVirtualThreadsCannotRun() throws Exception {
        try (FakeService service = new FakeService("wP", ChatConfig.defaults())) {
            List<FakeService.Opened> conns = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                conns.add(service.open());
            }
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            // Client frames as fast as they go, from virtual threads (the web sockets' readers) and a few
            // platform threads, until the queue to the sender is full and they queue for it.
            for (int i = 0; i < conns.size() - 1; i++) {
                FakeService.Opened c = conns.get(i);
                threads.add((i < 4 ? Thread.ofPlatform() : Thread.ofVirtual()).start(() -> {
                    while (!stop.get()) {
                        send(c);
                    }
                }));
            }
            for (int frames = 0; frames < 10_000; ) {
                List<String> m = service.receive();
                if (m != null && m.getFirst().equals(LinkProtocol.FRAME)) {
                    frames++;
                }
            }
            // Every carrier is now taken by a thread that never lets go: no virtual thread runs until it ends.
            long hogsEnd = System.nanoTime() + HOG_NANOS;
            for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    while (System.nanoTime() < hogsEnd) {
                        Thread.onSpinWait();
                    }
                }));
            }
            // And a platform thread sends a frame now and then (the link's receiver closing a connection).
            FakeService.Opened last = conns.getLast();
            threads.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    send(last);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // a pace, not a wait for anything
                }
            }));
            long heard = System.nanoTime();
            long longestSilence = 0;
            while (System.nanoTime() < hogsEnd) {
                List<String> m = service.receive();
                long now = System.nanoTime();
                if (m != null) {
                    longestSilence = Math.max(longestSilence, now - heard);
                    heard = now;
                }
            }
            longestSilence = Math.max(longestSilence, System.nanoTime() - heard);
            stop.set(true);
            while (threads.stream().anyMatch(Thread::isAlive)) {
                service.receive(); // what they still send, so that none waits for room
            }
            assertTrue(longestSilence < TimeUnit.MILLISECONDS.toNanos(3 * LinkProtocol.PING_MILLIS),
                    "the worker was silent for " + TimeUnit.NANOSECONDS.toMillis(longestSilence)
                            + " ms while its virtual threads could not run (a ping is due every " + LinkProtocol.PING_MILLIS + " ms)");
        }
    }

    private static void send(FakeService.Opened c) {
        try {
            c.conn().receive("{\"type\":\"x\"}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
