package io.throng.http.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority made with {@code openssl} in a test's temporary directory (keys
 * are never committed): a good certificate for localhost and 127.0.0.1, an expired one, one for
 * another host name, and one from a second CA the client does not trust. Each is a PEM chain file and
 * a key file.
 */
record TestPki(Path dir) {
    record Pair(Path cert, Path key) {}

    static TestPki create(Path dir) throws Exception {
        TestPki pki = new TestPki(dir);
        Files.writeString(dir.resolve("ca.cnf"), """
                [ca]
                default_ca = test
                [test]
                dir = .
                database = index.txt
                new_certs_dir = .
                serial = serial
                default_md = sha256
                policy = any
                copy_extensions = copy
                unique_subject = no
                [any]
                commonName = supplied
                """);
        pki.authority("ca");
        pki.authority("rogue-ca");
        pki.issue("ca", "good", "DNS:localhost,IP:127.0.0.1", "-days", "2");
        pki.issue("ca", "expired", "DNS:localhost,IP:127.0.0.1", "-startdate", "20200101000000Z", "-enddate",
                "20200201000000Z");
        pki.issue("ca", "wrong-host", "DNS:elsewhere.example", "-days", "2");
        pki.issue("rogue-ca", "untrusted", "DNS:localhost,IP:127.0.0.1", "-days", "2");
        return pki;
    }

    Path caCert() {
        return dir.resolve("ca.pem");
    }

    Pair pair(String name) {
        return new Pair(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
    }

    private void authority(String name) throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-out", name + ".pem", "-days", "2", "-subj", "/CN=Throng test " + name,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }

    private void issue(String ca, String name, String san, String... validity) throws Exception {
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name,
                "-addext", "subjectAltName=" + san, "-addext", "extendedKeyUsage=serverAuth");
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("serial"), String.format("%016x%n", System.nanoTime()));
        List<String> cmd = new ArrayList<>(List.of("ca", "-batch", "-notext", "-config", "ca.cnf",
                "-cert", ca + ".pem", "-keyfile", ca + ".key", "-in", name + ".csr", "-out", name + ".leaf"));
        cmd.addAll(List.of(validity));
        openssl(cmd.toArray(String[]::new));
        // The chain file a server presents: its certificate, then the CA's.
        Files.writeString(dir.resolve(name + ".pem"), Files.readString(dir.resolve(name + ".leaf"))
                + Files.readString(dir.resolve(ca + ".pem")));
    }

    private void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("openssl hung: " + cmd);
        }
        assertEquals(0, p.exitValue(), cmd + "\n" + out);
    }
}
