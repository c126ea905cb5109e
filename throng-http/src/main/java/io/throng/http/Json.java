package io.throng.http;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson mapper the framework uses (thread-safe once configured). */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}
}
