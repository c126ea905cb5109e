package io.throng.chat.cluster;

import io.throng.chat.protocol.Frame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import org.zeromq.ZMQ;

/**
 * The ZeroMQ messages between front-end workers and the room service, documented exactly in
 * {@code docs/chat-protocol.md} §8. Every message is multipart; every part is UTF-8 text.
 *
 * <pre>
 * worker → service (PUSH → PULL), part 1 is the verb:
 *   hello W ADDR · ping W ADDR · open W C [TOKEN] · frame W C JSON · close W C
 *                                         ADDR: host:port of W's relay listener, or ""
 *                                         TOKEN: the login token of the client's request, if any
 * service → workers (PUB → SUB), part 1 is the topic (a worker id, or "*" for all):
 *   W welcome SEQ EPOCH
 *   W frames  SEQ BODIES TARGETS              BODIES: one BODY + "\n" per distinct frame, numbered 0, 1...
 *                                             TARGETS: one "C N N...\n" per connection run: its frames' numbers, in order
 *   W frame   SEQ C BODY                      one frame alone (its JSON held a newline)
 *                                             BODY: "ORDERED FLAGS JSON", FLAGS "e" ephemeral (presence) or "-"
 *   W close   SEQ C REASON                    REASON: an error code (slow_consumer...) or ""
 *   * status  EPOCH ROOMS METRICS WORKERS     ROOMS: public room names joined by ","
 *                                             WORKERS: live W=ADDR joined by ","
 * </pre>
 */
final class LinkProtocol {
    static final String HELLO = "hello";
    static final String PING = "ping";
    static final String OPEN = "open";
    static final String FRAME = "frame";
    static final String FRAMES = "frames";
    static final String CLOSE = "close";
    static final String WELCOME = "welcome";
    static final String STATUS = "status";
    static final String ALL = "*";

    /** JeroMQ's default 30 s handshake would hide a stalled connection (docs/gateway.md §6). */
    static final int HANDSHAKE_MILLIS = 2_000;
    /** Socket timeouts: how often the owning threads look at their stop flag and clocks. */
    static final int POLL_MILLIS = 200;
    /** Queue depth per socket before ZeroMQ drops (PUB) or blocks (PUSH); sequence numbers catch drops. */
    static final int HIGH_WATER = 1_000_000;
    /** A worker silent this long is dead: its connections close and their sessions start their grace. */
    static final long WORKER_TIMEOUT_MILLIS = 3_000;
    /** A gap this long between two reads of the room service's socket is its own pause (WorkerLiveness). */
    static final long LISTEN_PAUSE_MILLIS = 1_000;
    static final long PING_MILLIS = 500;
    /** A {@code frames} message is sent once it holds this many characters (or the queue is empty). */
    static final int FRAMES_CHARS = 256 * 1024;

    private static final char EPHEMERAL = 'e';
    private static final char DURABLE = '-';

    private LinkProtocol() {}

    /**
     * Appends {@code f} as a BODY, {@code ORDERED FLAGS JSON}: the one encoding of a server frame on the
     * link, in {@code frames} and in {@code frame}; {@link #parseBody} is its one reading.
     */
    static StringBuilder appendBody(StringBuilder to, Frame f) {
        return to.append(f.ordered()).append(' ').append(f.ephemeral() ? EPHEMERAL : DURABLE).append(' ').append(f.json());
    }

    /** {@code text[from, to)} read as a BODY, or null if it is not one (then it is a hole for its connection). */
    static Frame parseBody(String text, int from, int to) {
        int space = text.indexOf(' ', from);
        if (space <= from || space + 3 >= to || text.charAt(space + 2) != ' ') {
            return null;
        }
        long ordered = digits(text, from, space, 18);
        char flags = text.charAt(space + 1);
        if (ordered < 0 || (flags != EPHEMERAL && flags != DURABLE)) {
            return null;
        }
        return new Frame(text.substring(space + 3, to), flags == EPHEMERAL, ordered);
    }

    /**
     * The decimal number {@code s[from, to)}, or -1 if it is empty, longer than {@code maxDigits} or not all
     * digits: the link's numbers are read without exceptions, so a malformed one cannot end a receiving thread.
     */
    static long digits(String s, int from, int to, int maxDigits) {
        if (to <= from || to - from > maxDigits) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * Queues the message {@code first, second, rest...} for the thread that owns a socket; an
     * interrupted caller keeps its interrupt and the message is dropped (the process is stopping).
     */
    static void enqueue(BlockingQueue<List<String>> queue, String first, String second, String... rest) {
        try {
            queue.put(message(first, second, rest));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The message {@code first, second, rest...}. */
    static List<String> message(String first, String second, String... rest) {
        List<String> m = new ArrayList<>(rest.length + 2);
        m.add(first);
        m.add(second);
        m.addAll(List.of(rest));
        return m;
    }

    static boolean send(ZMQ.Socket socket, List<String> parts) {
        return sendCounting(socket, parts) >= 0;
    }

    /** Sends the message; its size in bytes (all parts), or -1 if the socket did not take it. */
    static long sendCounting(ZMQ.Socket socket, List<String> parts) {
        long total = 0;
        for (int i = 0; i < parts.size(); i++) {
            byte[] bytes = parts.get(i).getBytes(StandardCharsets.UTF_8);
            if (!socket.send(bytes, i < parts.size() - 1 ? ZMQ.SNDMORE : 0)) {
                return -1;
            }
            total += bytes.length;
        }
        return total;
    }

    /** One whole multipart message, or null if none arrived within the socket's receive timeout. */
    static List<String> receive(ZMQ.Socket socket) {
        byte[] first = socket.recv();
        if (first == null) {
            return null;
        }
        List<String> parts = new ArrayList<>(6);
        parts.add(new String(first, StandardCharsets.UTF_8));
        while (socket.hasReceiveMore()) {
            parts.add(new String(socket.recv(), StandardCharsets.UTF_8));
        }
        return parts;
    }
}
