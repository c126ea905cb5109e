package io.throng.mongrel.interop;

import io.throng.mongrel.handler.Handler;
import io.throng.mongrel.handler.Responder;
import io.throng.mongrel.wire.Control;
import io.throng.mongrel.wire.Disconnect;
import io.throng.mongrel.wire.HttpResponse;
import io.throng.mongrel.wire.Request;
import io.throng.mongrel.wire.WebSocket;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;

/** The Java twin of examples/python/demo.py: echo, long-poll with broadcast release, WebSocket echo. */
final class DemoHandler implements Handler {

    final Set<Long> waiting = ConcurrentHashMap.newKeySet();
    final BlockingQueue<Request> seen = new LinkedBlockingQueue<>();
    final BlockingQueue<Long> disconnected = new LinkedBlockingQueue<>();
    final List<String> flags = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void handle(Request req, Responder out) {
        seen.add(req);
        if (req.isWebSocketHandshake()) {
            out.reply(req, WebSocket.handshakeResponse(req.bodyText()));
        } else if (req.isWebSocketFrame()) {
            flags.add(req.headers().get("FLAGS", "?"));
            int flagsByte = req.webSocketFlags().orElseThrow();
            switch (WebSocket.opcode(flagsByte)) {
                case WebSocket.OP_CLOSE -> {
                    out.reply(req, WebSocket.frame(WebSocket.OP_CLOSE, req.body()));
                    out.close(req);
                }
                case WebSocket.OP_PING -> out.reply(req, WebSocket.frame(WebSocket.OP_PONG, req.body()));
                case WebSocket.OP_PONG -> { }
                default -> out.reply(req, WebSocket.frame(WebSocket.opcode(flagsByte), req.body()));
            }
        } else if (req.path().startsWith("/cancel")) {
            out.control(Control.cancel(req.sender(), req.connectionId()));
        } else if (req.path().startsWith("/close")) {
            out.close(req);
        } else if (req.path().startsWith("/waiting")) {
            out.reply(req, HttpResponse.ok("waiting " + waiting.size()));
        } else if (req.path().startsWith("/wait")) {
            waiting.add(req.connectionId());
        } else if (req.path().startsWith("/release")) {
            List<Long> held = new ArrayList<>(waiting);
            waiting.removeAll(held);
            out.deliver(req.sender(), held, HttpResponse.ok("released"));
            out.reply(req, HttpResponse.ok("released " + held.size()));
        } else {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes((req.method() + " " + req.path() + " " + req.bodyLength() + "\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(req.body());
            out.reply(req, HttpResponse.of(200, "OK", Map.of("Content-Type", "application/octet-stream"), body.toByteArray()));
        }
    }

    @Override
    public void disconnected(Disconnect notice, Responder out) {
        waiting.remove(notice.connectionId());
        disconnected.add(notice.connectionId());
    }
}
