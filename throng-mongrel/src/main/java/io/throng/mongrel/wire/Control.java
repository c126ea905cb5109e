package io.throng.mongrel.wire;

import io.throng.net.codec.TNetstring;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An extended reply, {@code UUID SIZE:X ID ..., [name, args]}: a command to the server about the
 * connections rather than bytes for them. The body is a tnetstring list of exactly two elements.
 */
public record Control(String sender, List<Long> connectionIds, String name, TNetstring args) implements Outbound {

    public Control {
        MessageCodec.checkSender(sender);
        connectionIds = MessageCodec.checkTargets(connectionIds);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(args, "args");
    }

    /** {@code ["ctl", {"credits": n}]}: lets a streaming upload send {@code n} more bytes. */
    public static Control credits(String sender, long connectionId, long credits) {
        return ctl(sender, connectionId, "credits", new TNetstring.Int(credits));
    }

    /** {@code ["ctl", {"keep-alive": true}]}: resets the idle killer for the connection. */
    public static Control keepAlive(String sender, long connectionId) {
        return ctl(sender, connectionId, "keep-alive", new TNetstring.Bool(true));
    }

    /** {@code ["ctl", {"cancel": true}]}: drops the client without a disconnect notice. */
    public static Control cancel(String sender, long connectionId) {
        return ctl(sender, connectionId, "cancel", new TNetstring.Bool(true));
    }

    /** {@code ["sendfile", path]}: the server streams a file after the headers the handler sent. */
    public static Control sendfile(String sender, long connectionId, String path) {
        return new Control(sender, List.of(connectionId), "sendfile", TNetstring.Bytes.of(path));
    }

    private static Control ctl(String sender, long connectionId, String key, TNetstring value) {
        return new Control(sender, List.of(connectionId), "ctl", new TNetstring.Dict(Map.of(key, value)));
    }
}
