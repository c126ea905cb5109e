package io.throng.cli;

import io.throng.chaos.ChaosException;
import io.throng.chaos.api.ChaosServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code throng chaos serve}: the proxy and its API until SIGTERM/SIGINT; ChaosServer owns the close order. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the chaos proxy and its toxiproxy-compatible API.")
final class ChaosServeCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = ChaosServer.DEFAULT_HOST, description = "Address of the API (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "" + ChaosServer.DEFAULT_PORT, description = "Port of the API (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--config", description = "JSON file of proxies to populate at start (what POST /populate takes).")
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (config != null && !Files.isReadable(config)) {
            throw new EnvironmentException("cannot read the configuration file: " + config);
        }
        ChaosServer server;
        try {
            server = ChaosServer.start(host, port, config);
        } catch (BindException e) {
            throw new EnvironmentException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        } catch (ChaosException e) {
            throw new EnvironmentException("cannot populate " + config + ": " + e.getMessage());
        } catch (IOException e) {
            throw new EnvironmentException("cannot start: " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "throng-chaos-close"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("throng: chaos API listening on http://" + host + ":" + server.port() + "/ with "
                + server.list().size() + " proxies (pid " + ProcessHandle.current().pid() + ")");
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }
}
