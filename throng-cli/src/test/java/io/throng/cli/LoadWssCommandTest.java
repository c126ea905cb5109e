package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.throng.http.HttpOptions;
import io.throng.http.HttpServer;
import io.throng.net.ServerOptions;
import io.throng.net.tls.TlsCertificate;
import io.throng.net.tls.TlsConfig;
import io.throng.net.tls.TlsContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code throng load ws wss://...} against bench-server's {@code /echo} served over TLS in this JVM, with a
 * self-signed certificate made at test time (only its public half is written, for --cacert); and the trust
 * options ({@link TrustOptions}) that {@code load http https://} and {@code load chat wss://} share with it.
 */
class LoadWssCommandTest {
    private HttpServer server;
    private Path trust;
    private final LoadCli cli = new LoadCli();

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        TlsCertificate certificate = TlsCertificate.selfSigned();
        trust = Files.writeString(dir.resolve("trust.pem"), certificate.chainPem());
        server = HttpServer.start(ServerOptions.of("127.0.0.1", 0).withTls(TlsContext.of(TlsConfig.of(certificate))),
                HttpOptions.defaults(), BenchServerCommand.app());
    }

    @AfterEach
    void stop() {
        server.shutdown(Duration.ofSeconds(2));
    }

    private String url(String path) {
        return "wss://127.0.0.1:" + server.port() + path;
    }

    @Test
    void echoOverWssTrustingTheCertificateIsClean(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        int code = cli.run("ws", LoadCli.cleanWithJson(json, "-c", "4", "-d", "2s", "--cacert", trust.toString(),
                url("/echo")));
        assertEquals(0, code, cli.printed());
        JsonNode r = LoadCli.report(json);
        assertTrue(r.get("messages").asLong() > 100, r.toString());
        assertEquals(0, r.get("errors").asLong());
    }

    @Test
    void insecureAcceptsTheSelfSignedCertificateInWorkerProcessesToo(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        int code = cli.run("ws", LoadCli.cleanWithJson(json, "-c", "4", "--procs", "2", "-d", "2s", "--insecure",
                url("/echo")));
        assertEquals(0, code, cli.printed());
        JsonNode r = LoadCli.report(json);
        assertEquals(2, r.get("procs").asInt());
        assertTrue(r.get("messages").asLong() > 100, r.toString());
        assertEquals(0, r.get("errors").asLong());
    }

    @Test
    void anUntrustedCertificateFailsEveryConnection() {
        int code = cli.run("ws", "-c", "3", "-d", "1s", url("/echo"));
        assertEquals(ExitCodes.FAILURE, code, cli.printed());
        assertTrue(cli.out().contains("{tls=3}"), cli.out());
        assertTrue(cli.out().contains("untrusted 3"), cli.out());
    }

    @Test
    void bothTrustOptionsOrAnUnreadableCaFileAreUsageErrorsForEveryLoadCommand(@TempDir Path dir) throws Exception {
        String https = "https://127.0.0.1:" + server.port() + "/plaintext";
        for (String[] kindAndUrl : new String[][] {{"ws", url("/echo")}, {"http", https}, {"chat", url("/ws")}}) {
            assertEquals(ExitCodes.USAGE, cli.run(kindAndUrl[0], "-k", "--cacert", trust.toString(), kindAndUrl[1]));
            assertTrue(cli.err().contains("--cacert and --insecure exclude each other"), cli.err());
            assertEquals(ExitCodes.USAGE, cli.run(kindAndUrl[0], "--cacert", dir.resolve("missing.pem").toString(),
                    kindAndUrl[1]));
            assertTrue(cli.err().contains("missing.pem"), cli.err());
        }
        Path notPem = Files.writeString(dir.resolve("not.pem"), "not a certificate\n");
        assertEquals(ExitCodes.USAGE, cli.run("http", "--cacert", notPem.toString(), https));
    }

    @Test
    void httpsTrustingTheCertificateInWorkerProcessesReportsHandshakesApart(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        int code = cli.run("http", LoadCli.cleanWithJson(json, "-c", "6", "--procs", "2", "-d", "2s", "--cacert",
                trust.toString(), "https://127.0.0.1:" + server.port() + "/plaintext"));
        assertEquals(0, code, cli.printed());
        JsonNode r = LoadCli.report(json);
        assertEquals(2, r.get("procs").asInt());
        assertTrue(r.get("requests").asLong() > 0, r.toString()); // few when handshakes take seconds (load 20+)
        JsonNode tls = r.get("connects").get("tls");
        assertEquals(6, tls.get("handshakes").asLong(), "both workers' handshakes, one per connection: " + tls);
        assertTrue(tls.get("handshakeMicros").get("p50").asLong() > 0, tls.toString());
        assertTrue(cli.out().contains("6 handshakes") && cli.out().contains("tcp connect"), cli.out());
    }

    @Test
    void anUntrustedCertificateIsATlsErrorWithItsReasonForHttpAndChat() {
        int code = cli.run("http", "-c", "3", "-d", "1s", "https://127.0.0.1:" + server.port() + "/plaintext");
        assertEquals(ExitCodes.FAILURE, code, cli.printed());
        assertTrue(cli.out().contains("{tls="), cli.out());
        assertTrue(cli.out().contains("untrusted") && cli.out().contains("not trusted"), cli.out());
        // chat: the handshake fails before any chat is spoken, so this TLS server serves as well as a chat server
        code = cli.run("chat", "--users", "3", "--rooms", "1", "--ramp", "0s", "-d", "1s", "--drain", "1s",
                url("/ws"));
        assertEquals(ExitCodes.FAILURE, code, cli.printed());
        assertTrue(cli.out().contains("tls=") && !cli.out().contains("connect="), cli.out());
        assertTrue(cli.out().contains("untrusted"), cli.out());
    }

    /**
     * The CA file reaches chat's worker processes: every user's handshake succeeds in both workers (then the
     * upgrade fails, since bench-server has no chat socket: that is not what is tested here).
     */
    @Test
    void chatWorkersTrustTheCaFileTheyWereGiven(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        cli.run("chat", "--users", "4", "--rooms", "1", "--ramp", "0s", "-d", "3s", "--drain", "1s", "--procs", "2",
                "--cacert", trust.toString(), "--json", json.toString(), url("/ws"));
        JsonNode tls = LoadCli.report(json).get("connects").get("tls");
        // a handshake on a loaded machine's cold worker JVM can take seconds: at least one finished, none failed
        // (a worker that did not get the CA file fails every handshake as untrusted)
        assertTrue(tls != null && tls.get("handshakes").asLong() >= 1, cli.printed());
        assertEquals(0, tls.get("failed").asLong(), tls.toString());
    }
}
