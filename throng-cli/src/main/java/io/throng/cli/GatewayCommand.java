package io.throng.cli;

import io.throng.mongrel.front.Gateway;
import io.throng.mongrel.config.ConfigException;
import io.throng.mongrel.config.GatewayConfig;
import io.throng.mongrel.config.GatewayConfigParser;
import io.throng.net.tls.TlsContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code throng gateway}: the Mongrel2-compatible gateway; handlers connect over ZeroMQ (docs/gateway.md).
 * The TLS options give the certificate of the file's {@code tls} listeners that name none of their own;
 * SIGHUP reads its files again.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Serve HTTP and WebSocket for Mongrel2-protocol handlers (any language, over ZeroMQ).")
final class GatewayCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "Gateway configuration file (format: docs/gateway.md).")
    Path config;

    @Option(names = "--port", description = "Port to listen on, replacing the file's 'listen' port.")
    Integer port;

    @Option(names = "--host", description = "Address to bind, replacing the file's 'listen' address.")
    String host;

    @CommandLine.Mixin
    GraceOption grace;

    @CommandLine.Mixin
    TlsOptions tlsOptions;

    @CommandLine.Mixin
    JfrOption jfr;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        GatewayConfig parsed = withListenOverride(read());
        tlsOptions.check(1);
        PrintWriter out = spec.commandLine().getOut();
        TlsContext tls = tlsOptions.context(out);
        jfr.start();
        io.throng.http.metrics.Metrics.start();
        Gateway gateway;
        try {
            Path base = config.toAbsolutePath().getParent();
            gateway = Gateway.start(parsed, base, tls);
        } catch (BindException e) {
            throw new EnvironmentException("cannot listen: " + e.getMessage());
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw new EnvironmentException("cannot start the gateway: " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.shutdown(grace.duration());
            jfr.stop();
            stopped.countDown();
        }, "throng-gateway-drain"));
        tlsOptions.reloadOnHangup(tls, out, !gateway.hasListenerCertificates() ? null : () -> {
            gateway.reloadCertificates().forEach(line -> out.println("throng: " + line));
            out.flush();
        });
        List<GatewayConfig.Listen> listens = parsed.listens();
        StringBuilder urls = new StringBuilder();
        for (int i = 0; i < listens.size(); i++) {
            urls.append(i == 0 ? "" : " ").append(listens.get(i).options().containsKey("tls") ? "https://" : "http://")
                    .append(listens.get(i).host()).append(':').append(gateway.ports().get(i)).append('/');
        }
        String engines = parsed.handlers().keySet().stream().map(gateway::zeromqEngine).distinct()
                .collect(java.util.stream.Collectors.joining(", "));
        out.println("throng: gateway listening on " + urls + " with " + parsed.handlers().size()
                + " handler route(s) over " + engines + " (pid " + ProcessHandle.current().pid() + ")");
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }

    private GatewayConfig read() throws IOException {
        String text;
        try {
            text = Files.readString(config, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new EnvironmentException("no such configuration file: " + config);
        }
        try {
            return GatewayConfigParser.parse(text, config.toString());
        } catch (ConfigException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * --host and --port replace the first listen address (the others stay), or supply one the file lacks
     * (a tls one when the command has a certificate).
     */
    private GatewayConfig withListenOverride(GatewayConfig c) {
        if (c.listens().isEmpty() && port == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    config + ": no 'listen HOST:PORT' line; add one or pass --port");
        }
        if (host == null && port == null) {
            return c;
        }
        GatewayConfig.Listen first = c.listens().isEmpty()
                ? new GatewayConfig.Listen("127.0.0.1", 0, tlsOptions.enabled() ? Map.of("tls", "") : Map.of())
                : c.listens().getFirst();
        GatewayConfig.Listen listen = new GatewayConfig.Listen(host != null ? host : first.host(),
                port != null ? port : first.port(), first.options());
        List<GatewayConfig.Listen> listens = new java.util.ArrayList<>(c.listens());
        if (listens.isEmpty()) {
            listens.add(listen);
        } else {
            listens.set(0, listen);
        }
        return new GatewayConfig(listens, c.hosts(), c.defaultHost(), c.handlers(), c.zeromq());
    }
}
