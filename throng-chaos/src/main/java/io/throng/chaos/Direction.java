package io.throng.chaos;

/**
 * Which way a toxic's bytes flow, by toxiproxy's names: {@code upstream} is client to server,
 * {@code downstream} server to client.
 */
public enum Direction {
    UPSTREAM,
    DOWNSTREAM;

    /** The API's name: {@code "upstream"} or {@code "downstream"}. */
    public String apiName() {
        return this == UPSTREAM ? "upstream" : "downstream";
    }

    /** Parses the API's name, ignoring case as toxiproxy does; null if it is neither. */
    public static Direction parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "upstream" -> UPSTREAM;
            case "downstream" -> DOWNSTREAM;
            default -> null;
        };
    }
}
