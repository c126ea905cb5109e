package io.throng.cli;

import io.throng.net.Signals;
import io.throng.net.tls.TlsCertificate;
import io.throng.net.tls.TlsConfig;
import io.throng.net.tls.TlsContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import picocli.CommandLine.Option;

/**
 * The TLS options every serving command shares (a picocli mixin): a certificate from PEM files as an
 * ACME client (certbot) writes them, from PKCS#12, or self-signed for trying locally. Without any of them
 * the command serves plain HTTP.
 */
final class TlsOptions {
    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "Serve HTTPS with this certificate chain (PEM, e.g. certbot's fullchain.pem); needs --tls-key.")
    Path cert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The certificate's private key (PEM, e.g. privkey.pem).")
    Path key;

    @Option(names = "--tls-pkcs12", paramLabel = "FILE", description = "Serve HTTPS with the key and chain of this PKCS#12 file.")
    Path pkcs12;

    @Option(names = "--tls-password-file", paramLabel = "FILE",
            description = "The PKCS#12 file's password: the first line of this file (none if not given).")
    Path passwordFile;

    @Option(names = "--tls-self-signed",
            description = "Serve HTTPS with a certificate made at start-up for localhost (its SHA-256 fingerprint is printed).")
    boolean selfSigned;

    boolean enabled() {
        return cert != null || key != null || pkcs12 != null || selfSigned;
    }

    /** Refuses combinations that cannot work, before anything starts; {@code workers} are the processes. */
    void check(int workers) {
        int sources = (cert != null || key != null ? 1 : 0) + (pkcs12 != null ? 1 : 0) + (selfSigned ? 1 : 0);
        if (sources > 1) {
            throw new EnvironmentException("give one of --tls-cert/--tls-key, --tls-pkcs12 and --tls-self-signed");
        }
        if ((cert == null) != (key == null)) {
            throw new EnvironmentException("--tls-cert and --tls-key go together");
        }
        if (passwordFile != null && pkcs12 == null) {
            throw new EnvironmentException("--tls-password-file is the password of --tls-pkcs12");
        }
        if (selfSigned && workers > 1) {
            throw new EnvironmentException("--tls-self-signed makes one certificate per process: with --workers,"
                    + " give a certificate with --tls-cert and --tls-key");
        }
    }

    /** The TLS setup to serve with, or null for plain HTTP; says what it loaded and any warnings on {@code out}. */
    TlsContext context(PrintWriter out) {
        if (!enabled()) {
            return null;
        }
        try {
            return TlsContext.of(config(out));
        } catch (GeneralSecurityException e) {
            throw new EnvironmentException("cannot use the TLS certificate: " + e.getMessage());
        }
    }

    /**
     * In a process that serves alone, SIGHUP reads the certificate files again and puts them in force for
     * new handshakes; open connections carry on. Nothing to do without TLS or for a self-signed certificate.
     * (A pre-fork master answers SIGHUP by replacing its workers, which read the files anew.)
     */
    void reloadOnHangup(TlsContext context, PrintWriter out) {
        reloadOnHangup(context, out, null);
    }

    /** As {@link #reloadOnHangup(TlsContext, PrintWriter)}, and runs {@code also} (if not null) at each SIGHUP too. */
    void reloadOnHangup(TlsContext context, PrintWriter out, Runnable also) {
        boolean own = context != null && (cert != null || pkcs12 != null);
        if (own || also != null) {
            Signals.on("HUP", () -> {
                if (own) {
                    reload(context, out);
                }
                if (also != null) {
                    also.run();
                }
            });
        }
    }

    private void reload(TlsContext context, PrintWriter out) {
        try {
            context.reload(config(out));
            out.println("throng: TLS certificate reloaded");
        } catch (RuntimeException | GeneralSecurityException e) {
            out.println("throng: TLS reload failed, the certificate in force stays: " + e.getMessage());
        }
        out.flush();
    }

    private TlsConfig config(PrintWriter out) {
        TlsCertificate certificate = certificate();
        if (selfSigned) {
            out.println("throng: self-signed certificate for " + String.join(", ", certificate.names())
                    + ", SHA-256 fingerprint " + certificate.fingerprint());
        }
        for (String warning : certificate.warnings(Instant.now())) {
            out.println("throng: TLS certificate warning: " + warning);
        }
        out.flush();
        return TlsConfig.of(certificate);
    }

    private TlsCertificate certificate() {
        try {
            if (selfSigned) {
                return TlsCertificate.selfSigned();
            }
            if (pkcs12 != null) {
                return TlsCertificate.fromPkcs12(pkcs12, password());
            }
            return TlsCertificate.fromPem(cert, key);
        } catch (IOException e) {
            throw new EnvironmentException("cannot read the TLS certificate: " + e.getMessage());
        }
    }

    private char[] password() throws IOException {
        if (passwordFile == null) {
            return new char[0];
        }
        String text = Files.readString(passwordFile, StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        String line = end >= 0 ? text.substring(0, end) : text;
        return (line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toCharArray();
    }
}
