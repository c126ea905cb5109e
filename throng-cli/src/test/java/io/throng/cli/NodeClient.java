package io.throng.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A plain chat client of one node, a real WebSocket (version 1, claimed nickname): it sends the frames
 * it is told to and keeps every frame it receives, for the test to wait for and judge. Unlike
 * {@link NodeMember} it never moves or retries by itself.
 */
final class NodeClient implements WebSocket.Listener, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final String nick;
    private final List<JsonNode> frames = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket ws;

    /** Connects to {@code node}, says hello as {@code nick} and waits for the welcome. */
    NodeClient(ChatNode node, String nick) throws Exception {
        this.nick = nick;
        ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(node.ws(), this).get(30, TimeUnit.SECONDS);
        send("{\"type\":\"hello\",\"v\":1,\"nick\":\"" + nick + "\"}");
        await("welcome", f -> type(f, "welcome"));
    }

    void send(String frame) throws Exception {
        ws.sendText(frame, true).get(10, TimeUnit.SECONDS);
    }

    /** Joins {@code room} and waits for its online list (the join was taken). */
    void join(String room) throws Exception {
        int from = size();
        send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
        awaitAfter(from, "online list of " + room, f -> type(f, "presence") && room.equals(f.path("room").asText())
                && "online".equals(f.path("event").asText()));
    }

    int size() {
        synchronized (frames) {
            return frames.size();
        }
    }

    /** The first frame since the start that matches; fails after 30 s. */
    JsonNode await(String what, Predicate<JsonNode> match) throws InterruptedException {
        return awaitAfter(0, what, match);
    }

    /** The first frame received after the first {@code from} frames that matches; fails after 30 s. */
    JsonNode awaitAfter(int from, String what, Predicate<JsonNode> match) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (frames) {
            while (true) {
                for (int i = from; i < frames.size(); i++) {
                    if (match.test(frames.get(i))) {
                        return frames.get(i);
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(nick + ": no " + what + " within 30 s; got " + frames);
                }
                TimeUnit.NANOSECONDS.timedWait(frames, left);
            }
        }
    }

    /** Every frame received so far that matches. */
    List<JsonNode> all(Predicate<JsonNode> match) {
        synchronized (frames) {
            return frames.stream().filter(match).toList();
        }
    }

    static boolean type(JsonNode f, String type) {
        return type.equals(f.path("type").asText());
    }

    /** An error answering the frame of type {@code re} in {@code room}. */
    static Predicate<JsonNode> error(String re, String room) {
        return f -> type(f, "error") && re.equals(f.path("re").asText()) && room.equals(f.path("room").asText());
    }

    @Override
    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                JsonNode f = JSON.readTree(partial.toString());
                synchronized (frames) {
                    frames.add(f);
                    frames.notifyAll();
                }
            } catch (Exception e) {
                throw new AssertionError(nick + ": not JSON: " + partial, e);
            } finally {
                partial.setLength(0);
            }
        }
        w.request(1);
        return null;
    }

    @Override
    public void close() {
        ws.abort();
    }
}
