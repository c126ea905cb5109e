package io.throng.net.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads PEM files as ACME clients and openssl write them. Bouncy Castle parses the blocks (PKCS#8
 * {@code PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY}, PKCS#1 {@code RSA PRIVATE KEY}, {@code CERTIFICATE});
 * the JDK's own providers make the keys and certificates, so Bouncy Castle is never a JCA provider.
 */
final class PemFiles {

    private PemFiles() {}

    /** Every certificate in the file, in file order (leaf first in a {@code fullchain.pem}). */
    static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(open(file))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (CertificateException e) {
            throw new IOException(file + ": a CERTIFICATE block does not parse: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IOException(file + ": no CERTIFICATE block (is this the key file? the chain is fullchain.pem)");
        }
        return chain;
    }

    /** The first private key in the file; other blocks (EC PARAMETERS, certificates) are skipped. */
    static PrivateKey privateKey(Path file) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(open(file))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                switch (block) {
                    case PrivateKeyInfo info -> {
                        return converter.getPrivateKey(info);
                    }
                    case PEMKeyPair pair -> {
                        return converter.getPrivateKey(pair.getPrivateKeyInfo()); // SEC1 may omit the public half
                    }
                    case PEMEncryptedKeyPair _, PKCS8EncryptedPrivateKeyInfo _ -> throw new IOException(file
                            + ": the private key is encrypted; give an unencrypted key (as certbot writes) or a PKCS#12 file with its password");
                    default -> { } // EC PARAMETERS or a certificate beside the key
                }
            }
        }
        throw new IOException(file + ": no PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY block (is this the certificate? the key is privkey.pem)");
    }

    private static Reader open(Path file) throws IOException {
        try {
            return Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
    }
}
