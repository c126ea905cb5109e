package io.throng.mongrel.handler;

import io.throng.mongrel.wire.Control;
import io.throng.mongrel.wire.Outbound;
import io.throng.mongrel.wire.Reply;
import io.throng.mongrel.wire.Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Sends replies to the server. Thread-safe; {@link #send} may block while the reply path is full, which
 * is the back-pressure a handler feels instead of replies being dropped.
 */
@FunctionalInterface
public interface Responder {

    /** Queues one message for the server. */
    void send(Outbound message);

    /** Raw bytes (usually a whole HTTP response or a WebSocket frame) for the request's connection. */
    default void reply(Request request, byte[] body) {
        send(Reply.to(request, body));
    }

    default void reply(Request request, String utf8) {
        reply(request, utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** The same bytes to any number of connections, in messages of at most 128 ids each. */
    default void deliver(String sender, Collection<Long> connectionIds, byte[] body) {
        List<Long> ids = new ArrayList<>(connectionIds);
        for (int from = 0; from < ids.size(); from += Outbound.MAX_TARGETS) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + Outbound.MAX_TARGETS));
            send(new Reply(sender, chunk, body));
        }
    }

    /** Closes the request's connection (an empty reply). */
    default void close(Request request) {
        send(Reply.close(request.sender(), List.of(request.connectionId())));
    }

    /** Closes any number of connections. */
    default void close(String sender, Collection<Long> connectionIds) {
        deliver(sender, connectionIds, new byte[0]);
    }

    /** An extended command: credits, keep-alive, cancel, sendfile. */
    default void control(Control command) {
        send(command);
    }
}
