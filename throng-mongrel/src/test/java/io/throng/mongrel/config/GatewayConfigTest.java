package io.throng.mongrel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.mongrel.handler.Transport;
import io.throng.mongrel.wire.HeaderFormat;
import io.throng.mongrel.zmq.ZmqContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

    static final String EXAMPLE = """
            # throng gateway configuration
            zeromq auto
            listen 0.0.0.0:8080
            listen 127.0.0.1:8443 tls cert=/etc/throng/cert.pem key=/etc/throng/key.pem

            host example.com *.example.com          # matched on the end of Host:
              route /api/                  -> api
              route /users/([0-9]+)$       -> users
              route /static/               -> dir ./public index=index.html cache=60s
              route /chat                  -> chat
            host other.org
              route /                      -> api
            default-host example.com

            handler api
              requests tcp://127.0.0.1:9997
              replies  tcp://127.0.0.1:9996
              ident    34f9ceee-cd52-4b7f-b197-88bf2f0ec378
              protocol tnetstring
              timeout  30s
              no-handler 503
              stale    5s
              idle     120s

            handler chat
              local chat

            handler users
              requests tcp://10.0.0.5:9997
              replies  tcp://10.0.0.5:9996
            """;

    @Test
    void theDocumentedExampleParses() {
        GatewayConfig c = GatewayConfigParser.parse(EXAMPLE, "gateway.conf");
        assertEquals(ZmqContext.Engine.AUTO, c.zeromq()); // the build sets throng.zeromq, so AUTO comes from the line
        assertEquals(2, c.listens().size());
        assertEquals(8443, c.listens().get(1).port());
        assertEquals("/etc/throng/cert.pem", c.listens().get(1).options().get("cert"));
        assertTrue(c.listens().get(1).options().containsKey("tls"));
        assertEquals(2, c.hosts().size());
        assertEquals(Optional.of("example.com"), c.defaultHost());
        GatewayConfig.HandlerSpec api = c.handlers().get("api");
        assertEquals(new Transport.ZeroMq("tcp://127.0.0.1:9997", "tcp://127.0.0.1:9996"), api.transport());
        assertEquals(HeaderFormat.TNETSTRING, api.protocol());
        assertEquals(Optional.of(Duration.ofSeconds(30)), api.timeout());
        assertEquals(Optional.of(503), api.noHandler());
        assertEquals(Optional.of(Duration.ofSeconds(5)), api.stale());
        assertEquals(Optional.of(Duration.ofSeconds(120)), api.idle());
        assertEquals(new Transport.InProcess("chat"), c.handlers().get("chat").transport());
        assertEquals("users", c.handlers().get("users").ident(), "ident defaults to the handler name");
        assertEquals(Optional.empty(), c.handlers().get("users").timeout(), "Mongrel2 behaviour unless opted in");
        GatewayConfig.Route dir = c.hosts().getFirst().routes().get(2);
        assertEquals(new GatewayConfig.DirTarget(Path.of("./public"), "index.html", Duration.ofSeconds(60)), dir.target());
    }

    @Test
    void routingFollowsMongrel2() {
        Router r = new Router(GatewayConfigParser.parse(EXAMPLE, "gateway.conf"));
        assertEquals("/api/", r.route("example.com:8080", "/api/v1/x").orElseThrow().route().spec());
        assertEquals("/users/([0-9]+)$", r.route("www.example.com", "/users/42").orElseThrow().route().spec());
        assertTrue(r.route("example.com", "/users/abc").isEmpty(), "pattern fails: 404, no fallback");
        assertTrue(r.route("example.com", "/users/42/x").isEmpty(), "$ anchors the end");
        assertEquals("/chat", r.route("example.com", "/chatroom").orElseThrow().route().spec(), "a bare prefix is a prefix");
        assertEquals("other.org", r.route("OTHER.org", "/anything").orElseThrow().host().names().getFirst());
        assertEquals("/api/", r.route("unknown.net", "/api/").orElseThrow().route().spec(), "default host");
        assertTrue(r.route("example.com", "/nothing").isEmpty());
    }

    @Test
    void luaStylePatternsTranslate() {
        assertTrue(RoutePattern.compile("/u/(\\d+)$", "t", 1).matches("/u/12"));
        assertFalse(RoutePattern.compile("/u/(\\d+)$", "t", 1).matches("/u/1a"));
        assertTrue(RoutePattern.compile("/w/(\\a\\w*)", "t", 1).matches("/w/abc9"));
        assertFalse(RoutePattern.compile("/w/(\\A)", "t", 1).matches("/w/a"));
        assertTrue(RoutePattern.compile("/x/([^/]+)$", "t", 1).matches("/x/y.z"));
        assertTrue(RoutePattern.compile("/exact()$", "t", 1).matches("/exact"));
        assertFalse(RoutePattern.compile("/exact()$", "t", 1).matches("/exactly"));
        assertTrue(RoutePattern.compile("/my-app/(.-)$", "t", 1).matches("/my-app/a"));
        assertThrows(ConfigException.class, () -> RoutePattern.compile("/b/(\\b())", "t", 1));
        assertThrows(ConfigException.class, () -> RoutePattern.compile("/b/([a-z)", "t", 1));
    }

    @Test
    void mistakesNameTheirLine() {
        assertError("listen 127.0.0.1:8080\nhost a\n  route /x -> nobody\n", "gateway.conf:3: route points to unknown handler 'nobody'");
        assertError("listen 127.0.0.1:8080\nhandler h\n  requests tcp://a:1\n", "gateway.conf:2: handler 'h' needs");
        assertError("listen 127.0.0.1:8080\nhandler h\n  local x\n  requests tcp://a:1\n  replies tcp://a:2\n", "either local");
        assertError("listen 127.0.0.1:8080\nhandler h\n  local x\nhandler h\n  local y\n", "gateway.conf:4: handler 'h' is defined twice");
        assertError("listen 127.0.0.1:8080\nhandler h\n  timeout soon\n", "gateway.conf:3: duration");
        assertError("listen 127.0.0.1:8080\nhandler h\n  ident bad_ident\n", "gateway.conf:3: ident");
        assertError("listen 127.0.0.1:99999\n", "gateway.conf:1: port out of range");
        assertError("  route / -> x\n", "gateway.conf:1: indented line outside");
        assertError("frobnicate\n", "gateway.conf:1: unknown directive");
        assertError("listen 127.0.0.1:8080\nzeromq zmq4\n", "gateway.conf:2: unknown ZeroMQ engine 'zmq4' (auto, libzmq, jeromq or zmtp)");
    }

    @Test
    void listenIsOptionalSoTheCommandLineCanSupplyIt() {
        assertTrue(GatewayConfigParser.parse("host a\n", "gateway.conf").listens().isEmpty());
    }

    @Test
    void withoutAZeromqLineTheEngineIsTheSystemPropertys() {
        assertEquals(ZmqContext.Engine.configured(), GatewayConfigParser.parse("host a\n", "gateway.conf").zeromq());
    }

    private static void assertError(String text, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfigParser.parse(text, "gateway.conf"));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
