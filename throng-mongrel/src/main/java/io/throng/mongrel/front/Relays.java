package io.throng.mongrel.front;

import io.throng.mongrel.wire.Control;
import io.throng.mongrel.wire.Outbound;
import io.throng.mongrel.wire.Reply;
import io.throng.net.codec.TNetstring;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relayed connections by Mongrel2 connection id, and the delivery of handler replies to them.
 * Ids are gateway-wide, as in Mongrel2: any handler may write to any connection it knows the id of
 * (that is how a broadcast releases clients that came in through other handler processes).
 */
final class Relays {

    private final Map<Long, Relay> live = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    long nextId() {
        return ids.incrementAndGet();
    }

    void add(long id, Relay relay) {
        live.put(id, relay);
    }

    void remove(long id) {
        live.remove(id);
    }

    int size() {
        return live.size();
    }

    /**
     * Runs on a handler port's receive thread (or an in-process handler's thread): writes a reply to one
     * connection at once when its socket takes it, else hands bytes to each target's writer.
     * A reply to an id that is gone earns its sender a disconnect notice, as Mongrel2 does.
     */
    void dispatch(Outbound message, Backend from) {
        switch (message) {
            case Reply r -> {
                ByteBuffer body = r.bodyView(); // no copy: the reply's frame, read-only
                // Only a reply to one connection may be written on this thread: a broadcast must not
                // wait on any one of its clients.
                boolean mayWriteNow = r.connectionIds().size() == 1;
                for (long id : r.connectionIds()) {
                    Relay relay = live.get(id);
                    // Each relay reads the body at its own pace: a broadcast gives each one its own position.
                    if (relay == null || !relay.deliver(mayWriteNow ? body : body.duplicate(), mayWriteNow)) {
                        from.disconnected(id);
                    }
                }
            }
            case Control c -> {
                if (c.name().equals("ctl") && c.args() instanceof TNetstring.Dict d && d.entries().containsKey("cancel")) {
                    for (long id : c.connectionIds()) {
                        Relay relay = live.get(id);
                        if (relay != null) {
                            relay.cancel();
                        }
                    }
                }
                // keep-alive, ctl credits (for streamed uploads, which the relay does not do) and sendfile: not implemented.
            }
        }
    }
}
