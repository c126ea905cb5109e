package io.throng.net.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsCertificateTest {
    static TestPki pki;

    @TempDir
    Path dir;

    @BeforeAll
    static void makePki() throws Exception {
        pki = new TestPki();
    }

    @Test
    void readsCertbotsFullchainAndPkcs8PrivkeyAsCertbotLaysThemOut() throws Exception {
        TestPki.Issued leaf = pki.leaf(TestPki.ec(), "example.test", "www.example.test");
        Path live = pki.certbotLayout(dir, "example.test", leaf);
        assertTrue(Files.readString(live.resolve("privkey.pem")).startsWith("-----BEGIN PRIVATE KEY-----"));

        TlsCertificate c = TlsCertificate.fromPem(live.resolve("fullchain.pem"), live.resolve("privkey.pem"));

        assertEquals(List.of(leaf.certificate(), pki.intermediate.certificate()), c.chain());
        assertEquals(List.of("example.test", "www.example.test"), c.names());
        assertTrue(c.matches("WWW.example.test"));
        assertEquals(List.of(), c.warnings(Instant.now()));
    }

    /** Keys as openssl writes them in its traditional forms (SEC1 with its curve, PKCS#1), with a certificate to match. */
    @Test
    void readsTraditionalEcAndRsaKeysAsOpensslWritesThem() throws Exception {
        Path ec = dir.resolve("ec.pem");
        run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", ec.toString());
        Path rsa = dir.resolve("rsa.pem");
        run("openssl", "genrsa", "-traditional", "-out", rsa.toString(), "2048");
        for (var key : List.of(ec, rsa)) {
            String header = key == ec ? "EC PRIVATE KEY" : "RSA PRIVATE KEY";
            assertTrue(Files.readString(key).startsWith("-----BEGIN " + header + "-----"), header);
            Path cert = dir.resolve("cert.pem");
            run("openssl", "req", "-new", "-x509", "-key", key.toString(), "-subj", "/CN=legacy.test", "-days", "30",
                    "-out", cert.toString());

            TlsCertificate c = TlsCertificate.fromPem(cert, key);
            assertEquals(key == ec ? "EC" : "RSA", c.key().getAlgorithm());
            assertEquals(List.of("legacy.test"), c.names());
        }
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.trim();
    }

    @Test
    void readsPkcs12WithItsPasswordAndSaysWhenThePasswordIsWrong() throws Exception {
        TestPki.Issued leaf = pki.leaf(TestPki.ec(), "p12.test");
        Path file = pki.pkcs12(dir.resolve("server.p12"), leaf, "secret".toCharArray());

        TlsCertificate c = TlsCertificate.fromPkcs12(file, "secret".toCharArray());
        assertEquals(leaf.certificate(), c.leaf());
        assertEquals(2, c.chain().size());

        IOException wrong = assertThrows(IOException.class, () -> TlsCertificate.fromPkcs12(file, "nope".toCharArray()));
        assertTrue(wrong.getMessage().contains("wrong password"), wrong.getMessage());
    }

    @Test
    void namesAMissingFileAndAFileOfTheWrongKind() throws Exception {
        TestPki.Issued leaf = pki.leaf(TestPki.ec(), "example.test");
        Path live = pki.certbotLayout(dir, "example.test", leaf);

        NoSuchFileException missing = assertThrows(NoSuchFileException.class,
                () -> TlsCertificate.fromPem(dir.resolve("nope.pem"), live.resolve("privkey.pem")));
        assertTrue(missing.getMessage().contains("nope.pem"), missing.getMessage());

        IOException swapped = assertThrows(IOException.class,
                () -> TlsCertificate.fromPem(live.resolve("privkey.pem"), live.resolve("fullchain.pem")));
        assertTrue(swapped.getMessage().contains("no CERTIFICATE block"), swapped.getMessage());
    }

    @Test
    void refusesAKeyThatIsNotTheCertificates() throws Exception {
        TestPki.Issued leaf = pki.leaf(TestPki.ec(), "example.test");
        Path chain = Files.writeString(dir.resolve("fullchain.pem"), TestPki.pem(leaf.certificate()));
        Path otherKey = Files.writeString(dir.resolve("privkey.pem"),
                TestPki.pem(new JcaPKCS8Generator(TestPki.ec().getPrivate(), null)));

        IOException e = assertThrows(IOException.class, () -> TlsCertificate.fromPem(chain, otherKey));
        assertTrue(e.getMessage().contains("does not belong to the certificate"), e.getMessage());
    }

    /** Expired is an error: every client refuses the certificate, so serving it would only hide the problem. */
    @Test
    void refusesAnExpiredCertificateAndWarnsOfOneAboutToExpire() throws Exception {
        var keys = TestPki.ec();
        TestPki.Issued expired = pki.leaf(keys, Instant.now().minus(Duration.ofDays(100)),
                Instant.now().minus(Duration.ofDays(10)), "old.test");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pki.tlsCertificate(expired));
        assertTrue(e.getMessage().contains("expired on"), e.getMessage());

        TestPki.Issued soon = pki.leaf(keys, Instant.now().minus(Duration.ofDays(80)),
                Instant.now().plus(Duration.ofDays(3)), "soon.test");
        List<String> warnings = pki.tlsCertificate(soon).warnings(Instant.now());
        assertEquals(1, warnings.size());
        assertTrue(warnings.getFirst().contains("expires on"), warnings.getFirst());
    }

    @Test
    void warnsOfAChainOutOfOrder() throws Exception {
        TestPki.Issued leaf = pki.leaf(TestPki.ec(), "example.test");
        TlsCertificate c = new TlsCertificate(List.of(leaf.certificate(), pki.root.certificate()), leaf.keys().getPrivate());
        assertTrue(c.warnings(Instant.now()).getFirst().contains("fullchain.pem"));
    }

    @Test
    void selfSignedCoversLocalNamesAndItsFingerprintIsOpensslsSha256() throws Exception {
        TlsCertificate c = TlsCertificate.selfSigned("dev.example.test");
        assertEquals(List.of("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "dev.example.test"), c.names());

        Path pem = Files.writeString(dir.resolve("self.pem"), c.chainPem());
        assertEquals("sha256 Fingerprint=" + c.fingerprint(),
                run("openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", pem.toString()));
    }
}
