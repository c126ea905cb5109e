package io.throng.chaos.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API's exact answers, byte for byte where toxiproxy's are known, and its refusals. */
class ChaosApiTest {
    private static final String UPSTREAM = "127.0.0.1:9";
    private ChaosServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        server = ChaosServer.start("127.0.0.1", 0, null);
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    @Test
    void createShowsTheProxyWithTheChosenPort() throws Exception {
        HttpResponse<String> r = call("POST", "/proxies", "{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + UPSTREAM + "\"}");
        assertEquals(201, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(r.body().matches("\\{\"name\":\"a\",\"listen\":\"127\\.0\\.0\\.1:[1-9][0-9]*\",\"upstream\":\"127\\.0\\.0\\.1:9\","
                + "\"enabled\":true,\"toxics\":\\[]}"), r.body());
    }

    @Test
    void proxiesAreAnObjectKeyedByNameInNameOrder() throws Exception {
        create("b");
        create("a");
        String body = call("GET", "/proxies", null).body();
        assertTrue(body.startsWith("{\"a\":{\"name\":\"a\","), body);
        assertTrue(body.indexOf("\"b\":{") > body.indexOf("\"a\":{"), body);
    }

    @Test
    void toxicsHaveToxiproxysFieldsInItsOrder() throws Exception {
        create("a");
        HttpResponse<String> r = call("POST", "/proxies/a/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":100}}");
        assertEquals(200, r.statusCode());
        assertEquals("{\"attributes\":{\"latency\":100,\"jitter\":0},\"name\":\"latency_downstream\",\"type\":\"latency\","
                + "\"stream\":\"downstream\",\"toxicity\":1}", r.body());
        r = call("PATCH", "/proxies/a/toxics/latency_downstream", "{\"attributes\":{\"jitter\":10},\"toxicity\":0.5}");
        assertEquals("{\"attributes\":{\"latency\":100,\"jitter\":10},\"name\":\"latency_downstream\",\"type\":\"latency\","
                + "\"stream\":\"downstream\",\"toxicity\":0.5}", r.body());
        assertEquals("[" + r.body() + "]", call("GET", "/proxies/a/toxics", null).body());
        assertEquals(204, call("DELETE", "/proxies/a/toxics/latency_downstream", null).statusCode());
        assertEquals("[]", call("GET", "/proxies/a/toxics", null).body());
    }

    @Test
    void everyToxicTypeWithItsAttributes() throws Exception {
        create("a");
        String[][] cases = {
            {"latency", "{\"latency\":0,\"jitter\":0}"},
            {"bandwidth", "{\"rate\":0}"},
            {"slow_close", "{\"delay\":0}"},
            {"timeout", "{\"timeout\":0}"},
            {"reset_peer", "{\"timeout\":0}"},
            {"slicer", "{\"average_size\":1,\"size_variation\":0,\"delay\":0}"},
            {"limit_data", "{\"bytes\":0}"},
            {"partition", "{}"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = call("POST", "/proxies/a/toxics", "{\"type\":\"" + c[0] + "\",\"stream\":\"upstream\"}");
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().startsWith("{\"attributes\":" + c[1] + ",\"name\":\"" + c[0] + "_upstream\""), r.body());
        }
    }

    @Test
    void errorsAreToxiproxysWithErrorStatusAndTitle() throws Exception {
        create("a");
        HttpResponse<String> r = call("POST", "/proxies", "{\"name\":\"a\",\"upstream\":\"" + UPSTREAM + "\"}");
        assertEquals(409, r.statusCode());
        assertEquals("{\"error\":\"proxy already exists\",\"status\":409,\"title\":\"proxy already exists\"}\n", r.body());
        assertEquals("text/plain; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        assertError(call("GET", "/proxies/nope", null), 404, "proxy not found");
        assertError(call("GET", "/proxies/a/toxics/nope", null), 404, "toxic not found");
        assertError(call("DELETE", "/proxies/nope", null), 404, "proxy not found");
        call("POST", "/proxies/a/toxics", "{\"type\":\"latency\"}");
        assertError(call("POST", "/proxies/a/toxics", "{\"type\":\"latency\"}"), 409, "toxic already exists");
    }

    @Test
    void refusesMalformedJsonUnknownToxicsAndImpossibleAttributes() throws Exception {
        create("a");
        assertError(call("POST", "/proxies", "{\"name\":"), 400, "bad request body: ");
        assertError(call("POST", "/proxies", ""), 400, "bad request body: EOF");
        assertError(call("POST", "/proxies", "{\"name\":\"b\"}"), 400, "missing required field: upstream");
        assertError(call("POST", "/proxies/a/toxics", "{\"type\":\"lag\"}"), 400, "invalid toxic type");
        assertError(call("POST", "/proxies/a/toxics", "{\"type\":\"latency\",\"stream\":\"sideways\"}"), 400,
                "stream was invalid, can be either upstream or downstream");
        assertError(call("POST", "/proxies/a/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":-5}}"), 400,
                "bad request body: latency must not be negative");
        assertError(call("POST", "/proxies/a/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":\"5\"}}"), 400,
                "bad request body: latency must be an integer");
        assertError(call("POST", "/proxies/a/toxics", "{\"type\":\"slicer\",\"attributes\":{\"average_size\":0}}"), 400,
                "bad request body: average_size must be at least 1");
        assertError(call("POST", "/proxies/a/toxics", "{\"type\":\"latency\",\"toxicity\":1.5}"), 400,
                "bad request body: toxicity must be between 0 and 1");
        assertError(call("POST", "/populate", "{}"), 400, "bad request body: ");
        assertEquals("[]", call("GET", "/proxies/a/toxics", null).body());
    }

    @Test
    void updateDisablesAndChangesUpstream() throws Exception {
        create("a");
        HttpResponse<String> r = call("PATCH", "/proxies/a", "{\"enabled\":false,\"upstream\":\"127.0.0.1:10\"}");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"upstream\":\"127.0.0.1:10\",\"enabled\":false"), r.body());
        r = call("POST", "/proxies/a", "{\"enabled\":true}");
        assertTrue(r.body().contains("\"enabled\":true"), r.body());
    }

    @Test
    void populateCreatesAndKeepsIdenticalProxies() throws Exception {
        String list = "[{\"name\":\"p\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + UPSTREAM + "\"},"
                + "{\"name\":\"q\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + UPSTREAM + "\",\"enabled\":false}]";
        HttpResponse<String> r = call("POST", "/populate", list);
        assertEquals(201, r.statusCode());
        assertTrue(r.body().startsWith("{\"proxies\":[{\"name\":\"p\""), r.body());
        assertTrue(r.body().contains("\"name\":\"q\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + UPSTREAM + "\",\"enabled\":false"), r.body());
        r = call("POST", "/populate", "[{\"name\":\"r\"}]");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().startsWith("{\"error\":\"missing required field: upstream at proxy 1\",\"status\":400"), r.body());
    }

    @Test
    void resetEnablesEveryProxyAndRemovesEveryToxic() throws Exception {
        create("a");
        call("POST", "/proxies/a/toxics", "{\"type\":\"latency\"}");
        call("PATCH", "/proxies/a", "{\"enabled\":false}");
        assertEquals(204, call("POST", "/reset", null).statusCode());
        String body = call("GET", "/proxies/a", null).body();
        assertTrue(body.endsWith("\"enabled\":true,\"toxics\":[]}"), body);
    }

    @Test
    void versionMetricsAndBrowsers() throws Exception {
        HttpResponse<String> v = call("GET", "/version", null);
        assertEquals("{\"version\": \"" + ChaosApi.VERSION + "\"}\n", v.body());
        create("a");
        String metrics = call("GET", "/metrics", null).body();
        assertTrue(metrics.contains("toxiproxy_proxy_received_bytes_total{direction=\"upstream\",listener=\""), metrics);
        assertTrue(metrics.contains("throng_chaos_buffered_bytes{proxy=\"a\"} 0"), metrics);
        HttpRequest browser = HttpRequest.newBuilder(uri("/proxies")).header("User-Agent", "Mozilla/5.0").build();
        assertEquals(403, http.send(browser, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void aToxicMayNameOneClient() throws Exception {
        create("a");
        HttpResponse<String> r = call("POST", "/proxies/a/toxics", "{\"type\":\"timeout\",\"client\":\"127.0.0.2\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().endsWith("\"toxicity\":1,\"client\":\"127.0.0.2\"}"), r.body());
        assertError(call("POST", "/proxies/a/toxics", "{\"type\":\"latency\",\"client\":\"localhost\"}"), 400,
                "bad request body: client must be an IP address or a network (CIDR)");
    }

    @Test
    void aToxicMayNameANetworkWrittenAsGoWritesIt() throws Exception {
        create("a");
        HttpResponse<String> r = call("POST", "/proxies/a/toxics", "{\"type\":\"timeout\",\"client\":\"10.1.2.3/16\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().endsWith("\"toxicity\":1,\"client\":\"10.1.0.0/16\"}"), r.body());
        r = call("POST", "/proxies/a/toxics", "{\"name\":\"v6\",\"type\":\"timeout\",\"client\":\"fd00::1/8\"}");
        assertTrue(r.body().endsWith("\"client\":\"fd00:0:0:0:0:0:0:0/8\"}"), r.body());
        for (String bad : new String[] {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8", "::/129", "net/8"}) {
            assertError(call("POST", "/proxies/a/toxics", "{\"name\":\"x\",\"type\":\"latency\",\"client\":\"" + bad + "\"}"),
                    400, bad.endsWith("33") || bad.endsWith("129")
                            ? "bad request body: client prefix must be between 0 and " + (bad.startsWith("::") ? 128 : 32)
                            : "bad request body: client must be an IP address or a network (CIDR)");
        }
    }

    @Test
    void udpProxiesTakeTheDatagramToxicsAndOnlyThose() throws Exception {
        HttpResponse<String> r = call("POST", "/proxies",
                "{\"name\":\"u\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + UPSTREAM + "\",\"protocol\":\"udp\"}");
        assertEquals(201, r.statusCode(), r.body());
        assertTrue(r.body().matches("\\{\"name\":\"u\",\"listen\":\"127\\.0\\.0\\.1:[1-9][0-9]*\",\"upstream\":\"127\\.0\\.0\\.1:9\","
                + "\"enabled\":true,\"protocol\":\"udp\",\"toxics\":\\[]}"), r.body());
        r = call("POST", "/proxies/u/toxics", "{\"type\":\"packet_loss\",\"stream\":\"upstream\",\"attributes\":{\"rate\":2.5,\"burst\":4}}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("{\"attributes\":{\"rate\":2.5,\"burst\":4.0},\"name\":\"packet_loss_upstream\",\"type\":\"packet_loss\","
                + "\"stream\":\"upstream\",\"toxicity\":1}", r.body());
        for (String type : new String[] {"duplicate", "corrupt", "reorder", "latency", "partition"}) {
            assertEquals(200, call("POST", "/proxies/u/toxics", "{\"type\":\"" + type + "\"}").statusCode(), type);
        }
        assertError(call("POST", "/proxies/u/toxics", "{\"type\":\"slicer\"}"), 400,
                "toxic type slicer does not apply to a udp proxy");
        assertError(call("POST", "/proxies/u/toxics", "{\"type\":\"packet_loss\",\"name\":\"x\",\"attributes\":{\"rate\":100.5}}"),
                400, "bad request body: rate must be a percentage between 0 and 100");
        assertError(call("POST", "/proxies/u/toxics", "{\"type\":\"packet_loss\",\"name\":\"x\",\"attributes\":{\"rate\":10,\"burst\":0.5}}"),
                400, "bad request body: burst must be 0 (independent losses) or at least 1");
        // 90% loss in bursts of 2 would need the chain to enter the bad state more often than always.
        assertError(call("POST", "/proxies/u/toxics", "{\"type\":\"packet_loss\",\"name\":\"x\",\"attributes\":{\"rate\":90,\"burst\":2}}"),
                400, "bad request body: burst must be at least rate / (100 - rate)");
        assertError(call("POST", "/proxies/u/toxics", "{\"type\":\"packet_loss\",\"name\":\"x\",\"attributes\":{\"rate\":\"5\"}}"),
                400, "bad request body: rate must be a number");
        assertError(call("PATCH", "/proxies/u", "{\"protocol\":\"tcp\"}"), 400, "a proxy's protocol cannot change");
        assertError(call("POST", "/proxies", "{\"name\":\"v\",\"upstream\":\"" + UPSTREAM + "\",\"protocol\":\"sctp\"}"), 400,
                "bad request body: protocol must be tcp, udp or http");
        create("t");
        assertError(call("POST", "/proxies/t/toxics", "{\"type\":\"packet_loss\"}"), 400,
                "toxic type packet_loss does not apply to a tcp proxy");
        assertEquals("[]", call("GET", "/proxies/t/toxics", null).body());
    }

    @Test
    void httpProxiesTakeTheHttpToxicsAndOnlyThose() throws Exception {
        HttpResponse<String> r = call("POST", "/proxies",
                "{\"name\":\"w\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + UPSTREAM + "\",\"protocol\":\"http\"}");
        assertEquals(201, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"enabled\":true,\"protocol\":\"http\",\"toxics\":[]}"), r.body());
        r = call("POST", "/proxies/w/toxics", "{\"type\":\"http_status\",\"attributes\":{\"status\":502,\"path\":\"/api\"},\"toxicity\":0.25}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("{\"attributes\":{\"status\":502,\"path\":\"/api\"},\"name\":\"http_status_downstream\",\"type\":\"http_status\","
                + "\"stream\":\"downstream\",\"toxicity\":0.25}", r.body());
        r = call("POST", "/proxies/w/toxics", "{\"type\":\"http_delay\",\"attributes\":{\"delay\":100}}");
        assertTrue(r.body().startsWith("{\"attributes\":{\"delay\":100,\"path\":\"\"},"), r.body());
        r = call("POST", "/proxies/w/toxics", "{\"type\":\"http_drop\",\"attributes\":{\"path\":\"/x\"}}");
        assertTrue(r.body().startsWith("{\"attributes\":{\"path\":\"/x\"},"), r.body());
        r = call("PATCH", "/proxies/w/toxics/http_status_downstream", "{\"attributes\":{\"status\":503}}");
        assertTrue(r.body().startsWith("{\"attributes\":{\"status\":503,\"path\":\"/api\"},"), r.body());

        assertError(call("POST", "/proxies/w/toxics", "{\"name\":\"x\",\"type\":\"http_status\",\"attributes\":{\"status\":99}}"),
                400, "bad request body: status must be between 200 and 599");
        assertError(call("POST", "/proxies/w/toxics", "{\"name\":\"x\",\"type\":\"http_drop\",\"attributes\":{\"path\":\"api\"}}"),
                400, "bad request body: path must be empty (every request) or start with /");
        assertError(call("POST", "/proxies/w/toxics", "{\"name\":\"x\",\"type\":\"http_drop\",\"attributes\":{\"path\":5}}"),
                400, "bad request body: path must be a string");
        assertError(call("POST", "/proxies/w/toxics", "{\"name\":\"x\",\"type\":\"packet_loss\"}"), 400,
                "toxic type packet_loss does not apply to an http proxy");
        r = call("POST", "/proxies/w/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":5}}");
        assertEquals(200, r.statusCode(), r.body()); // the stream toxics act on an HTTP proxy's client side
        create("t");
        assertError(call("POST", "/proxies/t/toxics", "{\"type\":\"http_status\"}"), 400,
                "toxic type http_status does not apply to a tcp proxy");
    }

    // --- helpers ---

    private void create(String name) throws Exception {
        HttpResponse<String> r = call("POST", "/proxies", "{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + UPSTREAM + "\"}");
        assertEquals(201, r.statusCode(), r.body());
    }

    private static void assertError(HttpResponse<String> r, int status, String messageStart) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("{\"error\":\"" + messageStart), r.body());
        assertTrue(r.body().contains(",\"status\":" + status + ",\"title\":\"" + messageStart), r.body());
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher p = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        return http.send(HttpRequest.newBuilder(uri(path)).method(method, p).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
