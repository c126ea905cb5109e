package io.throng.load;

import io.throng.net.tls.TlsClient;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Whom a load's TLS connections trust (https://, wss://): the JDK's trust store, the certificates of one PEM file,
 * or anyone. A record of plain values so that it travels to worker processes as it is; each process builds its
 * own {@link TlsClient} from it.
 *
 * @param caFile absolute path of a PEM file whose certificates (a CA, or a self-signed server's own) are the only
 *     ones trusted; null for the JDK's trust store
 * @param insecure accept any certificate for any host, unchecked (a self-signed server under test)
 */
public record TlsTrust(String caFile, boolean insecure) {
    /** Trust what the JDK's trust store trusts, and check the host name. */
    public static final TlsTrust JDK = new TlsTrust(null, false);

    public TlsTrust {
        if (caFile != null && insecure) {
            throw new IllegalArgumentException("--cacert and --insecure exclude each other");
        }
    }

    /** From the command line's {@code --cacert FILE} (or null) and {@code -k}. */
    public static TlsTrust of(Path caFile, boolean insecure) {
        return new TlsTrust(caFile == null ? null : caFile.toAbsolutePath().toString(), insecure);
    }

    /** The client setup for this trust; reads the CA file (an unreadable one is an error here, before any load). */
    public TlsClient client() throws IOException {
        return caFile != null ? TlsClient.trusting(Path.of(caFile)) : insecure ? TlsClient.insecure() : TlsClient.jdkTrust();
    }

    /** For the report's target line: empty for the JDK's store. */
    public String describe() {
        return caFile != null ? " (trusting " + caFile + ")" : insecure ? " (any certificate accepted)" : "";
    }
}
