package io.throng.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoadShapeTest {

    @Test
    void sharesOverProcessesAddUpToTheWhole() {
        LoadShape shape = new LoadShape(40_001, 2, Duration.ofSeconds(5), 1_000_003, 30_000, 1, Duration.ofSeconds(5), 3);
        int connections = 0;
        long requests = 0;
        double rate = 0;
        for (int k = 0; k < 3; k++) {
            LoadShape share = shape.share(k);
            assertEquals(1, share.procs());
            connections += share.connections();
            requests += share.requests();
            rate += share.rate();
        }
        assertEquals(40_001, connections);
        assertEquals(1_000_003, requests);
        assertEquals(30_000, rate, 1e-9);
    }

    @Test
    void oneProcessCannotHoldMoreSocketsThanItsFileLimit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new LoadShape(30_000, 2, Duration.ofSeconds(5), 0, 0, 1, Duration.ofSeconds(5), 1));
        assertTrue(e.getMessage().contains("--procs 2"), e.getMessage());
    }

    @Test
    void everyRunIsBoundedInTime() {
        assertThrows(IllegalArgumentException.class, () ->
                new LoadShape(1, 1, Duration.ZERO, 10, 0, 1, Duration.ofSeconds(5), 1));
    }

    @Test
    void durationsParseTheCommandLineForms() {
        assertEquals(Duration.ofSeconds(10), Durations.parse("10s"));
        assertEquals(Duration.ofMillis(50), Durations.parse("50ms"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
        assertEquals(Duration.ofNanos(500_000), Durations.parse("500us"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("10 parsecs"));
    }

    @Test
    void onlyLoopbackUnlessTheUserNamedTheHost() {
        TargetPolicy strict = new TargetPolicy(Set.of());
        assertTrue(strict.check("127.0.0.1").isLoopbackAddress());
        assertTrue(strict.check("localhost").isLoopbackAddress());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> strict.check("192.0.2.7"));
        assertTrue(e.getMessage().contains("--allow-host"), e.getMessage());
        assertEquals("192.0.2.7", new TargetPolicy(Set.of("192.0.2.7")).check("192.0.2.7").getHostAddress());
    }

    @Test
    void requestBytesCarryHostAndBodyLength() {
        HttpWorkload w = HttpWorkload.of("http://127.0.0.1:8080/echo?x=1", "POST",
                java.util.List.of("X-Test: yes"), "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("POST /echo?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nX-Test: yes\r\nContent-Length: 5\r\n\r\nhello",
                new String(w.requestBytes(), java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThrows(IllegalArgumentException.class, () ->
                HttpWorkload.of("http://127.0.0.1/", "GET", java.util.List.of("Evil: a\r\nX: b"), new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> HttpWorkload.get("ftp://127.0.0.1/"));
        HttpWorkload tls = HttpWorkload.get("https://localhost/x");
        assertEquals(443, tls.port());
        assertTrue(tls.secure());
        assertTrue(new String(tls.requestBytes(), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("\r\nHost: localhost\r\n"), "the default port is left out of Host, as for http's 80");
    }
}
