package io.throng.http;

/** Answers one request. Plain blocking code: it runs on its own virtual thread. */
@FunctionalInterface
public interface Handler {
    void handle(Request request, Response response) throws Exception;
}
