package io.throng.chat.protocol;

import java.util.regex.Pattern;

/**
 * The naming rules of the protocol. Nicknames and room names are ASCII so that they cannot be
 * spoofed with look-alike characters and need no escaping anywhere; a user's inbox room is
 * {@code @} + nickname, which no public room name can be.
 */
public final class Names {
    /** A letter, then up to 23 letters, digits, {@code _} or {@code -}. */
    public static final Pattern NICK = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,23}");
    /** A lower-case letter or digit, then up to 31 lower-case letters, digits, {@code _} or {@code -}. */
    public static final Pattern ROOM = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    /** What starts an inbox room's name, and no public room's. */
    private static final String INBOX_MARK = "@";
    /** Client message ids: 1 to 64 printable ASCII characters, no space. */
    public static final Pattern CID = Pattern.compile("[\\x21-\\x7e]{1,64}");

    private Names() {
    }

    public static boolean isNick(String s) {
        return NICK.matcher(s).matches();
    }

    /** A public room name (not an inbox). */
    public static boolean isPublicRoom(String s) {
        return ROOM.matcher(s).matches();
    }

    /** A public room or an inbox room {@code @nick}. */
    public static boolean isRoom(String s) {
        return isPublicRoom(s) || isInbox(s);
    }

    public static boolean isInbox(String s) {
        return s.startsWith(INBOX_MARK) && isNick(s.substring(1));
    }

    /**
     * For a name already known to be a room ({@link #isRoom}): whether it is an inbox, by its first character
     * alone (no public room starts with it), without matching the nickname again.
     */
    public static boolean isInboxRoom(String room) {
        return room.startsWith(INBOX_MARK);
    }

    /** The inbox room of a user: direct messages to {@code nick} are stored and ordered there. */
    public static String inbox(String nick) {
        return INBOX_MARK + nick;
    }

    public static boolean isCid(String s) {
        return CID.matcher(s).matches();
    }
}
