package io.throng.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The arguments a pre-fork master gives its workers ({@link Prefork}): its own command line, as the
 * user wrote it, so that every option reaches the workers (an option added to a command later too, and
 * those of an enclosing command such as {@code --verbose}), minus the options only a master acts on.
 * Workers run in the master's working directory, so relative paths mean the same to them.
 */
public final class WorkerArgs {
    private WorkerArgs() {}

    /**
     * {@code masterArgs} without each option named in {@code masterOnly} and its one value (written
     * {@code --workers 4} or {@code --workers=4}), every other argument in order, then {@code extra}
     * (before a {@code --} that ends the options, if there is one: what follows it is not an option).
     */
    public static List<String> of(List<String> masterArgs, Set<String> masterOnly, List<String> extra) {
        List<String> args = new ArrayList<>(masterArgs.size() + extra.size());
        int i = 0;
        for (; i < masterArgs.size() && !masterArgs.get(i).equals("--"); i++) {
            String a = masterArgs.get(i);
            int eq = a.indexOf('=');
            if (masterOnly.contains(a)) {
                i++; // and its value
            } else if (eq < 0 || !masterOnly.contains(a.substring(0, eq))) {
                args.add(a);
            }
        }
        args.addAll(extra);
        args.addAll(masterArgs.subList(i, masterArgs.size()));
        return args;
    }
}
