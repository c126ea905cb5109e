package io.throng.chaos;

/**
 * What a toxic does to the bytes of a connection, with toxiproxy's attribute names and defaults (every
 * attribute defaults to 0). One record per type; the records are the data: {@link Pipe} runs them on TCP
 * streams, {@code DatagramToxics} on UDP datagrams, and {@link Protocol#allows} says which apply where.
 * Durations are in milliseconds unless a field says otherwise, as in toxiproxy's API; rates of the
 * datagram toxics are percentages and may have a fraction.
 */
public sealed interface Toxic {

    /** The type's name in the API ({@code "latency"}, {@code "bandwidth"}, ...). */
    String type();

    /** Delays every chunk by {@code latency} ± {@code jitter} ms after it was read. */
    record Latency(long latency, long jitter) implements Toxic {
        public Latency {
            nonNegative("latency", latency);
            nonNegative("jitter", jitter);
        }

        @Override
        public String type() {
            return "latency";
        }
    }

    /** At most {@code rate} KB/s (1 KB = 1,000 bytes, as toxiproxy); a rate of 0 lets nothing through. */
    record Bandwidth(long rate) implements Toxic {
        public Bandwidth {
            nonNegative("rate", rate);
        }

        @Override
        public String type() {
            return "bandwidth";
        }
    }

    /** Holds the end of the stream (the FIN) back for {@code delay} ms. */
    record SlowClose(long delay) implements Toxic {
        public SlowClose {
            nonNegative("delay", delay);
        }

        @Override
        public String type() {
            return "slow_close";
        }
    }

    /**
     * Lets no data through and closes the connection {@code timeout} ms after the toxic took hold; with 0
     * the connection stays open and data is dropped until the toxic is removed (toxiproxy's meaning).
     */
    record Timeout(long timeout) implements Toxic {
        public Timeout {
            nonNegative("timeout", timeout);
        }

        @Override
        public String type() {
            return "timeout";
        }
    }

    /** Resets both sockets (TCP RST) {@code timeout} ms after the first data arrives in its stream. */
    record ResetPeer(long timeout) implements Toxic {
        public ResetPeer {
            nonNegative("timeout", timeout);
        }

        @Override
        public String type() {
            return "reset_peer";
        }
    }

    /**
     * Cuts each chunk into pieces of about {@code averageSize} ± {@code sizeVariation} bytes, waiting
     * {@code delay} <em>microseconds</em> after each piece (toxiproxy's unit for this one attribute).
     */
    record Slicer(long averageSize, long sizeVariation, long delay) implements Toxic {
        public Slicer {
            // toxiproxy accepts 0 and then recurses without end on the first byte: refused here.
            if (averageSize < 1) {
                throw new IllegalArgumentException("average_size must be at least 1");
            }
            nonNegative("size_variation", sizeVariation);
            nonNegative("delay", delay);
        }

        @Override
        public String type() {
            return "slicer";
        }
    }

    /** Closes the connection once {@code bytes} bytes have gone through in its stream. */
    record LimitData(long bytes) implements Toxic {
        public LimitData {
            nonNegative("bytes", bytes);
        }

        @Override
        public String type() {
            return "limit_data";
        }
    }

    /**
     * Throng's "cable unplugged": whatever its stream, both directions stop; connections stay open and
     * nothing is dropped, so what was sent meanwhile waits (in the kernel's buffers and the proxy's bounded
     * queues) and flows once the toxic is removed.
     */
    record Partition() implements Toxic {
        @Override
        public String type() {
            return "partition";
        }
    }

    /**
     * Datagram loss by the Gilbert model (Gilbert–Elliott with no loss in the good state and every
     * datagram lost in the bad one): {@code rate} percent of datagrams are lost, in bursts of
     * {@code burst} datagrams on average. A burst of 0 means independent losses (each datagram lost with
     * probability {@code rate} percent, whose bursts average {@code 1 / (1 - rate/100)}). The chain must be
     * able to stay that long in the bad state and still lose only {@code rate}: burst must be at least 1
     * and at least {@code rate / (100 - rate)}. UDP only.
     */
    record PacketLoss(double rate, double burst) implements Toxic {
        public PacketLoss {
            percent("rate", rate);
            if (!(burst == 0 || burst >= 1)) {
                throw new IllegalArgumentException("burst must be 0 (independent losses) or at least 1");
            }
            if (burst != 0 && rate < 100 && burst < rate / (100 - rate)) {
                throw new IllegalArgumentException("burst must be at least rate / (100 - rate) = "
                        + rate / (100 - rate) + " for a loss rate of " + rate + "%");
            }
        }

        @Override
        public String type() {
            return "packet_loss";
        }
    }

    /** Sends {@code rate} percent of datagrams twice. UDP only. */
    record Duplicate(double rate) implements Toxic {
        public Duplicate {
            percent("rate", rate);
        }

        @Override
        public String type() {
            return "duplicate";
        }
    }

    /** Flips one random bit in {@code rate} percent of datagrams (empty ones have none). UDP only. */
    record Corrupt(double rate) implements Toxic {
        public Corrupt {
            percent("rate", rate);
        }

        @Override
        public String type() {
            return "corrupt";
        }
    }

    /**
     * Holds {@code rate} percent of datagrams back by {@code delay} ms more, so the ones sent meanwhile
     * overtake them. UDP only.
     */
    record Reorder(double rate, long delay) implements Toxic {
        public Reorder {
            percent("rate", rate);
            nonNegative("delay", delay);
        }

        @Override
        public String type() {
            return "reorder";
        }
    }

    /**
     * Throng's HTTP toxic: answers a request whose path starts with {@code path} with {@code status}
     * (an empty body) instead of forwarding it. HTTP proxies only; toxicity is drawn per request.
     */
    record HttpStatus(long status, String path) implements Toxic {
        public HttpStatus {
            if (status < 200 || status > 599) {
                throw new IllegalArgumentException("status must be between 200 and 599");
            }
            pathPrefix(path);
        }

        @Override
        public String type() {
            return "http_status";
        }
    }

    /**
     * Throng's HTTP toxic: the response to a request whose path starts with {@code path} reaches the
     * client {@code delay} ms late, counted from its first byte's arrival. HTTP proxies only.
     */
    record HttpDelay(long delay, String path) implements Toxic {
        public HttpDelay {
            nonNegative("delay", delay);
            pathPrefix(path);
        }

        @Override
        public String type() {
            return "http_delay";
        }
    }

    /**
     * Throng's HTTP toxic: a request whose path starts with {@code path} is not forwarded; the proxy
     * resets the connection (TCP RST) once the responses to the requests before it have gone out. HTTP
     * proxies only.
     */
    record HttpDrop(String path) implements Toxic {
        public HttpDrop {
            pathPrefix(path);
        }

        @Override
        public String type() {
            return "http_drop";
        }
    }

    private static void pathPrefix(String path) {
        if (path == null || !(path.isEmpty() || path.startsWith("/"))) {
            throw new IllegalArgumentException("path must be empty (every request) or start with /");
        }
    }

    private static void percent(String attribute, double value) {
        if (!(value >= 0 && value <= 100)) {
            throw new IllegalArgumentException(attribute + " must be a percentage between 0 and 100");
        }
    }

    private static void nonNegative(String attribute, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(attribute + " must not be negative");
        }
    }
}
