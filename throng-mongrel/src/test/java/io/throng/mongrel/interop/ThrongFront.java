package io.throng.mongrel.interop;

import io.throng.mongrel.front.Gateway;
import io.throng.mongrel.config.GatewayConfigParser;
import io.throng.mongrel.handler.Ports;
import java.nio.file.Path;

/** Throng's gateway on an ephemeral loopback port with one route, {@code /}, to one handler. */
final class ThrongFront implements Front {

    final Gateway gateway;
    private final Mongrel2.Endpoints endpoints;

    private ThrongFront(Gateway gateway, Mongrel2.Endpoints endpoints) {
        this.gateway = gateway;
        this.endpoints = endpoints;
    }

    /** {@code handlerOptions}: extra indented lines for the handler, e.g. {@code "  timeout 2s\n"}. */
    static ThrongFront start(String sendIdent, String protocol, String handlerOptions) throws Exception {
        Mongrel2.Endpoints e = new Mongrel2.Endpoints(Ports.endpoint(), Ports.endpoint());
        String config = """
                listen 127.0.0.1:0
                host 127.0.0.1 localhost
                  route / -> app
                handler app
                  requests %s
                  replies  %s
                  ident    %s
                  protocol %s
                """.formatted(e.requests(), e.replies(), sendIdent, protocol) + handlerOptions;
        return new ThrongFront(Gateway.start(GatewayConfigParser.parse(config, "test.conf"), Path.of(".")), e);
    }

    @Override
    public String url(String path) {
        return "http://127.0.0.1:" + gateway.port() + path;
    }

    @Override
    public int port() {
        return gateway.port();
    }

    @Override
    public Mongrel2.Endpoints endpoints() {
        return endpoints;
    }

    @Override
    public String log() {
        return "(throng gateway: " + gateway.connectedHandlers("app") + " handler(s) connected, "
                + gateway.relayedConnections() + " relayed connection(s))";
    }

    @Override
    public void close() {
        gateway.close();
    }
}
