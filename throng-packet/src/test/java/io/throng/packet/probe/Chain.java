package io.throng.packet.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Three hosts in a row, A—B—C, where A is this (the root) namespace and B, C are network namespaces
 * with a random suffix in their names: A {@code 10.N.1.1}/{@code fd00:N:1::1}, B {@code 10.N.1.2} and
 * {@code 10.N.2.1} (forwarding on, ICMP rate limits off so every probe is answered), C {@code 10.N.2.2}.
 * A reaches C only through B. Needs root; {@link #close} removes both namespaces and the veth pairs.
 */
final class Chain implements AutoCloseable {
    final String b, c, hostEnd;
    final String a4, b4, bc4, c4, a6, b6, bc6, c6;

    private Chain(String suffix, int n) {
        b = "prb" + suffix;
        c = "prc" + suffix;
        hostEnd = "pra" + suffix;
        a4 = "10." + n + ".1.1";
        b4 = "10." + n + ".1.2";
        bc4 = "10." + n + ".2.1";
        c4 = "10." + n + ".2.2";
        a6 = "fd00:" + n + ":1::1";
        b6 = "fd00:" + n + ":1::2";
        bc6 = "fd00:" + n + ":2::1";
        c6 = "fd00:" + n + ":2::2";
    }

    static Chain create() throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new AssertionError("this test builds network namespaces and needs root (CI runs as root)");
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String suffix = Integer.toString(random.nextInt(1 << 24), 36);
        int n = 150 + random.nextInt(100);
        Chain ch = new Chain(suffix, n);
        try {
            must("ip", "netns", "add", ch.b);
            must("ip", "netns", "add", ch.c);
            for (String ns : List.of(ch.b, ch.c)) {
                must("ip", "-n", ns, "link", "set", "lo", "up");
                must("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.icmp_ratelimit=0", "net.ipv6.icmp.ratelimit=0",
                        "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1");
            }
            // A—B
            must("ip", "link", "add", ch.hostEnd, "type", "veth", "peer", "name", ch.b + "a", "netns", ch.b);
            must("ip", "addr", "add", ch.a4 + "/24", "dev", ch.hostEnd);
            must("ip", "addr", "add", ch.a6 + "/64", "dev", ch.hostEnd, "nodad");
            must("ip", "link", "set", ch.hostEnd, "up");
            must("ip", "-n", ch.b, "addr", "add", ch.b4 + "/24", "dev", ch.b + "a");
            must("ip", "-n", ch.b, "addr", "add", ch.b6 + "/64", "dev", ch.b + "a", "nodad");
            must("ip", "-n", ch.b, "link", "set", ch.b + "a", "up");
            // B—C
            must("ip", "-n", ch.b, "link", "add", ch.b + "c", "type", "veth", "peer", "name", ch.c + "b", "netns", ch.c);
            must("ip", "-n", ch.b, "addr", "add", ch.bc4 + "/24", "dev", ch.b + "c");
            must("ip", "-n", ch.b, "addr", "add", ch.bc6 + "/64", "dev", ch.b + "c", "nodad");
            must("ip", "-n", ch.b, "link", "set", ch.b + "c", "up");
            must("ip", "-n", ch.c, "addr", "add", ch.c4 + "/24", "dev", ch.c + "b");
            must("ip", "-n", ch.c, "addr", "add", ch.c6 + "/64", "dev", ch.c + "b", "nodad");
            must("ip", "-n", ch.c, "link", "set", ch.c + "b", "up");
            // routes: A to C's net through B, C's default back through B
            must("ip", "route", "add", "10." + n + ".2.0/24", "via", ch.b4, "dev", ch.hostEnd);
            must("ip", "-6", "route", "add", "fd00:" + n + ":2::/64", "via", ch.b6, "dev", ch.hostEnd);
            must("ip", "-n", ch.c, "route", "add", "default", "via", ch.bc4);
            must("ip", "-n", ch.c, "-6", "route", "add", "default", "via", ch.bc6);
        } catch (IOException | RuntimeException | AssertionError e) {
            ch.close();
            throw e;
        }
        return ch;
    }

    /** The command prefix that runs a process in namespace {@code ns}. */
    static List<String> in(String ns, String... cmd) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(List.of(cmd));
        return all;
    }

    /** Runs {@code cmd} to its end (60 s at most) and returns its output and exit code. */
    static Result run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not end in 60 s");
        }
        return new Result(p.exitValue(), out);
    }

    record Result(int exit, String output) {}

    /** Runs {@code cmd}; a non-zero exit fails. */
    static String must(String... cmd) throws IOException, InterruptedException {
        Result r = run(List.of(cmd));
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " exited " + r.exit() + ": " + r.output().strip());
        }
        return r.output();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("ip", "link", "del", hostEnd));
        run(List.of("ip", "netns", "del", b));
        run(List.of("ip", "netns", "del", c));
    }
}
