package io.throng.packet.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.packet.DecoderFuzzTest;
import org.junit.jupiter.api.Test;

/**
 * Malformed filters get a FilterException that points at the culprit; the programs run in Java
 * ({@link BpfProgram#matches}) on known frames. The semantics against tcpdump's, on real traffic,
 * are in {@code io.throng.packet.capture.CaptureVethTest}.
 */
class FilterTest {
    @Test
    void malformedFiltersAreRefusedWithTheirPosition() {
        String[][] bad = {
            {"port", "ends too early"}, {"port 70000", "not a port"}, {"port http", "service names"},
            {"host 10.0.0.256", "not an IPv4 or IPv6"}, {"host example.com", "not resolved"}, {"tcp and", "ends too early"},
            {"(tcp", "expected ')'"}, {"tcp)", "unexpected ')'"}, {"net 10.0.0.1/8", "non-network bits"},
            {"net 10.0.0.0/33", "out of range"}, {"host 10.0.0.0/8", "use net"}, {"icmp port 1", "cannot qualify port"},
            {"ip6 host 10.0.0.1", "IPv4 address"}, {"ip host ::1", "IPv6 address"}, {"tcp @ udp", "unexpected character"},
            {"tcp port 80 or 443", "not an IPv4 or IPv6"}, // libpcap would carry "tcp port" to 443

        };
        for (String[] c : bad) {
            FilterException e = assertThrows(FilterException.class, () -> Filter.compile(c[0], 262144), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
        }
        assertEquals(5, assertThrows(FilterException.class, () -> Filter.compile("port x", 100)).position());
    }

    @Test
    void programsKeepWhatTheySay() {
        byte[] syn = DecoderFuzzTest.TCP_SYN, echo6 = DecoderFuzzTest.ICMP6_ECHO, arp = DecoderFuzzTest.ARP_REQUEST;
        assertTrue(matches("tcp dst port 80", syn));
        assertFalse(matches("tcp src port 80", syn));
        assertTrue(matches("src host 10.7.0.1 and port 40000", syn));
        assertFalse(matches("udp", syn));
        assertTrue(matches("net 10.7.0.0/16 and not icmp", syn));
        assertTrue(matches("host 10.7.0.2", arp)); // libpcap's host includes ARP
        assertFalse(matches("ip host 10.7.0.2", arp));
        assertTrue(matches("icmp6 and dst host ::2", echo6));
        assertFalse(matches("icmp6 and dst host ::1", echo6));
        assertTrue(matches("ip6 net ::/64", echo6));
        assertTrue(matches("", arp));
        assertTrue(matches("!(tcp || udp) && (arp or ip6)", arp));
    }

    private static boolean matches(String filter, byte[] frame) {
        return Filter.compile(filter, 262144).matches(frame);
    }
}
