package io.throng.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.load.http.HttpLoad;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code load http https://} against Debian's nginx serving TLS 1.3/1.2 with a certificate from an openssl test CA:
 * every response the report counts is one nginx logged, whether requests go one at a time, pipelined (several
 * requests in one TLS record), or as 16 KB bodies that span several records.
 */
class NginxTlsTest {
    @TempDir
    static Path dir;
    static TestCa ca;
    static Nginx nginx;

    @BeforeAll
    static void start() throws Exception {
        Nginx.binary();
        ca = new TestCa(dir);
        nginx = new Nginx(dir, 2, List.of(), ca.leaf("nginx", "DNS:localhost,IP:127.0.0.1"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (nginx != null) {
            nginx.close();
        }
    }

    private static LoadReport run(String path, int connections, int pipeline, long requests) throws Exception {
        HttpWorkload w = HttpWorkload.of(nginx.httpsUrl("localhost", path), "GET", List.of(), new byte[0],
                TlsTrust.of(ca.caPem, false));
        LoadShape shape = new LoadShape(connections, 2, Duration.ofSeconds(30), requests, 0, pipeline,
                Duration.ofSeconds(5), 1);
        return new LoadRunner(new TargetPolicy(Set.of())).run(new HttpLoad(w, shape, null));
    }

    @Test
    void everyCountedResponseIsOneNginxLoggedOneAtATimePipelinedAndInManyRecords() throws Exception {
        long before = Nginx.logged(dir);
        LoadReport plain = run("/plaintext", 16, 1, 20_000);
        String summary = Summary.render(plain, List.of());
        System.out.println(summary);
        assertEquals(20_000, plain.completed(), summary);
        assertEquals(0, plain.errorCount(), summary);
        assertEquals(16, plain.connects().tls().handshakes(), summary);
        assertEquals(20_000, Nginx.logged(dir) - before, "nginx logged what the report counts");

        before = Nginx.logged(dir);
        LoadReport pipelined = run("/plaintext", 4, 16, 20_000);
        assertEquals(20_000, pipelined.completed(), () -> Summary.render(pipelined, List.of()));
        assertEquals(0, pipelined.errorCount());
        assertEquals(20_000, Nginx.logged(dir) - before);

        before = Nginx.logged(dir);
        LoadReport big = run("/gzip", 4, 2, 2_000); // no Accept-Encoding: 16 KB of text, two records or more each
        assertEquals(2_000, big.completed(), () -> Summary.render(big, List.of()));
        assertEquals(0, big.errorCount());
        assertTrue(big.bytes() / big.completed() > 16 * 1024, "bytes per response " + big.bytes() / big.completed());
        assertEquals(2_000, Nginx.logged(dir) - before);
    }
}
