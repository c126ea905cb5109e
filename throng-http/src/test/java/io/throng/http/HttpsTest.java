package io.throng.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.http.filters.Hsts;
import io.throng.net.Engine;
import io.throng.net.ServerOptions;
import io.throng.net.tls.TlsCertificate;
import io.throng.net.tls.TlsConfig;
import io.throng.net.tls.TlsContext;
import io.throng.websocket.WebSocket;
import io.throng.websocket.WebSocketListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * HTTPS on both engines, the TLS under the connection: the same handlers, SSE and WebSocket routes as
 * over plain TCP, against curl, openssl s_client and Debian's python websockets (WSS). The certificate is
 * made at test time; only its public half is written, for the clients to trust.
 */
class HttpsTest {
    @TempDir
    static Path dir;
    static TlsCertificate certificate;
    static Path trust;

    @BeforeAll
    static void makeCertificate() throws IOException {
        certificate = TlsCertificate.selfSigned();
        trust = Files.writeString(dir.resolve("trust.pem"), certificate.chainPem());
    }

    static HttpServer start(Engine engine) throws Exception {
        Router r = new Router()
                .filter(Hsts.oneYear())
                .get("/hello", (req, res) -> res.send("hello " + req.scheme() + " " + req.tls().protocol() + "\n"))
                .get("/chunked", (req, res) -> {
                    try (OutputStream out = res.stream()) {
                        for (int i = 0; i < 3; i++) {
                            out.write(("part " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        }
                    }
                })
                .post("/echo", (req, res) -> res.send(req.bodyBytes()))
                .get("/events", (req, res) -> {
                    try (EventStream events = res.eventStream()) {
                        for (int i = 0; i < 3; i++) {
                            events.send("event " + i);
                        }
                    }
                })
                .get("/ws", new WebSocketRoute(() -> new WebSocketListener() {
                    @Override
                    public void onText(WebSocket ws, String text) {
                        ws.sendText(text + " over wss");
                    }
                }));
        ServerOptions net = ServerOptions.of("127.0.0.1", 0).withEngine(engine)
                .withTls(TlsContext.of(TlsConfig.of(certificate)));
        return HttpServer.start(net, HttpOptions.defaults(), r);
    }

    static String url(HttpServer server, String path) {
        return "https://127.0.0.1:" + server.port() + path;
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void curlKeepsAliveAndGetsChunkedBodiesPostsAndHsts(Engine engine) throws Exception {
        try (HttpServer server = start(engine)) {
            Result curl = run(List.of("curl", "-sS", "--max-time", "10", "--cacert", trust.toString(), "-D", "-",
                    "-w", "connects=%{num_connects}\n",
                    url(server, "/hello"), url(server, "/chunked"),
                    "--next", "-sS", "--max-time", "10", "--cacert", trust.toString(),
                    "-w", "connects=%{num_connects}\n", "--data-binary", "a posted body", url(server, "/echo")));

            assertEquals(0, curl.exit, curl.output);
            String out = curl.output;
            assertTrue(out.contains("hello https TLSv1.3\nconnects=1\n"), out);
            assertTrue(out.contains("Transfer-Encoding: chunked"), out);
            assertTrue(out.contains("part 0\npart 1\npart 2\nconnects=0\n"), out); // the same connection
            assertTrue(out.contains("a posted bodyconnects=0\n"), out);
            assertTrue(out.contains("Strict-Transport-Security: max-age=31536000"), out);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void opensslSpeaksTls13AndTls12WithAlpn(Engine engine) throws Exception {
        try (HttpServer server = start(engine)) {
            for (String version : List.of("-tls1_3", "-tls1_2")) {
                Result s = run(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + server.port(), version,
                        "-alpn", "http/1.1", "-CAfile", trust.toString(), "-verify_return_error", "-ign_eof"),
                        "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                String expected = version.equals("-tls1_3") ? "TLSv1.3" : "TLSv1.2";

                assertEquals(0, s.exit, s.output);
                assertTrue(s.output.contains("ALPN protocol: http/1.1"), s.output);
                assertTrue(s.output.contains("Verify return code: 0 (ok)"), s.output);
                assertTrue(s.output.contains("Strict-Transport-Security: max-age=31536000"), s.output);
                assertTrue(s.output.contains("hello https " + expected + "\n"), s.output);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void curlReadsServerSentEventsOverTls(Engine engine) throws Exception {
        try (HttpServer server = start(engine)) {
            Result curl = run(List.of("curl", "-sS", "-N", "--max-time", "10", "--cacert", trust.toString(),
                    url(server, "/events")));

            assertEquals(0, curl.exit, curl.output);
            assertEquals("data: event 0\n\ndata: event 1\n\ndata: event 2\n\n", curl.output);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void pythonWebsocketsEchoesOverWss(Engine engine) throws Exception {
        String script = """
                import asyncio, ssl, sys, websockets
                async def main():
                    context = ssl.create_default_context(cafile=sys.argv[2])
                    async with websockets.connect(sys.argv[1], ssl=context, compression="deflate") as ws:
                        await ws.send("hello"); print(await ws.recv())
                        await ws.send("x" * 100000); print(len(await ws.recv()))
                asyncio.run(main())
                """;
        try (HttpServer server = start(engine)) {
            Result python = run(List.of("/usr/bin/python3", "-c", script,
                    "wss://127.0.0.1:" + server.port() + "/ws", trust.toString()));

            assertEquals(0, python.exit, python.output);
            assertEquals("hello over wss\n100009\n", python.output);
        }
    }

    record Result(int exit, String output) {}

    static Result run(List<String> command) throws Exception {
        return run(command, "");
    }

    /** Runs a client process with {@code input} on its stdin, and collects all it prints. */
    static Result run(List<String> command, String input) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not end; it printed:\n" + output.getNow(""));
        }
        return new Result(p.exitValue(), output.get(5, TimeUnit.SECONDS));
    }
}
