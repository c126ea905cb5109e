package io.throng.chat.service;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * What the web transports need from the chat: a {@link ChatService} in this process, or a worker's
 * link to the room service in another ({@code throng chat --workers N}).
 */
public interface ChatBackend {
    /**
     * A new client connection, not yet in a session: its first frame must be hello or resume.
     *
     * @param credential the login token the transport's request carried (cookie or bearer), or null;
     *                   a version-2 hello without a token of its own authenticates with it
     */
    Connection connect(String credential);

    /** A connection whose transport carried no login. */
    default Connection connect() {
        return connect(null);
    }

    /** Public rooms in use since the room service started, sorted. */
    List<String> publicRooms();

    /** Appends the room service's metrics in Prometheus text format. */
    void appendMetrics(StringBuilder b);

    /** The id of this front-end worker process, or null when the chat runs in one process. */
    default String workerId() {
        return null;
    }

    /**
     * Where the worker {@code workerId} of this server takes web requests relayed by the others (an SSE
     * stream or long poll for one of its web connections that the kernel gave to another worker), or
     * null if no such worker is alive.
     */
    default InetSocketAddress peer(String workerId) {
        return null;
    }
}
