package io.throng.mongrel.front;

import io.throng.http.HttpOptions;
import io.throng.mongrel.config.Router;
import java.util.Map;

/**
 * What every relayed connection of one gateway shares: the router, the handlers' backends by name, the
 * live relays, and the HTTP limits of the gateway's throng-http servers (which the relay applies to the
 * requests it parses itself).
 */
record RelayContext(Router router, Map<String, Backend> backends, Relays relays, HttpOptions http) {

    RelayContext {
        backends = Map.copyOf(backends);
    }
}
