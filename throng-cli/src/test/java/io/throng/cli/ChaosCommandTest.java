package io.throng.cli;

import static io.throng.cli.CliProcesses.await;
import static io.throng.cli.CliProcesses.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code throng chaos serve} as a real process, driven by the {@code throng chaos} client subcommands. */
class ChaosCommandTest {

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static Run chaos(int port, String... args) {
        List<String> all = new ArrayList<>(List.of("chaos"));
        all.add(args[0]);
        if (args[0].equals("toxic")) {
            all.add(args[1]);
            all.addAll(List.of("--port", Integer.toString(port)));
            all.addAll(List.of(args).subList(2, args.length));
        } else {
            all.addAll(List.of("--port", Integer.toString(port)));
            all.addAll(List.of(args).subList(1, args.length));
        }
        return run(all.toArray(String[]::new));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void serveWithAConfigThenDriveItWithTheClientCommands(@TempDir Path dir) throws Exception {
        int port = freePort();
        Path config = dir.resolve("proxies.json");
        Files.writeString(config, "[{\"name\":\"fromfile\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:9\"}]");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = cli(lines, "chaos", "serve", "--port", Integer.toString(port), "--config", config.toString());
        try {
            await(lines, "chaos API listening on http://127.0.0.1:" + port + "/ with 1 proxies");

            Run r = chaos(port, "create", "db", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:5432");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().startsWith("Created new proxy db listening on 127.0.0.1:"), r.out());

            r = chaos(port, "toxic", "add", "db", "-t", "latency", "-a", "latency=100", "-a", "jitter=10", "-u", "-n", "lag");
            assertEquals(0, r.code(), r.err());
            assertEquals("Added upstream latency toxic 'lag' on proxy 'db'\n", r.out());

            r = chaos(port, "toxic", "update", "db", "-n", "lag", "-a", "latency=200", "--toxicity", "0.5");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("{\"latency\":200,\"jitter\":10} toxicity 0.5"), r.out());

            r = chaos(port, "list");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("fromfile"), r.out());
            assertTrue(r.out().contains("lag upstream {\"latency\":200,\"jitter\":10}"), r.out());

            r = chaos(port, "toggle", "db");
            assertEquals("Proxy db is now disabled\n", r.out());
            r = chaos(port, "toggle", "db");
            assertEquals("Proxy db is now enabled\n", r.out());

            r = chaos(port, "toxic", "add", "db", "-t", "latency", "-n", "lag");
            assertEquals(ExitCodes.FAILURE, r.code());
            assertTrue(r.err().contains("toxic already exists (409)"), r.err());
            r = chaos(port, "toxic", "add", "db", "-t", "nonsense");
            assertTrue(r.err().contains("invalid toxic type (400)"), r.err());

            r = chaos(port, "toxic", "add", "db", "-t", "timeout", "--client", "127.0.0.0/30", "-n", "one");
            assertEquals(0, r.code(), r.err());
            assertTrue(chaos(port, "list").out().contains("one downstream {\"timeout\":0} client 127.0.0.0/30"),
                    chaos(port, "list").out());

            r = chaos(port, "create", "dns", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:53", "--protocol", "udp");
            assertEquals(0, r.code(), r.err());
            r = chaos(port, "toxic", "add", "dns", "-t", "packet_loss", "-a", "rate=2.5", "-a", "burst=3", "-u");
            assertEquals(0, r.code(), r.err());
            r = chaos(port, "toxic", "add", "dns", "-t", "duplicate", "-a", "rate=10", "-d");
            assertEquals(0, r.code(), r.err());
            r = chaos(port, "list");
            assertTrue(r.out().startsWith("NAME                 PROTOCOL LISTEN"), r.out());
            assertTrue(r.out().lines().anyMatch(l -> l.matches("dns +udp +127\\.0\\.0\\.1:[0-9]+ +127\\.0\\.0\\.1:53 +true +"
                    + "packet_loss_upstream upstream \\{\"rate\":2\\.5,\"burst\":3\\.0}, "
                    + "duplicate_downstream downstream \\{\"rate\":10\\.0}")), r.out());
            assertTrue(r.out().lines().anyMatch(l -> l.matches("db +tcp +127\\.0\\.0\\.1:[0-9]+ +127\\.0\\.0\\.1:5432 +true .*")),
                    r.out());
            r = chaos(port, "create", "web", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:80", "--protocol", "http");
            assertEquals(0, r.code(), r.err());
            r = chaos(port, "toxic", "add", "web", "-t", "http_status", "-a", "status=502", "-a", "path=/api", "--toxicity", "0.1");
            assertEquals(0, r.code(), r.err());
            r = chaos(port, "list");
            assertTrue(r.out().lines().anyMatch(l -> l.matches("web +http +127\\.0\\.0\\.1:[0-9]+ +127\\.0\\.0\\.1:80 +true +"
                    + "http_status_downstream downstream \\{\"status\":502,\"path\":\"/api\"}")), r.out());
            r = chaos(port, "toxic", "add", "db", "-t", "packet_loss");
            assertTrue(r.err().contains("toxic type packet_loss does not apply to a tcp proxy (400)"), r.err());

            r = chaos(port, "toxic", "remove", "db", "-n", "lag");
            assertEquals(0, r.code(), r.err());
            r = chaos(port, "delete", "db");
            assertEquals("Deleted proxy db\n", r.out());
            r = chaos(port, "delete", "db");
            assertTrue(r.err().contains("proxy not found (404)"), r.err());
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void anUnreachableApiIsTheEnvironmentsFault() throws Exception {
        Run r = chaos(freePort(), "list");
        assertEquals(ExitCodes.ENVIRONMENT, r.code());
        assertTrue(r.err().contains("cannot reach the chaos API"), r.err());
    }

    @Test
    void usageErrorsAreUsage() {
        assertEquals(ExitCodes.USAGE, run("chaos", "toxic", "add", "db").code()); // no -t
        assertEquals(ExitCodes.USAGE, run("chaos", "toxic", "add", "db", "-t", "latency", "-u", "-d").code());
    }
}
