package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.throng.http.HttpOptions;
import io.throng.http.HttpServer;
import io.throng.net.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code throng load ws} against bench-server's real {@code /echo} and {@code /broadcast}, in this JVM. */
class LoadWsCommandTest {
    private HttpServer server;
    private final LoadCli cli = new LoadCli();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.start(ServerOptions.of("127.0.0.1", 0), HttpOptions.defaults(), BenchServerCommand.app());
    }

    @AfterEach
    void stop() {
        server.shutdown(Duration.ofSeconds(2));
    }

    private String url(String path) {
        return "ws://127.0.0.1:" + server.port() + path;
    }

    @Test
    void echoRunIsCleanAndWritesJsonAndHtml(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        Path html = dir.resolve("r.html");
        int code = cli.run("ws", LoadCli.cleanWithJson(json, "-c", "4", "-d", "2s", "--binary", "--size", "1000",
                "--max-p99", "10s", "--html", html.toString(), url("/echo")));
        assertEquals(0, code, cli.printed());
        assertTrue(cli.out().contains("echoes"), cli.out());
        JsonNode r = LoadCli.report(json);
        assertEquals("echo", r.get("mode").asText());
        assertTrue(r.get("messages").asLong() > 100, r.toString());
        assertEquals(0, r.get("errors").asLong());
        // Every echo of a 1000-byte message is 1000 bytes: the count and the bytes agree.
        assertTrue(r.get("bytes").asLong() >= 1000 * r.get("messages").asLong(), r.toString());
        assertTrue(Files.readString(html).contains("<svg"));
    }

    @Test
    void openModelEchoSendsOnSchedule(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        int code = cli.run("ws", LoadCli.cleanWithJson(json, "-c", "4", "--rate", "500", "-d", "2s", url("/echo")));
        assertEquals(0, code, cli.printed());
        JsonNode r = LoadCli.report(json);
        long echoed = r.get("messages").asLong() + r.get("unanswered").asLong();
        assertTrue(echoed >= 950 && echoed <= 1000, "1000 scheduled over 2 s: " + r);
        assertTrue(r.get("uncorrectedLatency").get("count").asLong() > 0);
    }

    @Test
    void fanOutCountsEveryDeliveryToEveryReceiver(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        int code = cli.run("ws", LoadCli.cleanWithJson(json, "--mode", "fanout", "-c", "20", "--senders", "2",
                "--rate", "100", "-d", "2s", url("/broadcast")));
        assertEquals(0, code, cli.printed());
        assertTrue(cli.out().contains("20 receivers + 2 senders"), cli.out());
        JsonNode r = LoadCli.report(json);
        long delivered = r.get("messages").asLong();
        // 200 messages sent, each to 20 receivers; the last few may still be on their way when the run ends.
        assertTrue(delivered > 3600 && delivered <= 4000, r.toString());
        assertEquals(0, r.get("lost").asLong(), r.toString());
    }

    @Test
    void fanOutOverTwoWorkerProcessesMergesTheirDeliveries(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        int code = cli.run("ws", LoadCli.cleanWithJson(json, "--mode", "fanout", "-c", "10", "--procs", "2",
                "--rate", "50", "-d", "2s", "--binary", url("/broadcast")));
        assertEquals(0, code, cli.printed());
        JsonNode r = LoadCli.report(json);
        assertEquals(2, r.get("procs").asInt());
        // 100 messages from the sender in worker 0, each to the 5 receivers of each worker (127.0.0.2 and .3).
        long delivered = r.get("messages").asLong();
        assertTrue(delivered > 900 && delivered <= 1000, r.toString());
        assertEquals(0, r.get("lost").asLong(), r.toString());
    }

    @Test
    void aServerThatIsNotThereFailsTheRunWithConnectErrors() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there now
        }
        int code = cli.run("ws", "-c", "3", "-d", "1s", "ws://127.0.0.1:" + port + "/echo");
        assertEquals(ExitCodes.FAILURE, code, cli.printed());
        assertTrue(cli.out().contains("{connect=3}"), cli.out());
        assertTrue(cli.out().contains("no request completed"), cli.out());
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(ExitCodes.USAGE, cli.run("ws", "--size", "10", url("/echo")));
        assertEquals(ExitCodes.USAGE, cli.run("ws", "--mode", "sideways", url("/echo")));
        assertEquals(ExitCodes.USAGE, cli.run("ws", "http://127.0.0.1:1/echo"));
        assertEquals(ExitCodes.USAGE, cli.run("ws", "-d", "1s", "ws://192.0.2.1:80/echo"));
        assertTrue(cli.err().contains("--allow-host"), cli.err());
    }
}
