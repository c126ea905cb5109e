package io.throng.chaos;

import io.throng.http.HttpException;
import io.throng.http.HttpOptions;
import io.throng.http.RequestHead;
import io.throng.http.RequestParser;
import io.throng.net.ByteStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection of an HTTP proxy (Throng's): the client's requests are read with throng-http's
 * {@link RequestParser} (its limits and refusals: one request parser in Throng) and, one by one, either
 * forwarded unchanged (head as received, then its Content-Length body) or answered by a toxic: an
 * injected status, or a drop (a TCP reset). A {@link ResponseRelay} carries the responses back and says
 * when each has gone out, so an answer the proxy makes waits for the responses to the requests before
 * it: keep-alive and pipelining go on for the requests no toxic hits.
 *
 * <p>Decided and documented: a request the parser refuses gets the parser's status (400, 414, 431 or
 * 505) from the proxy, after the responses before it, and the connection closes, as throng-http's server
 * does. A request with a chunked body, an Upgrade or CONNECT is forwarded and the rest of the connection
 * is passed through unparsed (its later requests meet no toxic).
 */
final class HttpLink implements ProxiedConnection {
    private static final HttpOptions LIMITS = HttpOptions.defaults();

    private final Proxy proxy;
    private final SocketPair sockets;
    private final ByteStream fromClient;
    private final ByteStream toUpstream;
    private final ByteStream toClient;
    private final InetAddress from;
    private final Exchanges exchanges = new Exchanges();
    private final ReentrantLock clientWrites = new ReentrantLock();

    HttpLink(Proxy proxy, SocketChannel client, SocketChannel upstream) {
        this.proxy = proxy;
        this.sockets = new SocketPair(client, upstream);
        this.fromClient = ByteStream.of(client);
        this.toUpstream = ByteStream.of(upstream);
        this.toClient = fromClient;
        this.from = sockets.clientAddress();
    }

    @Override
    public void start(String name) {
        Thread.ofVirtual().name(name + "-requests").start(this::requests);
        ResponseRelay responses = new ResponseRelay(this, toUpstream, exchanges);
        Thread.ofVirtual().name(name + "-responses").start(() -> {
            try {
                responses.run();
                exchanges.close();
                shutdown(sockets.client);
            } catch (IOException | InterruptedException | RuntimeException e) {
                close();
            }
        });
    }

    /** Toxics are looked at per request: nothing waits on them. */
    @Override
    public void kick() {}

    /** What the two sides hold is their buffers: at most a head's limit and a chunk each way. */
    @Override
    public long buffered() {
        return 0;
    }

    /** What a toxic does to one request: nothing, an answer of the proxy's own, and a delay of its response. */
    private record Fate(Toxic answer, long delayMillis) {}

    private void requests() {
        RequestParser parser = new RequestParser(LIMITS.maxRequestLine(), LIMITS.maxHeadBytes(), LIMITS.maxHeaders());
        ByteBuffer in = ByteBuffer.allocate(LIMITS.maxHeadBytes() + Pipe.CHUNK).flip();
        try {
            while (true) {
                int start = in.position();
                RequestHead head;
                try {
                    head = parser.parse(in);
                } catch (HttpException e) {
                    answer(e.status(), true);
                    return;
                }
                if (head == null) {
                    if (!more(in)) {
                        toUpstream(in); // a partial head before the end: the upstream judges it
                        shutdown(sockets.upstream);
                        return;
                    }
                    continue;
                }
                Fate fate = fate(head.path());
                if (fate.answer() instanceof Toxic.HttpDrop) {
                    if (exchanges.awaitAllAnswered()) {
                        reset();
                    }
                    return;
                }
                if (fate.answer() instanceof Toxic.HttpStatus s) {
                    // The body is read and dropped, unless the client waits for 100 Continue or it is chunked:
                    // then the answer ends the connection.
                    boolean close = !head.keepAlive() || head.chunked() || head.expectContinue();
                    if (!close && !consume(in, Math.max(0, head.contentLength()), false)) {
                        return;
                    }
                    if (!answer((int) s.status(), close) || close) {
                        return;
                    }
                    continue;
                }
                boolean tunnel = head.method().equals("CONNECT") || head.headers().get("upgrade") != null;
                exchanges.forwarded(new Exchanges.Exchange(head.method().equals("HEAD"), tunnel, fate.delayMillis()));
                int end = in.position();
                toUpstream(in.duplicate().position(start).limit(end));
                if (tunnel || head.chunked()) {
                    passThrough(in);
                    return;
                }
                if (!consume(in, Math.max(0, head.contentLength()), true)) {
                    return;
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            close(); // a socket failed, or something unforeseen: the connection ends, nothing leaks
        }
    }

    /** The HTTP toxics that hit this request, each drawn by its toxicity; the first answer in their order wins. */
    private Fate fate(String path) {
        Toxic answer = null;
        long delay = 0;
        for (NamedToxic t : proxy.toxics().current()) {
            if (!t.concerns(from) || !aimsAt(t.toxic(), path)
                    || !(ThreadLocalRandom.current().nextFloat() < t.toxicity())) {
                continue;
            }
            if (t.toxic() instanceof Toxic.HttpDelay d) {
                delay += d.delay();
            } else if (answer == null) {
                answer = t.toxic();
            }
        }
        return new Fate(answer, delay);
    }

    /** Whether {@code toxic} is an HTTP toxic whose path prefix the request's path (as sent) starts with. */
    private static boolean aimsAt(Toxic toxic, String path) {
        String prefix = switch (toxic) {
            case Toxic.HttpStatus s -> s.path();
            case Toxic.HttpDelay d -> d.path();
            case Toxic.HttpDrop d -> d.path();
            default -> null;
        };
        return prefix != null && path.startsWith(prefix);
    }

    /**
     * Answers the client with {@code status} and no body, after every response before it; with
     * {@code close}, then closes the connection. False if the connection is over.
     */
    private boolean answer(int status, boolean close) throws IOException, InterruptedException {
        if (!exchanges.awaitAllAnswered()) {
            return false;
        }
        String response = "HTTP/1.1 " + status + " \r\ncontent-length: 0\r\n" + (close ? "connection: close\r\n" : "") + "\r\n";
        toClient(ByteBuffer.wrap(response.getBytes(StandardCharsets.ISO_8859_1)));
        if (close) {
            close();
        }
        return !close;
    }

    /** Moves {@code n} body bytes on upstream ({@code forward}) or drops them; false at a premature end. */
    private boolean consume(ByteBuffer in, long n, boolean forward) throws IOException {
        while (n > 0) {
            if (!in.hasRemaining() && !more(in)) {
                shutdown(sockets.upstream);
                return false;
            }
            int k = (int) Math.min(n, in.remaining());
            ByteBuffer part = in.duplicate().limit(in.position() + k);
            if (forward) {
                toUpstream(part);
            }
            in.position(in.position() + k);
            n -= k;
        }
        return true;
    }

    private void passThrough(ByteBuffer in) throws IOException {
        toUpstream(in);
        while (more(in)) {
            toUpstream(in);
        }
        shutdown(sockets.upstream);
    }

    /** Reads more of the client's bytes after the unread ones; false at the end of stream. */
    private boolean more(ByteBuffer in) throws IOException {
        in.compact();
        int n;
        do {
            n = fromClient.read(in);
        } while (n == 0 && in.hasRemaining());
        in.flip();
        return n > 0;
    }

    private void toUpstream(ByteBuffer b) throws IOException {
        int n = b.remaining();
        while (b.hasRemaining()) {
            toUpstream.write(b);
        }
        proxy.received(Direction.UPSTREAM).add(n);
        proxy.sent(Direction.UPSTREAM).add(n);
    }

    void receivedFromUpstream(int n) {
        proxy.received(Direction.DOWNSTREAM).add(n);
    }

    /** Writes to the client; the response side and the proxy's own answers take turns, never interleave. */
    void toClient(ByteBuffer b) throws IOException {
        int n = b.remaining();
        clientWrites.lock();
        try {
            while (b.hasRemaining()) {
                toClient.write(b);
            }
        } finally {
            clientWrites.unlock();
        }
        proxy.sent(Direction.DOWNSTREAM).add(n);
    }

    /** A direction ended: a FIN to its receiver; once both have, the connection closes. */
    private void shutdown(SocketChannel receiver) {
        try {
            receiver.shutdownOutput();
        } catch (IOException e) {
            close();
            return;
        }
        if (sockets.bothEnded()) {
            close();
        }
    }

    private void reset() {
        sockets.lingerZero();
        close();
    }

    @Override
    public void close() {
        if (!sockets.close()) {
            return;
        }
        exchanges.close();
        proxy.closed(this);
    }
}
