package io.throng.cli;

/** Thrown by a subcommand when the machine, not the user's command line, is the problem. */
public final class EnvironmentException extends RuntimeException {
    public EnvironmentException(String message, Throwable cause) {
        super(message, cause);
    }

    public EnvironmentException(String message) {
        super(message);
    }
}
