package peer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Header;
import io.helidon.webserver.WebServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Helidon 4 SE peer (virtual-thread web server): GET /plaintext and GET /json (Jackson, serialized per request),
 * and the WebSocket endpoints {@code /echo} and {@code /broadcast} ({@link HelidonWebSocket}).
 * Usage: HelidonPeer PORT
 */
public final class HelidonPeer {
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Header TEXT = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, "text/plain");
    private static final Header APPLICATION_JSON = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, "application/json");

    public static void main(String[] args) {
        WebServer.builder()
                .host("127.0.0.1")
                .port(Integer.parseInt(args[0]))
                .backlog(4096)
                .routing(r -> r
                        .get("/plaintext", (req, res) -> {
                            res.header(TEXT);
                            res.send(HELLO);
                        })
                        .get("/json", (req, res) -> {
                            res.header(APPLICATION_JSON);
                            res.send(JSON.writeValueAsBytes(Map.of("message", "Hello, World!")));
                        }))
                .addRouting(HelidonWebSocket.routing())
                .build()
                .start();
    }

    private HelidonPeer() {}
}
