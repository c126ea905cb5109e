/**
 * A strict HTTP/1.1 server on throng-net and a light web framework: router, filters, static files,
 * long-poll, Server-Sent Events, WebSocket upgrades.
 */
module io.throng.http {
    requires transitive io.throng.net;
    requires transitive io.throng.websocket;
    requires transitive com.fasterxml.jackson.databind; // Json.MAPPER, Request.json, Response.json
    requires jdk.jfr; // RequestEvents (throng.HttpRequest); io.throng.http.metrics streams the JDK's virtual-thread events on request
    requires io.prometheus.metrics.instrumentation.jvm; // the JVM's metrics on /metrics
    requires io.prometheus.writer.text; // the Prometheus text format
    requires jdk.management; // VirtualThreadSchedulerMXBean: carrier parallelism; GC notifications

    // HttpServer, Handler, Router, Filter, Request, Response, EventStream, WebSocketRoute: serve HTTP.
    exports io.throng.http;
    // HttpClient, ClientRequest, ClientResponse, ClientOptions, Trust: call other HTTP services.
    exports io.throng.http.client;
    // StaticFiles: serve a directory (validators, conditional GET, ranges).
    exports io.throng.http.files;
    // AccessLog, Cors, Gzip, Hsts: ready-made filters.
    exports io.throng.http.filters;
    // Metrics: the process's Prometheus metrics (JVM, connections, requests, ...) as text and as a /metrics route.
    exports io.throng.http.metrics;
}
