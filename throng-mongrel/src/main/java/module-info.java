/**
 * Mongrel2's handler protocol over ZeroMQ: the wire codec, the handler SDK, the server side of a
 * handler route, and the HTTP front-end that {@code throng gateway} runs.
 *
 * <p>The gateway's libzmq engine calls libzmq through FFM: on the module path grant it native access with
 * {@code --enable-native-access=io.throng.mongrel} (on the class path, as the CLI and the tests run,
 * {@code ALL-UNNAMED}); denied, {@code zeromq auto} falls back to JeroMQ.
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
    // ZmqContext (its Engine is part of GatewayConfig and HandlerPort.Options), ZmqSocket: the ZeroMQ seam;
    // its two implementations (JeroMQ, libzmq through FFM) stay package-private.
    exports io.throng.mongrel.zmq;
    // io.throng.mongrel.zmtp (the gateway's own ZMTP on throng-net) stays inside: HandlerPort picks it by engine.
    // The gateway's HTTP front-end: started by the CLI's gateway command only.
    exports io.throng.mongrel.front to io.throng.cli;
}
