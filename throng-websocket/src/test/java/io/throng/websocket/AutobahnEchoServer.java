package io.throng.websocket;


/**
 * The echo server the Autobahn fuzzing client drives in the {@code autobahn} profile: the engine behind
 * {@link TestServer}'s minimal handshake, permessage-deflate on, limits above Autobahn's 16 MiB cases.
 * Runs until the JVM exits (its threads are daemons).
 */
public final class AutobahnEchoServer {
    private AutobahnEchoServer() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        WebSocketConfig config = WebSocketConfig.DEFAULTS.withDeflate(DeflateOptions.ENABLED)
                .withQueueBounds(4096, 64L * 1024 * 1024, OverflowPolicy.CLOSE_TRY_AGAIN_LATER)
                .withTimers(java.time.Duration.ZERO, java.time.Duration.ZERO, java.time.Duration.ofSeconds(2));
        new TestServer(port, config, ServerHandshake.Options.DEFAULTS.withDeflate(DeflateOptions.ENABLED), TestServer::echo);
        System.out.println("autobahn echo server on 127.0.0.1:" + port);
    }
}
