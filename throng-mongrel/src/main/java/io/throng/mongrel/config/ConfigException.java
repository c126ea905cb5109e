package io.throng.mongrel.config;

/** A gateway configuration that cannot be used; the message names the file and line. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String source, int line, String message) {
        super(source + ":" + line + ": " + message);
    }
}
