package io.throng.net;

import io.throng.net.epoll.Pollers;
import java.util.List;

/** Lets the epoll engine's tests, in their own package, see a server's epoll sets, which TcpServer keeps to itself. */
public final class EpollProbe {
    private EpollProbe() {}

    /** Per epoll set: whether its sub-poller is parked on the master, and how often the master woke it. */
    public static List<Pollers.SetState> sets(TcpServer server) {
        return server.epollSets();
    }
}
