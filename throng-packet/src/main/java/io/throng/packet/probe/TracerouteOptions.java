package io.throng.packet.probe;

import java.net.InetAddress;
import java.time.Duration;

/**
 * What one traceroute does, in traceroute's terms: UDP probes to {@code port}, {@code port + 1}, ...
 * (or ICMP echo requests when {@code icmp}), {@code queries} per hop from TTL {@code firstTtl} to
 * {@code maxTtl}, each answer awaited for {@code probeWait}; {@code packetLength} is the whole IP packet.
 */
public record TracerouteOptions(InetAddress destination, boolean icmp, int firstTtl, int maxTtl, int queries, Duration probeWait,
        int port, int packetLength) {
    public TracerouteOptions {
        if (firstTtl < 1 || maxTtl > 255 || firstTtl > maxTtl) {
            throw new IllegalArgumentException("TTLs " + firstTtl + ".." + maxTtl + " not within 1..255");
        }
        if (queries < 1 || queries > 10) {
            throw new IllegalArgumentException("queries per hop " + queries + " outside 1..10");
        }
        if (probeWait.isNegative() || probeWait.isZero()) {
            throw new IllegalArgumentException("wait " + probeWait + " not positive");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " outside 1..65535");
        }
        if (packetLength < headerLength(destination, icmp) + Probes.TOKEN || packetLength > 65000) {
            throw new IllegalArgumentException("packet length " + packetLength + " outside " + (headerLength(destination, icmp) + Probes.TOKEN) + "..65000");
        }
    }

    /** traceroute's defaults: UDP to 33434 and up, 3 queries per hop, TTL 1 to 30, 5 s wait, 60-byte packets (80 over IPv6). */
    public static TracerouteOptions to(InetAddress destination, boolean icmp) {
        return new TracerouteOptions(destination, icmp, 1, 30, 3, Duration.ofSeconds(5), 33434,
                destination instanceof java.net.Inet6Address ? 80 : 60);
    }

    /** The IP and transport headers' length: what of {@code packetLength} is not the probe's data. */
    static int headerLength(InetAddress destination, boolean icmp) {
        return (destination instanceof java.net.Inet6Address ? 40 : 20) + 8;
    }

    public TracerouteOptions withMaxTtl(int n) {
        return new TracerouteOptions(destination, icmp, firstTtl, n, queries, probeWait, port, packetLength);
    }

    public TracerouteOptions withFirstTtl(int n) {
        return new TracerouteOptions(destination, icmp, n, maxTtl, queries, probeWait, port, packetLength);
    }

    public TracerouteOptions withQueries(int n) {
        return new TracerouteOptions(destination, icmp, firstTtl, maxTtl, n, probeWait, port, packetLength);
    }

    public TracerouteOptions withWait(Duration d) {
        return new TracerouteOptions(destination, icmp, firstTtl, maxTtl, queries, d, port, packetLength);
    }

    public TracerouteOptions withPort(int n) {
        return new TracerouteOptions(destination, icmp, firstTtl, maxTtl, queries, probeWait, n, packetLength);
    }

    public TracerouteOptions withPacketLength(int n) {
        return new TracerouteOptions(destination, icmp, firstTtl, maxTtl, queries, probeWait, port, n);
    }
}
