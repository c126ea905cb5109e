package io.throng.net.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes the self-signed certificate of the try-it-locally mode: an EC P-256 key, valid from an hour ago
 * (clocks differ) for 90 days, for {@code localhost}, {@code 127.0.0.1}, {@code ::1} and any given names.
 * It has no basic-constraints or key-usage extension, so OpenSSL-based clients accept it as its own trust
 * anchor ({@code curl --cacert}); it is marked for server authentication only.
 */
final class SelfSigned {
    static final Duration VALIDITY = Duration.ofDays(90);

    private SelfSigned() {}

    static TlsCertificate generate(List<String> extraNames) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        names.addAll(extraNames);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=" + names.iterator().next());
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(127, new SecureRandom()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(names));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new TlsCertificate(List.of(certificate), pair.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("the JDK's EC provider cannot make a certificate", e);
        }
    }

    private static GeneralNames alternativeNames(Set<String> names) {
        List<GeneralName> general = new ArrayList<>();
        for (String name : names) {
            general.add(isIpLiteral(name) ? new GeneralName(GeneralName.iPAddress, name)
                    : new GeneralName(GeneralName.dNSName, name));
        }
        return new GeneralNames(general.toArray(GeneralName[]::new));
    }

    private static boolean isIpLiteral(String name) {
        return name.contains(":") || name.matches("[0-9.]+");
    }
}
