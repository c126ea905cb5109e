package io.throng.chat.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throng.chat.account.AccountException;
import io.throng.chat.account.Accounts;
import io.throng.http.Request;
import io.throng.http.Response;
import io.throng.http.Router;
import java.io.IOException;
import java.time.Instant;

/**
 * The account routes under {@code /api}: register, login, logout, password, session. JSON in and out.
 * A login goes into the session cookie, or, when the request says {@code "bearer": true}, into the
 * answer's {@code token} for a programmatic client (then no cookie). Never logs a token or password.
 */
final class AccountRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Accounts accounts;
    private final CrossSite crossSite;

    AccountRoutes(Accounts accounts, CrossSite crossSite) {
        this.accounts = accounts;
        this.crossSite = crossSite;
    }

    Router routes(Router router) {
        return router
                .post("/api/register", crossSite.guard(this::register))
                .post("/api/login", crossSite.guard(this::login))
                .post("/api/logout", crossSite.guard(this::logout))
                .post("/api/password", crossSite.guard(this::password))
                .get("/api/session", this::session);
    }

    private void register(Request req, Response res) throws IOException {
        JsonNode body = body(req, res);
        if (body != null) {
            answer(req, res, body, () -> accounts.register(text(body, "name"), text(body, "password"),
                    text(body, "invite"), Credentials.address(req)));
        }
    }

    private void login(Request req, Response res) throws IOException {
        JsonNode body = body(req, res);
        if (body != null) {
            answer(req, res, body, () -> accounts.login(text(body, "name"), text(body, "password"),
                    Credentials.address(req)));
        }
    }

    private void password(Request req, Response res) throws IOException {
        JsonNode body = body(req, res);
        if (body != null) {
            answer(req, res, body, () -> accounts.changePassword(Credentials.token(req), text(body, "current"),
                    text(body, "new"), Credentials.address(req)));
        }
    }

    private void logout(Request req, Response res) {
        try {
            accounts.logout(Credentials.token(req));
        } catch (AccountException e) {
            refuse(res, e);
            return;
        }
        res.cookie(Credentials.cleared(req)).status(204).header("Cache-Control", "no-store").send(new byte[0]);
    }

    /** Who is logged in; 401 if nobody, with how registration works here, so the page shows the right form. */
    private void session(Request req, Response res) {
        String registration = accounts.options().registration().wire();
        var p = accounts.authenticate(Credentials.token(req));
        if (p.isEmpty()) {
            ChatWeb.json(res, 401, "{\"error\":\"unauthorized\",\"message\":\"log in first\",\"registration\":\""
                    + registration + "\"}");
            return;
        }
        ChatWeb.json(res, 200, "{\"account\":\"" + p.get().account() + "\",\"registration\":\"" + registration + "\"}");
    }

    private interface Action {
        Accounts.Login run() throws AccountException;
    }

    private void answer(Request req, Response res, JsonNode body, Action action) throws IOException {
        Accounts.Login login;
        try {
            login = action.run();
        } catch (AccountException e) {
            refuse(res, e);
            return;
        }
        ObjectNode out = JSON.createObjectNode().put("account", login.account()).put("expires", login.expires().toString());
        if (body.path("bearer").asBoolean(false)) {
            out.put("token", login.token());
        } else {
            res.cookie(Credentials.cookie(req, login.token(), login.expires(), Instant.now()));
        }
        ChatWeb.json(res, 200, JSON.writeValueAsString(out));
    }

    private static void refuse(Response res, AccountException e) {
        if (e.retryAfter() != null) {
            res.header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        ObjectNode out = JSON.createObjectNode().put("error", e.code()).put("message", e.getMessage());
        ChatWeb.json(res, e.kind().status, out.toString());
    }

    /** The request's JSON object, or null after answering 400. */
    private static JsonNode body(Request req, Response res) throws IOException {
        try {
            JsonNode n = JSON.readTree(req.bodyText());
            if (n != null && n.isObject()) {
                return n;
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            // answered below; the body may hold a password, so it is not echoed
        }
        ChatWeb.json(res, 400, "{\"error\":\"bad_request\",\"message\":\"the body is one JSON object\"}");
        return null;
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n != null && n.isTextual() ? n.textValue() : null;
    }
}
