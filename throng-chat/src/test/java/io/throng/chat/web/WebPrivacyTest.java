package io.throng.chat.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Over the real HTTP transports: an outsider on an SSE stream and another on long polls never get a
 * direct message or a private room's message, whatever they ask for; the parties get them. The
 * outsiders' frames are checked after the service has handled everything ({@code sync}) and after the
 * answer to a request of their own, so nothing is still on its way when we look.
 */
class WebPrivacyTest extends WebFixture {

    Reader sse(String conn) throws Exception {
        Reader r = new Reader();
        HttpResponse<Stream<String>> res = http.send(HttpRequest.newBuilder(URI.create(base + "/chat/connections/"
                + conn + "/events")).build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, res.statusCode());
        Thread.ofVirtual().start(() -> {
            try (Stream<String> lines = res.body()) {
                lines.filter(l -> l.startsWith("data: ")).forEach(l -> r.frames.add(parse(l.substring(6))));
            }
        });
        return r;
    }

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

    /** Says hello as {@code nick} and returns the session token. */
    String hello(String conn, Reader r, String nick) throws Exception {
        send(conn, "{\"type\":\"hello\",\"v\":1,\"nick\":\"" + nick + "\"}");
        return r.await("welcome", Reader.type("welcome")).get("session").asText();
    }

    /** Every frame the outsider got, up to the answer to its own request sent after the service is idle. */
    void sawNothing(String conn, Reader r, String tag) throws Exception {
        chat.sync();
        send(conn, "{\"type\":\"members\",\"room\":\"barrier-" + tag + "\"}");
        r.await("barrier", Reader.type("members", "barrier-" + tag));
        for (JsonNode f : r.seen) {
            for (String secret : List.of("psst-web", "den-web")) {
                assertFalse(f.toString().contains(secret), "leaked to an outsider: " + f);
            }
        }
    }

    @Test
    void outsidersOnSseAndLongPollGetNoDirectOrPrivateMessage() throws Exception {
        String a = open("sse");
        Reader alice = sse(a);
        String b = open("poll");
        Reader bob = poll(b);
        String c = open("sse");
        Reader carol = sse(c);
        String d = open("poll");
        Reader dave = poll(d);
        hello(a, alice, "alice");
        hello(b, bob, "bob");
        String carolSession = hello(c, carol, "carol");
        hello(d, dave, "dave");

        send(a, "{\"type\":\"create\",\"room\":\"den\",\"private\":true}");
        alice.await("created", Reader.type("members", "den"));
        send(a, "{\"type\":\"join\",\"room\":\"den\"}");
        send(a, "{\"type\":\"invite\",\"room\":\"den\",\"nick\":\"bob\"}");
        bob.await("invited", Reader.type("invited", "den"));
        send(b, "{\"type\":\"join\",\"room\":\"den\"}");
        bob.await("online", Reader.type("presence", "den"));

        send(a, "{\"type\":\"dm\",\"to\":\"bob\",\"cid\":\"d1\",\"text\":\"psst-web\"}");
        send(a, "{\"type\":\"say\",\"room\":\"den\",\"cid\":\"s1\",\"text\":\"den-web\"}");
        List<JsonNode> got = bob.awaitEach("dm and den", Reader.type("message", "@bob"), Reader.type("message", "den"));
        assertEquals("psst-web", got.get(0).get("text").asText());
        assertEquals("den-web", got.get(1).get("text").asText());
        assertEquals("bob", alice.await("own copy", Reader.type("message", "@alice")).get("to").asText());

        for (String[] outsider : new String[][] {{c, "c"}, {d, "d"}}) {
            Reader r = outsider[1].equals("c") ? carol : dave;
            for (String probe : List.of("{\"type\":\"join\",\"room\":\"den\",\"after\":0}",
                    "{\"type\":\"history\",\"room\":\"den\"}", "{\"type\":\"history\",\"room\":\"@bob\"}",
                    "{\"type\":\"history\",\"room\":\"@alice\"}", "{\"type\":\"members\",\"room\":\"den\"}")) {
                send(outsider[0], probe);
                assertEquals("forbidden", r.await("refusal", Reader.type("error")).get("code").asText(), probe);
            }
            sawNothing(outsider[0], r, outsider[1]);
        }

        // carol comes back on long polling, resuming with "last" for the private room and both inboxes.
        String c2 = open("poll");
        Reader carol2 = poll(c2);
        send(c2, "{\"type\":\"resume\",\"v\":1,\"session\":\"" + carolSession
                + "\",\"last\":{\"den\":0,\"@bob\":0,\"@alice\":0}}");
        assertTrue(carol2.await("welcome", Reader.type("welcome")).get("resumed").asBoolean());
        sawNothing(c2, carol2, "c2");
        assertFalse(get("/chat/rooms").body().contains("den"), "a private room is not listed");
    }
}
