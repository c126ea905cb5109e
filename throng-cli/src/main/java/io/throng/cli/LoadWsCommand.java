package io.throng.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throng.load.HtmlReport;
import io.throng.load.JsonReport;
import io.throng.load.LoadReport;
import io.throng.load.Thresholds;
import io.throng.load.TlsTrust;
import io.throng.load.ws.WsLoad;
import io.throng.load.ws.WsSummary;
import io.throng.load.ws.WsWorkload;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code throng load ws URL}: WebSocket echo round trips or broadcast fan-out, latency per message. */
@Command(name = "ws", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "WebSocket load. --mode echo (default): -c connections to an echo endpoint; each sends when its previous"
                    + " echo arrived (closed model), or --rate R messages per second in total go out on a fixed"
                    + " schedule (open model, latency from each message's intended send time).",
            "--mode fanout: -c receivers and --senders S senders join a broadcast endpoint; senders send at --rate R"
                    + " in total (or each on the return of its previous message); latency is send to delivery,"
                    + " throughput counts deliveries. Every message carries its send time.",
            "Connecting: every connection asked for ends in one bucket before measuring begins, and the buckets add"
                    + " up to -c (+ senders): held, refused, timed out, failed, not started. At most 128 handshakes run"
                    + " at once; an attempt that waits --timeout from its turn in the ramp for one of them is not started,"
                    + " a connect plus upgrade longer than --timeout is timed out. No attempt goes on into the measured"
                    + " phase. Refused, timed out and failed count as 'connect' errors, not started as 'not_started'"
                    + " errors (both count towards --max-errors: the run did not get the load asked for).",
            "wss:// URLs speak TLS 1.3/1.2, the certificate checked against the JDK's trust store and the URL's host,"
                    + " or against --cacert FILE; --insecure skips the check.",
            "Targets must be loopback unless named with --allow-host. Runs end after -d (default 10s)."},
        footer = {"", "Examples:",
            "  throng load ws -c 64 -d 10s ws://127.0.0.1:8080/echo",
            "  throng load ws --rate 20000 -c 64 --binary --size 1024 --max-p99 10ms ws://127.0.0.1:8080/echo",
            "  throng load ws --mode fanout -c 1000 --rate 100 -d 20s --json out.json ws://127.0.0.1:8080/broadcast",
            "  throng load ws --cacert cert.pem wss://localhost:8443/echo",
            "  throng load ws --insecure wss://127.0.0.1:8443/echo     (a self-signed test server; no certificate check)"})
final class LoadWsCommand extends LoadSubcommand<WsLoad, LoadReport> {

    @Option(names = "--mode", defaultValue = "echo", description = "echo, or fanout (alias: broadcast).")
    String mode;

    @Mixin
    ShapeOptions shape;

    @Option(names = "--senders", defaultValue = "1", description = "Fan-out senders (default ${DEFAULT-VALUE}).")
    int senders;

    @Option(names = {"-s", "--size"}, defaultValue = "64", description = "Message size in bytes (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--binary", description = "Binary messages (default: text).")
    boolean binary;

    @Option(names = "--deflate", description = "Offer permessage-deflate.")
    boolean deflate;

    @Option(names = "--ramp", defaultValue = "0s", converter = DurationConverter.class,
            description = "Open the connections evenly over this long before measuring (default: all at once).")
    Duration ramp;

    @Option(names = "--timeout", defaultValue = "5s", converter = DurationConverter.class,
            description = "Bound on a connection's wait for a handshake slot, and again on its TCP connect plus"
                    + " upgrade (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    TrustOptions trust;

    @Override
    WsLoad plan(LoadOutput output) {
        WsWorkload.Mode m = switch (mode.toLowerCase(Locale.ROOT)) {
            case "echo" -> WsWorkload.Mode.ECHO;
            case "fanout", "fan-out", "broadcast" -> WsWorkload.Mode.FANOUT;
            default -> throw new IllegalArgumentException("--mode must be echo or fanout, got " + mode);
        };
        TlsTrust t = trust.trust();
        WsWorkload workload = new WsWorkload(URI.create(url), m, size, binary, m == WsWorkload.Mode.FANOUT ? senders : 0,
                deflate, ramp, t.caFile() == null ? null : Path.of(t.caFile()), t.insecure());
        return new WsLoad(workload, shape.shape(1, 0, timeout, options.procs), output.progress(WsSummary::progress));
    }

    @Override
    LoadOutput.Verdict verdict(WsLoad plan, LoadReport report) {
        WsWorkload workload = plan.workload();
        List<String> violations = new Thresholds(options.maxP99, options.maxErrors).violations(report);
        return new LoadOutput.Verdict(violations, WsSummary.render(workload, report, violations),
                () -> json(workload, report, violations), () -> HtmlReport.render(report, violations));
    }

    /** {@code load http}'s JSON document plus what is WebSocket-specific; requests there are messages here. */
    private static String json(WsWorkload w, LoadReport report, List<String> violations) {
        ObjectNode root = JsonReport.document(report, violations);
        root.put("kind", "ws");
        root.put("mode", w.mode() == WsWorkload.Mode.ECHO ? "echo" : "fanout");
        root.put("messageSize", w.size());
        root.put("binary", w.binary());
        root.put("senders", w.senders());
        root.put("messages", report.completed());
        root.put("messagesPerSecond", report.requestsPerSecond());
        if (w.mode() == WsWorkload.Mode.FANOUT) {
            root.put("lost", report.unanswered());
        }
        return JsonReport.text(root);
    }
}
