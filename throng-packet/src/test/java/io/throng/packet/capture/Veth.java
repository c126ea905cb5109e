package io.throng.packet.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace joined to this one by a veth pair: {@code 10.N.S.1} and {@code fdN:S::1} here on
 * {@code hostEnd}, {@code 10.N.S.2} and {@code fdN:S::2} inside. Needs root; {@link #close} removes it.
 *
 * <p>{@code N} is the test class's own number, {@code S} the {@link Slot} this process owns for it: the
 * same test class running at once in several builds (other worktrees) gets its own names and subnet,
 * and whoever owns a slot first removes what a killed run left behind.
 */
final class Veth implements AutoCloseable {
    final String namespace, hostEnd;
    final String here4, there4, net4, here6, there6, net6;
    private final Slot slot;

    private Veth(String prefix, int n, Slot owned) {
        int s = owned.number;
        this.slot = owned;
        this.namespace = prefix + s;
        this.hostEnd = namespace + "h";
        this.here4 = "10." + n + "." + s + ".1";
        this.there4 = "10." + n + "." + s + ".2";
        this.net4 = "10." + n + "." + s + ".0/24";
        this.here6 = "fd" + n + ":" + s + "::1";
        this.there6 = "fd" + n + ":" + s + "::2";
        this.net6 = "fd" + n + ":" + s + "::/64";
    }

    /** A pair named {@code prefix} plus a slot (at most 8 characters of prefix: interface names end at 15). */
    static Veth create(String prefix, int n) throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new AssertionError("this test builds network namespaces and needs root (CI runs as root)");
        }
        Veth v = new Veth(prefix, n, Slot.claim(n));
        v.removeLeftovers();
        try {
            must("ip", "netns", "add", v.namespace);
            must("ip", "-n", v.namespace, "link", "set", "lo", "up");
            must("ip", "link", "add", v.hostEnd, "type", "veth", "peer", "name", v.namespace + "n");
            must("ip", "link", "set", v.namespace + "n", "netns", v.namespace);
            must("ip", "addr", "add", v.here4 + "/24", "dev", v.hostEnd);
            must("ip", "addr", "add", v.here6 + "/64", "dev", v.hostEnd, "nodad");
            must("ip", "link", "set", v.hostEnd, "up");
            must("ip", "-n", v.namespace, "addr", "add", v.there4 + "/24", "dev", v.namespace + "n");
            must("ip", "-n", v.namespace, "addr", "add", v.there6 + "/64", "dev", v.namespace + "n", "nodad");
            must("ip", "-n", v.namespace, "link", "set", v.namespace + "n", "up");
        } catch (IOException | RuntimeException | AssertionError e) {
            v.close();
            throw e;
        }
        return v;
    }

    /** A run killed before its close left the namespace or the host end (if the peer never moved): ours now. */
    private void removeLeftovers() throws IOException, InterruptedException {
        run("ip", "netns", "del", namespace).waitFor();
        run("ip", "link", "del", hostEnd).waitFor();
    }

    /** The command prefix that runs a process inside the namespace. */
    List<String> inside(String... cmd) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        all.addAll(List.of(cmd));
        return all;
    }

    static Process run(String... cmd) throws IOException {
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Runs {@code cmd} to its end (60 s at most) and returns its output; a non-zero exit fails. */
    static String must(String... cmd) throws IOException, InterruptedException {
        Process p = run(cmd);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not end in 60 s");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out.strip());
        }
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            removeLeftovers();
        } finally {
            slot.close(); // releases the slot only once its names are gone
        }
    }
}
