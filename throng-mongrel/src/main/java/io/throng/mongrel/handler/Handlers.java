package io.throng.mongrel.handler;

/** Starts handlers on the transport their configuration names. */
public final class Handlers {

    private Handlers() {}

    /** Starts {@code handler} on {@code transport} (see {@link Transport#parse}) with default options. */
    public static RunningHandler start(String transport, Handler handler) {
        return start(Transport.parse(transport), handler, HandlerOptions.DEFAULTS);
    }

    public static RunningHandler start(Transport transport, Handler handler, HandlerOptions options) {
        return switch (transport) {
            case Transport.ZeroMq z -> new ZmqHandler(z, handler, options);
            case Transport.InProcess p -> InProcess.register(p.name(), handler, options);
        };
    }
}
