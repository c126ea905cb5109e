package io.throng.chaos.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throng.chaos.ChaosException;
import io.throng.http.Json;
import io.throng.http.client.ClientRequest;
import io.throng.http.client.ClientResponse;
import io.throng.http.client.HttpClient;
import io.throng.http.client.RequestBody;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Map;

/**
 * A client of the chaos API (this one's or toxiproxy's): what {@code throng chaos list|create|toxic ...}
 * call. Answers are the API's JSON; a refusal is a {@link ChaosException} with the API's message and
 * status.
 */
public final class ChaosClient implements AutoCloseable {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final URI base;
    private final HttpClient http = HttpClient.create();

    /** A client of the API at {@code host:port}. */
    public ChaosClient(String host, int port) {
        this.base = URI.create("http://" + host + ":" + port);
    }

    /** Every proxy, by name. */
    public JsonNode proxies() throws IOException {
        return call("GET", "/proxies", null);
    }

    public JsonNode createProxy(String name, String listen, String upstream, boolean enabled) throws IOException {
        return createProxy(name, listen, upstream, enabled, null);
    }

    /** {@code protocol}: Throng's {@code "tcp"} or {@code "udp"}; null leaves it out (a TCP proxy, as toxiproxy's). */
    public JsonNode createProxy(String name, String listen, String upstream, boolean enabled, String protocol)
            throws IOException {
        ObjectNode body = NODES.objectNode().put("name", name).put("listen", listen).put("upstream", upstream)
                .put("enabled", enabled);
        if (protocol != null) {
            body.put("protocol", protocol);
        }
        return call("POST", "/proxies", body);
    }

    public JsonNode proxy(String name) throws IOException {
        return call("GET", "/proxies/" + name, null);
    }

    /** Enables or disables a proxy (disabling closes its connections and stops its listener). */
    public JsonNode enable(String name, boolean enabled) throws IOException {
        return call("PATCH", "/proxies/" + name, NODES.objectNode().put("enabled", enabled));
    }

    public void deleteProxy(String name) throws IOException {
        call("DELETE", "/proxies/" + name, null);
    }

    /**
     * Adds a toxic; {@code name} null lets the server name it ({@code type_stream}), {@code attributes}
     * are written as whole numbers when they are (the TCP toxics want integers; the UDP ones' rates may
     * have a fraction), {@code client} (null: every client) is Throng's per-client
     * toxic.
     */
    public JsonNode addToxic(String proxy, String name, String type, String stream, float toxicity,
                             Map<String, String> attributes, String client) throws IOException {
        ObjectNode body = NODES.objectNode();
        if (name != null) {
            body.put("name", name);
        }
        body.put("type", type).put("stream", stream).put("toxicity", toxicity);
        if (client != null) {
            body.put("client", client);
        }
        body.set("attributes", attributes(attributes));
        return call("POST", "/proxies/" + proxy + "/toxics", body);
    }

    /** Changes the attributes given and, unless null, the toxicity. */
    public JsonNode updateToxic(String proxy, String name, Float toxicity, Map<String, String> attributes)
            throws IOException {
        ObjectNode body = NODES.objectNode();
        if (toxicity != null) {
            body.put("toxicity", toxicity);
        }
        body.set("attributes", attributes(attributes));
        return call("PATCH", "/proxies/" + proxy + "/toxics/" + name, body);
    }

    public void removeToxic(String proxy, String name) throws IOException {
        call("DELETE", "/proxies/" + proxy + "/toxics/" + name, null);
    }

    public void reset() throws IOException {
        call("POST", "/reset", null);
    }

    /** Attributes as given on a command line: a value that reads as a number is one, any other a string (a path). */
    private static ObjectNode attributes(Map<String, String> attributes) {
        ObjectNode a = NODES.objectNode();
        attributes.forEach((k, text) -> {
            BigDecimal v;
            try {
                v = new BigDecimal(text);
            } catch (NumberFormatException e) {
                a.put(k, text);
                return;
            }
            BigDecimal whole = v.stripTrailingZeros();
            if (whole.scale() <= 0) {
                a.put(k, whole.toBigInteger()); // 100, not 1E+2 nor 100.0
            } else {
                a.put(k, v.doubleValue());
            }
        });
        return a;
    }

    /** One request; the JSON answer (null for 204), or the API's refusal as a ChaosException. */
    private JsonNode call(String method, String path, JsonNode body) throws IOException {
        RequestBody payload = body == null ? RequestBody.empty() : RequestBody.of(Json.MAPPER.writeValueAsBytes(body));
        ClientRequest req = ClientRequest.of(method, base.resolve(path), payload);
        if (body != null) {
            req = req.header("Content-Type", "application/json");
        }
        try (ClientResponse res = http.send(req)) {
            byte[] bytes = res.bytes();
            if (res.status() >= 300) {
                throw refusal(res.status(), bytes);
            }
            return bytes.length == 0 ? null : Json.MAPPER.readTree(bytes);
        }
    }

    private static ChaosException refusal(int status, byte[] bytes) {
        try {
            JsonNode error = Json.MAPPER.readTree(bytes);
            if (error != null && error.hasNonNull("error")) {
                return new ChaosException(status, error.get("error").asText());
            }
        } catch (IOException e) {
            // Not JSON: the text is the message.
        }
        return new ChaosException(status, new String(bytes, java.nio.charset.StandardCharsets.UTF_8).strip());
    }

    @Override
    public void close() {
        http.close();
    }
}
