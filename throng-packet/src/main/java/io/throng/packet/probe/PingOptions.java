package io.throng.packet.probe;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;

/**
 * What one ping run does, in iputils' terms: {@code count} echo requests (0: until stopped), one
 * every {@code interval}, each carrying {@code size} bytes of data, sent with {@code ttl}; after the
 * last, replies are awaited for {@code timeout} ({@code -W}); {@code deadline} ({@code -w}, null for
 * none) ends the run whatever was sent, and with a count it keeps sending until that many replies
 * came. {@code id} is the ICMP identifier (random by default; tests pin it to show the payload check).
 */
public record PingOptions(InetAddress destination, int count, Duration interval, int size, int ttl, Duration timeout,
        Duration deadline, int id) {
    public PingOptions {
        if (count < 0) {
            throw new IllegalArgumentException("count " + count + " below 0");
        }
        if (interval.isNegative()) {
            throw new IllegalArgumentException("negative interval " + interval);
        }
        int max = destination instanceof Inet6Address ? 65527 : 65507;
        if (size < 0 || size > max) {
            throw new IllegalArgumentException("packet size " + size + " outside 0.." + max);
        }
        if (ttl < 1 || ttl > 255) {
            throw new IllegalArgumentException("ttl " + ttl + " outside 1..255");
        }
        if (timeout.isNegative() || deadline != null && deadline.isNegative()) {
            throw new IllegalArgumentException("negative timeout or deadline");
        }
        if (id < 0 || id > 0xffff) {
            throw new IllegalArgumentException("ICMP id " + id + " outside 0..65535");
        }
    }

    /** iputils' defaults: until stopped, one a second, 56 bytes, TTL 64, replies awaited 10 s, no deadline, a random id. */
    public static PingOptions to(InetAddress destination) {
        return new PingOptions(destination, 0, Duration.ofSeconds(1), 56, 64, Duration.ofSeconds(10), null,
                java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000));
    }

    public PingOptions withCount(int n) {
        return new PingOptions(destination, n, interval, size, ttl, timeout, deadline, id);
    }

    public PingOptions withInterval(Duration d) {
        return new PingOptions(destination, count, d, size, ttl, timeout, deadline, id);
    }

    public PingOptions withSize(int n) {
        return new PingOptions(destination, count, interval, n, ttl, timeout, deadline, id);
    }

    public PingOptions withTtl(int n) {
        return new PingOptions(destination, count, interval, size, n, timeout, deadline, id);
    }

    public PingOptions withTimeout(Duration d) {
        return new PingOptions(destination, count, interval, size, ttl, d, deadline, id);
    }

    public PingOptions withDeadline(Duration d) {
        return new PingOptions(destination, count, interval, size, ttl, timeout, d, id);
    }

    public PingOptions withId(int n) {
        return new PingOptions(destination, count, interval, size, ttl, timeout, deadline, n);
    }
}
