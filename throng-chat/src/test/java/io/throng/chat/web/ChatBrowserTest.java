package io.throng.chat.web;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The page in a real browser: headless Debian {@code chromium} driven by npm's {@code playwright-core}
 * ({@code src/test/browser/chat.mjs}): two pages chat, hostile text stays text, a direct message, a
 * reload shows history, a dropped transport shows in the indicator and comes back. The screenshot
 * goes to {@code target/chat-page.png} ({@code docs/chat-page.png} is a copy).
 */
class ChatBrowserTest extends WebFixture {
    private static final Path BROWSER_DIR = Path.of("src/test/browser").toAbsolutePath();

    @Test
    void twoPagesChatReloadAndReconnect() throws Exception {
        npmCi();
        Path shot = Path.of("target/chat-page.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        Process node = new ProcessBuilder("node", "chat.mjs", base, shot.toString()).directory(BROWSER_DIR.toFile())
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
        assertTrue(Files.size(shot) > 1000, "a screenshot was saved");
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
