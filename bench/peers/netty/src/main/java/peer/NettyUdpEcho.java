package peer;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.DatagramPacket;

/**
 * bench/udp's Netty peer: one {@code EpollDatagramChannel} (so one event-loop thread), every datagram written
 * back to its sender, flushed once per read batch (on read complete). Usage: NettyUdpEcho PORT
 */
public final class NettyUdpEcho {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Channel channel = new Bootstrap()
                    .group(group)
                    .channel(EpollDatagramChannel.class)
                    .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                            ctx.write(new DatagramPacket(packet.content().retain(), packet.sender()));
                        }

                        @Override
                        public void channelReadComplete(ChannelHandlerContext ctx) {
                            ctx.flush();
                        }

                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            // e.g. ICMP port unreachable from a client that left: UDP carries on
                        }
                    })
                    .bind("127.0.0.1", port).sync().channel();
            System.out.println("udp echo on " + port);
            channel.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }
}
