package io.throng.chat.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.throng.chat.server.ChatServer;
import io.throng.chat.server.ChatServerOptions;
import io.throng.chat.store.postgres.PgCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link WebSocketTransportTest} (say, ack, fan-out, resume over a real WebSocket) on a
 * whole server whose store is PostgreSQL, and what only a database outside the process can show: a
 * server started afresh on the same database serves the history, which is in PostgreSQL's tables.
 */
class PgWebSocketTransportTest extends WebSocketTransportTest {
    private ChatServerOptions options;
    private String url;

    @Override
    ChatServerOptions serverOptions(ChatServerOptions defaults) {
        try {
            url = PgCluster.sharedDatabase();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        options = super.serverOptions(defaults).withStore(url);
        return options;
    }

    @Test
    void aNewServerOnTheSameDatabaseServesTheHistory() throws Exception {
        assertTrue(server.summary().contains("PostgreSQL"), server.summary());
        assertTrue(!server.summary().contains(url.substring(url.indexOf("password=") + 9)), "no password shown");
        Client alice = connect();
        alice.send("{\"type\":\"hello\",\"v\":1,\"nick\":\"alice\"}");
        alice.frames().await("welcome", Reader.type("welcome"));
        alice.send("{\"type\":\"join\",\"room\":\"kept\"}");
        alice.frames().await("online", Reader.type("presence", "kept"));
        for (int i = 1; i <= 3; i++) {
            alice.send("{\"type\":\"say\",\"room\":\"kept\",\"cid\":\"k" + i + "\",\"text\":\"note " + i + "\"}");
            assertEquals(i, alice.frames().await("ack", Reader.type("ack")).get("seq").asLong());
        }
        // The acknowledged messages are rows of PostgreSQL, read here past the server.
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT seq, text FROM messages WHERE room = 'kept' ORDER BY seq")) {
            while (r.next()) {
                rows.add(r.getLong(1) + " " + r.getString(2));
            }
        }
        assertEquals(List.of("1 note 1", "2 note 2", "3 note 3"), rows);

        server.close();
        server = ChatServer.start(options);
        base = "http://127.0.0.1:" + server.port();
        Client bob = connect();
        bob.send("{\"type\":\"hello\",\"v\":1,\"nick\":\"bob\"}");
        bob.frames().await("welcome", Reader.type("welcome"));
        bob.send("{\"type\":\"join\",\"room\":\"kept\"}");
        bob.frames().await("online", Reader.type("presence", "kept"));
        bob.send("{\"type\":\"history\",\"room\":\"kept\",\"after\":0,\"limit\":10}");
        JsonNode page = bob.frames().await("history", Reader.type("history", "kept"));
        List<String> texts = new ArrayList<>();
        page.get("messages").forEach(m -> texts.add(m.get("seq").asLong() + " " + m.get("text").asText()));
        assertEquals(List.of("1 note 1", "2 note 2", "3 note 3"), texts);
        bob.send("{\"type\":\"say\",\"room\":\"kept\",\"cid\":\"b1\",\"text\":\"after the restart\"}");
        assertEquals(4, bob.frames().await("ack", Reader.type("ack")).get("seq").asLong());
    }
}
