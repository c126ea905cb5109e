package io.throng.mongrel.handler;

import java.util.Objects;

/**
 * Where a handler gets its requests from: written in configuration, so moving a handler between the
 * gateway's process and another machine changes one string.
 *
 * <ul>
 *   <li>{@code local:NAME} — in-process: the gateway calls the handler directly, no sockets.</li>
 *   <li>{@code REQUESTS_ENDPOINT REPLIES_ENDPOINT}, e.g. {@code tcp://127.0.0.1:9997 tcp://127.0.0.1:9996}
 *       — Mongrel2's {@code send_spec} (the handler PULLs from it) and {@code recv_spec} (it PUBlishes to it).</li>
 * </ul>
 */
public sealed interface Transport {

    record ZeroMq(String requests, String replies) implements Transport {
        public ZeroMq {
            Objects.requireNonNull(requests, "requests");
            Objects.requireNonNull(replies, "replies");
        }

        @Override
        public String toString() {
            return requests + " " + replies;
        }
    }

    record InProcess(String name) implements Transport {
        public InProcess {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("in-process handler needs a name");
            }
        }

        @Override
        public String toString() {
            return "local:" + name;
        }
    }

    static Transport parse(String spec) {
        String s = spec.strip();
        if (s.startsWith("local:")) {
            return new InProcess(s.substring("local:".length()));
        }
        String[] parts = s.split("\\s+");
        if (parts.length != 2 || !parts[0].contains("://") || !parts[1].contains("://")) {
            throw new IllegalArgumentException(
                    "transport is 'local:NAME' or 'REQUESTS_ENDPOINT REPLIES_ENDPOINT', not '" + spec + "'");
        }
        return new ZeroMq(parts[0], parts[1]);
    }
}
