package io.throng.chaos;

import java.net.InetAddress;

/**
 * The clients a per-client toxic (Throng's, not toxiproxy's) is limited to: one IP address
 * ({@code 127.0.0.2}) or a network in CIDR notation ({@code 10.1.0.0/16}, {@code fd00::/8}). Written
 * back as it is parsed, with the host bits of a network cleared ({@code 10.1.2.3/16} is
 * {@code 10.1.0.0/16}, as Go's {@code net.ParseCIDR} gives the network) and a single address without
 * its {@code /32} or {@code /128}.
 */
public record ClientRange(InetAddress network, int prefix) {
    public ClientRange {
        int bits = network.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("client prefix must be between 0 and " + bits);
        }
        network = masked(network, prefix);
    }

    /** One address. */
    public static ClientRange of(InetAddress address) {
        return new ClientRange(address, address.getAddress().length * 8);
    }

    /**
     * {@code ADDRESS} or {@code ADDRESS/PREFIX}, literals only (never a name lookup); throws
     * IllegalArgumentException with the reason otherwise.
     */
    public static ClientRange parse(String text) {
        int slash = text.indexOf('/');
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(slash < 0 ? text : text.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("client must be an IP address or a network (CIDR)");
        }
        if (slash < 0) {
            return of(address);
        }
        String digits = text.substring(slash + 1);
        if (!digits.matches("[0-9]{1,3}")) {
            throw new IllegalArgumentException("client must be an IP address or a network (CIDR)");
        }
        return new ClientRange(address, Integer.parseInt(digits));
    }

    /** Whether {@code address} is in this range; an unknown address (null) or the other family is not. */
    public boolean contains(InetAddress address) {
        if (address == null || address.getAddress().length != network.getAddress().length) {
            return false;
        }
        return masked(address, prefix).equals(network);
    }

    @Override
    public String toString() {
        boolean single = prefix == network.getAddress().length * 8;
        return single ? network.getHostAddress() : network.getHostAddress() + "/" + prefix;
    }

    private static InetAddress masked(InetAddress address, int prefix) {
        byte[] b = address.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.clamp(prefix - i * 8L, 0, 8);
            b[i] &= (byte) (0xff << (8 - keep));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: 4 or 16 bytes
        }
    }
}
