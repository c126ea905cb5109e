// Echo server in callback style on the JDK's asynchronous channels (NIO.2): the shape of Twisted's
// Protocol or Node's streams. No thread waits; each completed read or write calls the next step.
// Run: java EchoCallbacks.java [PORT]. Prints "listening PORT".
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.CountDownLatch;

void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    var listener = AsynchronousServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", port), 1024);
    IO.println("listening " + ((InetSocketAddress) listener.getLocalAddress()).getPort());
    listener.accept(null, new CompletionHandler<AsynchronousSocketChannel, Void>() {
        public void completed(AsynchronousSocketChannel client, Void unused) {
            listener.accept(null, this); // ask for the next connection before serving this one
            read(client, ByteBuffer.allocate(16 * 1024));
        }

        public void failed(Throwable e, Void unused) {
            System.err.println("accept failed: " + e);
        }
    });
    new CountDownLatch(1).await(); // the channel group's threads do the work; keep main alive
}

// Each step ends by registering the next one: the control flow lives in the callbacks, not on a stack.
void read(AsynchronousSocketChannel client, ByteBuffer buffer) {
    client.read(buffer.clear(), null, new CompletionHandler<Integer, Void>() {
        public void completed(Integer n, Void unused) {
            if (n < 0) {
                close(client);
            } else {
                write(client, buffer.flip());
            }
        }

        public void failed(Throwable e, Void unused) {
            close(client);
        }
    });
}

void write(AsynchronousSocketChannel client, ByteBuffer buffer) {
    client.write(buffer, null, new CompletionHandler<Integer, Void>() {
        public void completed(Integer n, Void unused) {
            if (buffer.hasRemaining()) {
                write(client, buffer); // a partial write: the rest, then read again
            } else {
                read(client, buffer);
            }
        }

        public void failed(Throwable e, Void unused) {
            close(client);
        }
    });
}

void close(AsynchronousSocketChannel client) {
    try {
        client.close();
    } catch (IOException e) {
        // closing a broken connection: nothing left to tell anyone
    }
}
