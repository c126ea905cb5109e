package io.throng.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * One selector thread that watches cold connections: idle ones that hold no thread. It never reads or writes a socket. When a cold connection becomes readable the poller
 * cancels its key and, once the selector has let go of the channel (the next {@code selectNow}), starts
 * a virtual thread that serves it in blocking mode. Hot connections never touch the selector, so the
 * request path pays no selector lock, wakeup or update queue.
 */
final class Poller implements Runnable {
    private final Selector selector;
    private final TcpServer server;
    private final Thread thread;
    private List<Connection> woken = new ArrayList<>();
    private volatile boolean running = true;

    Poller(TcpServer server, String name) {
        this.server = server;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this);
    }

    void start() {
        thread.start();
    }

    /** Registers a connection going cold; its channel must be in non-blocking mode. */
    void register(Connection c, SocketChannel channel) throws IOException {
        if (!running) {
            throw new IOException("the server is stopping");
        }
        c.key = channel.register(selector, SelectionKey.OP_READ, c);
        selector.wakeup();
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
                    List<Connection> batch = woken;
                    woken = new ArrayList<>();
                    // Deregisters the keys cancelled above, so their channels may turn blocking; any key
                    // it finds ready joins the next batch.
                    selector.selectNow(this::ready);
                    for (Connection c : batch) {
                        server.spawn(c);
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
        Connection c = (Connection) key.attachment();
        key.cancel();
        if (c.activate()) { // else it was closed meanwhile, and the closer did everything
            woken.add(c);
        }
    }

    void stop() {
        running = false;
        selector.wakeup();
    }

    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }
}
