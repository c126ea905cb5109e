/**
 * A fault-injection TCP proxy with toxiproxy's HTTP API ({@code throng chaos}). Depends on throng-net
 * (the proxied sockets as {@code ByteStream}s) and throng-http (the API's server and router, Jackson).
 */
module io.throng.chaos {
    requires transitive io.throng.http;

    // Proxies, Proxy, Toxic, NamedToxic, Direction, ChaosException: run proxies and toxics in-process.
    exports io.throng.chaos;
    // ChaosServer (the assembly of `throng chaos serve`), ChaosApi, ChaosClient: the HTTP API, both sides.
    exports io.throng.chaos.api;
}
