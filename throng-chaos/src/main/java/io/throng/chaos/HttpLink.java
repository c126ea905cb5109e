package io.throng.chaos;

import io.throng.http.HttpException;
import io.throng.http.HttpOptions;
import io.throng.http.RequestHead;
import io.throng.http.RequestParser;
import io.throng.net.ByteStream;
import io.throng.net.MemoryStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
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
 * does. A chunked request body is framed with throng-http's rules ({@link ChunkedRequest}), so the
 * requests after it are parsed too; malformed framing gets a 400 and the end of the connection, and if
 * the request had already gone upstream, the upstream's answer to it is not relayed (see
 * {@link #abandon}). A request with an Upgrade or CONNECT is forwarded and the rest of the connection is
 * passed through unparsed (its later requests meet no toxic).
 *
 * <p><b>Stream toxics</b> (latency, bandwidth, slicer, limit_data, timeout, reset_peer, slow_close,
 * partition) act on the client's side of the proxy, as on a TCP proxy: a {@link Pipe} each way runs
 * between the client's socket and the HTTP side, joined to it by an in-memory stream. So upstream
 * toxics see the request bytes as the client sent them and downstream ones the bytes the client gets,
 * the proxy's own answers included; their toxicity is drawn per connection, the HTTP toxics' per
 * request. With no stream toxic the pipes take their fast path. Because the client's bytes pass
 * through the downstream pipe, an ending the HTTP side decides (the close after a refused request or an
 * answer with {@code connection: close}, the reset of a drop) is queued behind them: it takes effect when
 * the downstream pipe reaches it, after every byte before it went out through the toxics.
 */
final class HttpLink implements ProxiedConnection, PipeEnds {
    private static final HttpOptions LIMITS = HttpOptions.defaults();
    /** How the connection ends once the downstream pipe has delivered everything before the end. */
    private static final int END_FIN = 0;
    private static final int END_CLOSE = 1;
    private static final int END_RESET = 2;

    private final Proxy proxy;
    private final SocketPair sockets;
    private final ByteStream toUpstream;
    private final InetAddress from;
    private final Draws draws;
    private final Exchanges exchanges = new Exchanges();
    private final ReentrantLock clientWrites = new ReentrantLock();
    /** Client → up pipe → {@code requests} → HTTP side; HTTP side → {@code responses} → down pipe → client. */
    private final MemoryStream.Pair requests = MemoryStream.pair(Pipe.CHUNK);
    private final MemoryStream.Pair responses = MemoryStream.pair(Pipe.CHUNK);
    private final Pipe up;
    private final Pipe down;
    private final ResponseRelay relay;
    /** What the in-memory streams hold is what went in minus what came out (for {@link #buffered}). */
    private final LongAdder intoRequests = new LongAdder();
    private final LongAdder outOfRequests = new LongAdder();
    private final LongAdder intoResponses = new LongAdder();
    private final LongAdder outOfResponses = new LongAdder();
    /** Request bytes the HTTP side read and has neither forwarded nor dropped yet. */
    private volatile int heldRequest;
    private volatile int ending = END_FIN;
    /** Guarded by {@code clientWrites}: the relay's bytes are dropped (after {@link #abandon}). */
    private boolean muted;
    /** Guarded by {@code clientWrites}: writes the relay made since the last whole response. */
    private int relayWrites;

    HttpLink(Proxy proxy, SocketChannel client, SocketChannel upstream) {
        this.proxy = proxy;
        this.sockets = new SocketPair(client, upstream);
        this.toUpstream = ByteStream.of(upstream);
        this.from = sockets.clientAddress();
        this.draws = new Draws(from);
        ByteStream c = ByteStream.of(client);
        this.up = new Pipe(this, Direction.UPSTREAM, c, requests.client(), proxy.received(Direction.UPSTREAM), intoRequests);
        this.down = new Pipe(this, Direction.DOWNSTREAM, responses.client(), c, outOfResponses, proxy.sent(Direction.DOWNSTREAM));
        this.relay = new ResponseRelay(this, toUpstream, exchanges);
    }

    @Override
    public void start(String name) {
        up.start(name + "-up");
        down.start(name + "-down");
        Thread.ofVirtual().name(name + "-requests").start(this::requests);
        Thread.ofVirtual().name(name + "-responses").start(() -> {
            try {
                relay.run();
                exchanges.close();
                endResponses(END_FIN);
            } catch (IOException | InterruptedException | RuntimeException e) {
                close();
            }
        });
    }

    @Override
    public void kick() {
        up.kick();
        down.kick();
    }

    /**
     * Bytes read from either socket and not yet written to the other (or dropped): the pipes' queues,
     * the in-memory streams, the request bytes the HTTP side holds and the response bytes the relay
     * holds. Each part is bounded, so the sum is (about 2 × {@code Pipe.CAPACITY} plus a head's limit and
     * a few chunks); it is a snapshot of counters moving under it.
     */
    @Override
    public long buffered() {
        long memory = (intoRequests.sum() - outOfRequests.sum()) + (intoResponses.sum() - outOfResponses.sum());
        return up.buffered() + down.buffered() + Math.max(0, memory) + heldRequest + Math.max(0, relay.held());
    }

    @Override
    public List<NamedToxic> affecting(Direction direction) {
        return draws.affecting(streamToxics(proxy.toxics().current()), direction);
    }

    @Override
    public boolean untouched(Direction direction) {
        List<NamedToxic> all = proxy.toxics().current();
        return all.isEmpty() || (!draws.partitioned(all) && affecting(direction).isEmpty());
    }

    @Override
    public boolean partitioned() {
        return draws.partitioned(proxy.toxics().current());
    }

    /** The toxics that act on bytes (the HTTP ones act on requests, in {@link #fate}). */
    private static List<NamedToxic> streamToxics(List<NamedToxic> all) {
        List<NamedToxic> stream = new ArrayList<>(all.size());
        for (NamedToxic t : all) {
            if (!(t.toxic() instanceof Toxic.HttpStatus || t.toxic() instanceof Toxic.HttpDelay
                    || t.toxic() instanceof Toxic.HttpDrop)) {
                stream.add(t);
            }
        }
        return stream;
    }

    /**
     * A pipe's sender ended. Upstream: the client's end of stream reaches the HTTP side, which sends the
     * upstream its FIN once it has forwarded what came before. Downstream: everything the HTTP side
     * wrote has gone to the client; the connection then ends as the HTTP side asked (a FIN, a close, or a
     * reset).
     */
    @Override
    public void ended(Direction direction, ByteStream sink) {
        if (direction == Direction.UPSTREAM) {
            requests.client().shutdownOutput();
            return;
        }
        if (ending == END_RESET) {
            reset();
            return;
        }
        try {
            sink.shutdownOutput();
        } catch (IOException e) {
            close();
            return;
        }
        if (ending == END_CLOSE || sockets.bothEnded()) {
            close();
        }
    }

    /**
     * The HTTP side has nothing more for the client: what it wrote goes out through the downstream pipe,
     * then the connection ends as {@code how} says.
     */
    private void endResponses(int how) {
        clientWrites.lock();
        try {
            if (how != END_FIN) {
                ending = how;
            }
            responses.server().shutdownOutput();
        } finally {
            clientWrites.unlock();
        }
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
                        endResponses(END_RESET); // after the responses before it reach the client
                    }
                    return;
                }
                if (fate.answer() instanceof Toxic.HttpStatus s) {
                    // The body is read and dropped, unless the client waits for 100 Continue: then the
                    // answer ends the connection.
                    boolean close = !head.keepAlive() || head.expectContinue();
                    try {
                        if (!close && !body(in, head, false)) {
                            return;
                        }
                    } catch (HttpException e) {
                        answer(e.status(), true); // a malformed chunked body: nothing of it went upstream
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
                if (tunnel) {
                    passThrough(in);
                    return;
                }
                try {
                    if (!body(in, head, true)) {
                        return;
                    }
                } catch (HttpException e) {
                    abandon(e.status());
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
        toClient(ownAnswer(status, close));
        if (close) {
            endResponses(END_CLOSE);
        }
        return !close;
    }

    /**
     * Moves the request's body on upstream ({@code forward}) or drops it: its Content-Length, or its
     * chunks to the end of the trailers. False at a premature end (the upstream then gets its FIN).
     *
     * @throws HttpException for malformed chunked framing, of which nothing malformed went upstream
     */
    private boolean body(ByteBuffer in, RequestHead head, boolean forward) throws IOException {
        if (!head.chunked()) {
            return consume(in, Math.max(0, head.contentLength()), forward);
        }
        ChunkedRequest.Sink sink = forward ? this::toUpstream : piece -> {};
        boolean whole = new ChunkedRequest(in, this::more, sink).pass();
        heldRequest = in.remaining();
        if (!whole) {
            shutdown(sockets.upstream);
        }
        return whole;
    }

    /**
     * The request just forwarded has malformed chunked framing (which did not go upstream): the
     * client gets the responses to the requests before it, then {@code status} and the end of the
     * connection, as from throng-http's server. The upstream's answer to the broken request, if it
     * makes one, is not relayed; if it had already begun to answer (an early response), what went out
     * stays and the connection just ends after it.
     */
    private void abandon(int status) throws IOException, InterruptedException {
        if (!exchanges.awaitAtMost(1)) {
            return;
        }
        clientWrites.lock();
        try {
            muted = true;
            if (relayWrites == 0) {
                toClient(ownAnswer(status, true));
            }
            endResponses(END_CLOSE);
        } finally {
            clientWrites.unlock();
        }
    }

    private static ByteBuffer ownAnswer(int status, boolean close) {
        String response = "HTTP/1.1 " + status + " \r\ncontent-length: 0\r\n" + (close ? "connection: close\r\n" : "") + "\r\n";
        return ByteBuffer.wrap(response.getBytes(StandardCharsets.ISO_8859_1));
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
            heldRequest = in.remaining();
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
            n = requests.server().read(in);
        } while (n == 0 && in.hasRemaining());
        in.flip();
        if (n > 0) {
            outOfRequests.add(n);
        }
        heldRequest = in.remaining();
        return n > 0;
    }

    private void toUpstream(ByteBuffer b) throws IOException {
        int n = b.remaining();
        while (b.hasRemaining()) {
            toUpstream.write(b);
        }
        heldRequest = Math.max(0, heldRequest - n);
        proxy.sent(Direction.UPSTREAM).add(n);
    }

    /** The relay's bytes for the client: dropped once the request they answer was {@link #abandon abandoned}. */
    void relayed(ByteBuffer b) throws IOException {
        clientWrites.lock();
        try {
            if (muted) {
                return;
            }
            relayWrites++;
            toClient(b);
        } finally {
            clientWrites.unlock();
        }
    }

    /** The relay finished a whole response (before it tells {@code exchanges}, so abandon sees it). */
    void responseEnded() {
        clientWrites.lock();
        try {
            relayWrites = 0;
        } finally {
            clientWrites.unlock();
        }
    }

    void receivedFromUpstream(int n) {
        proxy.received(Direction.DOWNSTREAM).add(n);
    }

    /**
     * Writes to the client (through the downstream pipe and its toxics); the response side and the
     * proxy's own answers take turns, never interleave.
     */
    void toClient(ByteBuffer b) throws IOException {
        int n = b.remaining();
        clientWrites.lock();
        try {
            while (b.hasRemaining()) {
                responses.server().write(b);
            }
        } finally {
            clientWrites.unlock();
        }
        intoResponses.add(n);
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

    @Override
    public void reset() {
        sockets.lingerZero();
        close();
    }

    @Override
    public void close() {
        if (!sockets.close()) {
            return;
        }
        exchanges.close();
        up.stop();
        down.stop();
        requests.close();  // wakes the HTTP side's read
        responses.close(); // and its write
        proxy.closed(this);
    }
}
