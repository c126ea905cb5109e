package io.throng.packet.probe;

import io.throng.packet.IcmpMessage;
import io.throng.packet.Ipv4;
import io.throng.packet.Ipv4Packets;
import io.throng.packet.Ipv6Packets;
import io.throng.packet.MalformedPacketException;
import io.throng.packet.capture.IcmpSocket;
import io.throng.packet.capture.RawIpv4Socket;
import io.throng.packet.capture.RawIpv6Socket;
import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One run of traceroute: probes with growing TTLs, one at a time, each answered by a router's Time
 * Exceeded, the destination's Port Unreachable (UDP probes) or Echo Reply (ICMP probes), or by
 * nothing within the wait. Lines as traceroute prints them, one per hop when its probes are done.
 *
 * <p>UDP probes are crafted whole ({@link Ipv4Packets#udp}, {@link Ipv6Packets#udp}: every checksum
 * computed here) and sent on an IPPROTO_RAW socket; their source port is held by an ordinary UDP socket bound for the run, so
 * no other process (another traceroute among them) uses it, and the source address is the one the
 * kernel's routing picks for the destination. Each probe goes to its own port ({@code port + n}),
 * so an answer names its probe by the ports it quotes; ICMP probes are named by id and sequence. The
 * token in each probe's data (see {@code Probes}) tells our answers from another prober's.
 */
public final class Traceroute implements Closeable {
    private final TracerouteOptions options;
    private final Consumer<String> out;
    private final boolean numeric;
    private final IcmpSocket icmp;
    private final RawIpv4Socket raw4;
    private final RawIpv6Socket raw6;
    private final DatagramSocket portHolder;
    private final InetAddress source;
    private final byte[] token = Probes.token();
    private final byte[] payload;
    private final int id = ThreadLocalRandom.current().nextInt(0x10000);
    private int probes;

    private Traceroute(TracerouteOptions options, Consumer<String> out, boolean numeric) throws IOException {
        this.options = options;
        this.out = out;
        this.numeric = numeric;
        boolean v6 = options.destination() instanceof Inet6Address;
        this.payload = Probes.payload(token, options.packetLength() - TracerouteOptions.headerLength(options.destination(), options.icmp()));
        // the UDP socket first: it needs no privilege, and its connect fails early on a destination without a route
        DatagramSocket holder = null;
        IcmpSocket opened = null;
        RawIpv4Socket opened4 = null;
        RawIpv6Socket opened6 = null;
        try {
            if (!options.icmp()) {
                holder = new DatagramSocket(new InetSocketAddress(0));
                holder.connect(options.destination(), options.port()); // no datagram: the kernel only picks a route and a source
            }
            opened = IcmpSocket.open(v6);
            opened4 = options.icmp() || v6 ? null : RawIpv4Socket.open();
            opened6 = options.icmp() || !v6 ? null : RawIpv6Socket.open();
        } catch (IOException | RuntimeException e) {
            for (java.io.Closeable c : new java.io.Closeable[] {holder, opened, opened4}) {
                if (c != null) {
                    c.close();
                }
            }
            if (e instanceof java.io.UncheckedIOException u) {
                throw u.getCause(); // DatagramSocket.connect's way to say "no route"
            }
            throw e;
        }
        this.portHolder = holder;
        this.source = holder == null ? null : holder.getLocalAddress();
        this.icmp = opened;
        this.raw4 = opened4;
        this.raw6 = opened6;
    }

    /**
     * Opens the sockets a trace needs (a raw ICMP or ICMPv6 socket, and for UDP probes a raw IPv4 or IPv6 one): throws
     * {@link io.throng.packet.capture.PrivilegeException} without CAP_NET_RAW. {@code numeric} prints
     * addresses without looking up their names (traceroute's {@code -n}).
     */
    public static Traceroute open(TracerouteOptions options, Consumer<String> out, boolean numeric) throws IOException {
        return new Traceroute(options, out, numeric);
    }

    /** Traces to the destination or {@code maxTtl}, printing the header line and one line per hop; returns the hops. */
    public List<Hop> run() throws IOException {
        String address = Messages.address(options.destination());
        out.accept("traceroute to " + address + " (" + address + "), " + options.maxTtl() + " hops max, "
                + options.packetLength() + " byte packets");
        List<Hop> hops = new ArrayList<>();
        for (int ttl = options.firstTtl(); ttl <= options.maxTtl(); ttl++) {
            List<Hop.Probe> answers = new ArrayList<>();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%2d ", ttl));
            InetAddress previous = null;
            for (int q = 0; q < options.queries(); q++) {
                Hop.Probe p = probe(ttl);
                answers.add(p);
                if (p.from() == null) {
                    line.append(" *");
                    continue;
                }
                if (!p.from().equals(previous)) {
                    line.append(' ').append(name(p.from()));
                    previous = p.from();
                }
                line.append(String.format(Locale.ROOT, "  %.3f ms", p.rttNanos() / 1e6)).append(p.mark());
            }
            out.accept(line.toString());
            Hop hop = new Hop(ttl, answers);
            hops.add(hop);
            if (hop.last()) {
                break;
            }
        }
        return hops;
    }

    private String name(InetAddress a) {
        if (numeric) {
            return Messages.address(a);
        }
        return a.getCanonicalHostName() + " (" + Messages.address(a) + ")";
    }

    /** Sends one probe with {@code ttl} and waits for its answer. */
    private Hop.Probe probe(int ttl) throws IOException {
        probes++;
        int sequence = probes & 0xffff, port = (options.port() + probes - 1) & 0xffff;
        long sentAt = System.nanoTime();
        if (options.icmp()) {
            byte[] message = icmp.ipv6() ? Ipv6Packets.icmpEchoMessage(id, sequence, payload) : Ipv4Packets.icmpEchoMessage(id, sequence, payload);
            icmp.send(message, options.destination(), ttl);
        } else if (raw6 != null) {
            raw6.send(Ipv6Packets.udp((Inet6Address) source, (Inet6Address) options.destination(), ttl, portHolder.getLocalPort(), port, payload));
        } else {
            raw4.send(Ipv4Packets.udp((Inet4Address) source, (Inet4Address) options.destination(), ttl, portHolder.getLocalPort(), port, payload));
        }
        long end = sentAt + options.probeWait().toNanos();
        for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
            IcmpSocket.Received r = icmp.receive(left);
            if (r == null) {
                break;
            }
            Hop.Probe p = match(r, sequence, port, r.nanoTime() - sentAt);
            if (p != null) {
                return p;
            }
        }
        return Hop.Probe.NONE;
    }

    /** The probe's answer if {@code r} is one, else null. */
    private Hop.Probe match(IcmpSocket.Received r, int sequence, int port, long rtt) {
        IcmpMessage m;
        try {
            m = icmp.ipv6() ? IcmpMessage.ofIcmp6(r.data()) : IcmpMessage.ofIpv4(r.data());
        } catch (MalformedPacketException e) {
            return null;
        }
        int tokenLength = Math.min(Probes.TOKEN, payload.length);
        boolean ours = switch (m.kind()) {
            case ECHO_REPLY -> options.icmp() && m.id() == id && m.sequence() == sequence
                    && Probes.carriesToken(r.data(), m.payloadOffset(), token, tokenLength, true);
            case TIME_EXCEEDED, UNREACHABLE -> options.icmp()
                    ? Probes.quotesEcho(m, r.data(), options.destination(), id, sequence, token, tokenLength)
                    : quotesUdp(m, r.data(), port, tokenLength);
            case OTHER_ERROR, OTHER -> false;
        };
        if (!ours) {
            return null;
        }
        boolean reached = m.kind() == IcmpMessage.Kind.ECHO_REPLY
                || m.kind() == IcmpMessage.Kind.UNREACHABLE && Messages.traceMark(m).isEmpty();
        return new Hop.Probe(r.source(), rtt, Messages.traceMark(m), reached);
    }

    private boolean quotesUdp(IcmpMessage m, byte[] data, int port, int tokenLength) {
        IcmpMessage.Quoted q = m.quoted();
        return q != null && q.protocol() == Ipv4.UDP && q.first() == portHolder.getLocalPort() && q.second() == port
                && q.destination().equals(options.destination()) && Probes.carriesToken(data, q.payloadOffset(), token, tokenLength, false);
    }

    @Override
    public void close() {
        icmp.close();
        if (raw4 != null) {
            raw4.close();
        }
        if (raw6 != null) {
            raw6.close();
        }
        if (portHolder != null) {
            portHolder.close();
        }
    }
}
