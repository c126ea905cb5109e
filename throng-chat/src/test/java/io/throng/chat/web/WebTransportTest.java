package io.throng.chat.web;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Two users over the real HTTP server with the JDK client: one on SSE, one on long-polling. */
class WebTransportTest extends WebFixture {

    /** Reads an SSE stream on a virtual thread until the server ends it. */
    Reader sse(String conn) throws Exception {
        Reader r = new Reader();
        HttpResponse<Stream<String>> res = http.send(HttpRequest.newBuilder(URI.create(base + "/chat/connections/"
                + conn + "/events")).build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, res.statusCode());
        assertTrue(res.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        Thread.ofVirtual().start(() -> {
            try (Stream<String> lines = res.body()) {
                lines.filter(l -> l.startsWith("data: ")).forEach(l -> r.frames.add(parse(l.substring(6))));
            }
        });
        return r;
    }

    /** Long-polls on a virtual thread, acknowledging each batch, until the connection is gone. */
    Reader poll(String conn) {
        Reader r = new Reader();
        Thread.ofVirtual().start(() -> {
            long after = 0;
            try {
                for (int i = 0; i < 1000; i++) {
                    HttpResponse<String> res = get("/chat/connections/" + conn + "/poll?after=" + after);
                    if (res.statusCode() != 200) {
                        return;
                    }
                    JsonNode body = parse(res.body());
                    body.get("frames").forEach(r.frames::add);
                    after = body.get("batch").asLong();
                    if (body.get("closed").asBoolean()) {
                        return;
                    }
                }
            } catch (Exception e) {
                // the test ended and closed the client
            }
        });
        return r;
    }

    @Test
    void twoUsersChatOverSseAndLongPoll() throws Exception {
        String a = open("sse");
        Reader alice = sse(a);
        String b = open("poll");
        Reader bob = poll(b);

        send(a, "{\"type\":\"hello\",\"v\":1,\"nick\":\"alice\"}");
        assertEquals("alice", alice.await("welcome", Reader.type("welcome")).get("nick").asText());
        send(b, "{\"type\":\"hello\",\"v\":1,\"nick\":\"bob\"}");
        bob.await("welcome", Reader.type("welcome"));

        send(a, "{\"type\":\"join\",\"room\":\"lobby\"}");
        alice.await("online list", Reader.type("presence", "lobby"));
        send(b, "{\"type\":\"join\",\"room\":\"lobby\"}");
        JsonNode online = bob.await("online list", Reader.type("presence", "lobby"));
        assertEquals("[\"alice\",\"bob\"]", online.get("online").toString());
        JsonNode joined = alice.await("bob joined", Reader.type("presence", "lobby"));
        assertEquals("joined", joined.get("event").asText());
        assertEquals("bob", joined.get("nick").asText());

        send(a, "{\"type\":\"say\",\"room\":\"lobby\",\"cid\":\"a-1\",\"text\":\"hi <b>bob</b>\"}");
        JsonNode ack = alice.await("ack", Reader.type("ack"));
        assertEquals(1, ack.get("seq").asLong());
        assertEquals("a-1", ack.get("cid").asText());
        JsonNode atBob = bob.await("alice's message", Reader.type("message"));
        assertEquals(1, atBob.get("seq").asLong());
        assertEquals("hi <b>bob</b>", atBob.get("text").asText());
        assertEquals("alice", atBob.get("from").asText());
        assertFalse(atBob.has("cid"), "others never see the sender's cid");

        send(b, "{\"type\":\"say\",\"room\":\"lobby\",\"cid\":\"b-1\",\"text\":\"hello alice\"}");
        assertEquals(2, bob.await("ack", Reader.type("ack")).get("seq").asLong());
        assertEquals(2, alice.await("bob's message", f -> Reader.type("message").test(f)
                && f.get("from").asText().equals("bob")).get("seq").asLong());

        // A retried say (same cid) is answered with the original ack, not stored twice.
        send(a, "{\"type\":\"say\",\"room\":\"lobby\",\"cid\":\"a-1\",\"text\":\"hi <b>bob</b>\"}");
        assertEquals(1, alice.await("retry ack", Reader.type("ack")).get("seq").asLong());

        send(b, "{\"type\":\"history\",\"room\":\"lobby\"}");
        JsonNode page = bob.await("history", Reader.type("history"));
        List<Long> seqs = new ArrayList<>();
        page.get("messages").forEach(m -> seqs.add(m.get("seq").asLong()));
        assertEquals(List.of(1L, 2L), seqs);

        send(a, "{\"type\":\"dm\",\"to\":\"bob\",\"cid\":\"a-2\",\"text\":\"psst\"}");
        assertEquals("@bob", alice.await("dm ack", Reader.type("ack")).get("room").asText());
        JsonNode dm = bob.await("dm", Reader.type("message", "@bob"));
        assertEquals("psst", dm.get("text").asText());

        assertEquals(204, http.send(HttpRequest.newBuilder(URI.create(base + "/chat/connections/" + a)).DELETE()
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        // alice's session is detached, not gone: within the grace she still counts as present.
        assertEquals(404, get("/chat/connections/" + a + "/events").statusCode());
    }

    @Test
    void aSessionOutlivesItsConnectionAndResumes() throws Exception {
        String c1 = open("poll");
        send(c1, "{\"type\":\"hello\",\"v\":1,\"nick\":\"carol\"}");
        send(c1, "{\"type\":\"join\",\"room\":\"den\"}");
        send(c1, "{\"type\":\"say\",\"room\":\"den\",\"cid\":\"c-1\",\"text\":\"one\"}");
        Reader first = poll(c1);
        String session = first.await("welcome", Reader.type("welcome")).get("session").asText();
        first.await("ack", Reader.type("ack"));
        post("/chat/connections/" + c1 + "/frames", "{}"); // still fine: an error frame
        http.send(HttpRequest.newBuilder(URI.create(base + "/chat/connections/" + c1)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());

        String other = open("poll");
        send(other, "{\"type\":\"hello\",\"v\":1,\"nick\":\"dave\"}");
        send(other, "{\"type\":\"join\",\"room\":\"den\"}");
        send(other, "{\"type\":\"say\",\"room\":\"den\",\"cid\":\"d-1\",\"text\":\"two\"}");
        poll(other).await("ack", Reader.type("ack"));

        String c2 = open("sse");
        Reader again = sse(c2);
        send(c2, "{\"type\":\"resume\",\"v\":1,\"session\":\"" + session + "\",\"last\":{\"den\":1}}");
        assertTrue(again.await("welcome", Reader.type("welcome")).get("resumed").asBoolean());
        JsonNode missed = again.await("replayed message", Reader.type("message", "den"));
        assertEquals(2, missed.get("seq").asLong());
        assertEquals("two", missed.get("text").asText());
    }

    @Test
    void aLostPollAnswerIsSentAgainAndOnlyTheNextBatchMovesOn() throws Exception {
        String c = open("poll");
        send(c, "{\"type\":\"hello\",\"v\":1,\"nick\":\"erin\"}");
        JsonNode first = parse(get("/chat/connections/" + c + "/poll?after=0").body());
        assertEquals(1, first.get("batch").asLong());
        assertEquals("welcome", first.get("frames").get(0).get("type").asText());
        JsonNode again = parse(get("/chat/connections/" + c + "/poll?after=0").body());
        assertEquals(first, again, "the same batch, since the client says it did not get it");
        assertEquals(409, get("/chat/connections/" + c + "/poll?after=7").statusCode());
        assertEquals(409, get("/chat/connections/" + c + "/poll?after=x").statusCode());
        send(c, "{\"type\":\"history\",\"room\":\"lobby\"}");
        JsonNode next = parse(get("/chat/connections/" + c + "/poll?after=1").body());
        assertEquals(2, next.get("batch").asLong());
        assertEquals("history", next.get("frames").get(0).get("type").asText());
    }

    @Test
    void hostileRequestsGetClearAnswers() throws Exception {
        assertEquals(404, get("/chat/connections/nope/poll").statusCode());
        assertEquals(404, post("/chat/connections/nope/frames", "{}").statusCode());
        assertEquals(400, post("/chat/connections?transport=carrier-pigeon", "").statusCode());
        String c = open("sse");
        sse(c);
        HttpResponse<String> second = get("/chat/connections/" + c + "/events");
        assertEquals(409, second.statusCode(), "one reader per connection");
        assertEquals(413, post("/chat/connections/" + c + "/frames", "x".repeat(100_000)).statusCode());

        String p = open("poll");
        send(p, "[1,2]");
        send(p, "{\"type\":\"say\",\"room\":\"lobby\",\"cid\":\"x\",\"text\":\"too early\"}");
        JsonNode body = parse(get("/chat/connections/" + p + "/poll").body());
        assertEquals("bad_json", body.get("frames").get(0).get("code").asText());
        assertEquals("not_ready", body.get("frames").get(1).get("code").asText());

        // Connections are bounded: the fixture allows 100.
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            codes.add(post("/chat/connections?transport=poll", "").statusCode());
        }
        assertEquals(503, codes.getLast());
        assertTrue(get("/metrics").body().contains("throng_chat_connections{transport=\"poll\"} 99"));
    }

    @Test
    void pageHealthAndMetrics() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script src=\"/app.js\">"));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        assertFalse(get("/app.js").body().contains("innerHTML"), "user text goes through textContent only");
        assertEquals(200, get("/style.css").statusCode());
        assertEquals("ok\n", get("/healthz").body());

        String c = open("poll");
        send(c, "{\"type\":\"hello\",\"v\":1,\"nick\":\"fay\"}");
        send(c, "{\"type\":\"join\",\"room\":\"metrics-room\"}");
        send(c, "{\"type\":\"say\",\"room\":\"metrics-room\",\"cid\":\"m\",\"text\":\"x\"}");
        Reader fay = poll(c);
        fay.await("ack", Reader.type("ack"));
        fay.await("own message", Reader.type("message"));   // handed to the writer: one fan-out sample
        assertEquals("{\"rooms\":[\"metrics-room\"]}", get("/chat/rooms").body());
        HttpResponse<String> m = get("/metrics");
        assertTrue(m.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        String text = m.body();
        for (String line : text.split("\n")) {
            assertTrue(line.startsWith("# HELP ") || line.startsWith("# TYPE ")
                    || line.matches("[a-z_]+(\\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*\\})? [0-9.E-]+"), line);
        }
        // The process's metrics follow the chat's (throng-http's, in this JVM since its first request).
        assertTrue(text.contains("\nthrong_http_requests_total{status=\"2xx\"} "), text);
        assertTrue(text.contains("\nthrong_chat_messages_total 1\n"), text);
        assertTrue(text.contains("\nthrong_chat_frames_in_total 3\n"), text);
        assertTrue(text.contains("\nthrong_chat_store_commit_seconds_count "), text);
        assertTrue(text.contains("\nthrong_chat_store_commit_seconds_bucket{le=\"+Inf\"} "), text);
        assertTrue(text.contains("\nthrong_chat_fanout_seconds_count 1\n"), text);
        assertTrue(text.contains("\nthrong_chat_fanout_seconds_bucket{le=\"+Inf\"} 1\n"), text);
    }
}
