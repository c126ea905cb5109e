package io.throng.load.chat;

import io.throng.load.TlsTrust;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What a chat load test does, the same for every process of a run.
 *
 * <p>User {@code g} (0-based, of {@code users}) is nicknamed {@code u<g>}, joins room {@code <roomPrefix><g % rooms>}
 * (so the rooms are filled evenly), connects at {@code ramp * g / users} after the start, and then says one
 * message every {@code every}, its first at a random point of its first period (so the senders do not march in
 * step). Sending stops {@code ramp + duration} after the start; then the run waits up to {@code drain} for the
 * last acknowledgements and deliveries.
 *
 * @param host target host
 * @param port target port
 * @param path the WebSocket path, {@code /ws} for {@code throng chat}
 * @param users simulated users in total
 * @param rooms rooms in total
 * @param every each user's period between two messages
 * @param ramp users connect spread over this (0: all at once)
 * @param duration steady phase after the ramp
 * @param drain longest wait after the last send for acknowledgements and deliveries
 * @param connectTimeout bound on one user's connect, upgrade and hello/join
 * @param textBytes padding added to each message's text, to vary the message size
 * @param roomPrefix room names are this plus a number
 * @param runTag starts every client message id ({@code cid}) of this run: the server stores a (room, sender, cid)
 *     once, so a second run with the same nicknames must not reuse the first run's ids
 * @param stages a staged profile instead of one linear ramp: stage {@code i} takes the connected users from
 *     the previous stage's count (0 at first) to its own, linearly over its duration; the last count is
 *     {@code users} and the durations add up to {@code ramp}. Empty: one stage, {@code users} over {@code ramp}.
 * @param procs worker processes (1: this process)
 * @param reconnect whether a user whose connection drops reconnects (jittered exponential backoff) and resumes its
 *     session, as the real chat client does; without it a dropped user is gone for the rest of the run
 * @param secure wss:// (or https://): every user's connection speaks TLS, the certificate checked against
 *     {@code trust} and {@code host}
 * @param trust whom a wss:// connection trusts
 * @param accounts null: protocol version 1, each user claims its nickname (a server started with
 *     {@code --insecure-nicknames}); else a file of {@code NAME TOKEN} lines ({@link AccountTokens}): protocol
 *     version 2, each user says {@code hello} and {@code resume} with its login token
 */
public record ChatScenario(String host, int port, String path, int users, int rooms, Duration every, Duration ramp,
        Duration duration, Duration drain, Duration connectTimeout, int textBytes, String roomPrefix, String runTag,
        List<Stage> stages, int procs, boolean reconnect, boolean secure, TlsTrust trust, java.nio.file.Path accounts) {

    /** One stage of a profile: reach {@code users} connected users, linearly over {@code over}. */
    public record Stage(Duration over, int users) {
        /** Parses {@code 30s:5000}. */
        public static Stage parse(String text, java.util.function.Function<String, Duration> durations) {
            int colon = text.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("a stage is DURATION:USERS, e.g. 30s:5000, got " + text);
            }
            return new Stage(durations.apply(text.substring(0, colon)), Integer.parseInt(text.substring(colon + 1)));
        }
    }

    /** Most sockets one process may hold here: the open-files limit is 20,000 and the JVM needs some. */
    public static final int MAX_USERS_PER_PROCESS = 19_000;

    public ChatScenario {
        trust = trust == null ? TlsTrust.JDK : trust;
        accounts = accounts == null ? null : accounts.toAbsolutePath(); // workers read it from their own directory
        if (users < 1 || rooms < 1 || rooms > users) {
            throw new IllegalArgumentException("need at least one user per room: users " + users + ", rooms " + rooms);
        }
        if (!positive(every) || !positive(duration) || !positive(drain) || !positive(connectTimeout)) {
            throw new IllegalArgumentException("every, duration, drain and timeout must be positive: runs are bounded");
        }
        if (ramp == null || ramp.isNegative()) {
            throw new IllegalArgumentException("ramp must not be negative");
        }
        stages = List.copyOf(stages);
        if (!stages.isEmpty()) {
            int previous = 0;
            Duration total = Duration.ZERO;
            for (Stage st : stages) {
                if (st.users() < previous || st.over().isNegative()) {
                    throw new IllegalArgumentException("stages must not lower the users (no ramp-down) nor last "
                            + "a negative time");
                }
                previous = st.users();
                total = total.plus(st.over());
            }
            if (previous != users || !total.equals(ramp)) {
                throw new IllegalArgumentException("the last stage's users must be the users and the stages must "
                        + "add up to the ramp");
            }
        }
        if (procs < 1 || procs > 250) {
            throw new IllegalArgumentException("procs must be between 1 and 250");
        }
        if ((users + procs - 1) / procs > MAX_USERS_PER_PROCESS) {
            throw new IllegalArgumentException("at most " + MAX_USERS_PER_PROCESS + " users per process (open-files "
                    + "limit); use --procs " + ((users + MAX_USERS_PER_PROCESS - 1) / MAX_USERS_PER_PROCESS) + " or more");
        }
        if (textBytes < 0 || textBytes > 3000) {
            throw new IllegalArgumentException("text padding must be 0..3000 bytes");
        }
        if (!runTag.matches("[A-Za-z0-9]{1,16}")) {
            throw new IllegalArgumentException("run tag must be 1 to 16 letters or digits");
        }
        if (!roomPrefix.matches("[a-z0-9][a-z0-9_-]{0,20}")) {
            throw new IllegalArgumentException("room prefix must be a-z 0-9 _ - (up to 21 characters)");
        }
    }

    /**
     * A scenario against a {@code ws://} or {@code wss://host:port/path} URL ({@code http://} and {@code https://}
     * name the same server: the path defaults to {@code /ws}, the chat server's), trusting as the JDK does.
     */
    public static ChatScenario of(String url, int users, int rooms, Duration every, Duration ramp, Duration duration,
            Duration drain, Duration connectTimeout, int textBytes, int procs) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean secure = scheme.equals("wss") || scheme.equals("https");
        if (!(secure || scheme.equals("ws") || scheme.equals("http")) || uri.getHost() == null) {
            throw new IllegalArgumentException("URL must be ws://, wss://, http:// or https://host[:port]/path, got " + url);
        }
        boolean page = scheme.startsWith("http"); // the chat page's address: its socket is at /ws
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() || page && uri.getRawPath().equals("/")
                ? "/ws" : uri.getRawPath();
        return new ChatScenario(uri.getHost(), uri.getPort() < 0 ? secure ? 443 : 80 : uri.getPort(), path, users,
                rooms, every, ramp, duration, drain, connectTimeout, textBytes, "room",
                Long.toString(System.currentTimeMillis(), 36), List.of(), procs, true, secure, TlsTrust.JDK, null);
    }

    /** The same scenario trusting {@code t} over wss://. */
    public ChatScenario withTrust(TlsTrust t) {
        return new ChatScenario(host, port, path, users, rooms, every, ramp, duration, drain, connectTimeout, textBytes,
                roomPrefix, runTag, stages, procs, reconnect, secure, t, accounts);
    }

    /** The same scenario with a staged profile: users and ramp follow from the stages. */
    public ChatScenario withStages(List<Stage> profile) {
        if (profile.isEmpty()) {
            return this;
        }
        Duration total = profile.stream().map(Stage::over).reduce(Duration.ZERO, Duration::plus);
        return new ChatScenario(host, port, path, profile.getLast().users(), rooms,
                every, total, duration, drain, connectTimeout, textBytes, roomPrefix, runTag, profile, procs, reconnect, secure,
                trust, accounts);
    }

    /** The same scenario with reconnection on or off. */
    public ChatScenario withReconnect(boolean on) {
        return new ChatScenario(host, port, path, users, rooms, every, ramp, duration, drain, connectTimeout, textBytes,
                roomPrefix, runTag, stages, procs, on, secure, trust, accounts);
    }

    /**
     * The same scenario with accounts: every user logs in with its token from {@code tokens} (protocol version 2).
     * The file is read here, so a missing user is a usage error before anything connects.
     */
    public ChatScenario withAccounts(java.nio.file.Path tokens) {
        if (tokens != null) {
            AccountTokens.read(tokens, users);
        }
        return new ChatScenario(host, port, path, users, rooms, every, ramp, duration, drain, connectTimeout, textBytes,
                roomPrefix, runTag, stages, procs, reconnect, secure, trust, tokens);
    }

    /** Messages per second the scenario asks for once every user is connected. */
    public double messagesPerSecond() {
        return users * 1e9 / every.toNanos();
    }

    /** Deliveries per second the scenario implies: each message goes to every member of its room. */
    public double deliveriesPerSecond() {
        return messagesPerSecond() * users / rooms;
    }

    /** The room of user {@code g}. */
    String roomOf(int g) {
        return roomPrefix + (g % rooms);
    }

    /** When user {@code g} connects, in nanoseconds after the start. */
    long connectAtNanos(int g) {
        if (stages.isEmpty()) {
            return (long) ((double) ramp.toNanos() * g / users);
        }
        long start = 0;
        int previous = 0;
        for (Stage st : stages) {
            if (g < st.users()) {
                return start + (long) ((double) st.over().toNanos() * (g - previous) / (st.users() - previous));
            }
            start += st.over().toNanos();
            previous = st.users();
        }
        return start;
    }

    /** Whether user {@code g} belongs to process {@code k}: users are dealt round-robin so every process ramps. */
    boolean belongsTo(int g, int k) {
        return g % procs == k;
    }

    /** Users of process {@code k}. */
    int usersOf(int k) {
        return users / procs + (k < users % procs ? 1 : 0);
    }

    /** How users arrive, for the report: {@code ramp 30s} or {@code stages 10s:1000 30s:5000}. */
    public String arrival() {
        if (stages.isEmpty()) {
            return "ramp " + io.throng.load.Durations.micros(ramp.toNanos() / 1000.0);
        }
        StringBuilder sb = new StringBuilder("stages");
        for (Stage st : stages) {
            sb.append(' ').append(io.throng.load.Durations.micros(st.over().toNanos() / 1000.0)).append(':')
                    .append(st.users());
        }
        return sb.toString();
    }

    /** One line for the report. */
    public String describe() {
        return "chat " + (secure ? "wss://" : "ws://") + host + ":" + port + path + (secure ? trust.describe() : "")
                + (accounts == null ? "" : " (accounts: protocol v2, login tokens)");
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }
}
