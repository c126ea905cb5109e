package io.throng.mongrel.front;

import io.throng.http.Handler;
import io.throng.http.Request;
import io.throng.http.Response;
import io.throng.http.Upgraded;
import io.throng.mongrel.config.GatewayConfig;
import io.throng.mongrel.config.Router;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import io.throng.net.ByteStream;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's throng-http handler: routes each request like Mongrel2 (host, then longest prefix and
 * pattern). Static directories and 404s are answered by throng-http on its own connection; the first
 * request for a handler takes the connection over and turns it into a {@link Relay} for the rest of
 * its life — unless the route answers "no handler" at once, which leaves the connection to throng-http.
 */
final class FrontHandler implements Handler {

    private final RelayContext context;
    private final Map<GatewayConfig.Route, Handler> directories;

    FrontHandler(RelayContext context, Map<GatewayConfig.Route, Handler> directories) {
        this.context = context;
        this.directories = directories;
    }

    @Override
    public void handle(Request req, Response res) throws Exception {
        long began = System.nanoTime();
        Optional<Router.Match> match = context.router().route(req.host(), req.path());
        if (match.isEmpty()) {
            RequestEvents.routed(req.method(), req.path(), 0, RequestEvents.NO_HANDLER, RequestEvents.Outcome.NO_ROUTE, began);
            res.send(404, "no route for " + req.path() + "\n");
            return;
        }
        GatewayConfig.Route route = match.get().route();
        switch (route.target()) {
            case GatewayConfig.DirTarget dir -> directories.get(route).handle(req, res);
            case GatewayConfig.HandlerTarget h -> {
                Backend backend = context.backends().get(h.handler());
                Optional<Integer> noHandler = backend.spec.noHandler();
                if (noHandler.isPresent() && backend.connectedHandlers() == 0) {
                    RequestEvents.routed(req.method(), req.path(), 0, backend.counts,
                            RequestEvents.Outcome.NO_HANDLER, began);
                    res.header("Retry-After", "1");
                    res.send(noHandler.get(), "no handler for " + backend.spec.name() + "\n");
                    return;
                }
                ClientRequest first = clientRequest(req);
                Upgraded raw = res.takeOver();
                ByteStream channel = raw.connection().detach();
                new Relay(context, channel, new Peer(address(req.remoteAddress()), req.scheme())).run(first, raw.leftover());
            }
        }
    }

    private static ClientRequest clientRequest(Request req) throws java.io.IOException {
        return new ClientRequest(req.method(), req.target(), req.path(), req.rawQuery(), req.version(),
                ClientRequest.fields(req.headers()), req.bodyBytes());
    }

    private static String address(SocketAddress a) {
        return a instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : "unknown";
    }
}
