package io.throng.http.client;

import java.nio.file.Path;

/** Which certificate authorities the client trusts for https. */
public sealed interface Trust {
    /** The JDK's trust store (its cacerts, or what {@code javax.net.ssl.trustStore} names). */
    record SystemStore() implements Trust {}

    /** Only the CA certificates in a PEM file: a private CA, or a test's own. */
    record CaCertificates(Path pemFile) implements Trust {}

    static Trust system() {
        return new SystemStore();
    }

    static Trust ca(Path pemFile) {
        return new CaCertificates(pemFile);
    }
}
