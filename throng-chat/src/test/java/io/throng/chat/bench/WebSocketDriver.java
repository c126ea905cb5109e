package io.throng.chat.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Messages per second through a running {@code throng chat} over real WebSockets (not a test): U users
 * in R rooms, each keeping F sends in flight for S seconds; counts acknowledged sends and delivered
 * room messages. Frames are matched by substring, not parsed: the driver must cost less than the server.
 * With RATE, each user also sends at most RATE messages per second (an open load, below the server's
 * per-user limit); errors (e.g. {@code rate_limited}) are counted and free their slot.
 *
 * <p>Usage: {@code WebSocketDriver URL USERS ROOMS IN_FLIGHT SECONDS [RATE]}
 */
public final class WebSocketDriver {
    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        int users = Integer.parseInt(args[1]);
        int rooms = Integer.parseInt(args[2]);
        int inFlight = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        double rate = args.length > 5 ? Double.parseDouble(args[5]) : 0;
        LongAdder errors = new LongAdder();
        HttpClient http = HttpClient.newHttpClient();
        LongAdder acks = new LongAdder();
        LongAdder delivered = new LongAdder();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        String run = Long.toString(System.nanoTime(), 36);
        List<WebSocket> sockets = new ArrayList<>();
        List<Semaphore> windows = new ArrayList<>();
        CountDownLatch joined = new CountDownLatch(users);
        for (int u = 0; u < users; u++) {
            Semaphore window = new Semaphore(0);
            windows.add(window);
            String room = "bench" + (u % rooms);
            WebSocket ws = http.newWebSocketBuilder().buildAsync(url, new WebSocket.Listener() {
                final StringBuilder partial = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                        String f = partial.toString();
                        partial.setLength(0);
                        if (f.startsWith("{\"type\":\"ack\"")) {
                            window.release();
                            if (measuring.get()) {
                                acks.increment();
                            }
                        } else if (f.startsWith("{\"type\":\"message\"")) {
                            if (measuring.get()) {
                                delivered.increment();
                            }
                        } else if (f.startsWith("{\"type\":\"error\"")) {
                            window.release();
                            errors.increment();
                        } else if (f.contains("\"event\":\"online\"")) {
                            joined.countDown();
                        }
                    }
                    w.request(1);
                    return null;
                }
            }).join();
            ws.sendText("{\"type\":\"hello\",\"v\":1,\"nick\":\"u" + run + "x" + u + "\"}", true).join();
            ws.sendText("{\"type\":\"join\",\"room\":\"" + room + "\"}", true).join();
            sockets.add(ws);
        }
        if (!joined.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not every user joined");
        }
        List<Thread> senders = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            WebSocket ws = sockets.get(u);
            Semaphore window = windows.get(u);
            window.release(inFlight);
            String room = "bench" + (u % rooms);
            senders.add(Thread.ofVirtual().start(() -> {
                long n = 0;
                long period = rate > 0 ? (long) (1e9 / rate) : 0;
                long next = System.nanoTime() + (long) (Math.random() * period);
                try {
                    while (!stop.get()) {
                        if (period > 0) {
                            long wait = next - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // pacing the load, not syncing
                            }
                            next += period;
                        }
                        if (!window.tryAcquire(1, TimeUnit.SECONDS)) {
                            continue;
                        }
                        ws.sendText("{\"type\":\"say\",\"room\":\"" + room + "\",\"cid\":\"c" + (n++)
                                + "\",\"text\":\"load test message\"}", true).join();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        Thread.sleep(2_000); // warm-up, not measured
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1_000L);
        measuring.set(false);
        double took = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (Thread t : senders) {
            t.join();
        }
        for (WebSocket ws : sockets) {
            ws.abort();
        }
        System.out.printf("users=%d rooms=%d inFlight=%d rate=%s: %.0f acked sends/s, %.0f deliveries/s, %d errors%n",
                users, rooms, inFlight, rate > 0 ? rate : "max", acks.sum() / took, delivered.sum() / took, errors.sum());
    }
}
