package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
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
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

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

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/plaintext";
    }

    @Test
    void passingRunPrintsTheSummaryAndWritesJsonAndHtml(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        Path html = dir.resolve("r.html");
        int code = run("load", "http", "-c", "2", "-n", "300", "-d", "20s", "--max-errors", "0", "--max-p99", "10s",
                "--json", json.toString(), "--html", html.toString(), url());
        assertEquals(0, code, out + "\n" + err);
        assertTrue(out.toString().contains("requests     300"), out.toString());
        assertTrue(out.toString().contains("p99"), out.toString());
        assertTrue(Files.readString(json).contains("\"requests\" : 300"), Files.readString(json));
        assertTrue(Files.readString(html).contains("<svg"));
    }

    @Test
    void missedThresholdExitsOne() {
        int code = run("load", "http", "-c", "1", "-n", "50", "--max-p99", "1us", url());
        assertEquals(ExitCodes.FAILURE, code, out + "\n" + err);
        assertTrue(out.toString().contains("FAILED       p99"), out.toString());
    }

    @Test
    void nonLoopbackTargetIsRefusedUnlessNamed() {
        int code = run("load", "http", "-d", "1s", "http://192.0.2.1:80/");
        assertEquals(ExitCodes.USAGE, code);
        assertTrue(err.toString().contains("--allow-host"), err.toString());
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(ExitCodes.USAGE, run("load", "http", "-d", "forever", url()));
        assertEquals(ExitCodes.USAGE, run("load", "http", "-c", "30000", url()));
        assertTrue(err.toString().contains("--procs 2"), err.toString());
    }
}
