package io.throng.chat.web;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A web connection nobody reads is closed; its session stays resumable on a new one. */
class IdleReaperTest extends WebFixture {
    @Override
    ChatWeb.Options options() {
        return new ChatWeb.Options(Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(400), 100);
    }

    @Test
    void anAbandonedConnectionIsReapedAndItsSessionResumes() throws Exception {
        String c = open("poll");
        send(c, "{\"type\":\"hello\",\"v\":1,\"nick\":\"gus\"}");
        JsonNode welcome = parse(get("/chat/connections/" + c + "/poll").body()).get("frames").get(0);
        String session = welcome.get("session").asText();

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (web.connectionCount() > 0 && System.nanoTime() < deadline) {
            // an empty long poll on another connection is a 300 ms wait, not a sleep: it keeps that one alive
            String other = open("poll");
            get("/chat/connections/" + other + "/poll");
            http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/chat/connections/" + other))
                    .DELETE().build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        }
        assertEquals(0, web.connectionCount(), "the idle connection was reaped");
        assertEquals(404, get("/chat/connections/" + c + "/poll").statusCode());

        String again = open("poll");
        send(again, "{\"type\":\"resume\",\"v\":1,\"session\":\"" + session + "\"}");
        JsonNode frames = parse(get("/chat/connections/" + again + "/poll").body()).get("frames");
        assertTrue(frames.get(0).get("resumed").asBoolean(), frames.toString());
    }
}
