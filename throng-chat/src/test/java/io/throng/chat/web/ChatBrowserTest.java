package io.throng.chat.web;

import static org.junit.jupiter.api.Assertions.*;

import io.throng.chat.server.ChatServer;
import io.throng.chat.server.ChatServerOptions;
import io.throng.chat.service.ChatService;
import io.throng.chat.store.Durability;
import io.throng.net.tls.TlsCertificate;
import io.throng.net.tls.TlsConfig;
import io.throng.net.tls.TlsContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The page in a real browser: headless Debian {@code chromium} driven by npm's {@code playwright-core}
 * ({@code src/test/browser/chat.mjs}): two pages chat, hostile text stays text, a direct message, a
 * reload shows history, a dropped transport shows in the indicator and comes back. The screenshot
 * goes to {@code target/chat-page.png} ({@code docs/chat-page.png} is a copy).
 *
 * <p>The same scenario runs over plain HTTP and over HTTPS (the page then opens {@code wss://}). Over
 * HTTPS the server's certificate is signed by a CA made for the run, and Chromium trusts that CA the way
 * a user's machine would: it is in the NSS database of the browser's home ({@code $HOME/.pki/nssdb},
 * with Debian's {@code certutil}); no certificate error is ignored. A browser without it refuses the page.
 */
class ChatBrowserTest extends WebFixture {
    private static final Path BROWSER_DIR = Path.of("src/test/browser").toAbsolutePath();

    @Test
    void twoPagesChatReloadAndReconnect() throws Exception {
        npmCi();
        scenario(base, Path.of("target/chat-page.png"), Map.of());
    }

    @Test
    void theSameOverHttpsWithACertificateFromATestCa() throws Exception {
        npmCi();
        Path ca = dir.resolve("ca.pem"), chain = dir.resolve("fullchain.pem"), key = dir.resolve("privkey.pem");
        makeCaAndLeaf(ca, chain, key);
        TlsContext tls = TlsContext.of(TlsConfig.of(TlsCertificate.fromPem(chain, key)));
        try (ChatServer<ChatService> https = ChatServer.start(new ChatServerOptions("127.0.0.1", 0,
                dir.resolve("tls-chat.db"), Durability.NORMAL, config(), options(), Duration.ofSeconds(2)).withTls(tls))) {
            String url = "https://127.0.0.1:" + https.port();
            Path untrusting = Files.createDirectory(dir.resolve("home-without-ca"));
            String refused = node(Map.of("HOME", untrusting.toString()), "--input-type=module", "-e", """
                    import { chromium } from 'playwright-core';
                    const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
                    try { await (await b.newPage()).goto(process.argv[1]); console.log('LOADED'); }
                    catch (e) { console.log(String(e).split('\\n')[0]); } finally { await b.close(); }
                    """, url);
            assertTrue(refused.contains("ERR_CERT_AUTHORITY_INVALID"), "a browser without the CA refuses: " + refused);

            Path home = Files.createDirectory(dir.resolve("home"));
            Path nssdb = Files.createDirectories(home.resolve(".pki/nssdb"));
            run("certutil", "-N", "-d", "sql:" + nssdb, "--empty-password");
            run("certutil", "-A", "-d", "sql:" + nssdb, "-n", "Throng Test CA", "-t", "C,,", "-i", ca.toString());
            // The scenario's own node fetch (a logout from "another device") trusts the CA the same way.
            scenario(url, Path.of("target/chat-page-https.png"),
                    Map.of("HOME", home.toString(), "NODE_EXTRA_CA_CERTS", ca.toString()));
        }
    }

    /** chat.mjs against {@code url}: it prints OK, and the screenshot is saved. */
    private static void scenario(String url, Path shot, Map<String, String> env) throws Exception {
        shot = shot.toAbsolutePath();
        Files.deleteIfExists(shot);
        assertEquals("OK", node(env, "chat.mjs", url, shot.toString()).strip());
        assertTrue(Files.size(shot) > 1000, "a screenshot was saved");
    }

    /** Runs node in the browser directory with {@code env} added; its output, after it exited 0 within 150 s. */
    private static String node(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(concat("node", args)).directory(BROWSER_DIR.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process node = pb.start();
        String out;
        try {
            assertTrue(node.waitFor(150, TimeUnit.SECONDS), "node finished");
            out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            node.destroyForcibly();
        }
        assertEquals(0, node.exitValue(), out);
        return out;
    }

    /** A CA and a leaf for 127.0.0.1 it signs, by openssl (never committed); the chain file is leaf then CA. */
    private void makeCaAndLeaf(Path ca, Path chain, Path key) throws Exception {
        Path caKey = dir.resolve("ca-key.pem"), csr = dir.resolve("leaf.csr"), ext = dir.resolve("leaf.ext"),
                leaf = dir.resolve("cert.pem");
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", caKey.toString(), "-out", ca.toString(), "-days", "2", "-subj", "/CN=Throng Browser Test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=127.0.0.1");
        Files.writeString(ext, "basicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1\n");
        run("openssl", "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "1", "-extfile", ext.toString(), "-out", leaf.toString());
        Files.writeString(chain, Files.readString(leaf) + Files.readString(ca));
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
    }

    private static List<String> concat(String first, String... rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), java.util.Arrays.stream(rest)).toList();
    }

    /**
     * Private rooms and moderation on the page ({@code src/test/browser/rooms.mjs}): create, invite,
     * an outsider neither sees nor joins the room, the delete button, kick. The screenshot goes to
     * {@code target/chat-rooms.png}.
     */
    @Test
    void privateRoomsAndModerationOnThePage() throws Exception {
        npmCi();
        Path shot = Path.of("target/chat-rooms.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        Process node = new ProcessBuilder("node", "rooms.mjs", base, shot.toString()).directory(BROWSER_DIR.toFile())
                .redirectErrorStream(true).start();
        String out;
        try {
            assertTrue(node.waitFor(150, TimeUnit.SECONDS), "the browser test finished");
            out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            node.destroyForcibly();
        }
        assertEquals(0, node.exitValue(), out);
        assertEquals("OK", out.strip());
    }

    /** Installs the locked playwright-core once, if node_modules is missing. */
    private static void npmCi() throws Exception {
        if (Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(BROWSER_DIR.toFile())
                .redirectErrorStream(true).start();
        try {
            assertTrue(npm.waitFor(180, TimeUnit.SECONDS), "npm ci finished within 180 s");
            assertEquals(0, npm.exitValue(), new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            npm.destroyForcibly();
        }
    }
}
