package peer;

/** Names of pipeline handlers that other handlers refer to. */
final class Handlers {
    /** The HTTP request handler, which a WebSocket upgrade removes. */
    static final String HTTP = "http";

    private Handlers() {}
}
