package io.throng.chaos.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throng.chaos.Direction;
import io.throng.chaos.NamedToxic;
import io.throng.chaos.Toxic;
import io.throng.chaos.ClientRange;

/**
 * Toxics to and from toxiproxy's JSON: {@code {"attributes": {...}, "name", "type", "stream",
 * "toxicity"}} in that order. Reading follows toxiproxy's order of checks (body, stream, name, type,
 * attributes) so the same mistake gets the same answer; beyond toxiproxy, an attribute that is not an
 * integer, or is impossible (negative, a slicer's average_size of 0), is refused with a 400; a
 * toxic may name a {@code client} address or network, written after {@code toxicity} only when set; the
 * datagram toxics (packet_loss, duplicate, corrupt, reorder) take percentages with a fraction; and the
 * HTTP toxics take a string attribute, {@code path}.
 */
final class ToxicJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ToxicJson() {}

    /** A new toxic from a create request; toxiproxy's defaults: downstream, toxicity 1, attributes 0. */
    static NamedToxic create(JsonNode body) {
        if (!body.isObject()) {
            throw BadRequest.body("expected a JSON object");
        }
        String stream = text(body, "stream", "downstream");
        Direction direction = Direction.parse(stream);
        if (direction == null) {
            throw BadRequest.invalidStream();
        }
        String type = text(body, "type", "");
        String name = text(body, "name", "");
        if (name.isEmpty()) {
            name = type + "_" + stream;
        }
        Toxic defaults = defaults(type);
        if (defaults == null) {
            throw BadRequest.invalidType();
        }
        float toxicity = toxicity(body, 1f);
        return named(name, direction, toxicity, attributes(defaults, body.get("attributes")), client(body, null));
    }

    /** The toxic after an update request: attributes and toxicity given replace, the rest stays. */
    static NamedToxic update(NamedToxic old, JsonNode body) {
        if (!body.isObject()) {
            throw BadRequest.body("expected a JSON object");
        }
        float toxicity = toxicity(body, old.toxicity());
        return named(old.name(), old.stream(), toxicity, attributes(old.toxic(), body.get("attributes")),
                client(body, old.client()));
    }

    static ObjectNode write(NamedToxic t) {
        ObjectNode o = NODES.objectNode();
        ObjectNode a = o.putObject("attributes");
        switch (t.toxic()) {
            case Toxic.Latency l -> a.put("latency", l.latency()).put("jitter", l.jitter());
            case Toxic.Bandwidth b -> a.put("rate", b.rate());
            case Toxic.SlowClose s -> a.put("delay", s.delay());
            case Toxic.Timeout x -> a.put("timeout", x.timeout());
            case Toxic.ResetPeer r -> a.put("timeout", r.timeout());
            case Toxic.Slicer s -> a.put("average_size", s.averageSize()).put("size_variation", s.sizeVariation())
                    .put("delay", s.delay());
            case Toxic.LimitData l -> a.put("bytes", l.bytes());
            case Toxic.Partition p -> { }
            case Toxic.PacketLoss l -> a.put("rate", l.rate()).put("burst", l.burst());
            case Toxic.Duplicate d -> a.put("rate", d.rate());
            case Toxic.Corrupt c -> a.put("rate", c.rate());
            case Toxic.Reorder r -> a.put("rate", r.rate()).put("delay", r.delay());
            case Toxic.HttpStatus h -> a.put("status", h.status()).put("path", h.path());
            case Toxic.HttpDelay h -> a.put("delay", h.delay()).put("path", h.path());
            case Toxic.HttpDrop h -> a.put("path", h.path());
        }
        o.put("name", t.name());
        o.put("type", t.type());
        o.put("stream", t.stream().apiName());
        float x = t.toxicity();
        if (x == (long) x) {
            o.put("toxicity", (long) x); // Go writes a whole float32 as 1, not 1.0
        } else {
            o.put("toxicity", x);
        }
        if (t.client() != null) {
            o.put("client", t.client().toString()); // Throng's; absent for toxiproxy's own kind of toxic
        }
        return o;
    }

    /**
     * Each type's toxic with toxiproxy's defaults (all 0; a slicer's average_size has to be 1 here);
     * Throng's HTTP toxics default to every path and, for http_status, 503.
     */
    private static Toxic defaults(String type) {
        return switch (type) {
            case "latency" -> new Toxic.Latency(0, 0);
            case "bandwidth" -> new Toxic.Bandwidth(0);
            case "slow_close" -> new Toxic.SlowClose(0);
            case "timeout" -> new Toxic.Timeout(0);
            case "reset_peer" -> new Toxic.ResetPeer(0);
            case "slicer" -> new Toxic.Slicer(1, 0, 0);
            case "limit_data" -> new Toxic.LimitData(0);
            case "partition" -> new Toxic.Partition();
            case "packet_loss" -> new Toxic.PacketLoss(0, 0);
            case "duplicate" -> new Toxic.Duplicate(0);
            case "corrupt" -> new Toxic.Corrupt(0);
            case "reorder" -> new Toxic.Reorder(0, 0);
            case "http_status" -> new Toxic.HttpStatus(503, "");
            case "http_delay" -> new Toxic.HttpDelay(0, "");
            case "http_drop" -> new Toxic.HttpDrop("");
            default -> null;
        };
    }

    /** {@code base} with the attributes present in {@code json} replaced. */
    private static Toxic attributes(Toxic base, JsonNode json) {
        if (json == null || json.isNull()) {
            json = NODES.objectNode();
        }
        if (!json.isObject()) {
            throw BadRequest.body("attributes must be a JSON object");
        }
        JsonNode a = json;
        try {
            return switch (base) {
                case Toxic.Latency l -> new Toxic.Latency(num(a, "latency", l.latency()), num(a, "jitter", l.jitter()));
                case Toxic.Bandwidth b -> new Toxic.Bandwidth(num(a, "rate", b.rate()));
                case Toxic.SlowClose s -> new Toxic.SlowClose(num(a, "delay", s.delay()));
                case Toxic.Timeout t -> new Toxic.Timeout(num(a, "timeout", t.timeout()));
                case Toxic.ResetPeer r -> new Toxic.ResetPeer(num(a, "timeout", r.timeout()));
                case Toxic.Slicer s -> new Toxic.Slicer(num(a, "average_size", s.averageSize()),
                        num(a, "size_variation", s.sizeVariation()), num(a, "delay", s.delay()));
                case Toxic.LimitData l -> new Toxic.LimitData(num(a, "bytes", l.bytes()));
                case Toxic.Partition p -> p;
                case Toxic.PacketLoss l -> new Toxic.PacketLoss(dec(a, "rate", l.rate()), dec(a, "burst", l.burst()));
                case Toxic.Duplicate d -> new Toxic.Duplicate(dec(a, "rate", d.rate()));
                case Toxic.Corrupt c -> new Toxic.Corrupt(dec(a, "rate", c.rate()));
                case Toxic.Reorder r -> new Toxic.Reorder(dec(a, "rate", r.rate()), num(a, "delay", r.delay()));
                case Toxic.HttpStatus h -> new Toxic.HttpStatus(num(a, "status", h.status()), text(a, "path", h.path()));
                case Toxic.HttpDelay h -> new Toxic.HttpDelay(num(a, "delay", h.delay()), text(a, "path", h.path()));
                case Toxic.HttpDrop h -> new Toxic.HttpDrop(text(a, "path", h.path()));
            };
        } catch (IllegalArgumentException e) {
            throw BadRequest.body(e.getMessage());
        }
    }

    private static NamedToxic named(String name, Direction stream, float toxicity, Toxic toxic, ClientRange client) {
        try {
            return new NamedToxic(name, stream, toxicity, toxic, client);
        } catch (IllegalArgumentException e) {
            throw BadRequest.body(e.getMessage());
        }
    }

    /**
     * Throng's {@code client}: an IP address or a CIDR network (no name to resolve) whose connections
     * alone the toxic affects; "" or null for every client.
     */
    private static ClientRange client(JsonNode o, ClientRange otherwise) {
        if (!o.has("client")) {
            return otherwise;
        }
        String text = text(o, "client", "");
        if (text.isEmpty()) {
            return null;
        }
        try {
            return ClientRange.parse(text);
        } catch (IllegalArgumentException e) {
            throw BadRequest.body(e.getMessage());
        }
    }

    private static long num(JsonNode o, String field, long otherwise) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw BadRequest.body(field + " must be an integer");
        }
        return v.longValue();
    }

    /** A number that may have a fraction (the datagram toxics' percentages). */
    private static double dec(JsonNode o, String field, double otherwise) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (!v.isNumber()) {
            throw BadRequest.body(field + " must be a number");
        }
        return v.doubleValue();
    }

    private static float toxicity(JsonNode o, float otherwise) {
        JsonNode v = o.get("toxicity");
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (!v.isNumber()) {
            throw BadRequest.body("toxicity must be a number");
        }
        return v.floatValue();
    }

    static String text(JsonNode o, String field, String otherwise) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (!v.isTextual()) {
            throw BadRequest.body(field + " must be a string");
        }
        return v.textValue();
    }
}
