package io.throng.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every {@code throng load} command test does: run the CLI in this JVM, keep what it printed, read the JSON
 * report it wrote, and spell the options of a run that must be clean the same way.
 */
final class LoadCli {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs {@code throng load KIND args...}; returns the exit code. */
    int run(String kind, String... args) {
        List<String> all = new ArrayList<>(List.of("load", kind));
        all.addAll(List.of(args));
        return Main.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    /** What the command printed on stdout. */
    String out() {
        return out.toString();
    }

    /** What the command printed on stderr. */
    String err() {
        return err.toString();
    }

    /** Both streams, for a failed assertion's message. */
    String printed() {
        return out + "\n" + err;
    }

    /** The options of a run that must end without errors and write its JSON report to {@code json}. */
    static String[] cleanWithJson(Path json, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--max-errors", "0", "--json", json.toString()));
        return all.toArray(String[]::new);
    }

    /** The JSON report a run wrote. */
    static JsonNode report(Path json) throws IOException {
        return new ObjectMapper().readTree(json.toFile());
    }
}
