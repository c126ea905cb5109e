package io.throng.bench;

import io.throng.http.client.ClientOptions;
import io.throng.http.client.ClientRequest;
import io.throng.http.client.ClientResponse;
import io.throng.http.client.HttpClient;
import io.throng.http.client.Trust;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Throng's {@link HttpClient} against the JDK's {@link java.net.http.HttpClient}: N virtual threads, each sending
 * GET requests one after another through one shared client (so N keep-alive connections at most), for a
 * warm-up and then a measured time. Both trust only the given CA file, check the host name and speak HTTP/1.1;
 * both read each body whole. A response that is not 200 with the expected body is an error, not a request.
 *
 * <p>A plain main, not a JMH benchmark: the subject is a server round trip over loopback, which JMH's
 * per-invocation machinery would only add noise to. bench/tls runs each client in a JVM of its own, in a
 * rotating order. Prints one line: {@code requests/s errors}.
 * Usage: {@code HttpsClients throng|jdk URL CA.pem CONNECTIONS WARMUP_SECONDS SECONDS}.
 */
public final class HttpsClients {
    private HttpsClients() {}

    /** One client's blocking GET: the body, or null if the answer was not 200. */
    private interface Get {
        byte[] get() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: HttpsClients throng|jdk URL CA.pem CONNECTIONS WARMUP_SECONDS SECONDS");
            System.exit(2);
        }
        URI uri = URI.create(args[1]);
        Path ca = Path.of(args[2]);
        int connections = Integer.parseInt(args[3]);
        long warmup = Long.parseLong(args[4]) * 1_000_000_000L;
        long measured = Long.parseLong(args[5]) * 1_000_000_000L;
        AutoCloseable client;
        Get get;
        switch (args[0]) {
            case "throng" -> {
                HttpClient throng = HttpClient.create(ClientOptions.defaults()
                        .withMaxConnectionsPerOrigin(connections).withTrust(Trust.ca(ca)));
                ClientRequest request = ClientRequest.get(uri);
                client = throng;
                get = () -> {
                    try (ClientResponse r = throng.send(request)) {
                        byte[] body = r.bytes();
                        return r.status() == 200 ? body : null;
                    }
                };
            }
            case "jdk" -> {
                java.net.http.HttpClient jdk = java.net.http.HttpClient.newBuilder()
                        .version(java.net.http.HttpClient.Version.HTTP_1_1).sslContext(trusting(ca)).build();
                HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
                client = jdk;
                get = () -> {
                    HttpResponse<byte[]> r = jdk.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    return r.statusCode() == 200 ? r.body() : null;
                };
            }
            default -> throw new IllegalArgumentException("client must be throng or jdk: " + args[0]);
        }
        byte[] expected = get.get(); // also fails fast, before any timing, if the certificate is refused
        if (expected == null) {
            throw new IllegalStateException(uri + " did not answer 200");
        }
        LongAdder done = new LongAdder();
        LongAdder errors = new LongAdder();
        long start = System.nanoTime();
        long end = start + warmup + measured;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    try {
                        byte[] body = get.get();
                        if (body != null && java.util.Arrays.equals(body, expected)) {
                            done.increment();
                        } else {
                            errors.increment();
                        }
                    } catch (Exception e) {
                        errors.increment();
                    }
                }
            }));
        }
        Thread.sleep(warmup / 1_000_000);
        long from = done.sum();
        long fromErrors = errors.sum();
        long t0 = System.nanoTime();
        Thread.sleep(measured / 1_000_000);
        long to = done.sum();
        long t1 = System.nanoTime();
        long errorCount = errors.sum() - fromErrors;
        for (Thread t : threads) {
            t.join();
        }
        client.close();
        System.out.printf(Locale.ROOT, "%.0f %d%n", (to - from) * 1e9 / (t1 - t0), errorCount);
    }

    /** An SSLContext that trusts only the certificates of a PEM file. */
    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca" + i++, cert);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
