package io.throng.chaos.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throng.chaos.NamedToxic;
import io.throng.chaos.Protocol;
import io.throng.chaos.Proxies;
import io.throng.chaos.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * Proxies to and from toxiproxy's JSON: {@code {"name", "listen", "upstream", "enabled", "toxics"}}, plus
 * Throng's {@code "protocol"}: {@code "tcp"} (the default), {@code "udp"} or {@code "http"}. It is written
 * only for a UDP or HTTP proxy, so a TCP proxy's JSON is toxiproxy's, byte for byte.
 */
final class ProxyJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ProxyJson() {}

    static ObjectNode write(Proxy p) {
        ObjectNode o = NODES.objectNode();
        o.put("name", p.name());
        o.put("listen", p.listen());
        o.put("upstream", p.upstream());
        o.put("enabled", p.enabled());
        if (p.protocol() != Protocol.TCP) {
            o.put("protocol", p.protocol().apiName());
        }
        ArrayNode toxics = o.putArray("toxics");
        for (NamedToxic t : p.toxicList()) {
            toxics.add(ToxicJson.write(t));
        }
        return o;
    }

    /** A create request: name and upstream required, listen defaults to "" (any port), enabled to true. */
    static Proxies.Spec create(JsonNode body) {
        if (!body.isObject()) {
            throw BadRequest.body("expected a JSON object");
        }
        return spec(body, "");
    }

    /** A populate request: an array of proxies, each checked before any is made. */
    static List<Proxies.Spec> populate(JsonNode body) {
        if (!body.isArray()) {
            throw BadRequest.body("expected a JSON array of proxies");
        }
        List<Proxies.Spec> specs = new ArrayList<>();
        int i = 0;
        for (JsonNode p : body) {
            i++;
            if (!p.isObject()) {
                throw BadRequest.body("expected a JSON object at proxy " + i);
            }
            specs.add(spec(p, " at proxy " + i));
        }
        return specs;
    }

    /** An update request: what is given replaces, the rest stays as the proxy is. */
    static Proxies.Spec update(Proxy p, JsonNode body) {
        if (!body.isObject()) {
            throw BadRequest.body("expected a JSON object");
        }
        return new Proxies.Spec(p.name(), ToxicJson.text(body, "listen", p.listen()),
                ToxicJson.text(body, "upstream", p.upstream()), bool(body, "enabled", p.enabled()),
                protocol(body, p.protocol()));
    }

    private static Proxies.Spec spec(JsonNode o, String where) {
        String name = ToxicJson.text(o, "name", "");
        if (name.isEmpty()) {
            throw BadRequest.missing("name" + where);
        }
        String upstream = ToxicJson.text(o, "upstream", "");
        if (upstream.isEmpty()) {
            throw BadRequest.missing("upstream" + where);
        }
        return new Proxies.Spec(name, ToxicJson.text(o, "listen", ""), upstream, bool(o, "enabled", true),
                protocol(o, Protocol.TCP));
    }

    private static Protocol protocol(JsonNode o, Protocol otherwise) {
        String text = ToxicJson.text(o, "protocol", "");
        if (text.isEmpty()) {
            return otherwise;
        }
        Protocol p = Protocol.parse(text);
        if (p == null) {
            throw BadRequest.body("protocol must be tcp, udp or http");
        }
        return p;
    }

    private static boolean bool(JsonNode o, String field, boolean otherwise) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (!v.isBoolean()) {
            throw BadRequest.body(field + " must be true or false");
        }
        return v.booleanValue();
    }
}
