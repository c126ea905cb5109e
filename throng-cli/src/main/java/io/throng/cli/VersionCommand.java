package io.throng.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code throng version}: the version of Throng, the JDK running it and the OS, one per line. */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Print the Throng version, the JDK and the OS.")
final class VersionCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        for (String line : lines()) {
            spec.commandLine().getOut().println(line);
        }
    }

    static String[] lines() {
        return new String[] {
            "throng " + throngVersion(),
            "jdk    " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor")
                    + ", " + System.getProperty("java.home") + ")",
            "os     " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                    + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cpus",
        };
    }

    static String throngVersion() {
        try (InputStream in = VersionCommand.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lets {@code throng --version} print the same as {@code throng version}. */
    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return lines();
        }
    }
}
