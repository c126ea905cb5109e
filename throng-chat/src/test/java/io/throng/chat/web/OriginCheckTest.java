package io.throng.chat.web;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Same-origin WebSocket upgrades by default; other origins only when listed (--allow-origin). */
class OriginCheckTest extends WebFixture {
    @Override
    ChatWeb.Options options() {
        return OPTIONS.withAllowedOrigins(List.of("https://chat.example.com"));
    }

    private WebSocket upgrade(String origin) {
        return http.newWebSocketBuilder().header("Origin", origin)
                .buildAsync(URI.create(base.replace("http:", "ws:") + "/ws"), new WebSocket.Listener() { }).join();
    }

    @Test
    void aForeignPageCannotOpenTheWebSocket() throws Exception {
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + "/ws"))
                .header("Origin", "http://evil.example").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, refused.statusCode());
        assertTrue(refused.body().contains("origin_refused"), refused.body());
        CompletionException e = assertThrows(CompletionException.class, () -> upgrade("http://evil.example"));
        assertEquals(403, assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse().statusCode());
        upgrade(base).abort();                                  // the page's own origin
        upgrade("https://chat.example.com").abort();            // listed
    }

    @Test
    void theRuleComparesTheWholeAuthority() {
        assertTrue(web.originAllowed(null, "127.0.0.1:8080"), "non-browser clients send no Origin");
        assertTrue(web.originAllowed("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assertTrue(web.originAllowed("http://LOCALHOST:8080", "localhost:8080"));
        assertFalse(web.originAllowed("http://127.0.0.1:9999", "127.0.0.1:8080"), "another port is another origin");
        assertFalse(web.originAllowed("http://127.0.0.1:8080.evil.example", "127.0.0.1:8080"));
        assertFalse(web.originAllowed("null", "127.0.0.1:8080"), "sandboxed pages send the origin null");
        assertFalse(web.originAllowed("http://a b", "a b"), "unparsable");
        assertFalse(web.originAllowed("http://x.example", null));
    }
}
