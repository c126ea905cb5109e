package io.throng.chat.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.throng.chat.service.ChatConfig;
import java.net.URI;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * Over WebSocket, frames leave the outbox for the socket's own queue at once; the outbox's bounds must
 * still catch a client that stops reading: it is closed with {@code slow_consumer} (and counted), the
 * room never waits for it, and its session resumes.
 */
class SlowWebSocketTest extends WebFixture {
    private static final int OUTBOX = 16;

    @Override
    ChatConfig config() {
        return super.config().withOutbox(OUTBOX, 10);
    }

    @Test
    void aWebSocketClientThatStopsReadingIsClosedAsASlowConsumerWhileTheRoomGoesOn() throws Exception {
        // carol reads until she has joined, then asks for nothing more: the JDK client stops reading the
        // socket, the TCP buffers fill, and the server's queue for her grows.
        Reader carolFrames = new Reader();
        WebSocket carol = http.newWebSocketBuilder().buildAsync(URI.create(base.replace("http:", "ws:") + "/ws"),
                new WebSocket.Listener() {
                    final StringBuilder partial = new StringBuilder();
                    volatile boolean stalled;

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            JsonNode m = WebFixture.parse(partial.toString());
                            partial.setLength(0);
                            carolFrames.frames.add(m);
                            stalled |= "presence".equals(m.path("type").asText());
                        }
                        if (!stalled) {
                            w.request(1);
                        }
                        return null;
                    }
                }).join();
        try {
            carol.sendText("{\"type\":\"hello\",\"v\":1,\"nick\":\"carol\"}", true).join();
            String session = carolFrames.await("welcome", Reader.type("welcome")).get("session").asText();
            carol.sendText("{\"type\":\"join\",\"room\":\"r\"}", true).join();
            carolFrames.await("carol's presence", Reader.type("presence", "r"));

            WebSocketTransportTest.Client alice = WebSocketTransportTest.connect(http, base);
            alice.send("{\"type\":\"hello\",\"v\":1,\"nick\":\"alice\"}");
            alice.frames().await("welcome", Reader.type("welcome"));
            alice.send("{\"type\":\"join\",\"room\":\"r\"}");
            alice.frames().await("online", Reader.type("presence", "r"));

            // Loopback buffers hold a few MB: with 4,000-character messages some thousand fill them, then
            // the next OUTBOX frames queued for carol make her a slow consumer. Every say is acked at once.
            String text = "x".repeat(4000);
            int sent = 0;
            while (chat.stats().slowConsumers() == 0 && sent < 8_000) {
                sent++;
                alice.send("{\"type\":\"say\",\"room\":\"r\",\"cid\":\"c" + sent + "\",\"text\":\"" + text + "\"}");
                int seq = sent;
                alice.frames().await("ack " + seq, m -> "ack".equals(m.path("type").asText())
                        && ("c" + seq).equals(m.path("cid").asText()));
                alice.frames().frames.clear();
            }
            assertEquals(1, chat.stats().slowConsumers(), "carol was cut as a slow consumer after " + sent + " messages");
            assertTrue(get("/metrics").body().contains("throng_chat_slow_consumers_total 1"));
            // The room goes on for alice.
            alice.send("{\"type\":\"say\",\"room\":\"r\",\"cid\":\"after\",\"text\":\"still here\"}");
            alice.frames().await("ack after the cut", m -> "after".equals(m.path("cid").asText()));

            // The session survived: a new socket resumes it, and the missed messages come back (or a gap).
            WebSocketTransportTest.Client again = WebSocketTransportTest.connect(http, base);
            again.send("{\"type\":\"resume\",\"v\":1,\"session\":\"" + session + "\",\"last\":{\"r\":0}}");
            assertTrue(again.frames().await("welcome", Reader.type("welcome")).get("resumed").asBoolean());
            again.frames().await("a replay or a gap", m -> "r".equals(m.path("room").asText())
                    && ("message".equals(m.path("type").asText()) || "gap".equals(m.path("type").asText())));
        } finally {
            carol.abort();
        }
    }
}
