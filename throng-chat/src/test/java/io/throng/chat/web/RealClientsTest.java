package io.throng.chat.web;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Real peers: curl reads the SSE stream, /usr/bin/python3 drives two users over long-polling. */
class RealClientsTest extends WebFixture {

    @Test
    void curlReadsTheEventStream() throws Exception {
        String c = open("sse");
        Process curl = new ProcessBuilder("curl", "-sN", "--max-time", "30", base + "/chat/connections/" + c + "/events")
                .redirectErrorStream(true).start();
        Reader frames = new Reader();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(curl.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("data: ")) {
                        frames.frames.add(parse(line.substring(6)));
                    }
                }
            } catch (Exception e) {
                frames.frames.add(parse("{\"type\":\"reader-failed\"}"));
            }
        });
        try {
            send(c, "{\"type\":\"hello\",\"v\":1,\"nick\":\"curly\"}");
            frames.await("welcome", Reader.type("welcome"));
            send(c, "{\"type\":\"join\",\"room\":\"sse\"}");
            assertEquals("[\"curly\"]", frames.await("online", Reader.type("presence", "sse")).get("online").toString());
            send(c, "{\"type\":\"say\",\"room\":\"sse\",\"cid\":\"k1\",\"text\":\"line one\\nline two\"}");
            assertEquals(1, frames.await("ack", Reader.type("ack")).get("seq").asLong());
            JsonNode m = frames.await("message", Reader.type("message", "sse"));
            assertEquals("line one\nline two", m.get("text").asText(), "a newline in text stays inside one data line");
            assertEquals("k1", m.get("cid").asText());
            // The server ending the connection (shutdown) ends curl's stream with the closing frame.
            chat.close();
            assertEquals("shutting_down", frames.await("closing frame", Reader.type("error")).get("code").asText());
            assertTrue(curl.waitFor(10, TimeUnit.SECONDS), "curl sees the end of the stream");
            reader.join();
        } finally {
            curl.destroyForcibly();
        }
    }

    @Test
    void pythonDrivesTwoUsersOverLongPolling() throws Exception {
        Path script = dir.resolve("longpoll_client.py");
        try (var in = getClass().getResourceAsStream("longpoll_client.py")) {
            Files.copy(in, script);
        }
        Process py = new ProcessBuilder("/usr/bin/python3", script.toString(), base).redirectErrorStream(true).start();
        String out;
        try {
            assertTrue(py.waitFor(90, TimeUnit.SECONDS), "the python client finished");
            out = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            py.destroyForcibly();
        }
        assertEquals(0, py.exitValue(), out);
        assertEquals("OK", out.strip());
    }
}
