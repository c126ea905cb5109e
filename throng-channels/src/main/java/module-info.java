/**
 * CSP channels with Go's {@code select}, timers and structured helpers for virtual threads. Depends on
 * the JDK only.
 */
module io.throng.channels {
    // Channel, Select, Timers, Go, WaitGroup, Scope: the whole module is its API.
    exports io.throng.channels;
}
