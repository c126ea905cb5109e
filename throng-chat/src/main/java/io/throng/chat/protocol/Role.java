package io.throng.chat.protocol;

import java.util.Locale;

/**
 * A user's role in a room made with {@code create}. Ranked: a role may moderate only those ranked
 * strictly below it, so moderators cannot kick each other and nobody can touch the owner. On the wire
 * the lower-case names.
 */
public enum Role {
    MEMBER, MODERATOR, OWNER;

    /** May kick, ban, mute, invite and delete messages. */
    public boolean moderates() {
        return this != MEMBER;
    }

    /** Ranked strictly above {@code other} (a missing role ranks below member). */
    public boolean outranks(Role other) {
        return other == null || compareTo(other) > 0;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role for a wire name, or {@code null}. */
    public static Role fromWire(String wire) {
        for (Role r : values()) {
            if (r.wire().equals(wire)) {
                return r;
            }
        }
        return null;
    }
}
