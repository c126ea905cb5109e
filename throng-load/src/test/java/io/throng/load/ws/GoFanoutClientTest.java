package io.throng.load.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * bench/fanout measures servers with a Go client (bench/peers/go/fanout-client) that reads this tool's stamps, and
 * compares them with the Go broadcast peer. Their Go tests check the histogram, the room bookkeeping and the stamp
 * codec; here they run in {@code verify}, and the stamp the Go tests decode is checked against what
 * {@link Stamp#toText} writes, so a change of the layout on either side fails a test rather than a benchmark.
 */
class GoFanoutClientTest {
    private static final Path PEERS = Path.of(System.getProperty("user.dir")).getParent().resolve("bench/peers/go");

    @Test
    void theGoClientsStampIsTheOneThisToolWrites() throws IOException {
        String source = Files.readString(PEERS.resolve("fanout-client/stamp_test.go"));
        Matcher line = Pattern.compile("const throngStamp = (.*)").matcher(source);
        assertTrue(line.find(), "stamp_test.go has no throngStamp constant");
        StringBuilder goStamp = new StringBuilder();
        Matcher part = Pattern.compile("\"([^\"]*)\"").matcher(line.group(1));
        while (part.find()) {
            goStamp.append(part.group(1));
        }
        // The values stamp_test.go says its constant holds: intended=0x1f, sent=0x20, sender=1, seq=3, 64 characters.
        assertEquals(new Stamp(0x1f, 0x20, 1, 3).toText(64), goStamp.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fanout-client", "broadcast"})
    void goTestsOfThePeerPass(String peer) throws IOException, InterruptedException {
        Path go = Path.of("/usr/bin/go");
        assertTrue(Files.isExecutable(go), "needs golang-go (and golang-github-gorilla-websocket-dev): .ci/run installs them");
        ProcessBuilder test = new ProcessBuilder(go.toString(), "test", "-count=1", ".")
                .directory(PEERS.resolve(peer).toFile()).redirectErrorStream(true);
        // Debian's Go offline: no module proxy, gorilla/websocket from /usr/share/gocode.
        test.environment().put("GO111MODULE", "off");
        test.environment().put("GOPATH", "/usr/share/gocode");
        test.environment().putIfAbsent("GOCACHE",
                Path.of(System.getProperty("java.io.tmpdir"), "throng-go-cache").toString());
        Process p = test.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "go test did not finish:\n" + output);
        assertEquals(0, p.exitValue(), "go test in bench/peers/go/" + peer + " failed:\n" + output);
    }
}
