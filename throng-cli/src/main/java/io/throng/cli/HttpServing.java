package io.throng.cli;

import io.throng.http.Handler;
import io.throng.http.HttpOptions;
import io.throng.http.HttpServer;
import io.throng.http.metrics.Metrics;
import io.throng.net.Prefork;
import io.throng.net.ServerOptions;
import io.throng.net.tls.TlsContext;
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

    /**
     * Blocks until SIGTERM/SIGINT (the JVM's shutdown hook drains the server). With TLS certificate files
     * and a single process, SIGHUP reads them again for new handshakes; a pre-fork master already answers
     * SIGHUP by replacing its workers one at a time, and each new one reads the files (its arguments are the
     * master's own, TLS options included).
     */
    static int run(PrintWriter out, String host, int port, WorkersOption workers, Duration grace, Handler app,
                   TlsOptions tlsOptions, HttpRedirectOption httpRedirect, JfrOption jfr) throws Exception {
        tlsOptions.check(workers.count());
        httpRedirect.check(tlsOptions);
        if (workers.master()) {
            tlsOptions.context(out); // unreadable certificate files stop the master, not each worker in a loop
            return Prefork.run(workers.workerCommand(), workers.count(), grace, System.err); // workers record, if asked
        }
        jfr.start();
        Metrics.start();
        app = Metrics.endpoint().around(app); // GET /metrics on the server's own port (docs/operations.md)
        HttpServer server;
        TlsContext tls = tlsOptions.context(out);
        ServerOptions net = ServerOptions.of(host, port).withReusePort(Prefork.isWorker()).withTls(tls);
        try {
            server = HttpServer.start(net, HttpOptions.defaults(), app);
        } catch (BindException e) {
            throw new EnvironmentException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        } catch (IOException e) {
            throw new EnvironmentException("cannot start the server: " + e.getMessage());
        }
        HttpServer redirect = httpRedirect.start(host, server.port(), Prefork.isWorker());
        Runnable stop = () -> {
            if (redirect != null) {
                redirect.shutdown(grace);
            }
            server.shutdown(grace);
            jfr.stop();
        };
        CountDownLatch drained = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            drained.countDown();
        }, "throng-drain"));
        if (!Prefork.isWorker()) {
            tlsOptions.reloadOnHangup(tls, out);
        }
        out.println("throng: listening on " + (tls != null ? "https" : "http") + "://" + host + ":" + server.port() + "/ (pid "
                + ProcessHandle.current().pid() + ", " + net.engine().name().toLowerCase(java.util.Locale.ROOT) + " engine)");
        if (redirect != null) {
            out.println("throng: redirecting http://" + host + ":" + redirect.port() + "/ to https");
        }
        out.flush();
        if (Prefork.isWorker()) {
            Prefork.exitWithMaster(stop);
            Prefork.announceReady();
        }
        drained.await();
        return ExitCodes.OK;
    }
}
