package io.throng.mongrel.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Raw bytes for one or more connections: the server writes {@code body} to each client as is (an HTTP
 * response, a chunk of one, a WebSocket frame). An empty body closes the connections.
 */
public record Reply(String sender, List<Long> connectionIds, byte[] body) implements Outbound {

    public Reply {
        MessageCodec.checkSender(sender);
        connectionIds = MessageCodec.checkTargets(connectionIds);
        body = body.clone();
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

    public boolean isClose() {
        return body.length == 0;
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    byte[] unsafeBody() {
        return body;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reply r && sender.equals(r.sender) && connectionIds.equals(r.connectionIds)
                && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sender, connectionIds, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "Reply[" + sender + " " + connectionIds + ", " + body.length + " bytes]";
    }
}
