package io.throng.cli;

import io.throng.http.Handler;
import io.throng.http.HttpOptions;
import io.throng.http.HttpServer;
import io.throng.net.Prefork;
import io.throng.net.ServerOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * What {@code serve} and {@code bench-server} share: run one server in this process, or with
 * {@code --workers N} become a pre-fork master of N worker processes running the same subcommand.
 */
final class HttpServing {
    private HttpServing() {}

    /** Blocks until SIGTERM/SIGINT (the JVM's shutdown hook drains the server). */
    static int run(PrintWriter out, String host, int port, WorkersOption workers, Duration grace, Handler app)
            throws Exception {
        if (workers.master()) {
            return Prefork.run(workers.workerCommand(), workers.count(), grace, System.err);
        }
        HttpServer server;
        ServerOptions net = ServerOptions.of(host, port).withReusePort(Prefork.isWorker());
        try {
            server = HttpServer.start(net, HttpOptions.defaults(), app);
        } catch (BindException e) {
            throw new EnvironmentException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        } catch (IOException e) {
            throw new EnvironmentException("cannot start the server: " + e.getMessage());
        }
        CountDownLatch drained = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown(grace);
            drained.countDown();
        }, "throng-drain"));
        out.println("throng: listening on http://" + host + ":" + server.port() + "/ (pid "
                + ProcessHandle.current().pid() + ", " + net.engine().name().toLowerCase(java.util.Locale.ROOT) + " engine)");
        out.flush();
        if (Prefork.isWorker()) {
            Prefork.exitWithMaster(() -> server.shutdown(grace));
            Prefork.announceReady();
        }
        drained.await();
        return ExitCodes.OK;
    }
}
