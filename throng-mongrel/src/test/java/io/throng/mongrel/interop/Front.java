package io.throng.mongrel.interop;

/** The server the scenarios' clients talk to: a real Mongrel2 or Throng's gateway, one handler route. */
interface Front extends AutoCloseable {

    /** {@code http://127.0.0.1:PORT} + path. */
    String url(String path);

    int port();

    /** Where the route's handler connects. */
    Mongrel2.Endpoints endpoints();

    /** The server's log, for failure messages. */
    String log() throws Exception;
}
