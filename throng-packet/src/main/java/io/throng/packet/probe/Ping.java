package io.throng.packet.probe;

import io.throng.packet.IcmpMessage;
import io.throng.packet.Ipv4Packets;
import io.throng.packet.Ipv6Packets;
import io.throng.packet.MalformedPacketException;
import io.throng.packet.capture.IcmpSocket;
import java.io.IOException;
import java.net.Inet6Address;
import java.util.BitSet;
import java.util.function.Consumer;

/**
 * One run of ping: echo requests on a raw ICMP or ICMPv6 socket, replies and errors read back, one
 * line per answer and the closing statistics, as iputils' ping prints them. The caller's thread does
 * all of it (send when the interval is due, read until the next is); {@link #stop} from any thread
 * ends the run at its next read slice, as Ctrl-C ends ping.
 *
 * <p>An answer counts only when it is ours: an echo reply with our id, a sequence we sent, and our
 * token at the start of its data; an error quoting such a request. Anything else on the socket —
 * another prober's answers, malformed messages — is skipped without a word.
 */
public final class Ping {
    private final IcmpSocket socket;
    private final PingOptions options;
    private final Consumer<String> out;
    private final boolean quiet;
    private final byte[] token = Probes.token();
    private final int tokenLength;
    private final long[] sentAt = new long[65536], ordinal = new long[65536];
    private final BitSet replied = new BitSet(65536), settled = new BitSet(65536);
    private volatile boolean stopped;
    private long sent, received, duplicates, errors, outOfOrder, highestOrdinal, minRtt = Long.MAX_VALUE, maxRtt;
    private double sumRtt, sumSquares;

    /** A run over {@code socket} (of the destination's family) that prints its lines to {@code out}; {@code quiet} keeps only the first and the closing ones. */
    public Ping(IcmpSocket socket, PingOptions options, Consumer<String> out, boolean quiet) {
        if (socket.ipv6() != options.destination() instanceof Inet6Address) {
            throw new IllegalArgumentException("an " + (socket.ipv6() ? "ICMPv6" : "ICMP") + " socket for " + options.destination().getHostAddress());
        }
        this.socket = socket;
        this.options = options;
        this.out = out;
        this.quiet = quiet;
        this.tokenLength = Math.min(options.size(), Probes.TOKEN);
    }

    /** Ends the run at the next chance; the statistics are printed as usual. */
    public void stop() {
        stopped = true;
    }

    /** Pings until the count, the deadline or {@link #stop}; prints and returns the statistics. */
    public PingStatistics run() throws IOException {
        String address = Messages.address(options.destination());
        out.accept(socket.ipv6() ? "PING " + address + " (" + address + ") " + options.size() + " data bytes"
                : "PING " + address + " (" + address + ") " + options.size() + "(" + (options.size() + 28) + ") bytes of data.");
        long interval = options.interval().toNanos(), timeout = options.timeout().toNanos();
        long start = System.nanoTime(), next = start, lastSend = start;
        Long deadline = options.deadline() == null ? null : start + options.deadline().toNanos();
        int count = options.count();
        while (!stopped) {
            long now = System.nanoTime();
            if (deadline != null && now - deadline >= 0 || count > 0 && deadline != null && received >= count) {
                break;
            }
            boolean sending = count == 0 || (deadline != null ? received < count : sent < count);
            if (sending && now - next >= 0) {
                send(now);
                lastSend = now;
                next += interval;
                continue;
            }
            if (!sending && (settled.cardinality() >= Math.min(sent, 65536) || now - lastSend >= timeout)) {
                break;
            }
            long until = sending ? next : lastSend + timeout;
            if (deadline != null && until - deadline > 0) {
                until = deadline;
            }
            IcmpSocket.Received r = socket.receive(until - now);
            if (r != null) {
                answer(r);
            }
        }
        PingStatistics stats = statistics(System.nanoTime() - start);
        out.accept("");
        out.accept("--- " + address + " ping statistics ---");
        stats.lines().forEach(out);
        return stats;
    }

    private void send(long now) throws IOException {
        sent++;
        int seq = (int) (sent & 0xffff);
        byte[] payload = Probes.payload(token, options.size());
        byte[] message = socket.ipv6() ? Ipv6Packets.icmpEchoMessage(options.id(), seq, payload)
                : Ipv4Packets.icmpEchoMessage(options.id(), seq, payload);
        sentAt[seq] = now;
        ordinal[seq] = sent;
        replied.clear(seq);
        settled.clear(seq);
        socket.send(message, options.destination(), options.ttl());
    }

    private void answer(IcmpSocket.Received r) {
        IcmpMessage m;
        try {
            m = socket.ipv6() ? IcmpMessage.ofIcmp6(r.data()) : IcmpMessage.ofIpv4(r.data());
        } catch (MalformedPacketException e) {
            return; // not a message anyone could match to a request: not ours
        }
        switch (m.kind()) {
            case ECHO_REPLY -> {
                int seq = m.sequence();
                if (m.id() == options.id() && ordinal[seq] != 0 && Probes.carriesToken(r.data(), m.payloadOffset(), token, tokenLength, true)) {
                    reply(r, m, seq);
                }
            }
            case TIME_EXCEEDED, UNREACHABLE, OTHER_ERROR -> {
                int seq = m.quoted() == null ? 0 : m.quoted().second();
                if (ordinal[seq] != 0 && Probes.quotesEcho(m, r.data(), options.destination(), options.id(), seq, token, tokenLength)) {
                    errors++;
                    settled.set(seq);
                    if (!quiet) {
                        out.accept("From " + Messages.address(r.source()) + " icmp_seq=" + seq + " " + Messages.describe(m));
                    }
                }
            }
            case OTHER -> { }
        }
    }

    private void reply(IcmpSocket.Received r, IcmpMessage m, int seq) {
        long rtt = r.nanoTime() - sentAt[seq];
        boolean duplicate = replied.get(seq);
        if (duplicate) {
            duplicates++;
        } else {
            replied.set(seq);
            settled.set(seq);
            received++;
            if (ordinal[seq] < highestOrdinal) {
                outOfOrder++;
            }
            highestOrdinal = Math.max(highestOrdinal, ordinal[seq]);
            minRtt = Math.min(minRtt, rtt);
            maxRtt = Math.max(maxRtt, rtt);
            sumRtt += rtt;
            sumSquares += (double) rtt * rtt;
        }
        if (!quiet) {
            int bytes = r.data().length - (m.payloadOffset() - 8); // the ICMP message, as ping counts it
            out.accept(bytes + " bytes from " + Messages.address(r.source()) + ": icmp_seq=" + seq + " ttl=" + r.hopLimit()
                    + " time=" + Messages.millis(rtt) + " ms" + (duplicate ? " (DUP!)" : ""));
        }
    }

    private PingStatistics statistics(long elapsed) {
        if (received == 0) {
            return new PingStatistics(sent, 0, duplicates, errors, outOfOrder, elapsed, 0, 0, 0, 0);
        }
        double avg = sumRtt / received;
        double mdev = Math.sqrt(Math.max(0, sumSquares / received - avg * avg));
        return new PingStatistics(sent, received, duplicates, errors, outOfOrder, elapsed, minRtt, avg, maxRtt, mdev);
    }
}
