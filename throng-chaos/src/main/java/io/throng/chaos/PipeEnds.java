package io.throng.chaos;

import io.throng.net.ByteStream;
import java.util.List;

/**
 * What a {@link Pipe} needs from the connection it is a direction of: which toxics act on it, and how
 * the connection ends. A {@link Link}'s pipes run between its two sockets; an {@link HttpLink}'s run
 * between the client's socket and its HTTP side, so stream toxics act on the client's bytes there too.
 */
sealed interface PipeEnds permits Link, HttpLink {
    /** The stream toxics of {@code direction} that affect this connection, in the order they were added. */
    List<NamedToxic> affecting(Direction direction);

    /** Whether no stream toxic and no partition touches {@code direction}: the pipe's fast path. */
    boolean untouched(Direction direction);

    /** A partition that affects this connection stops both directions, whatever its stream. */
    boolean partitioned();

    /** {@code direction}'s sender ended: the end of stream goes on to {@code sink} (a FIN, for a socket). */
    void ended(Direction direction, ByteStream sink);

    /** Closes both sockets with a TCP RST (reset_peer). */
    void reset();

    /** Closes both sockets; idempotent. */
    void close();
}
