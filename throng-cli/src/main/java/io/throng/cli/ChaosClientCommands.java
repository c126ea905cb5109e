package io.throng.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code throng chaos list|create|delete|toggle}: the proxies, through the API (toxiproxy-cli's verbs). */
final class ChaosClientCommands {
    private ChaosClientCommands() {}

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the proxies and their toxics.")
    static final class ListProxies implements Callable<Integer> {
        @CommandLine.Mixin
        ChaosApiOptions api;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            JsonNode proxies = api.call(c -> c.proxies());
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-20s %-8s %-22s %-22s %-8s %s%n", "NAME", "PROTOCOL", "LISTEN", "UPSTREAM", "ENABLED", "TOXICS");
            for (JsonNode p : proxies) {
                StringBuilder toxics = new StringBuilder();
                for (JsonNode t : p.get("toxics")) {
                    toxics.append(toxics.isEmpty() ? "" : ", ").append(t.get("name").asText())
                            .append(' ').append(t.get("stream").asText()).append(' ').append(t.get("attributes"));
                    if (t.hasNonNull("client")) {
                        toxics.append(" client ").append(t.get("client").asText());
                    }
                }
                // A TCP proxy's JSON has no protocol field (toxiproxy's, byte for byte).
                String protocol = p.hasNonNull("protocol") ? p.get("protocol").asText() : "tcp";
                out.printf("%-20s %-8s %-22s %-22s %-8s %s%n", p.get("name").asText(), protocol, p.get("listen").asText(),
                        p.get("upstream").asText(), p.get("enabled").asBoolean(), toxics.isEmpty() ? "-" : toxics);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a proxy.")
    static final class Create implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = {"-l", "--listen"}, required = true, paramLabel = "ADDR", description = "host:port to listen on (port 0: any free one).")
        String listen;

        @Option(names = {"-u", "--upstream"}, required = true, paramLabel = "ADDR", description = "host:port to forward to.")
        String upstream;

        @Option(names = "--protocol", paramLabel = "tcp|udp|http", description = "What the proxy carries (Throng's; default tcp).")
        String protocol;

        @CommandLine.Mixin
        ChaosApiOptions api;

        @Override
        public Integer call() throws Exception {
            JsonNode p = api.call(c -> c.createProxy(name, listen, upstream, true, protocol));
            return api.report("Created new proxy " + name + " listening on " + p.get("listen").asText()
                    + " to " + upstream);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a proxy (its connections close).")
    static final class Delete implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @CommandLine.Mixin
        ChaosApiOptions api;

        @Override
        public Integer call() throws Exception {
            api.call(c -> {
                c.deleteProxy(name);
                return null;
            });
            return api.report("Deleted proxy " + name);
        }
    }

    @Command(name = "toggle", mixinStandardHelpOptions = true,
            description = "Disable an enabled proxy (closing its connections) or enable a disabled one.")
    static final class Toggle implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @CommandLine.Mixin
        ChaosApiOptions api;

        @Override
        public Integer call() throws Exception {
            JsonNode p = api.call(c -> c.enable(name, !c.proxy(name).get("enabled").asBoolean()));
            return api.report("Proxy " + name + " is now " + (p.get("enabled").asBoolean() ? "enabled" : "disabled"));
        }
    }
}
