package io.throng.net.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway PKI made at test time (no private key is ever committed): a root CA, an intermediate, and
 * leaves issued by the intermediate, written as certbot lays them out.
 */
final class TestPki {

    /** A certificate with its key pair. */
    record Issued(X509Certificate certificate, KeyPair keys) {}

    final Issued root;
    final Issued intermediate;

    TestPki() throws Exception {
        root = issue("CN=Throng Test Root", null, ec(), true, Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(30)));
        intermediate = issue("CN=Throng Test Intermediate", root, ec(), true, Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(30)));
    }

    /** A leaf for {@code names} (the first is also the common name), signed by the intermediate. */
    Issued leaf(KeyPair keys, String... names) throws Exception {
        return leaf(keys, Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(30)), names);
    }

    Issued leaf(KeyPair keys, Instant notBefore, Instant notAfter, String... names) throws Exception {
        JcaX509v3CertificateBuilder builder = builder("CN=" + names[0], intermediate, keys, notBefore, notAfter);
        GeneralName[] general = new GeneralName[names.length];
        for (int i = 0; i < names.length; i++) {
            general[i] = new GeneralName(GeneralName.dNSName, names[i]);
        }
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(general));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        return new Issued(sign(builder, intermediate.keys()), keys);
    }

    /**
     * Writes {@code leaf} as certbot does under {@code dir/live/NAME/}: cert.pem, chain.pem (the
     * intermediate), fullchain.pem (leaf, then intermediate) and privkey.pem (PKCS#8 "PRIVATE KEY").
     */
    Path certbotLayout(Path dir, String name, Issued leaf) throws IOException {
        Path live = Files.createDirectories(dir.resolve("live").resolve(name));
        Files.writeString(live.resolve("cert.pem"), pem(leaf.certificate()));
        Files.writeString(live.resolve("chain.pem"), pem(intermediate.certificate()));
        Files.writeString(live.resolve("fullchain.pem"), pem(leaf.certificate()) + pem(intermediate.certificate()));
        Files.writeString(live.resolve("privkey.pem"), pem(new JcaPKCS8Generator(leaf.keys().getPrivate(), null)));
        return live;
    }

    /** The root as PEM: what a client trusts (--cacert, -CAfile, cafile=). */
    Path writeRoot(Path dir) throws IOException {
        Path file = dir.resolve("root.pem");
        Files.writeString(file, pem(root.certificate()));
        return file;
    }

    /** The leaf and intermediate with the key in a PKCS#12 file under {@code password}. */
    Path pkcs12(Path file, Issued leaf, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", leaf.keys().getPrivate(), password,
                new X509Certificate[] {leaf.certificate(), intermediate.certificate()});
        try (var out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
        return file;
    }

    TlsCertificate tlsCertificate(Issued leaf) {
        return new TlsCertificate(java.util.List.of(leaf.certificate(), intermediate.certificate()), leaf.keys().getPrivate());
    }

    /** Any BC-writable object (a certificate, a key pair as "EC/RSA PRIVATE KEY", a PKCS#8 generator) as PEM. */
    static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    static KeyPair ec() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static Issued issue(String subject, Issued issuer, KeyPair keys, boolean ca, Instant notBefore,
            Instant notAfter) throws Exception {
        JcaX509v3CertificateBuilder builder = builder(subject, issuer, keys, notBefore, notAfter);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new Issued(sign(builder, issuer == null ? keys : issuer.keys()), keys);
    }

    private static JcaX509v3CertificateBuilder builder(String subject, Issued issuer, KeyPair keys, Instant notBefore,
            Instant notAfter) {
        X500Name issuerName = new X500Name(issuer == null ? subject
                : issuer.certificate().getSubjectX500Principal().getName());
        return new JcaX509v3CertificateBuilder(issuerName, new BigInteger(64, new SecureRandom()), Date.from(notBefore),
                Date.from(notAfter), new X500Name(subject), keys.getPublic());
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair signer) throws Exception {
        String algorithm = signer.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(signer.getPrivate())));
    }
}
