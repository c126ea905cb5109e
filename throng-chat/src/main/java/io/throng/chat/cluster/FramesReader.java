package io.throng.chat.cluster;

import io.throng.chat.protocol.ErrorCode;
import io.throng.chat.protocol.Frame;
import io.throng.chat.service.Outbox;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A worker's side of a {@code frames} message (docs/chat-protocol.md §8.2, written by {@link FramesWriter}):
 * makes one {@link Frame} per distinct frame and queues that same object into the outbox of every
 * connection it went to, in each connection's order, without waking them. A connection this worker no
 * longer has, and a target line with no connection, are skipped. A frame a connection should have had
 * and cannot be given (a number with no frame, a body that does not parse) would be a hole in its
 * stream: that connection is closed as a slow consumer, so its client resumes from the store, as for a
 * hole in the link's sequence — never a silent hole. The others still get their frames.
 */
final class FramesReader {
    private FramesReader() {}

    /**
     * Queues every frame of the message; adds to {@code touched} each outbox that took at least one (to be
     * woken by the caller), once per TARGETS line: a connection is on one line unless the room service's
     * publisher took it twice for one message, and then a second wake-up finds nothing and costs a poll.
     * An outbox that refuses one (it closed, perhaps just now as a slow consumer) is given nothing more of
     * this message.
     */
    static void read(String bodies, String targets, Function<String, Outbox> connections, List<Outbox> touched) {
        List<Frame> frames = frames(bodies);
        int start = 0;
        while (start < targets.length()) {
            int end = targets.indexOf('\n', start);
            end = end < 0 ? targets.length() : end;
            int space = targets.indexOf(' ', start);
            if (space > start && space < end) {
                Outbox o = connections.apply(targets.substring(start, space));
                int at = space + 1;
                boolean took = false;
                while (o != null && at < end) {
                    int next = targets.indexOf(' ', at);
                    next = next < 0 || next > end ? end : next;
                    int n = number(targets, at, next);
                    Frame f = n >= 0 && n < frames.size() ? frames.get(n) : null;
                    if (f == null) {
                        o.close(ErrorCode.SLOW_CONSUMER);
                        o = null;
                    } else if (o.offerUnwoken(f)) {
                        if (!took) {
                            touched.add(o);
                            took = true;
                        }
                    } else {
                        o = null;
                    }
                    at = next + 1;
                }
            }
            start = end + 1;
        }
    }

    /** The BODIES part: one BODY a line; a malformed line still takes its number (as null). */
    private static List<Frame> frames(String bodies) {
        List<Frame> frames = new ArrayList<>();
        int start = 0;
        while (start < bodies.length()) {
            int end = bodies.indexOf('\n', start);
            end = end < 0 ? bodies.length() : end;
            frames.add(LinkProtocol.parseBody(bodies, start, end));
            start = end + 1;
        }
        return frames;
    }

    /** A frame's number in TARGETS, or -1 if it is not one. */
    private static int number(String s, int from, int to) {
        long v = LinkProtocol.digits(s, from, to, 10);
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }
}
