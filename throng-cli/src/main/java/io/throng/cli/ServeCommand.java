package io.throng.cli;

import io.throng.http.Router;
import io.throng.http.files.StaticFiles;
import io.throng.http.filters.AccessLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code throng serve}: a static file server with an access log, like {@code python3 -m http.server}. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the files of a directory over HTTP/1.1 (HTTPS with the --tls options), with an access log on stdout.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8000", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--dir", defaultValue = ".", description = "Directory to serve (default: the current one).")
    Path dir;

    @CommandLine.Mixin
    WorkersOption workers;

    @CommandLine.Mixin
    JfrOption jfr;

    @CommandLine.Mixin
    GraceOption grace;

    @CommandLine.Mixin
    TlsOptions tls;

    @CommandLine.Mixin
    HttpRedirectOption httpRedirect;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            throw new EnvironmentException("not a directory: " + dir);
        }
        StaticFiles files = new StaticFiles(dir, "/");
        Router app = new Router().filter(new AccessLog(System.out::println)).get("/{path...}", files);
        return HttpServing.run(spec.commandLine().getOut(), host, port, workers, grace.duration(), app, tls, httpRedirect, jfr);
    }
}
