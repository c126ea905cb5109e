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
 * self-signed certificate made at test time (only its public half is written, for --cacert); and the
 * wss:// and https:// URLs the other load commands refuse for now.
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
        assertTrue(cli.out().contains("{connect=3}"), cli.out());
    }

    @Test
    void urlsNotSpokenYetAreUsageErrorsThatSaySo() {
        assertEquals(ExitCodes.USAGE, cli.run("ws", "--insecure", "--cacert", trust.toString(), url("/echo")));
        assertEquals(ExitCodes.USAGE, cli.run("http", "https://127.0.0.1:" + server.port() + "/"));
        assertTrue(cli.err().contains("https:// is not supported by load http yet"), cli.err());
        assertEquals(ExitCodes.USAGE, cli.run("chat", url("/ws")));
        assertTrue(cli.err().contains("wss:// is not supported by load chat yet"), cli.err());
    }
}
