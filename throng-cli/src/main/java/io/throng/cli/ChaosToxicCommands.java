package io.throng.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code throng chaos toxic add|update|remove}: a proxy's toxics, through the API (toxiproxy-cli's flags). */
@Command(name = "toxic", mixinStandardHelpOptions = true, description = "Add, update or remove a proxy's toxics.",
        subcommands = {ChaosToxicCommands.Add.class, ChaosToxicCommands.Update.class, ChaosToxicCommands.Remove.class})
final class ChaosToxicCommands implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** -u or -d; downstream when neither, as toxiproxy. */
    static final class Stream {
        @Option(names = {"-u", "--upstream"}, description = "Toxic on the client-to-server stream.")
        boolean upstream;

        @Option(names = {"-d", "--downstream"}, description = "Toxic on the server-to-client stream (the default).")
        boolean downstream;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a toxic to a proxy.")
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PROXY")
        String proxy;

        @Option(names = {"-t", "--type"}, required = true,
                description = "latency, bandwidth, slow_close, timeout, reset_peer, slicer, limit_data or partition; "
                        + "on a UDP proxy latency, packet_loss, reorder, duplicate, corrupt or partition.")
        String type;

        @Option(names = {"-a", "--attribute"}, paramLabel = "KEY=VALUE", description = "An attribute, e.g. -a latency=100, -a rate=2.5 or -a path=/api (repeatable).")
        Map<String, String> attributes = new LinkedHashMap<>();

        @ArgGroup(exclusive = true)
        Stream stream;

        @Option(names = "--toxicity", defaultValue = "1", description = "Probability that a connection is affected (default: ${DEFAULT-VALUE}).")
        float toxicity;

        @Option(names = {"-n", "--toxicName"}, paramLabel = "NAME", description = "The toxic's name (default: TYPE_STREAM).")
        String name;

        @Option(names = "--client", paramLabel = "IP", description = "Affect only connections from this client address (Throng's, not toxiproxy's).")
        String client;

        @CommandLine.Mixin
        ChaosApiOptions api;

        @Override
        public Integer call() throws Exception {
            String direction = stream != null && stream.upstream ? "upstream" : "downstream";
            JsonNode t = api.call(c -> c.addToxic(proxy, name, type, direction, toxicity, attributes, client));
            return api.report("Added " + direction + " " + type + " toxic '" + t.get("name").asText()
                    + "' on proxy '" + proxy + "'");
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change a toxic's attributes or toxicity.")
    static final class Update implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PROXY")
        String proxy;

        @Option(names = {"-n", "--toxicName"}, required = true, paramLabel = "NAME")
        String name;

        @Option(names = {"-a", "--attribute"}, paramLabel = "KEY=VALUE", description = "An attribute to change (repeatable).")
        Map<String, String> attributes = new LinkedHashMap<>();

        @Option(names = "--toxicity", description = "New probability that a connection is affected.")
        Float toxicity;

        @CommandLine.Mixin
        ChaosApiOptions api;

        @Override
        public Integer call() throws Exception {
            JsonNode t = api.call(c -> c.updateToxic(proxy, name, toxicity, attributes));
            return api.report("Updated toxic '" + name + "' on proxy '" + proxy + "': "
                    + t.get("attributes") + " toxicity " + t.get("toxicity"));
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a toxic.")
    static final class Remove implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PROXY")
        String proxy;

        @Option(names = {"-n", "--toxicName"}, required = true, paramLabel = "NAME")
        String name;

        @CommandLine.Mixin
        ChaosApiOptions api;

        @Override
        public Integer call() throws Exception {
            api.call(c -> {
                c.removeToxic(proxy, name);
                return null;
            });
            return api.report("Removed toxic '" + name + "' on proxy '" + proxy + "'");
        }
    }
}
