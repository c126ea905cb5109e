package io.throng.mongrel.front;

import io.throng.http.Headers;
import java.util.ArrayList;
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

    /** The fields of a head parsed by throng-http, in the order the client sent them. */
    static List<Field> fields(Headers headers) {
        List<Field> fields = new ArrayList<>(headers.size());
        for (int i = 0; i < headers.size(); i++) {
            fields.add(new Field(headers.name(i), headers.value(i)));
        }
        return fields;
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
