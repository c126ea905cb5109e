package io.throng.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one Jackson mapper the framework uses (thread-safe once configured). Its buffers come from one
 * shared pool instead of Jackson's default per-thread cache: each connection has its own virtual
 * thread, and a per-thread cache would keep a set of buffers alive for every idle connection that keeps its thread.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper(
            JsonFactory.builder().recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build());

    private Json() {}
}
