package io.throng.packet.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.packet.Ipv4Packets;
import io.throng.packet.capture.IcmpSocket;
import io.throng.packet.capture.RawIpv4Socket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ping across A—B—C (see {@link Chain}), from this namespace (A) to C through the router B, held
 * against iputils' ping on the same path: the replies' TTL is decremented once, a TTL of 1 gets
 * "Time to live exceeded" from B, exactly half the requests are lost when C drops every second one,
 * two pings at once with the same ICMP id never count each other's replies, and forged or garbage
 * ICMP addressed to us is skipped.
 */
class PingChainTest {
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

    private static PingOptions options(String to, int count) {
        return PingOptions.to(InetAddress.ofLiteral(to)).withCount(count).withInterval(Duration.ofMillis(200)).withTimeout(Duration.ofSeconds(5));
    }

    private static Run ping(PingOptions options) throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        try (IcmpSocket socket = IcmpSocket.open(options.destination().getAddress().length == 16)) {
            PingStatistics stats = new Ping(socket, options, lines::add, false).run();
            return new Run(stats, List.copyOf(lines));
        }
    }

    record Run(PingStatistics stats, List<String> lines) {}

    @Test
    void repliesFromCComeWithTheTtlDecrementedOnceAsIputilsSees() throws Exception {
        Run run = ping(options(chain.c4, 3));
        assertEquals(3, run.stats().transmitted(), run.lines().toString());
        assertEquals(3, run.stats().received(), run.lines().toString());
        assertEquals(0, run.stats().duplicates());
        assertEquals(0.0, run.stats().lossPercent());
        List<String> replies = run.lines().stream().filter(l -> l.contains(" bytes from ")).toList();
        assertEquals(3, replies.size(), run.lines().toString());
        for (int i = 0; i < 3; i++) {
            assertTrue(replies.get(i).matches("64 bytes from " + Pattern.quote(chain.c4) + ": icmp_seq=" + (i + 1) + " ttl=63 time=[0-9.]+ ms"), replies.get(i));
        }
        assertEquals("PING " + chain.c4 + " (" + chain.c4 + ") 56(84) bytes of data.", run.lines().getFirst());
        assertTrue(run.lines().contains("--- " + chain.c4 + " ping statistics ---"), run.lines().toString());
        assertTrue(run.lines().stream().anyMatch(l -> l.matches("3 packets transmitted, 3 received, 0% packet loss, time \\d+ms")), run.lines().toString());
        assertTrue(run.lines().getLast().matches("rtt min/avg/max/mdev = [0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+ ms"), run.lines().getLast());

        Chain.Result iputils = Chain.run(List.of("ping", "-n", "-c", "3", "-i", "0.2", chain.c4));
        assertEquals(0, iputils.exit(), iputils.output());
        assertEquals(List.of("63", "63", "63"), ttls(iputils.output()), iputils.output());
        assertEquals(ttls(String.join("\n", run.lines())), ttls(iputils.output()));
    }

    @Test
    void ttlOneGetsTimeToLiveExceededFromTheRouterLikeIputils() throws Exception {
        Run run = ping(options(chain.c4, 2).withTtl(1));
        assertEquals(0, run.stats().received(), run.lines().toString());
        assertEquals(2, run.stats().errors(), run.lines().toString());
        assertTrue(run.lines().contains("From " + chain.b4 + " icmp_seq=1 Time to live exceeded"), run.lines().toString());
        assertTrue(run.lines().contains("From " + chain.b4 + " icmp_seq=2 Time to live exceeded"), run.lines().toString());
        assertTrue(run.lines().stream().anyMatch(l -> l.startsWith("2 packets transmitted, 0 received, +2 errors, 100% packet loss")), run.lines().toString());

        Chain.Result iputils = Chain.run(List.of("ping", "-n", "-c", "1", "-t", "1", "-W", "5", chain.c4));
        assertEquals(1, iputils.exit(), iputils.output());
        assertTrue(iputils.output().contains("From " + chain.b4 + " icmp_seq=1 Time to live exceeded"), iputils.output());
    }

    @Test
    void whenCDropsEverySecondRequestExactlyHalfIsLost() throws Exception {
        List<String> rule = List.of("INPUT", "-p", "icmp", "--icmp-type", "echo-request", "-m", "statistic", "--mode", "nth", "--every", "2", "--packet", "0", "-j", "DROP");
        List<String> add = new ArrayList<>(Chain.in(chain.c, "iptables", "-A"));
        add.addAll(rule);
        Chain.must(add.toArray(String[]::new));
        try {
            Run run = ping(options(chain.c4, 6).withTimeout(Duration.ofSeconds(2)));
            assertEquals(6, run.stats().transmitted(), run.lines().toString());
            assertEquals(3, run.stats().received(), run.lines().toString());
            assertEquals(50.0, run.stats().lossPercent());
            assertTrue(run.lines().stream().anyMatch(l -> l.startsWith("6 packets transmitted, 3 received, 50% packet loss, time ")), run.lines().toString());
        } finally {
            List<String> delete = new ArrayList<>(Chain.in(chain.c, "iptables", "-D"));
            delete.addAll(rule);
            Chain.must(delete.toArray(String[]::new));
        }
    }

    @Test
    void twoPingsWithTheSameIdAtOnceNeverCountEachOthersReplies() throws Exception {
        PingOptions shared = options(chain.c4, 8).withId(0x5151);
        // threads of their own: the common pool of a 2-core box would run them one after the other
        CompletableFuture<Run> first = CompletableFuture.supplyAsync(() -> unchecked(shared), Executors.newVirtualThreadPerTaskExecutor());
        CompletableFuture<Run> second = CompletableFuture.supplyAsync(() -> unchecked(shared), Executors.newVirtualThreadPerTaskExecutor());
        // and iputils' ping at the same time, on its own socket
        Chain.Result iputils = Chain.run(List.of("ping", "-n", "-c", "8", "-i", "0.2", chain.c4));
        for (Run run : List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS))) {
            assertEquals(8, run.stats().received(), run.lines().toString());
            assertEquals(0, run.stats().duplicates(), run.lines().toString());
            assertEquals(8, run.lines().stream().filter(l -> l.contains(" bytes from ")).count(), run.lines().toString());
        }
        assertTrue(iputils.output().contains("8 packets transmitted, 8 received, 0% packet loss"), iputils.output());
    }

    @Test
    void ipv6RepliesFromCComeWithTheHopLimitDecrementedOnce() throws Exception {
        Run run = ping(options(chain.c6, 3));
        assertEquals(3, run.stats().received(), run.lines().toString());
        assertEquals("PING " + chain.c6 + " (" + chain.c6 + ") 56 data bytes", run.lines().getFirst());
        assertTrue(run.lines().get(1).startsWith("64 bytes from " + chain.c6 + ": icmp_seq=1 ttl=63 time="), run.lines().get(1));
        assertEquals(List.of("63", "63", "63"), ttls(String.join("\n", run.lines())), run.lines().toString());
        Run exceeded = ping(options(chain.c6, 1).withTtl(1));
        assertEquals(1, exceeded.stats().errors(), exceeded.lines().toString());
        assertTrue(exceeded.lines().contains("From " + chain.b6 + " icmp_seq=1 Time exceeded: Hop limit"), exceeded.lines().toString());
    }

    @Test
    void forgedAndGarbageIcmpToUsIsSkipped() throws Exception {
        PingOptions options = options(chain.c4, 5).withId(0x6262);
        Inet4Address c = (Inet4Address) InetAddress.ofLiteral(chain.c4), a = (Inet4Address) InetAddress.ofLiteral(chain.a4);
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<Integer> forger = CompletableFuture.supplyAsync(() -> {
            int sent = 0;
            try (RawIpv4Socket raw = RawIpv4Socket.open()) {
                while (!done.get()) {
                    for (byte[] p : Forged.packets(c, a, 0x6262)) {
                        raw.send(p);
                        sent++;
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(5_000_000); // a pace, not a synchronisation
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return sent;
        }, Executors.newVirtualThreadPerTaskExecutor());
        Run run;
        try {
            run = ping(options);
        } finally {
            done.set(true);
        }
        assertTrue(forger.get(60, TimeUnit.SECONDS) > 0);
        assertEquals(5, run.stats().received(), run.lines().toString());
        assertEquals(0, run.stats().duplicates(), run.lines().toString());
        assertEquals(0, run.stats().errors(), run.lines().toString());
    }

    private static Run unchecked(PingOptions options) {
        try {
            return ping(options);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> ttls(String output) {
        List<String> ttls = new ArrayList<>();
        Matcher m = Pattern.compile("bytes from [^ ]+: icmp_seq=\\d+ ttl=(\\d+)").matcher(output);
        while (m.find()) {
            ttls.add(m.group(1));
        }
        return ttls;
    }
}
