package io.throng.mongrel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/**
 * The host half of routing, hostile headers first: the router matches {@code Host:} in place, without
 * building a string per request, and must decide exactly as lower-casing the whole header would.
 */
class RouterTest {

    private static final Router ROUTER = new Router(GatewayConfigParser.parse("""
            host example.com
              route / -> exact
            host *.api.example.com
              route / -> wildcard
            host [::1]
              route / -> literal
            host ÉCOLE.fr
              route / -> accented
            host fallback.test
              route / -> fallback
            default-host fallback.test
            handler exact
              local exact
            handler wildcard
              local wildcard
            handler literal
              local literal
            handler accented
              local accented
            handler fallback
              local fallback
            """, "router.conf"));

    private static String handlerFor(String host) {
        GatewayConfig.Route route = ROUTER.route(host, "/x").orElseThrow().route();
        return ((GatewayConfig.HandlerTarget) route.target()).handler();
    }

    @Test
    void aNameMustEndOnALabelBoundary() {
        assertEquals("fallback", handlerFor("badexample.com"), "not a subdomain of example.com");
        assertEquals("fallback", handlerFor("xample.com"));
        assertEquals("fallback", handlerFor("example.com."), "a trailing dot is another name, as before");
        assertEquals("exact", handlerFor("www.example.com"));
        assertEquals("exact", handlerFor("api.example.com"), "*.api.example.com needs a label before api");
    }

    @Test
    void theLongestMatchingNameWinsWhateverTheCaseOrPort() {
        assertEquals("wildcard", handlerFor("x.api.example.com"));
        assertEquals("wildcard", handlerFor("X.API.Example.COM:443"));
        assertEquals("exact", handlerFor("EXAMPLE.COM:8080"));
        assertEquals("literal", handlerFor("[::1]:8080"));
        assertEquals("literal", handlerFor("[::1]"));
        assertEquals("fallback", handlerFor("[::1"), "an unclosed literal is a name, and matches nothing");
    }

    @Test
    void aHeaderThatIsNotAsciiIsLowerCasedWhole() {
        assertEquals("accented", handlerFor("ÉCOLE.FR"));
        assertEquals("accented", handlerFor("www.école.fr:80"));
        assertEquals("fallback", handlerFor("ÉCOLE.FR.evil"));
    }

    @Test
    void noOrAnEmptyHostGoesToTheDefaultHost() {
        assertEquals("fallback", handlerFor(null));
        assertEquals("fallback", handlerFor(""));
        assertEquals("fallback", handlerFor(":80"));
    }

    @Test
    void theAnswerForARouteIsBuiltOnce() {
        assertSame(ROUTER.route("example.com", "/a").orElseThrow(), ROUTER.route("www.example.com", "/b").orElseThrow());
    }
}
