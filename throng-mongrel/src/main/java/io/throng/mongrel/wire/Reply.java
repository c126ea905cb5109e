package io.throng.mongrel.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Raw bytes for one or more connections: the server writes {@code body} to each client as is (an HTTP
 * response, a chunk of one, a WebSocket frame). An empty body closes the connections.
 *
 * <p>Immutable, like the records beside it; a class only so that a decoded reply can keep its body where it
 * arrived, a slice of the received frame that nothing else holds ({@link MessageCodec#decodeOutboundInPlace}), and
 * give it to the gateway as a read-only view ({@link #bodyView()}): the body is then copied once on its way
 * from the handler to the client, out of the ZeroMQ message, instead of four times (docs/gateway.md §7).
 */
public final class Reply implements Outbound {

    private final String sender;
    private final List<Long> connectionIds;
    /** The body is {@code bytes[offset, offset + length)}; never written, never given out. */
    private final byte[] bytes;
    private final int offset;
    private final int length;

    public Reply(String sender, List<Long> connectionIds, byte[] body) {
        this(sender, MessageCodec.checkTargets(connectionIds), body.clone(), 0, body.length);
    }

    /** Adopts {@code frame[offset, offset + length)} as the body; the caller gives up {@code frame}. */
    private Reply(String sender, List<Long> checkedIds, byte[] frame, int offset, int length) {
        MessageCodec.checkSender(sender);
        this.sender = sender;
        this.connectionIds = checkedIds;
        this.bytes = frame;
        this.offset = offset;
        this.length = length;
    }

    /** For the decoder: a reply whose body stays in the frame it was read from, which nobody else may hold. */
    static Reply inFrame(String sender, List<Long> connectionIds, byte[] frame, int offset) {
        return new Reply(sender, MessageCodec.checkTargets(connectionIds), frame, offset, frame.length - offset);
    }

    public static Reply to(Request request, byte[] body) {
        return new Reply(request.sender(), List.of(request.connectionId()), body);
    }

    public static Reply to(Request request, String utf8) {
        return to(request, utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** The "kill message": an empty body, which closes every targeted connection. */
    public static Reply close(String sender, List<Long> connectionIds) {
        return new Reply(sender, connectionIds, new byte[0]);
    }

    @Override
    public String sender() {
        return sender;
    }

    @Override
    public List<Long> connectionIds() {
        return connectionIds;
    }

    public boolean isClose() {
        return length == 0;
    }

    /** A copy of the body. */
    public byte[] body() {
        return Arrays.copyOfRange(bytes, offset, offset + length);
    }

    /**
     * The body without a copy: a read-only buffer of its own (position 0, limit the body's length) over
     * the reply's bytes; each call gives a new one, so each of several readers has its own position.
     */
    public ByteBuffer bodyView() {
        return ByteBuffer.wrap(bytes, offset, length).slice().asReadOnlyBuffer();
    }

    /** Writes the body to {@code out}; for the encoder, without a copy. */
    void writeBody(java.io.ByteArrayOutputStream out) {
        out.write(bytes, offset, length);
    }

    int bodyLength() {
        return length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reply r && sender.equals(r.sender) && connectionIds.equals(r.connectionIds)
                && Arrays.equals(bytes, offset, offset + length, r.bytes, r.offset, r.offset + r.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + bytes[i];
        }
        return (sender.hashCode() * 31 + connectionIds.hashCode()) * 31 + h;
    }

    @Override
    public String toString() {
        return "Reply[" + sender + " " + connectionIds + ", " + length + " bytes]";
    }
}
