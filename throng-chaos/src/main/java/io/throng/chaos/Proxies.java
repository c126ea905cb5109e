package io.throng.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Every proxy of a chaos server, by name. Names are unique; the listing is sorted by name (toxiproxy's
 * JSON object of proxies comes out in that order).
 */
public final class Proxies implements AutoCloseable {
    /** What a client asks for: a proxy's name, addresses, protocol, and whether it should run. */
    public record Spec(String name, String listen, String upstream, boolean enabled, Protocol protocol) {
        public Spec {
            Objects.requireNonNull(protocol, "protocol");
        }

        /** A TCP proxy, toxiproxy's only kind. */
        public Spec(String name, String listen, String upstream, boolean enabled) {
            this(name, listen, upstream, enabled, Protocol.TCP);
        }
    }

    private final TreeMap<String, Proxy> byName = new TreeMap<>();

    public synchronized List<Proxy> list() {
        return new ArrayList<>(byName.values());
    }

    public synchronized Proxy get(String name) {
        Proxy p = byName.get(name);
        if (p == null) {
            throw ChaosException.proxyNotFound();
        }
        return p;
    }

    /** Creates a proxy, started if the spec says so; 409 if the name is taken. */
    public synchronized Proxy create(Spec spec) {
        if (byName.containsKey(spec.name())) {
            throw ChaosException.proxyExists();
        }
        Proxy p = new Proxy(spec.name(), spec.listen(), spec.upstream(), spec.protocol());
        if (spec.enabled()) {
            p.start();
        }
        byName.put(spec.name(), p);
        return p;
    }

    /**
     * Creates each proxy or, when one of that name exists with other addresses, replaces it (an
     * identical one is kept with its toxics and connections), as toxiproxy's populate. Stops at the first
     * failure; what was done before it stays.
     */
    public synchronized List<Proxy> populate(List<Spec> specs, List<Proxy> done) {
        for (Spec s : specs) {
            Proxy existing = byName.get(s.name());
            if (existing != null && existing.protocol() == s.protocol()
                    && Addresses.sameListen(existing.listen(), s.listen())
                    && existing.upstream().equals(s.upstream())) {
                done.add(existing);
                continue;
            }
            if (existing != null) {
                existing.stop();
                byName.remove(s.name());
            }
            done.add(create(s));
        }
        return done;
    }

    /**
     * Applies an update request to {@code p}: new addresses restart it, {@code enabled} starts or stops it.
     * Its protocol cannot change (400): its toxics may not apply to the other one.
     */
    public synchronized void update(Proxy p, Spec spec) {
        if (spec.protocol() != p.protocol()) {
            throw new ChaosException(400, "a proxy's protocol cannot change: delete it and create it again");
        }
        p.update(spec.listen(), spec.upstream(), spec.enabled());
    }

    public synchronized void delete(String name) {
        Proxy p = get(name);
        p.stop();
        byName.remove(name);
    }

    /** Enables every proxy and removes every toxic. */
    public synchronized void reset() {
        for (Proxy p : byName.values()) {
            p.start();
            p.toxics().clear();
        }
    }

    /** Stops every proxy and forgets it. */
    @Override
    public synchronized void close() {
        for (Proxy p : byName.values()) {
            p.stop();
        }
        byName.clear();
    }
}
