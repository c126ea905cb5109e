package io.throng.packet.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace joined to this one by a veth pair: {@code 10.N.0.1} and {@code fdN::1} here on
 * {@code hostEnd}, {@code 10.N.0.2} and {@code fdN::2} inside. Needs root; {@link #close} removes it.
 */
final class Veth implements AutoCloseable {
    final String namespace, hostEnd;
    final String here4, there4, here6, there6;

    private Veth(String namespace, int n) {
        this.namespace = namespace;
        this.hostEnd = namespace + "h";
        this.here4 = "10." + n + ".0.1";
        this.there4 = "10." + n + ".0.2";
        this.here6 = "fd" + n + "::1";
        this.there6 = "fd" + n + "::2";
    }

    static Veth create(String namespace, int n) throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new AssertionError("this test builds network namespaces and needs root (CI runs as root)");
        }
        Veth v = new Veth(namespace, n);
        run("ip", "netns", "del", namespace).waitFor(); // left over from a killed run
        try {
            must("ip", "netns", "add", namespace);
            must("ip", "-n", namespace, "link", "set", "lo", "up");
            must("ip", "link", "add", v.hostEnd, "type", "veth", "peer", "name", namespace + "n");
            must("ip", "link", "set", namespace + "n", "netns", namespace);
            must("ip", "addr", "add", v.here4 + "/24", "dev", v.hostEnd);
            must("ip", "addr", "add", v.here6 + "/64", "dev", v.hostEnd, "nodad");
            must("ip", "link", "set", v.hostEnd, "up");
            must("ip", "-n", namespace, "addr", "add", v.there4 + "/24", "dev", namespace + "n");
            must("ip", "-n", namespace, "addr", "add", v.there6 + "/64", "dev", namespace + "n", "nodad");
            must("ip", "-n", namespace, "link", "set", namespace + "n", "up");
        } catch (IOException | RuntimeException | AssertionError e) {
            v.close();
            throw e;
        }
        return v;
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
        run("ip", "link", "del", hostEnd).waitFor();
        run("ip", "netns", "del", namespace).waitFor();
    }
}
