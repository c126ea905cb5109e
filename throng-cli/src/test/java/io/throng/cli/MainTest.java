package io.throng.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void helpListsEverySubcommand() {
        assertEquals(ExitCodes.OK, run("--help"));
        for (String sub : new String[] {"chat", "version", "help"}) {
            assertTrue(out.toString().contains("  " + sub), "help lists " + sub + ":\n" + out);
        }
    }

    @Test
    void noArgumentsShowsUsage() {
        assertEquals(ExitCodes.OK, run());
        assertTrue(out.toString().startsWith("Usage: throng"), out.toString());
    }

    @Test
    void versionNamesThrongJdkAndOs() {
        assertEquals(ExitCodes.OK, run("version"));
        String[] lines = out.toString().split("\n");
        assertEquals(3, lines.length, out.toString());
        assertTrue(lines[0].matches("throng \\d+\\.\\d+\\.\\d+.*"), lines[0]);
        assertTrue(lines[1].startsWith("jdk    " + Runtime.version().feature()), lines[1]);
        assertTrue(lines[2].startsWith("os     " + System.getProperty("os.name")), lines[2]);
    }

    @Test
    void unknownSubcommandIsAUsageErrorOnStderr() {
        assertEquals(ExitCodes.USAGE, run("no-such-command"));
        assertTrue(err.toString().startsWith("throng: "), err.toString());
        assertTrue(err.toString().contains("--help"), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void unknownOptionOfASubcommandNamesTheSubcommand() {
        assertEquals(ExitCodes.USAGE, run("version", "--bogus"));
        assertTrue(err.toString().contains("throng version --help"), err.toString());
    }

    @Test
    void aMalformedJfrRateIsAUsageErrorBeforeAnythingStarts() {
        // Parsed before the command runs: nothing listens, nothing is recorded.
        assertEquals(ExitCodes.USAGE, run("serve", "--port", "0", "--jfr", "/nonexistent/x.jfr", "--jfr-rate", "fast"));
        assertTrue(err.toString().contains("--jfr-rate: expected N/s, N/m, N/h or off, got fast"), err.toString());
        assertEquals(ExitCodes.USAGE, run("chat", "--jfr-rate", "0/s"));
    }

    @Test
    void exceptionsAreOneLineWithoutStackTraceUnlessVerbose() {
        assertEquals(ExitCodes.ENVIRONMENT, ExitCodes.forException(new EnvironmentException("port 80 in use")));
        assertEquals(ExitCodes.FAILURE, ExitCodes.forException(new IllegalStateException("x")));
        assertEquals("NullPointerException", ExitCodes.describe(new NullPointerException()));
    }
}
