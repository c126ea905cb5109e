package io.throng.chat.web;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The chat over /ws: the JDK's WebSocket client next to a long-poll user, and Python's websockets. */
class WebSocketTransportTest extends WebFixture {

    /** A JDK WebSocket whose text messages (whole, possibly fragmented) go to a {@link Reader}. */
    record Client(WebSocket ws, Reader frames, CountDownLatch closed) {
        void send(String frame) {
            ws.sendText(frame, true).join();
        }
    }

    Client connect() {
        return connect(http, base);
    }

    static Client connect(java.net.http.HttpClient http, String base) {
        Reader r = new Reader();
        CountDownLatch closed = new CountDownLatch(1);
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(base.replace("http:", "ws:") + "/ws"),
                new WebSocket.Listener() {
                    final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            r.frames.add(parse(partial.toString()));
                            partial.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                        closed.countDown();
                        return null;
                    }
                }).join();
        return new Client(ws, r, closed);
    }

    @Test
    void aWebSocketUserAndALongPollUserChat() throws Exception {
        Client alice = connect();
        alice.send("{\"type\":\"hello\",\"v\":1,\"nick\":\"alice\"}");
        String session = alice.frames().await("welcome", Reader.type("welcome")).get("session").asText();
        alice.send("{\"type\":\"join\",\"room\":\"ws\"}");
        alice.frames().await("online", Reader.type("presence", "ws"));
        assertTrue(get("/metrics").body().contains("throng_chat_connections{transport=\"ws\"} 1"));

        String b = open("poll");
        send(b, "{\"type\":\"hello\",\"v\":1,\"nick\":\"bob\"}");
        send(b, "{\"type\":\"join\",\"room\":\"ws\"}");
        send(b, "{\"type\":\"say\",\"room\":\"ws\",\"cid\":\"b1\",\"text\":\"over poll\"}");
        JsonNode m = alice.frames().await("bob's message", Reader.type("message", "ws"));
        assertEquals(1, m.get("seq").asLong());
        assertEquals("over poll", m.get("text").asText());

        alice.send("{\"type\":\"say\",\"room\":\"ws\",\"cid\":\"a1\",\"text\":\"over ws\"}");
        assertEquals(2, alice.frames().await("ack", Reader.type("ack")).get("seq").asLong());
        alice.send("not json");
        assertEquals("bad_json", alice.frames().await("error", Reader.type("error")).get("code").asText());

        // The socket goes away; the session resumes over a new one and replays what was missed.
        alice.ws().abort();
        send(b, "{\"type\":\"say\",\"room\":\"ws\",\"cid\":\"b2\",\"text\":\"while you were away\"}");
        Client again = connect();
        again.send("{\"type\":\"resume\",\"v\":1,\"session\":\"" + session + "\",\"last\":{\"ws\":2}}");
        assertTrue(again.frames().await("welcome", Reader.type("welcome")).get("resumed").asBoolean());
        assertEquals("while you were away", again.frames().await("replay", Reader.type("message", "ws")).get("text").asText());

        // Shutdown: the last frame says why, then a close frame.
        chat.close();
        assertEquals("shutting_down", again.frames().await("closing frame", Reader.type("error")).get("code").asText());
        assertTrue(again.closed().await(10, TimeUnit.SECONDS), "the server closed the socket");
    }

    /**
     * A resume on a second socket closes the first from that socket's reader thread, not the first
     * one's: its outbox's last frame ({@code replaced}) and close frame still go out, in order after the
     * traffic already queued, and the second socket carries on.
     */
    @Test
    void aResumeElsewhereEndsTheOldSocketWithReplacedThenAClose() throws Exception {
        Client first = connect();
        first.send("{\"type\":\"hello\",\"v\":1,\"nick\":\"carol\"}");
        String session = first.frames().await("welcome", Reader.type("welcome")).get("session").asText();
        first.send("{\"type\":\"join\",\"room\":\"r\"}");
        first.frames().await("online", Reader.type("presence", "r"));
        for (int i = 1; i <= 20; i++) {
            first.send("{\"type\":\"say\",\"room\":\"r\",\"cid\":\"c" + i + "\",\"text\":\"m" + i + "\"}");
        }
        Client second = connect();
        second.send("{\"type\":\"resume\",\"v\":1,\"session\":\"" + session + "\",\"last\":{\"r\":0}}");
        assertTrue(second.frames().await("welcome", Reader.type("welcome")).get("resumed").asBoolean());
        assertEquals("replaced", first.frames().await("closing frame", Reader.type("error")).get("code").asText());
        assertTrue(first.closed().await(10, TimeUnit.SECONDS), "the server closed the replaced socket");
        assertTrue(first.frames().frames.isEmpty(), "nothing after the closing frame: " + first.frames().frames);
        second.send("{\"type\":\"say\",\"room\":\"r\",\"cid\":\"c21\",\"text\":\"after\"}");
        assertEquals("after", second.frames().await("live message", m -> "message".equals(m.path("type").asText())
                && "after".equals(m.path("text").asText())).get("text").asText());
    }

    @Test
    void pythonWebsocketsClientChats() throws Exception {
        Path script = dir.resolve("ws_client.py");
        try (var in = getClass().getResourceAsStream("ws_client.py")) {
            Files.copy(in, script);
        }
        Process py = new ProcessBuilder("/usr/bin/python3", script.toString(), base.replace("http:", "ws:") + "/ws")
                .redirectErrorStream(true).start();
        String out;
        try {
            assertTrue(py.waitFor(60, TimeUnit.SECONDS), "the python client finished");
            out = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            py.destroyForcibly();
        }
        assertEquals(0, py.exitValue(), out);
        assertEquals("OK", out.strip());
    }
}
