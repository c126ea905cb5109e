package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.packet.capture.Slot;
import io.throng.packet.tunnel.Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.XECPrivateKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The fixture of the {@code throng tunnel} tests: namespaces A and B, key pairs for both in a directory
 * ({@code a.priv}, {@code a.pub}, {@code b.priv}, {@code b.pub}), and the tunnel processes started in them.
 * Names and subnets come from this process's {@link Slot} {@code S} of the test class's number {@code N}:
 * subnet {@code k} (0..3) is {@code 10.N.(4S+k).0/24}, so parallel runs do not collide and a killed run's
 * leftovers are removed by the slot's next owner. The namespaces share no route until joined: directly
 * (one veth pair) or through this namespace (a veth pair to each, forwarding off, for a relay here).
 * Needs root (CI runs as root); {@link #close} stops the processes and removes it all.
 */
final class TunnelNet implements AutoCloseable {
    final String nsA, nsB, dev;
    final Path keys;
    private final int n;
    private final Slot slot;
    private final List<Process> processes = new ArrayList<>();

    private TunnelNet(int n, Slot slot, Path keys) {
        this.n = n;
        this.slot = slot;
        this.keys = keys;
        this.nsA = "t" + n + "s" + slot.number + "a";
        this.nsB = "t" + n + "s" + slot.number + "b";
        this.dev = "tt" + n + "s" + slot.number;
    }

    /** Namespaces A and B with lo up, and the two key pairs in {@code keys}. */
    static TunnelNet create(int n, Path keys) throws Exception {
        assertEquals("root", System.getProperty("user.name"), "this test builds network namespaces and needs root (CI runs as root)");
        TunnelNet net = new TunnelNet(n, Slot.claim(n), keys);
        try {
            net.removeNames(); // a killed run's, if any: the slot is ours now
            for (String ns : List.of(net.nsA, net.nsB)) {
                must("ip", "netns", "add", ns);
                must("ip", "-n", ns, "link", "set", "lo", "up");
            }
            for (String side : List.of("a", "b")) {
                XECPrivateKey key = Keys.generate();
                Files.writeString(keys.resolve(side + ".priv"), Keys.encode(key) + "\n");
                Files.writeString(keys.resolve(side + ".pub"), Keys.encode(Keys.publicKey(key)) + "\n");
            }
        } catch (Exception | AssertionError e) {
            net.close();
            throw e;
        }
        return net;
    }

    /** Host {@code host} of subnet {@code k} (0..3). */
    String address(int k, int host) {
        if (k < 0 || k > 3) {
            throw new IllegalArgumentException("subnet " + k + " outside 0..3");
        }
        return "10." + n + "." + (4 * slot.number + k) + "." + host;
    }

    /** An IPv6 address of this slot's own /64 ({@code fdN:S+1::host}: no zero group, so written as ip prints it). */
    String address6(int host) {
        return "fd" + n + ":" + (slot.number + 1) + "::" + host;
    }

    /** An IPv6 address of a second /64 of this slot's ({@code fdN:S+1:1::host}), for an outer path beside tunnel addresses from {@link #address6}. */
    String outer6(int host) {
        return "fd" + n + ":" + (slot.number + 1) + ":1::" + host;
    }

    /** One veth pair between A ({@code .1}) and B ({@code .2}) on subnet {@code k}. */
    void joinDirectly(int k) throws Exception {
        must("ip", "link", "add", nsA + "v", "type", "veth", "peer", "name", nsB + "v");
        must("ip", "link", "set", nsA + "v", "netns", nsA);
        must("ip", "link", "set", nsB + "v", "netns", nsB);
        must("ip", "-n", nsA, "addr", "add", address(k, 1) + "/24", "dev", nsA + "v");
        must("ip", "-n", nsB, "addr", "add", address(k, 2) + "/24", "dev", nsB + "v");
        must("ip", "-n", nsA, "link", "set", nsA + "v", "up");
        must("ip", "-n", nsB, "link", "set", nsB + "v", "up");
    }

    /**
     * A veth pair from here to A on subnet {@code kA} and one to B on {@code kB}: {@code .1} here, {@code .2}
     * inside. With forwarding off here, A and B reach only what listens here. Returns the B link's name here.
     */
    String joinThroughHost(int kA, int kB) throws Exception {
        link(nsA, address(kA, 1), address(kA, 2));
        link(nsB, address(kB, 1), address(kB, 2));
        return nsB + "h";
    }

    private static void link(String ns, String here, String there) throws Exception {
        must("ip", "link", "add", ns + "h", "type", "veth", "peer", "name", ns + "n");
        must("ip", "link", "set", ns + "n", "netns", ns);
        must("ip", "addr", "add", here + "/24", "dev", ns + "h");
        must("ip", "link", "set", ns + "h", "up");
        must("ip", "-n", ns, "addr", "add", there + "/24", "dev", ns + "n");
        must("ip", "-n", ns, "link", "set", ns + "n", "up");
    }

    /** {@code throng tunnel up OPTIONS} inside {@code ns}, its lines to {@code lines}; stopped by {@link #stopTunnels} or close. */
    Process tunnel(BlockingQueue<String> lines, String ns, List<String> options) throws IOException {
        List<String> args = new ArrayList<>(List.of("tunnel", "up"));
        args.addAll(options);
        return started(CliProcesses.cliWith(lines, List.of("ip", "netns", "exec", ns), args.toArray(String[]::new)));
    }

    /** Keeps {@code p} to stop it with the tunnels. */
    Process started(Process p) {
        processes.add(p);
        return p;
    }

    void stopTunnels() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        processes.clear();
    }

    /** Runs {@code cmd} in A to its end; its output, whatever its exit. */
    String inA(String... cmd) throws Exception {
        return run(inside(nsA, cmd));
    }

    /** Runs {@code cmd} in {@code ns}; a non-zero exit fails. */
    static String mustIn(String ns, String... cmd) throws Exception {
        return must(inside(ns, cmd));
    }

    private static String[] inside(String ns, String... cmd) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(List.of(cmd));
        return all.toArray(String[]::new);
    }

    /** Asks {@code p} for its counters (SIGUSR1) until {@code until} holds for them, 60 s at most; the last ones. */
    static Map<String, String> counters(Process p, BlockingQueue<String> lines, Predicate<Map<String, String>> until) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Map<String, String> m = counters(p, lines);
            if (until.test(m) || System.nanoTime() > end) {
                return m;
            }
        }
    }

    /** {@code p}'s counters line (SIGUSR1), as names to values. */
    static Map<String, String> counters(Process p, BlockingQueue<String> lines) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-USR1", Long.toString(p.pid())).start().waitFor());
        String line = CliProcesses.await(lines, "counters ");
        Map<String, String> m = new HashMap<>();
        for (String pair : line.substring("counters ".length()).split(" ")) {
            int eq = pair.indexOf('=');
            m.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return m;
    }

    static long delta(Map<String, String> before, Map<String, String> after, String name) {
        return Long.parseLong(after.get(name)) - Long.parseLong(before.get(name));
    }

    interface Attempt {
        String run() throws Exception;
    }

    /** Runs {@code attempt} until its output satisfies {@code done}, 60 s at most; returns the last output. */
    static String eventually(Attempt attempt, Predicate<String> done) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String out;
        do {
            out = attempt.run();
        } while (!done.test(out) && System.nanoTime() < end);
        return out;
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not end in 60 s");
        }
        return out;
    }

    static String must(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + " did not end in 60 s");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
        return out;
    }

    /** The links here (their peers go with them) and the namespaces (with what is inside). */
    private void removeNames() throws Exception {
        run("ip", "link", "del", nsA + "h");
        run("ip", "link", "del", nsB + "h");
        run("ip", "netns", "del", nsA);
        run("ip", "netns", "del", nsB);
    }

    @Override
    public void close() throws Exception {
        try {
            stopTunnels();
            removeNames();
        } finally {
            slot.close(); // only once the names are gone
        }
    }
}
