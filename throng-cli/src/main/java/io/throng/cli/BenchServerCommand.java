package io.throng.cli;

import io.throng.http.Router;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code throng bench-server}: the endpoints benchmarks and conformance suites expect. */
@Command(name = "bench-server", mixinStandardHelpOptions = true,
        description = "Serve GET /plaintext (Hello, World!) and GET /json ({\"message\":\"Hello, World!\"}) for benchmarks.")
final class BenchServerCommand implements Callable<Integer> {
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    /** The JSON body is serialised per request, as the TechEmpower JSON test requires. */
    record Message(String message) {}

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--workers", defaultValue = "1", description = "Worker processes sharing the port (default: 1).")
    int workers;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (workers < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workers must be at least 1");
        }
        Router app = new Router()
                .get("/plaintext", (req, res) -> {
                    res.contentType("text/plain");
                    res.send(HELLO);
                })
                .get("/json", (req, res) -> res.json(new Message("Hello, World!")));
        return HttpServing.run(spec.commandLine().getOut(), host, port, workers, Duration.ofSeconds(5),
                List.of("bench-server", "--port", Integer.toString(port), "--host", host), app);
    }
}
