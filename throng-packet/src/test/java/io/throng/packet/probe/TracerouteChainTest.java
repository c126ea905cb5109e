package io.throng.packet.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Traceroute across A—B—C (see {@link Chain}) from A: B answers the first TTL with Time Exceeded, C
 * the second with Port Unreachable (UDP probes) or an Echo Reply (ICMP probes), IPv4 and IPv6, every
 * probe answered, and the trace stops there; a TTL range that ends before C shows only B.
 */
class TracerouteChainTest {
    private static Chain chain;

    @BeforeAll
    static void build() throws Exception {
        chain = Chain.create();
    }

    @AfterAll
    static void remove() throws Exception {
        if (chain != null) {
            chain.close();
        }
    }

    private static List<String> trace(TracerouteOptions options, List<Hop> hops) throws Exception {
        List<String> lines = new ArrayList<>();
        // at most 3 hops (C is the second), so a broken run fails in a minute rather than after 30 silent hops
        try (Traceroute t = Traceroute.open(options.withWait(Duration.ofSeconds(5)).withMaxTtl(Math.min(3, options.maxTtl())), lines::add, true)) {
            hops.addAll(t.run());
        }
        return lines;
    }

    private static void assertBThenC(String b, String c, List<String> lines, List<Hop> hops) {
        assertEquals(2, hops.size(), lines.toString());
        for (Hop.Probe p : hops.get(0).probes()) {
            assertEquals(InetAddress.ofLiteral(b), p.from(), lines.toString());
            assertTrue(!p.reached() && p.mark().isEmpty(), lines.toString());
        }
        for (Hop.Probe p : hops.get(1).probes()) {
            assertEquals(InetAddress.ofLiteral(c), p.from(), lines.toString());
            assertTrue(p.reached() && p.mark().isEmpty(), lines.toString());
        }
        String ms = "  [0-9]+\\.[0-9]{3} ms";
        assertTrue(lines.get(1).matches(" 1  " + Pattern.quote(b) + ms + ms + ms), lines.get(1));
        assertTrue(lines.get(2).matches(" 2  " + Pattern.quote(c) + ms + ms + ms), lines.get(2));
    }

    // C's kernel answers Port Unreachable only when the crafted UDP checksum is right: the UDP traces
    // check Ipv4Packets.udp and Ipv6Packets.udp on the wire
    @ParameterizedTest(name = "IPv6 {0}, ICMP {1}")
    @CsvSource({"false, false", "false, true", "true, false", "true, true"})
    void probesShowBThenC(boolean v6, boolean icmp) throws Exception {
        String b = v6 ? chain.b6 : chain.b4, c = v6 ? chain.c6 : chain.c4;
        List<Hop> hops = new ArrayList<>();
        List<String> lines = trace(TracerouteOptions.to(InetAddress.ofLiteral(c), icmp), hops);
        assertEquals("traceroute to " + c + " (" + c + "), 3 hops max, " + (v6 ? 80 : 60) + " byte packets", lines.getFirst());
        assertBThenC(b, c, lines, hops);
    }

    @Test
    void aMaximumTtlBeforeTheDestinationShowsOnlyTheRouter() throws Exception {
        List<Hop> hops = new ArrayList<>();
        List<String> lines = trace(TracerouteOptions.to(InetAddress.ofLiteral(chain.c4), false).withMaxTtl(1).withQueries(2), hops);
        assertEquals(1, hops.size(), lines.toString());
        assertEquals(2, hops.getFirst().probes().size());
        assertTrue(lines.get(1).startsWith(" 1  " + chain.b4 + "  "), lines.toString());
    }
}
