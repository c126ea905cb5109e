/**
 * Mongrel2's handler protocol over ZeroMQ: the wire codec, the handler SDK, the server side of a
 * handler route, and the HTTP front-end that {@code throng gateway} runs.
 */
module io.throng.mongrel {
    requires io.throng.http;
    requires io.throng.websocket;
    requires org.zeromq.jeromq;
    requires jdk.jfr; // front.RequestEvents: throng.GatewayRequest

    // Request, Reply, HttpResponse, WebSocket, Disconnect, Credits: the protocol's messages (TNetstrings: throng-net's io.throng.net.codec).
    exports io.throng.mongrel.wire;
    // Handler, Handlers, Transport, Responder, RunningHandler: write a handler, in-process or over ZeroMQ.
    exports io.throng.mongrel.handler;
    // GatewayConfig, GatewayConfigParser, Router: the gateway's configuration and routes.
    exports io.throng.mongrel.config;
    // HandlerPort, ControlPort: the server's side of a handler route.
    exports io.throng.mongrel.ports;
    // The gateway's HTTP front-end: started by the CLI's gateway command only.
    exports io.throng.mongrel.front to io.throng.cli;
}
