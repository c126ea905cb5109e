package io.throng.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace with two veth pairs to this (the host's) namespace: one a process inside uses to
 * reach a database on the host ({@code 10.N.1.1} here, {@code 10.N.1.2} there), one its clients use to
 * reach it ({@code 10.N.2.1} here, {@code 10.N.2.2} there). {@link #cutDatabase} takes the host end of
 * the first down: packets are lost both ways, nothing is closed or reset (what a partition looks like),
 * while the clients' path stays up. Needs root ({@code ip netns}); {@link #close} deletes it all.
 */
final class NetCut implements AutoCloseable {
    final String name;
    private final String prefix;
    private final String dbHost;   // host end of the database link

    private NetCut(String name, String prefix) {
        this.name = name;
        this.prefix = prefix;
        this.dbHost = name + "d";
    }

    /** Creates namespace {@code name} (at most 12 characters) with addresses under {@code 10.<n>}. */
    static NetCut create(String name, int n) throws IOException, InterruptedException {
        NetCut cut = new NetCut(name, "10." + n);
        try {
            ip("netns", "add", name);
            ip("-n", name, "link", "set", "lo", "up");
            cut.pair(name + "d", name + "D", 1);
            cut.pair(name + "c", name + "C", 2);
        } catch (IOException | RuntimeException e) {
            try {
                cut.close();
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        return cut;
    }

    private void pair(String here, String there, int subnet) throws IOException, InterruptedException {
        ip("link", "add", here, "type", "veth", "peer", "name", there);
        ip("link", "set", there, "netns", name);
        ip("addr", "add", prefix + "." + subnet + ".1/24", "dev", here);
        ip("link", "set", here, "up");
        ip("-n", name, "addr", "add", prefix + "." + subnet + ".2/24", "dev", there);
        ip("-n", name, "link", "set", there, "up");
    }

    /** The host's address on the database link (where the database must listen). */
    String databaseAddress() {
        return prefix + ".1.1";
    }

    /** The address the process inside connects to the database from. */
    String insideDatabaseAddress() {
        return prefix + ".1.2";
    }

    /** The address inside the namespace that clients reach. */
    String insideAddress() {
        return prefix + ".2.2";
    }

    /** The command prefix that runs a process inside. */
    List<String> exec() {
        return List.of("ip", "netns", "exec", name);
    }

    void cutDatabase() throws IOException, InterruptedException {
        ip("link", "set", dbHost, "down");
    }

    void restoreDatabase() throws IOException, InterruptedException {
        ip("link", "set", dbHost, "up");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        // Deleting one end of a veth deletes its peer; deleting the namespace deletes what is inside.
        // The links may be gone already (a half-made namespace): only the namespace must go.
        for (String link : List.of(name + "d", name + "c")) {
            try {
                ip("link", "del", link);
            } catch (IOException ignored) {
                // not there
            }
        }
        ip("netns", "del", name);
    }

    /** Runs {@code ip ARGS} to its end (30 s at most); a non-zero exit throws with its output. */
    static void ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(cmd + ": " + out.strip());
        }
    }
}
