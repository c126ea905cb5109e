package io.throng.net;

/**
 * How a {@link TcpServer} waits for its sockets.
 *
 * <ul>
 *   <li>{@link #NIO}: JDK channels. A busy connection's virtual thread does blocking channel I/O and the
 *       JDK's poller parks it; an idle one either keeps its thread in a read or goes cold on a selector.
 *       Runs everywhere.</li>
 *   <li>{@link #EPOLL}: raw descriptors through the Foreign Function &amp; Memory API, each registered
 *       once, edge-triggered, with one of a few epoll sets ({@code io.throng.net.epoll}). No read that
 *       only says EAGAIN, no re-arming per wait, and a cold connection costs no system call to leave
 *       or to wake. Linux on x86_64 only (the layout of {@code struct epoll_event}).</li>
 * </ul>
 *
 * <p>The default is {@link #EPOLL} on Linux x86_64 when this code may call native functions (the CLI
 * jar's manifest grants it; with {@code -cp}, {@code --enable-native-access=ALL-UNNAMED} does), else
 * {@link #NIO}; the system property {@code throng.engine} ({@code nio} or {@code epoll}) overrides it.
 */
public enum Engine {
    NIO, EPOLL;

    /** True on Linux x86_64, where the epoll engine's structure layouts hold. */
    public static boolean epollSupported() {
        return System.getProperty("os.name", "").equals("Linux")
                && System.getProperty("os.arch", "").matches("amd64|x86_64");
    }

    /** The {@code throng.engine} property if set, else {@link #EPOLL} where supported and allowed, else {@link #NIO}. */
    public static Engine byDefault() {
        String s = System.getProperty("throng.engine");
        if (s != null && !s.isBlank()) {
            Engine e = valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
            if (e == EPOLL && !epollSupported()) {
                throw new IllegalStateException("throng.engine=epoll needs Linux on x86_64");
            }
            return e;
        }
        // Without native access granted the JDK would warn on every start: quietly use NIO instead.
        return epollSupported() && Engine.class.getModule().isNativeAccessEnabled() ? EPOLL : NIO;
    }
}
