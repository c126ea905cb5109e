package io.throng.cli;

import io.throng.http.HttpOptions;
import io.throng.http.HttpServer;
import io.throng.net.ServerOptions;

/**
 * What the Autobahn|Testsuite fuzzing client drives during {@code verify} (the plugin calls this main
 * with the port and expects it to return once the server listens): {@code bench-server}'s own routes,
 * so the conformance result is the product's, not a test double's.
 */
public final class AutobahnBenchServer {
    private AutobahnBenchServer() {}

    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.start(ServerOptions.of("127.0.0.1", Integer.parseInt(args[0])),
                HttpOptions.defaults(), BenchServerCommand.app());
        System.out.println("autobahn: bench-server routes on 127.0.0.1:" + server.port());
    }
}
