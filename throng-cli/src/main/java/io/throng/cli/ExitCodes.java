package io.throng.cli;

/** Exit codes shared by every subcommand, so scripts can tell failures apart. */
public final class ExitCodes {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** The command ran and failed: a runtime error, a failed check, a threshold missed. */
    public static final int FAILURE = 1;
    /** The command line itself was wrong: unknown option, bad value, missing argument. */
    public static final int USAGE = 2;
    /** The environment is unfit: port in use, directory missing, JDK too old. */
    public static final int ENVIRONMENT = 3;

    /** Maps an exception that escaped a subcommand to an exit code. */
    static int forException(Throwable t) {
        return t instanceof EnvironmentException ? ENVIRONMENT : FAILURE;
    }

    /** A one-line description of an error for stderr: its message, or its type when it has none. */
    static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    private ExitCodes() {}
}
