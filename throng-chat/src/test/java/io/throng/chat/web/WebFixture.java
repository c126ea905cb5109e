package io.throng.chat.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throng.chat.account.PasswordHasher;
import io.throng.chat.server.ChatServer;
import io.throng.chat.server.ChatServerOptions;
import io.throng.chat.service.ChatConfig;
import io.throng.chat.service.ChatService;
import io.throng.chat.store.Durability;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The real chat server ({@link ChatServer}) on a free loopback port, with its history in a temp dir. */
abstract class WebFixture {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Short waits keep the suite fast; the protocol does not depend on them. */
    static final ChatWeb.Options OPTIONS = new ChatWeb.Options(Duration.ofSeconds(2), Duration.ofMillis(500),
            Duration.ofSeconds(30), 100);

    @TempDir
    Path dir;

    ChatWeb.Options options() {
        return OPTIONS;
    }

    /** No rate limit to speak of: tests send in bursts. */
    ChatConfig config() {
        return ChatConfig.defaults().withRate(1e6, 1_000_000);
    }

    /**
     * Version-1 clients (claimed nicknames) are what most transport tests speak; cheap Argon2 for the
     * account tests (behaviour, not cost: bench/ measures that).
     */
    ChatServerOptions serverOptions(ChatServerOptions defaults) {
        return defaults.withInsecureNicknames(true).withAccounts(defaults.accounts().withHasher(CHEAP));
    }

    static final PasswordHasher CHEAP = new PasswordHasher(64, 1, 1);

    ChatServer<ChatService> server;
    ChatService chat;
    ChatWeb web;
    String base;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void startServer() throws Exception {
        // NORMAL keeps the suite fast; the crash test covers FULL, the default.
        server = ChatServer.start(serverOptions(new ChatServerOptions("127.0.0.1", 0, dir.resolve("chat.db"),
                Durability.NORMAL, config(), options(), Duration.ofSeconds(2))));
        chat = server.backend();
        web = server.web();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
        http.shutdownNow(); // close() would wait for a socket a test left open
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Opens a web connection and returns its id. */
    String open(String transport) throws Exception {
        HttpResponse<String> r = post("/chat/connections?transport=" + transport, "");
        if (r.statusCode() != 201) {
            throw new AssertionError("open: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("conn").asText();
    }

    void send(String conn, String frame) throws Exception {
        HttpResponse<String> r = post("/chat/connections/" + conn + "/frames", frame);
        if (r.statusCode() != 204) {
            throw new AssertionError("send: " + r.statusCode() + " " + r.body());
        }
    }

    static JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }
}
