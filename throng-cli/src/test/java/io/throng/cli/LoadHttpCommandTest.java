package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadHttpCommandTest {
    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private HttpServer server;
    private final LoadCli cli = new LoadCli();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/plaintext", ex -> {
            byte[] body = "Hello, World!".getBytes();
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/plaintext";
    }

    @Test
    void passingRunPrintsTheSummaryAndWritesJsonAndHtml(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        Path html = dir.resolve("r.html");
        int code = cli.run("http", LoadCli.cleanWithJson(json, "-c", "2", "-n", "300", "-d", "20s", "--max-p99", "10s",
                "--html", html.toString(), url()));
        assertEquals(0, code, cli.printed());
        assertTrue(cli.out().contains("requests     300"), cli.out());
        assertTrue(cli.out().contains("p99"), cli.out());
        assertTrue(Files.readString(json).contains("\"requests\" : 300"), Files.readString(json));
        assertTrue(Files.readString(html).contains("<svg"));
    }

    @Test
    void missedThresholdExitsOne() {
        int code = cli.run("http", "-c", "1", "-n", "50", "--max-p99", "1us", url());
        assertEquals(ExitCodes.FAILURE, code, cli.printed());
        assertTrue(cli.out().contains("FAILED       p99"), cli.out());
    }

    @Test
    void nonLoopbackTargetIsRefusedUnlessNamed() {
        int code = cli.run("http", "-d", "1s", "http://192.0.2.1:80/");
        assertEquals(ExitCodes.USAGE, code);
        assertTrue(cli.err().contains("--allow-host"), cli.err());
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(ExitCodes.USAGE, cli.run("http", "-d", "forever", url()));
        assertEquals(ExitCodes.USAGE, cli.run("http", "-c", "30000", url()));
        assertTrue(cli.err().contains("--procs 2"), cli.err());
    }
}
