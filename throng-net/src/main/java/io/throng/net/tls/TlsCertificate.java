package io.throng.net.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A server certificate: its chain (leaf first, then the intermediates, as in certbot's {@code fullchain.pem})
 * and the leaf's private key.
 *
 * <p>Construction checks what would otherwise fail later and obscurely in a client: the key must match the
 * leaf (else every handshake fails), and the leaf must not have expired (every client refuses it; starting
 * anyway would only hide the problem until the first complaint). What a server can still live with is
 * reported by {@link #warnings}.
 */
public record TlsCertificate(List<X509Certificate> chain, PrivateKey key) {

    /** How close to expiry a certificate earns a warning: certbot renews 30 days ahead, so 14 means renewal failed. */
    static final Duration EXPIRY_WARNING = Duration.ofDays(14);

    public TlsCertificate {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least the server's certificate");
        }
        X509Certificate leaf = chain.getFirst();
        if (!keyMatches(key, leaf)) {
            throw new IllegalArgumentException("the private key does not belong to the certificate "
                    + leaf.getSubjectX500Principal().getName() + " (were the files of two certificates mixed up?)");
        }
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (Instant.now().isAfter(notAfter)) {
            throw new IllegalArgumentException("the certificate " + leaf.getSubjectX500Principal().getName()
                    + " expired on " + notAfter + ": every client refuses it; renew it (certbot renew)");
        }
    }

    /**
     * Reads a PEM chain and key as an ACME client writes them: {@code fullchain.pem} (leaf, then intermediates)
     * and {@code privkey.pem} ({@code PRIVATE KEY}, or {@code EC PRIVATE KEY} / {@code RSA PRIVATE KEY}).
     */
    public static TlsCertificate fromPem(Path chainFile, Path keyFile) throws IOException {
        List<X509Certificate> chain = PemFiles.certificates(chainFile);
        PrivateKey key = PemFiles.privateKey(keyFile);
        try {
            return new TlsCertificate(chain, key);
        } catch (IllegalArgumentException e) {
            throw new IOException(chainFile + " and " + keyFile + ": " + e.getMessage(), e);
        }
    }

    /** Reads the first key entry of a PKCS#12 file (.p12, .pfx) with its chain. */
    public static TlsCertificate fromPkcs12(Path file, char[] password) throws IOException {
        return Pkcs12File.read(file, password);
    }

    /**
     * A fresh self-signed certificate for trying TLS locally, for {@code localhost}, {@code 127.0.0.1},
     * {@code ::1} and {@code extraNames} (host names or IP literals). Clients trust it only when told to:
     * compare its {@link #fingerprint()}, or hand it to them with {@link #chainPem()}.
     */
    public static TlsCertificate selfSigned(String... extraNames) {
        return SelfSigned.generate(List.of(extraNames));
    }

    public X509Certificate leaf() {
        return chain.getFirst();
    }

    /** The SHA-256 fingerprint of the leaf, as {@code AB:CD:...}, the form browsers and openssl print. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(leaf().getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    /** The host names and IP addresses the leaf is for: its subject alternative names, else its common name. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        try {
            var alternatives = leaf().getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> entry : alternatives) {
                    int type = (Integer) entry.get(0);
                    if (type == 2 || type == 7) { // dNSName, iPAddress
                        names.add(((String) entry.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalStateException("unreadable subject alternative names", e);
        }
        if (names.isEmpty()) {
            for (String part : leaf().getSubjectX500Principal().getName().split(",")) {
                if (part.startsWith("CN=")) {
                    names.add(part.substring(3).toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }

    /** True if a client asking for {@code host} (an SNI name) would accept this certificate's names. */
    public boolean matches(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String name : names()) {
            if (name.equals(h)) {
                return true;
            }
            if (name.startsWith("*.")) { // a wildcard covers exactly one label
                int dot = h.indexOf('.');
                if (dot > 0 && h.substring(dot).equals(name.substring(1))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * What a server may start with but should say: a leaf not yet valid (a clock behind, or a certificate
     * issued moments ago), one that expires within 14 days (renewal is failing), a chain out of order.
     */
    public List<String> warnings(Instant now) {
        List<String> warnings = new ArrayList<>();
        X509Certificate leaf = leaf();
        String subject = leaf.getSubjectX500Principal().getName();
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            warnings.add(subject + " is valid only from " + leaf.getNotBefore().toInstant()
                    + ": is this machine's clock right?");
        }
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (now.plus(EXPIRY_WARNING).isAfter(notAfter)) {
            warnings.add(subject + " expires on " + notAfter + ": is renewal (certbot renew) working?");
        }
        for (int i = 0; i + 1 < chain.size(); i++) {
            if (!chain.get(i).getIssuerX500Principal().equals(chain.get(i + 1).getSubjectX500Principal())) {
                warnings.add("certificate " + (i + 2) + " of the chain did not issue certificate " + (i + 1)
                        + ": clients expect the leaf first, then its issuers in order (fullchain.pem, not chain.pem)");
                break;
            }
        }
        return warnings;
    }

    /** The chain as PEM, for a client to trust (curl --cacert) a self-signed certificate. */
    public String chainPem() {
        StringBuilder pem = new StringBuilder();
        Base64.Encoder base64 = Base64.getMimeEncoder(64, new byte[] {'\n'});
        for (X509Certificate c : chain) {
            try {
                pem.append("-----BEGIN CERTIFICATE-----\n")
                        .append(base64.encodeToString(c.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("a parsed certificate encodes", e);
            }
        }
        return pem.toString();
    }

    /** Signs with the key and verifies with the leaf: the one test that works for every key type. */
    private static boolean keyMatches(PrivateKey key, X509Certificate leaf) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA sign under their own names
        };
        byte[] probe = "throng key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            if (algorithm.equals("RSASSA-PSS")) {
                signer.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            }
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            signer.initVerify(leaf.getPublicKey());
            signer.update(probe);
            return signer.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a key of another type than the certificate's
        }
    }
}
