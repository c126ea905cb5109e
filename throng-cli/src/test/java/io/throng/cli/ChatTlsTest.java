package io.throng.cli;

import static io.throng.cli.CliProcesses.await;
import static io.throng.cli.CliProcesses.cli;
import static io.throng.cli.CliProcesses.curl;
import static io.throng.cli.CliProcesses.makeCertificate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code throng chat --tls-cert --tls-key} as a real process: curl trusting only the certificate gets
 * the page and /healthz with HSTS, {@code --http-redirect} answers plain HTTP with 308 to https, and a Python websockets client chats over wss:// with the https
 * page's Origin.
 */
class ChatTlsTest {

    @Test
    void theChatServesHttpsWithHstsAndWss(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("fullchain.pem"), key = dir.resolve("privkey.pem");
        makeCertificate(cert, key, "127.0.0.1");
        int port = freePort(), plainPort = freePort();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = cli(lines, "chat", "--port", Integer.toString(port), "--data", dir.resolve("data").toString(), "--insecure-nicknames",
                "--tls-cert", cert.toString(), "--tls-key", key.toString(), "--http-redirect", Integer.toString(plainPort));
        try {
            await(lines, "serving https://localhost:" + port + "/");
            String page = curl(port, cert, "/", "-i");
            assertTrue(page.startsWith("HTTP/1.1 200"), page);
            assertTrue(page.contains("app.js"), page);
            String health = curl(port, cert, "/healthz", "-i").toLowerCase(Locale.ROOT);
            assertTrue(health.startsWith("http/1.1 200"), health);
            assertTrue(health.contains("strict-transport-security: max-age=31536000"), health);
            assertTrue(curl(port, cert, "/app.js").contains("wss://"), "the page opens wss:// on https");
            await(lines, "redirecting http://127.0.0.1:" + plainPort + "/ to https");
            Process redirect = new ProcessBuilder("curl", "-sS", "-i", "--max-time", "10",
                    "http://127.0.0.1:" + plainPort + "/healthz?x=1").redirectErrorStream(true).start();
            String answer = new String(redirect.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 308"), answer);
            assertTrue(answer.contains("Location: https://127.0.0.1:" + port + "/healthz?x=1\r\n"), answer);
            assertEquals("OK", python("wss_client.py", Integer.toString(port), cert.toString()).strip());
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String python(String name, String... args) throws Exception {
        Path script = Path.of(ChatTlsTest.class.getResource(name).toURI());
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
