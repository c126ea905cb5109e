package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chat.account.Accounts;
import io.throng.chat.account.PasswordHasher;
import io.throng.chat.account.Registration;
import io.throng.chat.store.ChatStore;
import io.throng.chat.store.Durability;
import io.throng.chat.store.StoredMessage;
import io.throng.chat.store.postgres.PgCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code throng chat migrate} and {@code throng chat --store}: a SQLite chat made by the real stores is
 * copied into a real PostgreSQL, then a chat process started on that database serves it, and logs in
 * its accounts; no password is ever printed.
 */
class ChatStoreCommandTest {
    private static PgCluster pg;

    @TempDir
    Path data;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = PgCluster.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void migrateThenServeTheCopyFromPostgres() throws Exception {
        try (ChatStore store = ChatStore.open(data.resolve("chat.db"), Durability.NORMAL)) {
            store.append(List.of(new StoredMessage("lobby", 1, "alice", "a1", "from sqlite", 1),
                    new StoredMessage("lobby", 2, "bob", "b1", "me too", 2))).get();
        }
        try (Accounts a = Accounts.open(data.resolve("chat.db"), Accounts.Options.defaults(Registration.CLOSED)
                .withHasher(new PasswordHasher(64, 1, 1)), InstantSource.system())) {
            a.create("alice", "alice's password");
        }
        String url = pg.libpqUrl();
        assertEquals(ExitCodes.OK, run("chat", "migrate", "--from", data.toString(), "--to", url), err.toString());
        assertTrue(out.toString().contains("copied 2 messages"), out.toString());
        assertTrue(out.toString().contains("1 accounts"), out.toString());
        assertEquals(ExitCodes.FAILURE, run("chat", "migrate", "--from", data.toString(), "--to", url));
        assertTrue(err.toString().contains("already holds chat data (2 messages"), err.toString());
        assertEquals(ExitCodes.USAGE, run("chat", "migrate", "--from", data.toString(), "--to", "mysql://x:secret@h/db"));
        assertFalse(err.toString().contains("secret"), err.toString());

        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process chat = CliProcesses.cli(lines, "chat", "--port", "0", "--data", data.resolve("unused").toString(),
                "--argon2=64,1,1", "--store", url);
        try {
            String serving = CliProcesses.await(lines, "throng chat: serving");
            assertTrue(serving.contains("history in PostgreSQL jdbc:postgresql://127.0.0.1:" + pg.port() + "/chat"),
                    serving);
            assertFalse(serving.contains(pg.password()), serving);
            Matcher port = Pattern.compile("localhost:(\\d+)/").matcher(serving);
            assertTrue(port.find(), serving);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.group(1)
                    + "/api/login")).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"name\":\"alice\",\"password\":\"alice's password\",\"bearer\":true}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), "the migrated account logs in: " + login.body());
        } finally {
            chat.destroy();
            chat.waitFor();
        }
        assertFalse(String.join("\n", lines).contains(pg.password()), "no password in the output");
    }

    @Test
    void adminManagesTheAccountsInPostgres() throws Exception {
        String url = pg.newDatabase("admin");
        java.io.InputStream in = System.in;
        System.setIn(new java.io.ByteArrayInputStream("olga's password\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try {
            assertEquals(ExitCodes.OK, run("chat", "admin", "--store", url, "--argon2=64,1,1", "create", "olga"),
                    err.toString());
        } finally {
            System.setIn(in);
        }
        try (Accounts a = Accounts.openPostgres(url, Accounts.Options.defaults(Registration.CLOSED)
                .withHasher(new PasswordHasher(64, 1, 1)), InstantSource.system())) {
            assertEquals("olga", a.authenticate(a.login("olga", "olga's password", "a").token()).orElseThrow().account());
        }
        assertEquals(ExitCodes.OK, run("chat", "admin", "--store", url, "revoke", "--account", "olga"), err.toString());
        assertTrue(out.toString().contains("revoked 1 session(s)"), "the login made above, found in PostgreSQL: " + out);
        assertFalse((out.toString() + err).contains(pg.password()), "no password in the output");
    }

    /**
     * {@code --workers 2 --store}: the master's room service writes the messages to PostgreSQL, the
     * workers serve the account routes from it.
     */
    @Test
    void workersAndTheirRoomServiceUsePostgres() throws Exception {
        String url = pg.newDatabase("workers");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process chat = CliProcesses.cli(lines, "chat", "--workers", "2", "--port", Integer.toString(port),
                "--data", data.resolve("unused").toString(), "--argon2=64,1,1", "--store", url);
        try {
            String master = CliProcesses.await(lines, "starting 2 workers");
            assertTrue(master.contains("history in PostgreSQL jdbc:postgresql://127.0.0.1:" + pg.port() + "/workers"),
                    master);
            CliProcesses.await(lines, "throng chat: serving");
            CliProcesses.await(lines, "throng chat: serving");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> reg = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/register")).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"name\":\"wanda\",\"password\":\"wanda's password\",\"bearer\":true}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, reg.statusCode(), reg.body());
            Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(reg.body());
            assertTrue(token.find(), reg.body());
            BlockingQueue<String> frames = new LinkedBlockingQueue<>();
            java.net.http.WebSocket ws = http.newWebSocketBuilder().header("Authorization", "Bearer " + token.group(1))
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new java.net.http.WebSocket.Listener() {
                        final StringBuilder partial = new StringBuilder();

                        @Override
                        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w,
                                                                             CharSequence text, boolean last) {
                            partial.append(text);
                            if (last) {
                                frames.add(partial.toString());
                                partial.setLength(0);
                            }
                            w.request(1);
                            return null;
                        }
                    }).join();
            ws.sendText("{\"type\":\"hello\",\"v\":2}", true).join();
            CliProcesses.await(frames, "\"welcome\"");
            ws.sendText("{\"type\":\"join\",\"room\":\"lobby\"}", true).join();
            CliProcesses.await(frames, "\"presence\"");
            ws.sendText("{\"type\":\"say\",\"room\":\"lobby\",\"cid\":\"w1\",\"text\":\"through a worker\"}", true)
                    .join();
            assertTrue(CliProcesses.await(frames, "\"ack\"").contains("\"seq\":1"));
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
                 java.sql.ResultSet r = c.createStatement().executeQuery("SELECT sender, text FROM messages")) {
                assertTrue(r.next());
                assertEquals("wanda through a worker", r.getString(1) + " " + r.getString(2));
            }
            ws.abort();
        } finally {
            chat.destroy();
            chat.waitFor();
        }
        assertFalse(String.join("\n", lines).contains(pg.password()), "no password in the output");
    }
}
