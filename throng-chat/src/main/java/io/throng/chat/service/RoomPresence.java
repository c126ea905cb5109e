package io.throng.chat.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who is online in one room: the users present here (counted by their present sessions) and, per
 * other node, the list it last announced with when that list expires. A user is online while present
 * here or in any list not yet expired; the methods answer which users that made come or go, so the
 * room announces exactly the 0↔1 transitions of the union, and whether this node's own list changed
 * (which it then tells the other nodes). Expiry is applied only by {@link #expire}, on the room's
 * clock. Confined to the room's thread.
 */
final class RoomPresence {
    /** A change of the union: who came online and who went offline, each sorted. */
    record Diff(List<String> joined, List<String> left) {
        static final Diff NONE = new Diff(List.of(), List.of());

        boolean isEmpty() {
            return joined.isEmpty() && left.isEmpty();
        }
    }

    /** What a local arrival or departure changed: this node's own list, and the union. */
    record Step(boolean local, boolean union) {}

    private record Remote(Set<String> users, Instant expires) {}

    private final Map<String, Integer> here = new TreeMap<>();
    private final Map<String, Remote> others = new HashMap<>();

    /** A session of {@code nick} became present here. */
    Step arrive(String nick) {
        boolean first = here.merge(nick, 1, Integer::sum) == 1;
        return new Step(first, first && !elsewhere(nick));
    }

    /** A present session of {@code nick} here is no longer present. */
    Step depart(String nick) {
        Integer n = here.get(nick);
        if (n == null) {
            return new Step(false, false);
        }
        if (n > 1) {
            here.put(nick, n - 1);
            return new Step(false, false);
        }
        here.remove(nick);
        return new Step(true, !elsewhere(nick));
    }

    /**
     * Node {@code node} has exactly {@code users} present, a list good until {@code expires}; it
     * replaces that node's previous list (an empty one just forgets it).
     */
    Diff heard(String node, Collection<String> users, Instant expires) {
        Set<String> rest = online(node);
        Remote old = others.get(node);
        Set<String> before = old == null ? Set.of() : old.users();
        Set<String> now = new TreeSet<>(users);
        if (now.isEmpty()) {
            others.remove(node);
        } else {
            others.put(node, new Remote(Set.copyOf(now), expires));
        }
        List<String> joined = new ArrayList<>();
        for (String u : now) {
            if (!before.contains(u) && !rest.contains(u)) {
                joined.add(u);
            }
        }
        List<String> left = new ArrayList<>();
        for (String u : new TreeSet<>(before)) {
            if (!now.contains(u) && !rest.contains(u)) {
                left.add(u);
            }
        }
        return joined.isEmpty() && left.isEmpty() ? Diff.NONE : new Diff(List.copyOf(joined), List.copyOf(left));
    }

    /** Drops the lists expired at {@code now}; their users who are nowhere else went offline. */
    Diff expire(Instant now) {
        List<String> left = new ArrayList<>();
        for (Iterator<Map.Entry<String, Remote>> it = others.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Remote> e = it.next();
            if (e.getValue().expires().isAfter(now)) {
                continue;
            }
            it.remove();
            for (String u : e.getValue().users()) {
                if (!here.containsKey(u) && !elsewhere(u) && !left.contains(u)) {
                    left.add(u);
                }
            }
        }
        left.sort(null);
        return left.isEmpty() ? Diff.NONE : new Diff(List.of(), List.copyOf(left));
    }

    /** Everyone online, sorted: the online list a joining member gets. */
    List<String> online() {
        Set<String> all = new TreeSet<>(here.keySet());
        for (Remote r : others.values()) {
            all.addAll(r.users());
        }
        return List.copyOf(all);
    }

    /** The users present here, sorted: this node's list for the others. */
    List<String> here() {
        return List.copyOf(here.keySet());
    }

    /** Whether any other node's list is held (so the clock may expire it). */
    boolean hearsOthers() {
        return !others.isEmpty();
    }

    /** Online counting every list but {@code node}'s. */
    private Set<String> online(String node) {
        Set<String> all = new TreeSet<>(here.keySet());
        for (Map.Entry<String, Remote> e : others.entrySet()) {
            if (!e.getKey().equals(node)) {
                all.addAll(e.getValue().users());
            }
        }
        return all;
    }

    private boolean elsewhere(String nick) {
        for (Remote r : others.values()) {
            if (r.users().contains(nick)) {
                return true;
            }
        }
        return false;
    }
}
