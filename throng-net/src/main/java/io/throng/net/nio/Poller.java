package io.throng.net.nio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * One selector thread that watches cold connections: idle ones that hold no thread. It never reads or
 * writes a socket. When a cold connection becomes readable the poller cancels its key and, once the
 * selector has let go of the channel (the next {@code selectNow}), runs the connection's wake-up, which
 * starts a virtual thread that serves it in blocking mode. Hot connections never touch the selector, so
 * the request path pays no selector lock, wakeup or update queue.
 */
public final class Poller implements Runnable {
    private final Selector selector;
    private final Thread thread;
    private List<Runnable> woken = new ArrayList<>();
    private volatile boolean running = true;

    public Poller(String name) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this);
    }

    public void start() {
        thread.start();
    }

    /**
     * Watches a channel going cold, in non-blocking mode, until it is readable; then {@code wake} runs once
     * on this thread, after the selector has let go of the channel.
     */
    SelectionKey register(SocketChannel channel, Runnable wake) throws IOException {
        if (!running) {
            throw new IOException("the server is stopping");
        }
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ, wake);
        selector.wakeup();
        return key;
    }

    void wakeup() {
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (running) {
                selector.select(this::ready, 1000);
                while (!woken.isEmpty()) {
                    List<Runnable> batch = woken;
                    woken = new ArrayList<>();
                    // Deregisters the keys cancelled above, so their channels may turn blocking; any key
                    // it finds ready joins the next batch.
                    selector.selectNow(this::ready);
                    for (Runnable wake : batch) {
                        wake.run();
                    }
                }
            }
        } catch (IOException e) {
            if (running) {
                System.err.println("throng: poller failed: " + e);
            }
        } finally {
            try {
                selector.close();
            } catch (IOException ignored) {
                // The process is stopping this server; nothing useful to do.
            }
        }
    }

    private void ready(SelectionKey key) {
        key.cancel();
        woken.add((Runnable) key.attachment());
    }

    public void stop() {
        running = false;
        selector.wakeup();
    }

    public void join(long millis) throws InterruptedException {
        thread.join(millis);
    }
}
