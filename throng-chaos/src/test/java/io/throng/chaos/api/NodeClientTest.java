package io.throng.chaos.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * toxiproxy's Node client from npm ({@code toxiproxy-node-client}, locked in src/test/node), unchanged,
 * against throng chaos: node-client.mjs creates, lists, updates, adds toxics, resets and reads the
 * version, and fails on the first answer that differs from toxiproxy's. npm installs it like the chat's
 * browser test installs playwright-core: {@code npm ci} once, if node_modules is missing.
 */
class NodeClientTest {
    private static final Path DIR = Path.of("src/test/node");

    @Test
    void theNodeClientRunsUnchanged() throws Exception {
        npmCi();
        try (ChaosServer server = ChaosServer.start("127.0.0.1", 0, null);
             ServerSocket upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Process node = new ProcessBuilder("node", "node-client.mjs", "http://127.0.0.1:" + server.port(),
                    "127.0.0.1:" + upstream.getLocalPort()).directory(DIR.toFile()).redirectErrorStream(true).start();
            try {
                String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(node.waitFor(60, TimeUnit.SECONDS), "node finished within 60 s");
                assertEquals(0, node.exitValue(), out);
                assertTrue(out.contains("all ok"), out);
            } finally {
                node.destroyForcibly();
            }
        }
    }

    private static void npmCi() throws IOException, InterruptedException {
        if (Files.isDirectory(DIR.resolve("node_modules/toxiproxy-node-client"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(DIR.toFile())
                .redirectErrorStream(true).start();
        try {
            String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(npm.waitFor(180, TimeUnit.SECONDS), "npm ci finished within 180 s");
            assertEquals(0, npm.exitValue(), out);
        } finally {
            npm.destroyForcibly();
        }
    }
}
