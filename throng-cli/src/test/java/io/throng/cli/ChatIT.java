package io.throng.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command for real: {@code ./throng chat} as a process on a free port with a
 * temporary {@code --data}, no other option: it says that registration is open, users register and
 * chat (protocol version 2), the server is killed with SIGKILL and started again: history, sequences
 * and accounts continue.
 */
class ChatIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SERVING = Pattern.compile("serving http://localhost:(\\d+)/");

    @TempDir
    Path data;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Server(Process process, String base) {}

    private Server start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("throng").toString(), "chat", "--port", "0",
                "--data", data.toString()).directory(data.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        // The first line is the URL (readLine returns null, failing the test, if the server dies first).
        String line = out.readLine();
        Matcher m = SERVING.matcher(line == null ? "" : line);
        if (!m.find()) {
            p.destroyForcibly();
            fail("no URL printed: " + line);
        }
        String next = out.readLine();
        assertTrue(next != null && next.contains("registration open (anyone can create an account on the page; "
                + "--registration invite|closed to change)"), next);
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
        return new Server(p, "http://127.0.0.1:" + m.group(1));
    }

    private HttpResponse<String> call(String method, String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(40))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A long-poll client that keeps the frames it has not looked at yet. */
    private final class Client {
        final String base;
        final String conn;
        long batch;
        final List<JsonNode> frames = new ArrayList<>();

        /** Registers {@code nick} (or logs in, if {@code login}), opens a web connection with the bearer token, says hello. */
        Client(String base, String nick, boolean login) throws Exception {
            this.base = base;
            HttpResponse<String> account = call("POST", base + (login ? "/api/login" : "/api/register"),
                    "{\"name\":\"" + nick + "\",\"password\":\"" + nick + "'s password\",\"bearer\":true}");
            assertEquals(200, account.statusCode(), account.body());
            String token = JSON.readTree(account.body()).get("token").asText();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/chat/connections?transport=poll"))
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, r.statusCode(), r.body());
            conn = JSON.readTree(r.body()).get("conn").asText();
            send("{\"type\":\"hello\",\"v\":2}");
            assertEquals(nick, await("welcome", null, null).get("nick").asText());
        }

        void send(String frame) throws Exception {
            assertEquals(204, call("POST", base + "/chat/connections/" + conn + "/frames", frame).statusCode());
        }

        JsonNode await(String type, String field, String value) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < frames.size(); i++) {
                    JsonNode f = frames.get(i);
                    if (f.path("type").asText().equals(type) && (field == null || f.path(field).asText().equals(value))) {
                        frames.subList(0, i + 1).clear();
                        return f;
                    }
                }
                HttpResponse<String> r = call("GET", base + "/chat/connections/" + conn + "/poll?after=" + batch, null);
                assertEquals(200, r.statusCode(), r.body());
                JsonNode body = JSON.readTree(r.body());
                batch = body.get("batch").asLong();
                body.get("frames").forEach(frames::add);
            }
            throw new AssertionError("no " + type + " " + value + "; have " + frames);
        }
    }

    @Test
    void killMinusNineThenRestartKeepsHistoryAndSequences() throws Exception {
        Server first = start();
        try {
            assertEquals("ok\n", call("GET", first.base() + "/healthz", null).body());
            assertTrue(call("GET", first.base() + "/", null).body().contains("Throng chat"));
            Client alice = new Client(first.base(), "alice", false);
            alice.send("{\"type\":\"join\",\"room\":\"lobby\"}");
            for (int i = 1; i <= 5; i++) {
                alice.send("{\"type\":\"say\",\"room\":\"lobby\",\"cid\":\"a" + i + "\",\"text\":\"m" + i + "\"}");
            }
            for (int i = 1; i <= 5; i++) {
                assertEquals(i, alice.await("ack", "cid", "a" + i).get("seq").asLong());
            }
        } finally {
            first.process().destroyForcibly();   // SIGKILL: no shutdown hook runs
        }
        assertTrue(first.process().waitFor(20, TimeUnit.SECONDS));
        assertEquals(137, first.process().exitValue(), "killed by SIGKILL");

        Server second = start();
        try {
            Client bob = new Client(second.base(), "bob", false);
            bob.send("{\"type\":\"join\",\"room\":\"lobby\"}");
            bob.send("{\"type\":\"history\",\"room\":\"lobby\"}");
            JsonNode page = bob.await("history", "room", "lobby");
            List<String> texts = new ArrayList<>();
            page.get("messages").forEach(m -> texts.add(m.get("seq").asLong() + ":" + m.get("text").asText()));
            assertEquals(List.of("1:m1", "2:m2", "3:m3", "4:m4", "5:m5"), texts);
            bob.send("{\"type\":\"say\",\"room\":\"lobby\",\"cid\":\"b1\",\"text\":\"after the crash\"}");
            assertEquals(6, bob.await("ack", "cid", "b1").get("seq").asLong(), "sequences continue");
            // A retry of a message acked before the crash is still recognised (dedup survives restarts).
            Client alice = new Client(second.base(), "alice", true);   // her account survived the crash
            alice.send("{\"type\":\"join\",\"room\":\"lobby\"}");
            alice.send("{\"type\":\"say\",\"room\":\"lobby\",\"cid\":\"a3\",\"text\":\"m3\"}");
            assertEquals(3, alice.await("ack", "cid", "a3").get("seq").asLong());
        } finally {
            second.process().destroy();   // SIGTERM: the graceful path
        }
        assertTrue(second.process().waitFor(20, TimeUnit.SECONDS), "SIGTERM stops the server");
        assertEquals(143, second.process().exitValue());
    }
}
