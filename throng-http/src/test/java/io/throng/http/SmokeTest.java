package io.throng.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SmokeTest {
    static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        Router r = new Router()
                .get("/plaintext", (req, res) -> res.send("Hello, World!"))
                .get("/rooms/{id}", (req, res) -> res.send("room " + req.param("id")));
        server = HttpServer.start("127.0.0.1", 0, r);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void keepAliveAndPipelining() throws Exception {
        try (Raw raw = new Raw(server.port())) {
            raw.send("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\nGET /rooms/42 HTTP/1.1\r\nHost: x\r\n\r\n");
            String a = raw.readResponse();
            String b = raw.readResponse();
            assertTrue(a.startsWith("HTTP/1.1 200 OK\r\n"), a);
            assertTrue(a.endsWith("Hello, World!"), a);
            assertTrue(b.endsWith("room 42"), b);
            raw.send("GET /plaintext HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            String c = raw.readToClose();
            assertTrue(c.contains("Connection: close"), c);
        }
    }

    @Test
    void connectionsThatGoColdBetweenRequestsKeepWorking() throws Exception {
        // No idle threads: after every response the connection waits in the poller with no thread, and the
        // next request, here bigger than the stash that first read takes in, wakes it.
        Router r = new Router().get("/plaintext", (req, res) -> res.send(req.header("x-pad").length() + " pad"));
        try (HttpServer cold = HttpServer.start(io.throng.net.ServerOptions.of("127.0.0.1", 0)
                        .withIdleThreads(0), HttpOptions.defaults(), r);
             Raw raw = new Raw(cold.port())) {
            for (int i = 0; i < 5; i++) {
                String pad = "p".repeat(300 * i);
                raw.send("GET /plaintext HTTP/1.1\r\nHost: x\r\nx-pad: " + pad + "\r\n\r\n");
                String a = raw.readResponse();
                assertTrue(a.startsWith("HTTP/1.1 200 OK\r\n"), a);
                assertTrue(a.endsWith(pad.length() + " pad"), a);
            }
        }
    }

    @Test
    void eachRequestOfAConnectionSeesItsOwnHost() throws Exception {
        // The connection keeps its parser (and the last Host's String) between wake-ups: a Host of the same
        // length but other characters, pipelined or in a later wake-up, must still be read afresh.
        Router r = new Router().get("/host", (req, res) -> res.send("host " + req.host()));
        try (HttpServer cold = HttpServer.start(io.throng.net.ServerOptions.of("127.0.0.1", 0)
                        .withIdleThreads(0), HttpOptions.defaults(), r);
             Raw raw = new Raw(cold.port())) {
            for (String host : new String[] {"a.example", "a.example", "b.example", "a.examplf"}) {
                raw.send("GET /host HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
                String a = raw.readResponse();
                assertTrue(a.endsWith("host " + host), a);
            }
            raw.send("GET /host HTTP/1.1\r\nHost: c.example\r\n\r\nGET /host HTTP/1.1\r\nHost: d.example\r\n\r\n");
            String c = raw.readResponse();
            String d = raw.readResponse();
            assertTrue(c.endsWith("host c.example"), c);
            assertTrue(d.endsWith("host d.example"), d);
        }
    }
}
