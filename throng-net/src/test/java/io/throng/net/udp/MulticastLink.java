package io.throng.net.udp;

import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A veth pair made for one test, because this host's {@code lo} has no MULTICAST flag (and it is not
 * ours to change): multicast sent on one end with loopback on reaches this host's members on that end,
 * IPv4 (an address in 10.219.x.0/24 on it) and IPv6 (link-local, duplicate address detection off so the
 * address is usable at once). Needs root ({@code ip}); {@link #close} deletes it.
 */
final class MulticastLink implements AutoCloseable {
    final String name;
    final NetworkInterface nif;

    private MulticastLink(String name, NetworkInterface nif) {
        this.name = name;
        this.nif = nif;
    }

    static MulticastLink create() throws IOException, InterruptedException {
        int n = ThreadLocalRandom.current().nextInt(1, 250);
        String name = "thmc" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        run("ip", "link", "add", name, "type", "veth", "peer", "name", name + "p");
        try {
            run("sysctl", "-qw", "net.ipv6.conf." + name + ".accept_dad=0");
            run("ip", "addr", "add", "10.219." + n + ".1/24", "dev", name);
            run("ip", "link", "set", name, "multicast", "on", "up");
            run("ip", "link", "set", name + "p", "up");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            NetworkInterface nif;
            // Wait until the interface is up with its IPv6 link-local address: both families usable.
            while ((nif = NetworkInterface.getByName(name)) == null || !nif.isUp() || !hasIpv6(nif)) {
                if (System.nanoTime() > end) {
                    throw new IOException(name + " did not come up with an IPv6 link-local address");
                }
                Thread.sleep(20);
            }
            return new MulticastLink(name, nif);
        } catch (IOException | RuntimeException | InterruptedException e) {
            run("ip", "link", "del", name);
            throw e;
        }
    }

    private static boolean hasIpv6(NetworkInterface nif) throws SocketException {
        return nif.inetAddresses().anyMatch(a -> a instanceof java.net.Inet6Address);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("ip", "link", "del", name); // deleting one end deletes its peer
    }

    static void run(String... cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(cmd[0] + " is missing: the multicast tests need iproute2 and procps (root)", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(new ArrayList<>(List.of(cmd)) + ": " + out.strip());
        }
    }
}
