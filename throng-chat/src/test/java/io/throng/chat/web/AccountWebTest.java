package io.throng.chat.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.throng.chat.account.Accounts;
import io.throng.chat.server.ChatServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Accounts over HTTP against the real server, version 2 only (no --insecure-nicknames), hostile cases first. */
class AccountWebTest extends WebFixture {
    @Override
    ChatServerOptions serverOptions(ChatServerOptions defaults) {
        return defaults.withAccounts(defaults.accounts().withHasher(CHEAP));
    }

    HttpResponse<String> api(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The accounts as {@code throng chat admin} opens them: its own connection to the store. */
    Accounts adminProcessAccounts() throws Exception {
        return Accounts.open(dir.resolve("chat.db"), server.accounts().options(), InstantSource.system());
    }

    /** Registers and returns a bearer token. */
    String register(String name, String password) throws Exception {
        HttpResponse<String> r = api("/api/register", "{\"name\":\"" + name + "\",\"password\":\"" + password
                + "\",\"bearer\":true}");
        assertEquals(200, r.statusCode(), r.body());
        return parse(r.body()).get("token").asText();
    }

    WebSocketTransportTest.Client ws(String token) {
        Reader r = new Reader();
        CountDownLatch closed = new CountDownLatch(1);
        WebSocket.Builder b = http.newWebSocketBuilder();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        WebSocket w = b.buildAsync(URI.create(base.replace("http:", "ws:") + "/ws"), new WebSocket.Listener() {
            final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket s, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    r.frames.add(parse(partial.toString()));
                    partial.setLength(0);
                }
                s.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket s, int code, String reason) {
                closed.countDown();
                return null;
            }
        }).join();
        return new WebSocketTransportTest.Client(w, r, closed);
    }

    @Test
    void claimingAnotherUsersNameGetsNothing() throws Exception {
        register("bob", "bob's password");
        // Version 1 is off: the old way of being bob is refused.
        var v1 = ws(null);
        v1.send("{\"type\":\"hello\",\"v\":1,\"nick\":\"bob\"}");
        assertEquals("auth_required", v1.frames().await("error", Reader.type("error")).get("code").asText());
        v1.send("{\"type\":\"history\",\"room\":\"@bob\"}");
        assertEquals("not_ready", v1.frames().await("error", Reader.type("error")).get("code").asText());
        // Version 2 without a login, or with a made-up token, is refused too.
        v1.send("{\"type\":\"hello\",\"v\":2}");
        assertEquals("auth_required", v1.frames().await("error", Reader.type("error")).get("code").asText());
        v1.send("{\"type\":\"hello\",\"v\":2,\"token\":\"" + "A".repeat(43) + "\"}");
        assertEquals("auth_required", v1.frames().await("error", Reader.type("error")).get("code").asText());
        // A wrong password is a 401 that does not say whether bob exists.
        HttpResponse<String> wrong = api("/api/login", "{\"name\":\"bob\",\"password\":\"guess-guess\"}");
        HttpResponse<String> nobody = api("/api/login", "{\"name\":\"nobody\",\"password\":\"guess-guess\"}");
        assertEquals(401, wrong.statusCode());
        assertEquals(wrong.body(), nobody.body());
        assertTrue(wrong.headers().allValues("Set-Cookie").isEmpty());
    }

    @Test
    void aSessionIsResumedOnlyByTheLoginThatOpenedIt() throws Exception {
        String alice = register("hana", "hana's password");
        String mallory = register("mallory", "mallory's password");
        var a = ws(alice);
        a.send("{\"type\":\"hello\",\"v\":2}");
        String session = a.frames().await("welcome", Reader.type("welcome")).get("session").asText();
        a.ws().abort();
        // The resume token alone is not enough: another login, or none, cannot take the session over.
        var m = ws(mallory);
        m.send("{\"type\":\"resume\",\"v\":2,\"session\":\"" + session + "\",\"last\":{}}");
        assertEquals("unknown_session", m.frames().await("error", Reader.type("error")).get("code").asText());
        var anonymous = ws(null);
        anonymous.send("{\"type\":\"resume\",\"v\":2,\"session\":\"" + session + "\",\"last\":{}}");
        assertEquals("auth_required", anonymous.frames().await("error", Reader.type("error")).get("code").asText());
        anonymous.send("{\"type\":\"resume\",\"v\":1,\"session\":\"" + session + "\",\"last\":{}}");
        assertEquals("auth_required", anonymous.frames().await("error", Reader.type("error")).get("code").asText());
        // Its own login can.
        var back = ws(alice);
        back.send("{\"type\":\"resume\",\"v\":2,\"session\":\"" + session + "\",\"last\":{}}");
        JsonNode welcome = back.frames().await("welcome", Reader.type("welcome"));
        assertTrue(welcome.get("resumed").asBoolean());
        assertEquals("hana", welcome.get("nick").asText());
    }

    @Test
    void crossSiteRequestsAreRefused() throws Exception {
        register("carol", "carol's password");
        String login = "{\"name\":\"carol\",\"password\":\"carol's password\"}";
        assertEquals(403, api("/api/login", login, "Origin", "http://evil.example").statusCode());
        assertEquals(403, api("/api/login", login, "Sec-Fetch-Site", "cross-site").statusCode());
        assertEquals(403, api("/api/logout", "", "Sec-Fetch-Site", "same-site").statusCode());
        assertEquals(403, api("/chat/connections?transport=poll", "", "Origin", "http://evil.example").statusCode());
        String conn = open("poll");
        assertEquals(403, api("/chat/connections/" + conn + "/frames", "{\"type\":\"hello\",\"v\":2}",
                "Sec-Fetch-Site", "cross-site").statusCode());
        // The page's own requests pass.
        HttpResponse<String> own = api("/api/login", login, "Origin", base, "Sec-Fetch-Site", "same-origin");
        assertEquals(200, own.statusCode(), own.body());
    }

    @Test
    void theCookieIsHttpOnlyStrictAndOpensTheChat() throws Exception {
        register("dana", "dana's password");
        HttpResponse<String> r = api("/api/login", "{\"name\":\"dana\",\"password\":\"dana's password\"}");
        assertEquals(200, r.statusCode());
        assertFalse(r.body().contains("token"), "a cookie login does not hand the token to scripts");
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.startsWith("throng_session="), setCookie);
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), setCookie);
        assertFalse(setCookie.contains("Secure"), "plain HTTP on loopback: a Secure cookie would never come back");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        HttpResponse<String> session = http.send(HttpRequest.newBuilder(URI.create(base + "/api/session"))
                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("dana", parse(session.body()).get("account").asText());
        // An SSE web connection opened with the cookie says hello as dana, with no nickname given.
        HttpResponse<String> opened = api("/chat/connections?transport=poll", "", "Cookie", cookie);
        String conn = parse(opened.body()).get("conn").asText();
        send(conn, "{\"type\":\"hello\",\"v\":2}");
        HttpResponse<String> polled = get("/chat/connections/" + conn + "/poll?after=0");
        JsonNode welcome = parse(polled.body()).get("frames").get(0);
        assertEquals("welcome", welcome.get("type").asText());
        assertEquals("dana", welcome.get("nick").asText());
        assertEquals(2, welcome.get("v").asInt());
    }

    @Test
    void loggingOutClosesTheSessionsWebSocketSseAndLongPoll() throws Exception {
        String token = register("erin", "erin's password");
        String other = parse(api("/api/login", "{\"name\":\"erin\",\"password\":\"erin's password\",\"bearer\":true}")
                .body()).get("token").asText();
        var socket = ws(token);
        socket.send("{\"type\":\"hello\",\"v\":2}");
        assertEquals("erin", socket.frames().await("welcome", Reader.type("welcome")).get("nick").asText());
        String sseConn = parse(api("/chat/connections", "", "Authorization", "Bearer " + token).body()).get("conn").asText();
        send(sseConn, "{\"type\":\"hello\",\"v\":2}");
        Reader sse = sse(sseConn);
        sse.await("welcome", Reader.type("welcome"));
        String pollConn = open("poll");
        send(pollConn, "{\"type\":\"hello\",\"v\":2,\"token\":\"" + token + "\"}");
        assertEquals("welcome", parse(get("/chat/connections/" + pollConn + "/poll?after=0").body())
                .get("frames").get(0).get("type").asText());
        // The other login of the same account stays.
        var survivor = ws(other);
        survivor.send("{\"type\":\"hello\",\"v\":2}");
        survivor.frames().await("welcome", Reader.type("welcome"));

        assertEquals(204, api("/api/logout", "", "Authorization", "Bearer " + token).statusCode());

        assertEquals("revoked", socket.frames().await("revoked", Reader.type("error")).get("code").asText());
        assertTrue(socket.closed().await(10, TimeUnit.SECONDS), "the WebSocket closed");
        assertEquals("revoked", sse.await("revoked", Reader.type("error")).get("code").asText());
        HttpResponse<String> last = get("/chat/connections/" + pollConn + "/poll?after=1");
        JsonNode body = parse(last.body());
        assertTrue(body.get("closed").asBoolean(), last.body());
        assertEquals("revoked", body.get("frames").get(0).get("code").asText());
        // The revoked token opens nothing any more, and its chat session cannot be resumed.
        var again = ws(token);
        again.send("{\"type\":\"hello\",\"v\":2}");
        assertEquals("auth_required", again.frames().await("error", Reader.type("error")).get("code").asText());
        survivor.send("{\"type\":\"join\",\"room\":\"still\"}");
        survivor.frames().await("joined", Reader.type("presence", "still"));
    }

    @Test
    void anAdminRevocationFromAnotherProcessClosesConnections() throws Exception {
        String token = register("fay", "fay's password");
        var socket = ws(token);
        socket.send("{\"type\":\"hello\",\"v\":2}");
        socket.frames().await("welcome", Reader.type("welcome"));
        // As `throng chat admin revoke --account fay` does: its own connection to the file.
        try (Accounts admin = adminProcessAccounts()) {
            assertEquals(1, admin.revokeAccount("fay"));
        }
        assertEquals("revoked", socket.frames().await("revoked", Reader.type("error")).get("code").asText());
        assertTrue(socket.closed().await(10, TimeUnit.SECONDS));
    }

    @Test
    void tokensAndPasswordsNeverReachTheLogs() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        StringBuilder logged = new StringBuilder();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (logged) {
                    logged.append(r.getMessage()).append(' ').append(r.getThrown()).append('\n');
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        java.util.logging.Level level = root.getLevel();
        root.addHandler(handler);
        root.setLevel(java.util.logging.Level.ALL);
        PrintStream tee = new PrintStream(captured, true);
        System.setOut(tee);
        System.setErr(tee);
        String token;
        try {
            token = register("gus", "gus's secret password");
            api("/api/login", "{\"name\":\"gus\",\"password\":\"a wrong secret\"}");
            api("/api/login", "{\"name\":\"gus\",\"password\":\"gus's secret password\",\"bearer\":true}");
            api("/api/password", "{\"current\":\"gus's secret password\",\"new\":\"the next secret\"}",
                    "Authorization", "Bearer " + token);
            var socket = ws(token);
            socket.send("{\"type\":\"hello\",\"v\":2,\"token\":\"" + token + "\"}");
            socket.frames().await("refused", Reader.type("error"));
            api("/api/login", "{\"name\":\"gus\",\"password\":" + "\"x".repeat(1) + "}"); // malformed JSON
        } finally {
            System.setOut(out);
            System.setErr(err);
            root.removeHandler(handler);
            root.setLevel(level);
        }
        String all = captured + logged.toString();
        assertFalse(all.contains(token), "a token was logged");
        assertFalse(all.contains("secret"), "a password was logged");
    }

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
}
