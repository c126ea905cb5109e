package io.throng.net;

/**
 * POSIX signal handlers through {@code sun.misc.Signal} (module jdk.unsupported): the JDK has no
 * supported API for SIGHUP, and a master must keep running after SIGTERM until its workers drained.
 */
public final class Signals {
    /** Runs {@code action} on a JDK signal thread each time the process gets SIG{@code name} (TERM, INT, HUP). */
    public static void on(String name, Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(name), s -> action.run());
        } catch (IllegalArgumentException e) {
            System.err.println("throng: cannot handle SIG" + name + ": " + e.getMessage());
        }
    }

    private Signals() {}
}
