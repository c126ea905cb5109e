package io.throng.mongrel.front;

import java.util.List;
import java.util.Locale;

/**
 * One client request as the gateway forwards it: the request line, the fields in the order the client
 * sent them (names as sent) and the whole body.
 *
 * @param query the query without '?', or null
 */
record ClientRequest(String method, String target, String path, String query, String version,
                     List<Field> fields, byte[] body) {

    record Field(String name, String value) {}

    ClientRequest {
        fields = List.copyOf(fields);
    }

    /** The first value of a field, compared case-insensitively; null if absent. */
    String field(String name) {
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.value();
            }
        }
        return null;
    }

    /** An RFC 6455 opening handshake: GET with {@code Upgrade: websocket} and a key. */
    boolean isWebSocketUpgrade() {
        String upgrade = field("Upgrade");
        return method.equals("GET") && upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket")
                && field("Sec-WebSocket-Key") != null;
    }

    boolean expectsContinue() {
        String expect = field("Expect");
        return expect != null && expect.equalsIgnoreCase("100-continue");
    }
}
