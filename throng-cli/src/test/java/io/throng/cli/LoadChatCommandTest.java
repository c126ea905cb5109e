package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throng.http.HttpOptions;
import io.throng.http.HttpServer;
import io.throng.http.Router;
import io.throng.http.WebSocketRoute;
import io.throng.net.ServerOptions;
import io.throng.websocket.WebSocket;
import io.throng.websocket.WebSocketListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code throng load chat} end to end through the CLI, against a minimal chat server (the protocol subset the
 * tool speaks) that can be told to withhold one message from one member: the run must pass when nothing is
 * withheld and fail with exit code 1 and "lost 1" when one message is.
 */
class LoadChatCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoadCli cli = new LoadCli();
    private final Map<String, Map<WebSocket, String>> rooms = new LinkedHashMap<>();
    private final Map<String, Long> seqs = new LinkedHashMap<>();
    private static final long WITHHELD = 40; // ~1.2 s into the run: after every join, well before the end
    private volatile String withholdFrom; // this nick never receives its room's message WITHHELD
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.start(ServerOptions.of("127.0.0.1", 0), HttpOptions.defaults(),
                new Router().get("/ws", new WebSocketRoute(Member::new)));
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown(Duration.ofSeconds(2));
    }

    private final class Member implements WebSocketListener {
        private String nick;

        @Override
        public void onText(WebSocket ws, String text) {
            try {
                JsonNode f = JSON.readTree(text);
                switch (f.get("type").asText()) {
                    case "hello" -> {
                        nick = f.get("nick").asText();
                        ws.sendText("{\"type\":\"welcome\",\"v\":1,\"session\":\"s\",\"nick\":\"" + nick + "\"}");
                    }
                    case "join" -> {
                        synchronized (rooms) {
                            rooms.computeIfAbsent(f.get("room").asText(), r -> new LinkedHashMap<>()).put(ws, nick);
                            ws.sendText("{\"type\":\"presence\",\"room\":\"" + f.get("room").asText()
                                    + "\",\"event\":\"online\",\"online\":[]}");
                        }
                    }
                    case "say" -> say(ws, f);
                    default -> ws.sendText("{\"type\":\"error\",\"code\":\"unknown_type\",\"message\":\"no\"}");
                }
            } catch (java.io.IOException e) {
                ws.sendText("{\"type\":\"error\",\"code\":\"bad_json\",\"message\":\"no\"}");
            }
        }

        private void say(WebSocket ws, JsonNode f) throws java.io.IOException {
            String room = f.get("room").asText();
            synchronized (rooms) { // one order per room: sequence, ack and fan-out together
                long seq = seqs.merge(room, 1L, Long::sum);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", "message");
                m.put("room", room);
                m.put("seq", seq);
                m.put("from", nick);
                m.put("text", f.get("text").asText());
                m.put("time", System.currentTimeMillis());
                String others = JSON.writeValueAsString(m);
                m.put("cid", f.get("cid").asText());
                String own = JSON.writeValueAsString(m);
                ws.sendText("{\"type\":\"ack\",\"room\":\"" + room + "\",\"cid\":\"" + f.get("cid").asText()
                        + "\",\"seq\":" + seq + "}");
                rooms.get(room).forEach((member, memberNick) -> {
                    if (seq == WITHHELD && memberNick.equals(withholdFrom)) {
                        return;
                    }
                    member.sendText(member == ws ? own : others);
                });
            }
        }
    }

    private String[] args(Path json) {
        return LoadCli.cleanWithJson(json, "ws://127.0.0.1:" + server.port() + "/ws", "--users", "20", "--rooms",
            "2", "--every", "300ms", "--ramp", "500ms", "-d", "2s", "--drain", "5s", "--max-lost", "0");
    }

    @Test
    void aRunWhereEveryoneGetsEverythingPasses(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        assertEquals(ExitCodes.OK, cli.run("chat", args(json)), cli.printed());
        assertTrue(cli.out().contains("lost 0, duplicated 0, out of order 0, unacked 0"), cli.out());
        JsonNode r = LoadCli.report(json);
        assertEquals(20, r.get("peakConnected").asInt());
        assertTrue(r.get("latency").get("count").asLong() > 100, r.toString());
    }

    @Test
    void oneWithheldMessageIsReportedLostAndExitsOne(@TempDir Path dir) throws Exception {
        withholdFrom = "u3";
        Path json = dir.resolve("r.json");
        assertEquals(ExitCodes.FAILURE, cli.run("chat", args(json)), cli.printed());
        assertTrue(cli.out().contains("FAILED       lost 1 > max 0"), cli.out());
        assertEquals(1, LoadCli.report(json).get("lost").asLong());
    }

    @Test
    void accountsWithoutATokenForEveryUserIsAUsageErrorBeforeAnythingConnects(@TempDir Path dir) throws Exception {
        Path tokens = java.nio.file.Files.writeString(dir.resolve("tokens.txt"), "u0 " + "A".repeat(43) + "\n");
        String[] a = args(dir.resolve("r.json"));
        String[] withAccounts = java.util.Arrays.copyOf(a, a.length + 2);
        withAccounts[a.length] = "--accounts";
        withAccounts[a.length + 1] = tokens.toString();
        assertEquals(ExitCodes.USAGE, cli.run("chat", withAccounts), cli.printed());
        assertTrue(cli.printed().contains("no token for 19 of the 20 users (the first: u1)"), cli.printed());
    }
}
