package io.throng.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority made with openssl at test time (no private key is ever committed): its
 * certificate ({@link #caPem}, what {@code --cacert} trusts) and leaf certificates it signs, each as a PEM
 * chain plus key, the layout nginx and {@code throng serve --cert/--key} read.
 */
public final class TestCa {
    /** A leaf: its chain (leaf then CA) and its key. */
    public record Leaf(Path chain, Path key) {}

    private final Path dir;
    private final Path caKey;
    public final Path caPem;

    public TestCa(Path dir) throws Exception {
        this.dir = dir;
        this.caKey = dir.resolve("ca.key");
        this.caPem = dir.resolve("ca.pem");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                caKey.toString(), "-out", caPem.toString(), "-days", "2", "-subj", "/CN=Throng Load Test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }

    /** A leaf signed by this CA for {@code sans}, e.g. {@code DNS:localhost,IP:127.0.0.1}. */
    public Leaf leaf(String name, String sans) throws Exception {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        Path ext = Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=" + sans + "\n");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(),
                "-out", csr.toString(), "-subj", "/CN=" + name);
        openssl("x509", "-req", "-in", csr.toString(), "-CA", caPem.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", ext.toString());
        Path chain = dir.resolve(name + ".chain.pem");
        Files.writeString(chain, Files.readString(cert) + Files.readString(caPem));
        return new Leaf(chain, key);
    }

    /** A self-signed certificate for {@code sans}, signed by no CA. */
    public Leaf selfSigned(String name, String sans) throws Exception {
        Path key = dir.resolve(name + ".key");
        Path cert = dir.resolve(name + ".pem");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=" + name, "-addext",
                "subjectAltName=" + sans);
        return new Leaf(cert, key);
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "openssl did not finish");
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + ": " + out);
    }
}
