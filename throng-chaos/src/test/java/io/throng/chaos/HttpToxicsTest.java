package io.throng.chaos;

import static io.throng.chaos.RawHttp.curl;
import static io.throng.chaos.RawHttp.get;
import static io.throng.chaos.RawHttp.readToEnd;
import static io.throng.chaos.RawHttp.readUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.http.HttpServer;
import io.throng.http.Router;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Throng's HTTP toxics on an HTTP proxy, with real peers: curl (keep-alive, its own timing) and raw
 * pipelining sockets as clients, throng-http's server as the upstream. The upstream records every path
 * it was asked for, so a request the proxy answered itself is seen not to have been forwarded.
 */
class HttpToxicsTest {
    private HttpServer upstream;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private Proxies proxies;
    private Proxy proxy;

    @BeforeEach
    void start() throws IOException {
        Router r = new Router()
                .get("/ok/{x}", (req, res) -> {
                    seen.add(req.path());
                    res.send("ok " + req.param("x"));
                })
                .get("/fail/{x}", (req, res) -> {
                    seen.add(req.path());
                    res.send("the upstream answered " + req.param("x"));
                })
                .get("/drop/{x}", (req, res) -> {
                    seen.add(req.path());
                    res.send("not dropped");
                })
                .get("/slow", (req, res) -> {
                    // A slow upstream (not a synchronisation): an answer that did not wait for it would overtake it.
                    Thread.sleep(300);
                    res.send("slow");
                })
                .get("/stream", (req, res) -> {
                    try (OutputStream out = res.stream()) { // chunked
                        for (int i = 0; i < 50; i++) {
                            out.write(("piece " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        }
                    }
                });
        upstream = HttpServer.start("127.0.0.1", 0, r);
        proxies = new Proxies();
        proxy = proxies.create(new Proxies.Spec("web", "127.0.0.1:0", "127.0.0.1:" + upstream.port(), true, Protocol.HTTP));
    }

    @AfterEach
    void stop() {
        proxies.close();
        upstream.close();
    }

    @Test
    void anInjectedStatusAnswersOnlyItsPathAndKeepAliveGoesOn() throws Exception {
        proxy.addToxic(new NamedToxic("fail", Direction.DOWNSTREAM, 1f, new Toxic.HttpStatus(503, "/fail")));
        List<String> out = curl("-s", "-w", "%{http_code} %{num_connects}\\n",
                "-o", "/dev/null", url("/ok/1"), "-o", "/dev/null", url("/fail/2"),
                "-o", "/dev/null", url("/ok/3"), "-o", "/dev/null", url("/fail/4"));
        // One connection (num_connects 1 then 0): the proxy's answers kept the connection alive.
        assertEquals(List.of("200 1", "503 0", "200 0", "503 0"), out);
        assertTrue(seen.containsAll(List.of("/ok/1", "/ok/3")), seen.toString());
        assertTrue(seen.stream().noneMatch(p -> p.startsWith("/fail")), "forwarded: " + seen);
    }

    /**
     * Five requests pipelined in one write: the answer the proxy makes for /fail waits for the slow
     * upstream's answer to the request before it; HEAD, Content-Length and chunked responses are framed.
     */
    @Test
    void pipelinedRequestsGetTheirAnswersInOrder() throws Exception {
        proxy.addToxic(new NamedToxic("fail", Direction.DOWNSTREAM, 1f, new Toxic.HttpStatus(502, "/fail")));
        String requests = get("/slow") + get("/fail/1") + "HEAD /ok/2 HTTP/1.1\r\nHost: x\r\n\r\n" + get("/stream") + get("/ok/3");
        try (SocketChannel c = Sockets.connect(proxy)) {
            Sockets.send(c, requests.getBytes(StandardCharsets.US_ASCII));
            String all = readUntil(c, "ok 3");
            Pattern order = Pattern.compile("(?s)HTTP/1\\.1 200 .*?\r\n\r\nslow"
                    + "HTTP/1\\.1 502 \r\n.*?\r\n\r\n"
                    + "HTTP/1\\.1 200 .*?\r\n\r\n"
                    + "HTTP/1\\.1 200 .*?piece 0\n.*piece 49\n.*?\r\n0\r\n\r\n"
                    + "HTTP/1\\.1 200 .*?\r\n\r\nok 3");
            assertTrue(order.matcher(all).matches(), all);
        }
        assertTrue(!seen.contains("/fail/1") && seen.contains("/ok/3"), seen.toString());
    }

    @Test
    void theFirstByteOfAHitResponseIsDelayed() throws Exception {
        proxy.addToxic(new NamedToxic("lag", Direction.DOWNSTREAM, 1f, new Toxic.HttpDelay(1500, "/ok/slowed")));
        List<String> out = curl("-s", "-w", "%{http_code} %{time_starttransfer}\\n",
                "-o", "/dev/null", url("/ok/slowed"), "-o", "/dev/null", url("/ok/fast"));
        String[] slowed = out.get(0).split(" ");
        String[] fast = out.get(1).split(" ");
        assertEquals("200", slowed[0]);
        assertEquals("200", fast[0]);
        // Never earlier than the delay; the request not hit is not held (generous: a loaded box is slow).
        assertTrue(Double.parseDouble(slowed[1]) >= 1.5, out.toString());
        assertTrue(Double.parseDouble(fast[1]) < 1.5, out.toString());
    }

    @Test
    void aDropResetsTheConnectionAtItsToxicity() throws Exception {
        proxy.addToxic(new NamedToxic("drop", Direction.DOWNSTREAM, 1f, new Toxic.HttpDrop("/drop")));
        Process p = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "--max-time", "20", url("/drop/1")).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertNotEquals(0, p.exitValue(), "curl got an answer for a dropped request");
        assertTrue(curl("-s", url("/ok/1")).contains("ok 1"), "a path not aimed at is forwarded");
        assertTrue(seen.stream().noneMatch(s -> s.startsWith("/drop")), seen.toString());

        proxy.updateToxic("drop", t -> new NamedToxic(t.name(), t.stream(), 0.5f, t.toxic()));
        int dropped = 0;
        int answered = 0;
        for (int i = 0; i < 40; i++) {
            Process q = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "--max-time", "20", url("/drop/" + i)).start();
            assertTrue(q.waitFor(30, TimeUnit.SECONDS));
            if (q.exitValue() == 0) {
                answered++;
            } else {
                dropped++;
            }
        }
        // Half of 40 each way expected; both none and all have odds of 2^-40.
        assertTrue(dropped > 0 && answered > 0, dropped + " dropped, " + answered + " answered");
    }

    @Test
    void malformedRequestsGetTheParsersStatusAndNeverReachTheUpstream() throws Exception {
        try (SocketChannel c = Sockets.connect(proxy)) {
            Sockets.send(c, (get("/ok/1") + "GET /ok/2 HTTP/1.1\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String all = readToEnd(c);
            assertTrue(all.matches("(?s)HTTP/1\\.1 200 .*ok 1HTTP/1\\.1 400 \r\ncontent-length: 0\r\nconnection: close\r\n\r\n"), all);
        }
        try (SocketChannel c = Sockets.connect(proxy)) {
            // A head larger than throng-http's limit: refused while it is still arriving.
            Sockets.send(c, ("GET /ok/big HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertTrue(readToEnd(c).startsWith("HTTP/1.1 431 \r\n"));
        }
        assertTrue(!seen.contains("/ok/2") && !seen.contains("/ok/big"), seen.toString());
    }

    @Test
    void aToxicForOneClientSparesTheOthers() throws Exception {
        proxy.addToxic(new NamedToxic("fail", Direction.DOWNSTREAM, 1f, new Toxic.HttpStatus(503, ""),
                ClientRange.parse("127.0.0.2")));
        assertEquals(List.of("503"), curl("-s", "-o", "/dev/null", "-w", "%{http_code}\\n", "--interface", "127.0.0.2", url("/ok/1")));
        assertEquals(List.of("200"), curl("-s", "-o", "/dev/null", "-w", "%{http_code}\\n", "--interface", "127.0.0.3", url("/ok/2")));
    }

    // --- helpers ---

    private String url(String path) {
        return "http://" + proxy.listen() + path;
    }
}
