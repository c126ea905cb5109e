package peer;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * Netty's WebSocket in its usual shape: a request that asks to upgrade on {@code /echo} or {@code /broadcast}
 * switches its channel's pipeline to HttpObjectAggregator + WebSocketServerProtocolHandler (which answers the
 * handshake, pings and closes) + WebSocketFrameAggregator + the endpoint's frame handler; other requests go on
 * to the HTTP handler untouched. {@code /echo} writes every data message back; {@code /broadcast} writes it to
 * every member through a {@link ChannelGroup} (flushed at once; Netty encodes the frame per channel).
 */
final class NettyWebSocket extends ChannelInboundHandlerAdapter {
    private static final int MAX_MESSAGE = 16 * 1024 * 1024;
    private static final ChannelGroup ROOM = new DefaultChannelGroup("broadcast", GlobalEventExecutor.INSTANCE);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req
                && (req.uri().equals("/echo") || req.uri().equals("/broadcast"))
                && req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            boolean broadcast = req.uri().equals("/broadcast");
            ChannelPipeline p = ctx.pipeline();
            p.addAfter(ctx.name(), "aggregator", new HttpObjectAggregator(64 * 1024));
            p.addAfter("aggregator", "ws", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                    .websocketPath(req.uri()).maxFramePayloadLength(MAX_MESSAGE).build()));
            p.addAfter("ws", "ws-aggregator", new WebSocketFrameAggregator(MAX_MESSAGE));
            p.addAfter("ws-aggregator", "endpoint", broadcast ? new Broadcast() : ECHO);
            p.remove(Handlers.HTTP);
            p.remove(this);
        }
        ctx.fireChannelRead(msg);
    }

    private static final ChannelHandler ECHO = new Echo();

    @ChannelHandler.Sharable
    private static final class Echo extends SimpleChannelInboundHandler<WebSocketFrame> {
        Echo() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
                ctx.write(frame, ctx.voidPromise());
            } else {
                frame.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    private static final class Broadcast extends SimpleChannelInboundHandler<WebSocketFrame> {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                ROOM.add(ctx.channel());
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
                ROOM.writeAndFlush(frame.retainedDuplicate()); // the group gives each channel its own duplicate
            }
        }
    }
}
