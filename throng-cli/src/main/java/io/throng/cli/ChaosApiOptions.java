package io.throng.cli;

import io.throng.chaos.ChaosException;
import io.throng.chaos.api.ChaosClient;
import io.throng.chaos.api.ChaosServer;
import java.io.IOException;
import java.net.ConnectException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where the client subcommands find the API: {@code --host}, {@code --port} (toxiproxy's 127.0.0.1:8474). */
final class ChaosApiOptions {
    @Option(names = "--host", defaultValue = ChaosServer.DEFAULT_HOST, description = "Address of the chaos API (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "" + ChaosServer.DEFAULT_PORT, description = "Port of the chaos API (default: ${DEFAULT-VALUE}).")
    int port;

    /** The command this mixin is part of: where its one-line reports go. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Prints a command's one-line result (the way toxiproxy-cli does) and ends it successfully. */
    int report(String line) {
        command.commandLine().getOut().println(line);
        command.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /** One call to the API: refusals keep the API's message, an unreachable API is the environment's fault. */
    <T> T call(Call<T> call) throws IOException {
        try (ChaosClient client = new ChaosClient(host, port)) {
            return call.on(client);
        } catch (ConnectException e) {
            throw new EnvironmentException("cannot reach the chaos API at " + host + ":" + port + ": " + e.getMessage());
        } catch (ChaosException e) {
            throw new ChaosException(e.status(), e.getMessage() + " (" + e.status() + ")");
        }
    }

    interface Call<T> {
        T on(ChaosClient client) throws IOException;
    }
}
