package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.mongrel.handler.HandlerOptions;
import io.throng.mongrel.handler.Handlers;
import io.throng.mongrel.handler.RunningHandler;
import io.throng.mongrel.handler.Transport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code throng gateway --config FILE} as a real process; handler scenarios live in throng-mongrel's tests. */
class GatewayCommandTest {

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void servesStaticFilesItselfAndAnswers503WithoutAHandler(@TempDir Path dir) throws Exception {
        Files.createDirectory(dir.resolve("public"));
        Files.writeString(dir.resolve("public/hello.txt"), "hello from a static route\n");
        Path conf = Files.writeString(dir.resolve("gateway.conf"), """
                # --port on the command line supplies the address
                host 127.0.0.1
                  route /static/ -> dir public
                  route /app/    -> app
                handler app
                  requests tcp://127.0.0.1:%d
                  replies  tcp://127.0.0.1:%d
                  no-handler 503
                """.formatted(freePort(), freePort()));
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-Xmx128m",
                "--enable-native-access=ALL-UNNAMED", // as the jar's manifest grants `java -jar`
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "gateway", "--config", conf.toString(), "--port", Integer.toString(port)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            String first = lines.poll(60, TimeUnit.SECONDS);
            assertTrue(first != null && first.contains("gateway listening on http://127.0.0.1:" + port), String.valueOf(first));
            HttpResponse<String> file = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/static/hello.txt"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("hello from a static route\n", file.body());
            HttpResponse<String> none = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/app/x"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, none.statusCode());
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void aBadConfigurationNamesItsLine(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("bad.conf"), "listen 127.0.0.1:0\nhost a\n  route /x -> nobody\n");
        StringWriter err = new StringWriter();
        assertEquals(ExitCodes.USAGE, Main.run(new String[] {"gateway", "--config", conf.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err)));
        assertTrue(err.toString().contains("bad.conf:3: route points to unknown handler 'nobody'"), err.toString());
        assertEquals(ExitCodes.ENVIRONMENT, Main.run(new String[] {"gateway", "--config", dir.resolve("none.conf").toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));
    }

    @Test
    void aTlsListenerServesHttpsWithTheCommandsCertificateToAHandler(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("fullchain.pem"), key = dir.resolve("privkey.pem");
        CliProcesses.makeCertificate(cert, key, "127.0.0.1");
        String requests = "tcp://127.0.0.1:" + freePort(), replies = "tcp://127.0.0.1:" + freePort();
        int port = freePort();
        Path conf = Files.writeString(dir.resolve("gateway.conf"), """
                listen 127.0.0.1:%d tls
                host 127.0.0.1
                  route / -> app
                handler app
                  requests %s
                  replies  %s
                """.formatted(port, requests, replies));
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = CliProcesses.cli(lines, "gateway", "--config", conf.toString(),
                "--tls-cert", cert.toString(), "--tls-key", key.toString());
        try (RunningHandler h = Handlers.start(new Transport.ZeroMq(requests, replies),
                (req, out) -> out.reply(req, io.throng.mongrel.wire.HttpResponse.ok(req.headers().get("URL_SCHEME", "?"))),
                HandlerOptions.DEFAULTS)) {
            CliProcesses.await(lines, "gateway listening on https://127.0.0.1:" + port + "/");
            assertTrue(h.awaitReady(Duration.ofSeconds(20)), "the handler never heard the gateway's subscription");
            String out = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); // a fresh JeroMQ link may take a while
            while (!out.equals("https") && System.nanoTime() < deadline) {
                out = CliProcesses.curl(port, cert, "/x");
            }
            assertEquals("https", out);
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void aTlsListenerWithoutACertificateIsRefused(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("tls.conf"), "listen 127.0.0.1:0 tls\nhost a\n  route / -> dir .\n");
        StringWriter err = new StringWriter();
        assertEquals(ExitCodes.ENVIRONMENT, Main.run(new String[] {"gateway", "--config", conf.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err)));
        assertTrue(err.toString().contains("tls listener 127.0.0.1:0 has no certificate"), err.toString());
    }
}
