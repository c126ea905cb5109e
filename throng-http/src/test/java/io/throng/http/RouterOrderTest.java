package io.throng.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The router answers exact paths from a table without splitting them; these requests check that the table
 * never changes which route wins: routes are tried in the order added, so a parameter route added first
 * beats a literal one added later, and other methods still get 405 with Allow, or HEAD's fallback to GET.
 */
class RouterOrderTest {
    static HttpServer server;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        Router r = new Router()
                .get("/plain", (req, res) -> res.send("plain get"))
                .put("/plain", (req, res) -> res.send("plain put"))
                .get("/plain", (req, res) -> res.send("plain get, added second"))
                .get("/", (req, res) -> res.send("root"))
                .get("/users/{id}", (req, res) -> res.send("user " + req.param("id")))
                .get("/users/me", (req, res) -> res.send("me, added after the parameter route"))
                .post("/users/me", (req, res) -> res.send("me post"));
        server = HttpServer.start("127.0.0.1", 0, r);
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
        return client.send(req, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aParameterRouteAddedFirstWinsOverALaterLiteral() throws Exception {
        HttpResponse<String> r = send("GET", "/users/me");
        assertEquals(200, r.statusCode());
        assertEquals("user me", r.body());
    }

    @Test
    void aLiteralAddedAfterAParameterRouteStillServesItsOwnMethod() throws Exception {
        assertEquals("me post", send("POST", "/users/me").body());
    }

    @Test
    void theFirstLiteralRouteOfAMethodWins() throws Exception {
        assertEquals("plain get", send("GET", "/plain").body());
        assertEquals("plain put", send("PUT", "/plain").body());
        assertEquals("root", send("GET", "/").body());
    }

    @Test
    void otherMethodsOnALiteralPathStill405WithAllowAndHeadFallsBack() throws Exception {
        HttpResponse<String> r = send("DELETE", "/plain");
        assertEquals(405, r.statusCode());
        assertEquals("GET, PUT, HEAD", r.headers().firstValue("Allow").orElseThrow());
        assertEquals(200, send("HEAD", "/plain").statusCode());
    }

    @Test
    void pathsThatOnlyResembleALiteralRouteAreNotServedByIt() throws Exception {
        assertEquals(404, send("GET", "/plain/").statusCode());
        assertEquals(404, send("GET", "//plain").statusCode());
        assertEquals("user x", send("GET", "/users/x").body());
    }
}
