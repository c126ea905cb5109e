package io.throng.cli;

import io.throng.http.Router;
import io.throng.http.WebSocketRoute;
import io.throng.websocket.OverflowPolicy;
import io.throng.websocket.ServerHandshake;
import io.throng.websocket.WebSocket;
import io.throng.websocket.WebSocketConfig;
import io.throng.websocket.WebSocketListener;
import io.throng.websocket.DeflateOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code throng bench-server}: the endpoints benchmarks and conformance suites expect. */
@Command(name = "bench-server", mixinStandardHelpOptions = true,
        description = {"Serve the endpoints benchmarks and conformance suites use:",
                "GET /plaintext (Hello, World!), GET /json ({\"message\":\"Hello, World!\"}),",
                "a WebSocket echo (text and binary, permessage-deflate offered) at /echo and at /,",
                "and a WebSocket room at /broadcast that sends every message it receives to every member."})
final class BenchServerCommand implements Callable<Integer> {
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    /**
     * Echoes every message. Limits fit Autobahn's largest cases (16 MiB messages); a reader too slow
     * for its echoes is closed with 1013 once 64 MiB are queued.
     */
    private static final WebSocketRoute ECHO = new WebSocketRoute(
            ServerHandshake.Options.DEFAULTS.withDeflate(DeflateOptions.ENABLED),
            WebSocketConfig.DEFAULTS.withDeflate(DeflateOptions.ENABLED)
                    .withQueueBounds(4096, 64L * 1024 * 1024, OverflowPolicy.CLOSE_TRY_AGAIN_LATER),
            () -> Echo.INSTANCE);

    /**
     * The fan-out room: no compression (per-connection zlib state would cost more than it saves when one
     * encoded frame goes to thousands), and a member too slow for the room loses messages ({@code DROP}) rather
     * than its connection or anyone else's latency; 4096 messages or 16 MiB may wait for it.
     */
    private static WebSocketRoute broadcast() {
        BenchBroadcast room = new BenchBroadcast();
        return new WebSocketRoute(ServerHandshake.Options.DEFAULTS,
                WebSocketConfig.DEFAULTS.withQueueBounds(4096, 16L * 1024 * 1024, OverflowPolicy.DROP),
                () -> room);
    }

    /** The routes; also served by the Autobahn conformance run in {@code verify}. */
    static Router app() {
        return new Router()
                .get("/plaintext", (req, res) -> {
                    res.contentType("text/plain");
                    res.send(HELLO);
                })
                .get("/json", (req, res) -> res.json(new Message("Hello, World!")))
                .get("/echo", ECHO)
                .get("/broadcast", broadcast())
                .get("/", ECHO); // the Autobahn fuzzing client connects to "/"
    }

    /** One stateless listener serves every echo connection. */
    private enum Echo implements WebSocketListener {
        INSTANCE;

        @Override
        public void onText(WebSocket ws, String text) {
            ws.sendText(text);
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            ws.sendBinary(data);
        }
    }

    /** The JSON body is serialised per request, as the TechEmpower JSON test requires. */
    record Message(String message) {}

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @CommandLine.Mixin
    WorkersOption workers;

    @CommandLine.Mixin
    JfrOption jfr;

    @CommandLine.Mixin
    TlsOptions tls;

    @CommandLine.Mixin
    HttpRedirectOption httpRedirect;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return HttpServing.run(spec.commandLine().getOut(), host, port, workers, Duration.ofSeconds(5), app(), tls, httpRedirect, jfr);
    }
}
