package io.throng.cli;

import io.throng.load.TlsTrust;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Whom the TLS connections of a {@code throng load} run trust (https:// for http, wss:// for ws and chat): one
 * picocli mixin, so the three load commands spell it the same way. The choice travels to {@code --procs} workers
 * inside each kind's share ({@link TlsTrust}).
 */
final class TrustOptions {
    @Option(names = "--cacert", paramLabel = "FILE",
            description = "https:// and wss://: trust the certificates in this PEM file (a CA, or a self-signed server's"
                    + " own) instead of the JDK's trust store.")
    Path caFile;

    @Option(names = {"-k", "--insecure"},
            description = "https:// and wss://: accept any certificate for any host, unchecked. For load-testing a server"
                    + " with a self-signed certificate only: it gives up all of TLS's protection against a man in the"
                    + " middle.")
    boolean insecure;

    /**
     * The trust asked for; the CA file is read here, so that a missing or malformed one is a usage error before any
     * connection (or worker) starts.
     *
     * @throws IllegalArgumentException both options, or a CA file that is not a readable PEM certificate file
     */
    TlsTrust trust() {
        TlsTrust trust = TlsTrust.of(caFile, insecure);
        if (caFile != null) {
            try {
                trust.client();
            } catch (IOException e) {
                throw new IllegalArgumentException("--cacert " + caFile + ": " + e.getMessage(), e);
            }
        }
        return trust;
    }
}
