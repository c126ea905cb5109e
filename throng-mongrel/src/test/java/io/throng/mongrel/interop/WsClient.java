package io.throng.mongrel.interop;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The JDK's WebSocket client, collecting what the server sends into a queue. */
final class WsClient implements AutoCloseable {

    final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    final WebSocket socket;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    WsClient(String url) throws Exception {
        StringBuilder text = new StringBuilder();
        socket = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(url), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            received.add(text.toString());
                            text.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                        byte[] b = new byte[data.remaining()];
                        data.get(b);
                        received.add(b);
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
                        received.add("pong:" + java.nio.charset.StandardCharsets.UTF_8.decode(message));
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                        received.add("close:" + status);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        received.add(error);
                    }
                }).get(15, TimeUnit.SECONDS);
    }

    Object next() throws InterruptedException {
        Object o = received.poll(15, TimeUnit.SECONDS);
        if (o == null) {
            throw new AssertionError("nothing from the WebSocket within 15 s");
        }
        return o;
    }

    @Override
    public void close() {
        socket.abort();
        client.close();
    }
}
