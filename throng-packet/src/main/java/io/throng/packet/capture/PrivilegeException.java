package io.throng.packet.capture;

/** The process lacks a capability the operation needs (CAP_NET_RAW for packet sockets). */
public final class PrivilegeException extends RuntimeException {
    private final String capability;

    public PrivilegeException(String capability, String what) {
        super(what + " needs " + capability + ": run as root or grant it (setcap " + capability.toLowerCase(java.util.Locale.ROOT) + "+ep on the java binary)");
        this.capability = capability;
    }

    /** The capability's name, e.g. {@code CAP_NET_RAW}. */
    public String capability() {
        return capability;
    }
}
