// A Throng handler as a single-file program (java -cp CLASSPATH examples/java/Echo.java REQUESTS REPLIES):
// answers every HTTP request with "METHOD PATH body-length" and echoes WebSocket messages.
import io.throng.mongrel.handler.Handlers;
import io.throng.mongrel.handler.RunningHandler;
import io.throng.mongrel.wire.HttpResponse;
import io.throng.mongrel.wire.WebSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

void main(String[] args) throws Exception {
    if (args.length != 2) {
        System.err.println("usage: Echo.java REQUESTS_ENDPOINT REPLIES_ENDPOINT");
        System.exit(2);
    }
    try (RunningHandler h = Handlers.start(args[0] + " " + args[1], (req, out) -> {
        if (req.isWebSocketHandshake()) {
            out.reply(req, WebSocket.handshakeResponse(req.bodyText()));
        } else if (req.isWebSocketFrame()) {
            out.reply(req, WebSocket.frame(WebSocket.opcode(req.webSocketFlags().orElse(0x81)), req.body()));
        } else {
            out.reply(req, HttpResponse.ok(req.method() + " " + req.path() + " " + req.bodyLength() + "\n"));
        }
    })) {
        if (!h.awaitReady(Duration.ofSeconds(30))) {
            System.err.println("no subscription from " + args[1]);
            System.exit(1);
        }
        System.out.println("ready");
        new CountDownLatch(1).await(); // serve until killed
    }
}
