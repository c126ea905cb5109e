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
}
