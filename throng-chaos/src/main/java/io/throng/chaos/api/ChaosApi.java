package io.throng.chaos.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throng.chaos.ChaosException;
import io.throng.chaos.NamedToxic;
import io.throng.chaos.Proxies;
import io.throng.chaos.Proxy;
import io.throng.http.Handler;
import io.throng.http.Json;
import io.throng.http.Request;
import io.throng.http.Response;
import io.throng.http.Router;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * toxiproxy's HTTP API over {@link Proxies}: the same paths, methods, status codes, JSON field names and
 * order, and error bodies. Each handler is one call into the engine; a {@link ChaosException} becomes
 * the error answer.
 */
public final class ChaosApi {
    /** The toxiproxy release whose API this one is; clients may compare it. */
    public static final String VERSION = "2.12.0";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Proxies proxies;

    public ChaosApi(Proxies proxies) {
        this.proxies = proxies;
    }

    /** The routes, behind toxiproxy's refusal of browsers (a page must not drive the proxy). */
    public Handler handler() {
        Router r = new Router();
        r.filter((req, res, next) -> {
            String agent = req.header("User-Agent");
            if (agent != null && agent.startsWith("Mozilla/")) {
                res.header("X-Content-Type-Options", "nosniff");
                res.send(403, "User agent not allowed\n");
                return;
            }
            try {
                next.handle(req, res);
            } catch (ChaosException e) {
                error(res, e);
            }
        });
        r.post("/reset", this::reset);
        r.get("/proxies", this::proxyIndex);
        r.post("/proxies", this::proxyCreate);
        r.post("/populate", this::populate);
        r.get("/proxies/{proxy}", this::proxyShow);
        r.post("/proxies/{proxy}", this::proxyUpdate);
        r.route("PATCH", "/proxies/{proxy}", this::proxyUpdate);
        r.delete("/proxies/{proxy}", this::proxyDelete);
        r.get("/proxies/{proxy}/toxics", this::toxicIndex);
        r.post("/proxies/{proxy}/toxics", this::toxicCreate);
        r.get("/proxies/{proxy}/toxics/{toxic}", this::toxicShow);
        r.post("/proxies/{proxy}/toxics/{toxic}", this::toxicUpdate);
        r.route("PATCH", "/proxies/{proxy}/toxics/{toxic}", this::toxicUpdate);
        r.delete("/proxies/{proxy}/toxics/{toxic}", this::toxicDelete);
        r.get("/version", this::version);
        r.get("/metrics", this::metrics);
        return r;
    }

    private void reset(Request req, Response res) {
        proxies.reset();
        res.status(204).send(new byte[0]);
    }

    private void proxyIndex(Request req, Response res) throws IOException {
        ObjectNode all = NODES.objectNode();
        for (Proxy p : proxies.list()) {
            all.set(p.name(), ProxyJson.write(p));
        }
        json(res, 200, all);
    }

    private void proxyCreate(Request req, Response res) throws IOException {
        Proxy p = proxies.create(ProxyJson.create(body(req)));
        json(res, 201, ProxyJson.write(p));
    }

    private void populate(Request req, Response res) throws IOException {
        List<Proxy> done = new ArrayList<>();
        ObjectNode answer = NODES.objectNode();
        int status = 201;
        try {
            proxies.populate(ProxyJson.populate(body(req)), done);
        } catch (ChaosException e) {
            // toxiproxy answers a failed populate with the error and the proxies made before it.
            status = e.status();
            answer.setAll(errorBody(e));
        }
        ArrayNode list = answer.putArray("proxies");
        for (Proxy p : done) {
            list.add(ProxyJson.write(p));
        }
        json(res, status, answer);
    }

    private void proxyShow(Request req, Response res) throws IOException {
        json(res, 200, ProxyJson.write(proxy(req)));
    }

    private void proxyUpdate(Request req, Response res) throws IOException {
        Proxy p = proxy(req);
        Proxies.Spec s = ProxyJson.update(p, body(req));
        proxies.update(p, s);
        json(res, 200, ProxyJson.write(p));
    }

    private void proxyDelete(Request req, Response res) {
        proxies.delete(req.param("proxy"));
        res.status(204).send(new byte[0]);
    }

    private void toxicIndex(Request req, Response res) throws IOException {
        ArrayNode list = NODES.arrayNode();
        for (NamedToxic t : proxy(req).toxicList()) {
            list.add(ToxicJson.write(t));
        }
        json(res, 200, list);
    }

    private void toxicCreate(Request req, Response res) throws IOException {
        Proxy p = proxy(req);
        NamedToxic t = p.addToxic(ToxicJson.create(body(req)));
        json(res, 200, ToxicJson.write(t));
    }

    private void toxicShow(Request req, Response res) throws IOException {
        json(res, 200, ToxicJson.write(proxy(req).toxic(req.param("toxic"))));
    }

    private void toxicUpdate(Request req, Response res) throws IOException {
        Proxy p = proxy(req);
        p.toxic(req.param("toxic")); // 404 before a body error, as toxiproxy
        JsonNode body = body(req);
        NamedToxic t = p.updateToxic(req.param("toxic"), old -> ToxicJson.update(old, body));
        json(res, 200, ToxicJson.write(t));
    }

    private void toxicDelete(Request req, Response res) {
        proxy(req).removeToxic(req.param("toxic"));
        res.status(204).send(new byte[0]);
    }

    private void version(Request req, Response res) {
        res.contentType("application/json;charset=utf-8");
        res.send(("{\"version\": \"" + VERSION + "\"}\n").getBytes(StandardCharsets.UTF_8));
    }

    private void metrics(Request req, Response res) {
        res.contentType("text/plain; version=0.0.4; charset=utf-8");
        res.send(Metrics.render(proxies.list()));
    }

    private Proxy proxy(Request req) {
        return proxies.get(req.param("proxy"));
    }

    /** The request's JSON; a body that is empty or not JSON is toxiproxy's "bad request body". */
    private static JsonNode body(Request req) throws IOException {
        byte[] bytes = req.bodyBytes();
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw BadRequest.body(e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw BadRequest.body("EOF");
        }
        return node;
    }

    private static void json(Response res, int status, JsonNode value) throws IOException {
        res.status(status);
        res.contentType("application/json");
        res.send(Json.MAPPER.writeValueAsBytes(value));
    }

    /**
     * toxiproxy's error answer: its JSON as plain text (Go's http.Error) and a newline. It carries
     * {@code error} (toxiproxy 2) and {@code title} (toxiproxy 1, still read by clients such as
     * toxiproxy-java), both the same message, and {@code status}.
     */
    private static void error(Response res, ChaosException e) throws IOException {
        res.header("X-Content-Type-Options", "nosniff");
        res.contentType("text/plain; charset=utf-8");
        res.status(e.status());
        byte[] json = Json.MAPPER.writeValueAsBytes(errorBody(e));
        byte[] body = java.util.Arrays.copyOf(json, json.length + 1);
        body[json.length] = '\n';
        res.send(body);
    }

    private static ObjectNode errorBody(ChaosException e) {
        ObjectNode o = NODES.objectNode();
        o.put("error", e.getMessage());
        o.put("status", e.status());
        o.put("title", e.getMessage());
        return o;
    }
}
