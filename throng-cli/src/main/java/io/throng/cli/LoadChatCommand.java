package io.throng.cli;

import io.throng.load.Durations;
import io.throng.load.chat.ChatLoad;
import io.throng.load.chat.ChatReport;
import io.throng.load.chat.ChatScenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code throng load chat URL}: simulated instant-messaging users speaking Throng's chat protocol. */
@Command(name = "chat", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Chat load: --users simulated users connect over WebSocket (spread over --ramp), each says hello with its"
                    + " own nickname (u0, u1, ...), joins one of --rooms rooms (filled evenly) and then sends one"
                    + " message every --every, its first at a random point of its first period (open model: the"
                    + " schedule does not wait for the server). Every member reads everything its room says.",
            "Measured: end-to-end delivery latency (receive time minus the send time written into the message,"
                    + " from its intended slot in the schedule; all loaders share this machine's clock); per room the"
                    + " messages lost (a member missed a sequence number it was owed), duplicated and out of order;"
                    + " acks against says; sessions resumed after a dropped connection and gaps the server declared;"
                    + " errors by kind (connect, dropped, protocol, server:CODE, not_started; with --accounts also auth and"
                    + " revoked).",
            "Users: at the end every user is in one bucket, adding up to --users: held (joined at least once),"
                    + " refused, timed out, failed (why its latest attempt failed; up to 3 attempts), pending (still"
                    + " connecting when the run ended: also a 'connect' error) or not started (the run ended before"
                    + " its turn: a 'not_started' error). Both count towards --max-errors. Each --procs worker holds at most "
                    + ChatScenario.MAX_USERS_PER_PROCESS + " users.",
            "wss:// (or https://, the chat page: its socket /ws) speaks TLS, the certificate checked against the JDK's"
                    + " trust store and the URL's host, or against --cacert FILE; -k skips the check. The report gives"
                    + " TCP connect and TLS handshake times apart; a failed handshake is a 'tls' error with its reason.",
            "The run is the ramp plus --duration of sending, then up to --drain for the last deliveries."},
        footer = {"", "Examples:",
            "  throng load chat ws://127.0.0.1:8080/ws --users 1000 --rooms 10 --every 10s --ramp 10s -d 30s",
            "  throng load chat ws://127.0.0.1:8080/ws --rooms 20 --stage 10s:500 --stage 20s:500 --stage 10s:2000 -d 20s",
            "  throng load chat ws://127.0.0.1:8080/ws --users 30000 --rooms 100 --every 30s --ramp 60s -d 60s \\",
            "      --procs 3 --max-lost 0 --max-p99 200ms --json chat.json --html chat.html",
            "  throng load chat wss://localhost:8443/ws --cacert ca.pem --users 1000 --rooms 10",
            "  throng chat admin --data data --argon2 64,1,1 logins --count 1000 --out tokens.txt < password.txt",
            "  throng load chat ws://127.0.0.1:8080/ws --users 1000 --rooms 10 --accounts tokens.txt"})
final class LoadChatCommand extends LoadSubcommand<ChatLoad, ChatReport> {

    @Option(names = {"-u", "--users"}, defaultValue = "1000", description = "Simulated users (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = {"-r", "--rooms"}, defaultValue = "10", description = "Rooms; users are spread evenly (default ${DEFAULT-VALUE}).")
    int rooms;

    @Option(names = "--every", converter = DurationConverter.class,
            description = "Each user sends one message per this period (default 30s).")
    Duration every;

    @Option(names = "--rate", description = "Alternative to --every: messages per second for all users together "
            + "(every = users / rate).")
    Double rate;

    @Option(names = "--ramp", defaultValue = "10s", converter = DurationConverter.class,
            description = "Users connect spread over this (default ${DEFAULT-VALUE}).")
    Duration ramp;

    @Option(names = "--stage", paramLabel = "DURATION:USERS",
            description = "A staged profile instead of --users/--ramp (repeatable, in order): each stage takes the "
                    + "connected users from the previous stage's count to USERS, linearly over DURATION; e.g. "
                    + "--stage 20s:1000 --stage 40s:5000. Users only arrive; the last count holds for --duration.")
    List<String> stages = new ArrayList<>();

    @Option(names = {"-d", "--duration"}, defaultValue = "30s", converter = DurationConverter.class,
            description = "Sending goes on this long after the ramp (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--drain", defaultValue = "10s", converter = DurationConverter.class,
            description = "Longest wait after the last send for acks and deliveries; what is missing then is lost "
                    + "(default ${DEFAULT-VALUE}).")
    Duration drain;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "Bound on one user's connect, upgrade, hello and join (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--text-bytes", defaultValue = "0", description = "Padding added to every message text.")
    int textBytes;

    @Mixin
    ThreadsOption threads;

    @Mixin
    TrustOptions trust;

    @Option(names = "--no-reconnect", description = "A user whose connection drops is gone for the rest of the run "
            + "(counted as the error 'dropped'). By default it reconnects with jittered exponential backoff and "
            + "resumes its session: the server replays what it missed or sends a gap, and unacknowledged messages "
            + "are sent again with the same cid.")
    boolean noReconnect;

    @Option(names = "--accounts", paramLabel = "FILE",
            description = "Log every user in (protocol version 2): FILE has one 'NAME TOKEN' line per user u0, u1, ..."
                    + " (throng chat admin logins writes it); each user says hello and resume with its token. A token"
                    + " the server refuses is the error 'auth', a login ended during the run the error 'revoked' (the"
                    + " user is dropped). Without it, users claim their nicknames (protocol version 1: the server"
                    + " needs --insecure-nicknames).")
    java.nio.file.Path accounts;

    @Option(names = "--max-lost", defaultValue = "-1",
            description = "Fail (exit 1) if more messages than this are lost; with 0, any duplicate or "
                    + "out-of-order delivery fails too.")
    long maxLost;

    @Override
    ChatLoad plan(LoadOutput output) {
        if (every != null && rate != null) {
            throw new IllegalArgumentException("give --every or --rate, not both");
        }
        if (rate != null && !(rate > 0)) {
            throw new IllegalArgumentException("--rate must be positive");
        }
        List<ChatScenario.Stage> profile = new ArrayList<>();
        for (String st : stages) {
            profile.add(ChatScenario.Stage.parse(st, Durations::parse));
        }
        int n = profile.isEmpty() ? users : profile.getLast().users();
        Duration period = rate != null ? Duration.ofNanos(Math.round(n * 1e9 / rate))
                : every != null ? every : Duration.ofSeconds(30);
        Duration r = profile.isEmpty() ? ramp
                : profile.stream().map(ChatScenario.Stage::over).reduce(Duration.ZERO, Duration::plus);
        ChatScenario scenario = ChatScenario.of(url, n, rooms, period, r, duration, drain, timeout, textBytes,
                options.procs).withStages(profile).withReconnect(!noReconnect).withTrust(trust.trust())
                .withAccounts(accounts);
        return new ChatLoad(scenario, threads.perProcess(), output.progress(ChatReport::progress));
    }

    @Override
    LoadOutput.Verdict verdict(ChatLoad plan, ChatReport report) {
        List<String> violations = report.violations(options.maxP99, maxLost, options.maxErrors);
        return new LoadOutput.Verdict(violations, report.summary(violations),
                () -> report.json(violations), () -> report.html(violations));
    }
}
