package io.throng.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.UnaryOperator;

/**
 * A proxy's toxics, in the order they were added. Readers (every connection's pipes, on every chunk)
 * take the current list without a lock; a change replaces the list and then kicks every connection, so
 * a pipe waiting because of a toxic (partition, timeout, a rate of 0) looks again at once.
 */
final class ToxicChain {
    private volatile List<NamedToxic> toxics = List.of();
    private final Set<ProxiedConnection> links = new CopyOnWriteArraySet<>();

    /** The toxics now, upstream ones first then downstream ones (toxiproxy's listing order). */
    List<NamedToxic> list() {
        List<NamedToxic> all = new ArrayList<>(toxics.size());
        for (Direction d : Direction.values()) {
            for (NamedToxic t : toxics) {
                if (t.stream() == d) {
                    all.add(t);
                }
            }
        }
        return all;
    }

    /** The toxics in the order added, for the pipes. */
    List<NamedToxic> current() {
        return toxics;
    }

    NamedToxic get(String name) {
        for (NamedToxic t : toxics) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw ChaosException.toxicNotFound();
    }

    synchronized NamedToxic add(NamedToxic toxic) {
        for (NamedToxic t : toxics) {
            if (t.name().equals(toxic.name())) {
                throw ChaosException.toxicExists();
            }
        }
        List<NamedToxic> next = new ArrayList<>(toxics);
        next.add(toxic);
        replace(next);
        return toxic;
    }

    /** Replaces the named toxic by {@code change} applied to it, in place. */
    synchronized NamedToxic update(String name, UnaryOperator<NamedToxic> change) {
        List<NamedToxic> next = new ArrayList<>(toxics);
        for (int i = 0; i < next.size(); i++) {
            if (next.get(i).name().equals(name)) {
                NamedToxic updated = change.apply(next.get(i));
                next.set(i, updated);
                replace(next);
                return updated;
            }
        }
        throw ChaosException.toxicNotFound();
    }

    synchronized void remove(String name) {
        List<NamedToxic> next = new ArrayList<>(toxics);
        if (!next.removeIf(t -> t.name().equals(name))) {
            throw ChaosException.toxicNotFound();
        }
        replace(next);
    }

    synchronized void clear() {
        replace(List.of());
    }

    void attach(ProxiedConnection link) {
        links.add(link);
    }

    void detach(ProxiedConnection link) {
        links.remove(link);
    }

    private void replace(List<NamedToxic> next) {
        toxics = List.copyOf(next);
        for (ProxiedConnection l : links) {
            l.kick();
        }
    }
}
