package io.throng.http;

import io.throng.net.BufferPool;
import io.throng.net.ServerOptions;
import io.throng.net.TcpServer;
import java.io.IOException;
import java.time.Duration;

/** An HTTP/1.1 server: a {@link TcpServer} speaking {@link HttpProtocol} to one {@link Handler}. */
public final class HttpServer implements AutoCloseable {
    private final TcpServer tcp;

    private HttpServer(TcpServer tcp) {
        this.tcp = tcp;
    }

    /** Starts serving {@code app}; the TCP idle timeout becomes the HTTP keep-alive timeout. */
    public static HttpServer start(ServerOptions net, HttpOptions http, Handler app) throws IOException {
        BufferPool pool = new BufferPool(http.bufferSize(), 1024);
        TcpServer tcp = TcpServer.start(net.withIdleTimeout(http.keepAliveTimeout()),
                new HttpProtocol(app, http, pool));
        return new HttpServer(tcp);
    }

    /** Starts with default HTTP options on {@code host:port}. */
    public static HttpServer start(String host, int port, Handler app) throws IOException {
        return start(ServerOptions.of(host, port), HttpOptions.defaults(), app);
    }

    public int port() {
        return tcp.port();
    }

    public int connectionCount() {
        return tcp.connectionCount();
    }

    /** Stops accepting, lets requests in flight finish within {@code grace}, then closes everything. */
    public boolean shutdown(Duration grace) {
        return tcp.shutdown(grace);
    }

    @Override
    public void close() {
        tcp.close();
    }
}
