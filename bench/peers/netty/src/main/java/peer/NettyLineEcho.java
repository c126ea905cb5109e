package peer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;

/**
 * bench/line-echo's Netty peer: epoll transport, {@code LineBasedFrameDecoder} (max 1024, the line handed on
 * without its ending, as Throng's {@code LineFraming} does), and a handler that writes each line back with a
 * {@code \n} and flushes once per read (on read complete), the shape of Netty's own echo example.
 * Usage: NettyLineEcho PORT
 */
public final class NettyLineEcho {
    private static final ByteBuf NEWLINE = Unpooled.unreleasableBuffer(Unpooled.directBuffer(1).writeByte('\n'));
    private static final ChannelHandler ECHO = new Echo();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(EpollIoHandler.newFactory());
        try {
            Channel server = EpollServers.bootstrap(group)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new LineBasedFrameDecoder(1024), ECHO);
                        }
                    })
                    .bind("127.0.0.1", port).sync().channel();
            System.out.println("line echo on 127.0.0.1:" + port);
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    @ChannelHandler.Sharable
    private static final class Echo extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
            ctx.write(line.retain());
            ctx.write(NEWLINE.duplicate());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a line over 1024 bytes (TooLongFrameException) or a reset: the connection ends
        }
    }
}
