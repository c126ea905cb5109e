package io.throng.load;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * Load goes only where it is meant to: loopback addresses, or hosts the user named explicitly with
 * {@code --allow-host}. A typo in a URL must not turn a benchmark into an attack on someone else.
 */
public final class TargetPolicy {
    private final Set<String> allowedHosts;

    /** A policy that allows loopback plus the given host names or literal addresses. */
    public TargetPolicy(Set<String> allowedHosts) {
        this.allowedHosts = Set.copyOf(allowedHosts);
    }

    /** Resolves the host and returns its address if the policy allows it; throws otherwise. */
    public InetAddress check(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve host " + host);
        }
        boolean named = allowedHosts.contains(host);
        for (InetAddress a : addresses) {
            if (a.isLoopbackAddress() || named || allowedHosts.contains(a.getHostAddress())) {
                return a;
            }
        }
        throw new IllegalArgumentException("refusing to load " + host + " (" + addresses[0].getHostAddress()
                + "): only loopback targets unless named with --allow-host " + host);
    }
}
