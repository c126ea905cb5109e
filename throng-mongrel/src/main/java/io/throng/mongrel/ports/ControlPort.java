package io.throng.mongrel.ports;

import io.throng.net.codec.TNetstring;
import io.throng.net.codec.TNetstrings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import io.throng.mongrel.zmq.SocketKind;
import io.throng.mongrel.zmq.ZmqContext;
import io.throng.mongrel.zmq.ZmqSocket;

/**
 * Client for Mongrel2's control port: a REQ socket exchanging tnetstrings, request
 * {@code [command, {args}]}, reply {@code {headers: [...], rows: [[...]]}} or {@code {code, error}}.
 * Commands include {@code uuid}, {@code info}, {@code time}, {@code status what=net|tasks},
 * {@code kill id=N}, {@code reload}, {@code stop}.
 *
 * <p>Use a {@code tcp://} control port: JeroMQ's {@code ipc://} does not interoperate with libzmq.
 * Calls are serialised by a lock, so the socket is only ever used by one thread at a time. The ZeroMQ
 * engine is the one {@code throng.zeromq} names (auto: libzmq if it loads).
 */
public final class ControlPort implements AutoCloseable {

    private final String endpoint;
    private final int timeoutMillis;
    private final ZmqContext context = ZmqContext.open(ZmqContext.Engine.configured(), 1);
    private final ReentrantLock lock = new ReentrantLock();
    private ZmqSocket socket;

    public ControlPort(String endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
    }

    /** Sends one command and returns the reply dict; throws if none arrives within the timeout. */
    public TNetstring.Dict request(String command, Map<String, TNetstring> args) {
        lock.lock();
        try {
            if (socket == null) {
                socket = context.socket(SocketKind.REQ);
                socket.receiveTimeoutMillis(timeoutMillis);
                socket.sendTimeoutMillis(timeoutMillis);
                socket.lingerMillis(0);
                // JeroMQ 0.6.0 occasionally stalls a handshake (docs/gateway.md §6): reconnect instead.
                socket.handshakeMillis(2000);
                socket.connect(endpoint);
            }
            byte[] message = TNetstrings.encode(TNetstring.ListOf.of(TNetstring.Bytes.of(command), new TNetstring.Dict(args)));
            byte[] reply = socket.send(message, 0) ? socket.receive(0) : null;
            if (reply == null) {
                // A REQ socket that missed its reply cannot send again: start over with a fresh one.
                socket.close();
                socket = null;
                throw new IllegalStateException("no reply from control port " + endpoint + " within " + timeoutMillis + " ms");
            }
            if (!(TNetstrings.decode(reply) instanceof TNetstring.Dict dict)) {
                throw new IllegalStateException("control port reply is not a dict");
            }
            return dict;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (socket != null) {
                socket.close();
                socket = null;
            }
            context.close();
        } finally {
            lock.unlock();
        }
    }
}
