package peer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.File;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Netty peer in the usual hello-world shape (epoll transport, HttpServerCodec, one handler, flush on read
 * complete): GET /plaintext and GET /json (Jackson, serialized per request), and the WebSocket endpoints
 * {@code /echo} and {@code /broadcast} ({@link NettyWebSocket}). Usage: NettyPeer PORT [--tls jdk|openssl CERT KEY]
 *
 * <p>With {@code --tls} (bench/tls) every connection starts with an {@code SslHandler}, TLS 1.3 and 1.2, from
 * the PEM chain and PKCS#8 key: {@code jdk} is the JDK's SSLEngine, {@code openssl} netty-tcnative's BoringSSL.
 */
public final class NettyPeer {
    private static final ByteBuf HELLO = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer().writeBytes("Hello, World!".getBytes(StandardCharsets.US_ASCII)));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AsciiString SERVER = AsciiString.cached("netty");
    private static final AsciiString TEXT = AsciiString.cached("text/plain");
    private static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        SslContext tls = args.length == 5 && args[1].equals("--tls") ? tls(args[2], args[3], args[4]) : null;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(EpollIoHandler.newFactory());
        try {
            EpollServers.bootstrap(group)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (tls != null) {
                                ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                            }
                            ch.pipeline().addLast(new HttpServerCodec(), new NettyWebSocket())
                                    .addLast(Handlers.HTTP, new Handler());
                        }
                    })
                    .bind("127.0.0.1", port).sync().channel().closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    private static SslContext tls(String provider, String cert, String key) throws Exception {
        SslProvider p = switch (provider) {
            case "jdk" -> SslProvider.JDK;
            case "openssl" -> SslProvider.OPENSSL; // fails here, loudly, if tcnative does not load
            default -> throw new IllegalArgumentException("--tls jdk|openssl, not " + provider);
        };
        return SslContextBuilder.forServer(new File(cert), new File(key))
                .sslProvider(p)
                .protocols("TLSv1.3", "TLSv1.2")
                .ciphers(null, SupportedCipherSuiteFilter.INSTANCE)
                .build();
    }

    private static final class Handler extends SimpleChannelInboundHandler<Object> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (!(msg instanceof HttpRequest request)) {
                return; // the empty LastHttpContent of a GET
            }
            FullHttpResponse response;
            switch (request.uri()) {
                case "/plaintext" -> response = ok(HELLO.duplicate(), TEXT);
                case "/json" -> response = ok(Unpooled.wrappedBuffer(
                        JSON.writeValueAsBytes(Map.of("message", "Hello, World!"))), APPLICATION_JSON);
                default -> {
                    response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND);
                    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, HttpHeaderValues.ZERO);
                }
            }
            if (HttpUtil.isKeepAlive(request)) {
                ctx.write(response, ctx.voidPromise());
            } else {
                ctx.write(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        private static FullHttpResponse ok(ByteBuf body, AsciiString type) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body, false);
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                    .set(HttpHeaderNames.SERVER, SERVER)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            return r;
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private NettyPeer() {}
}
