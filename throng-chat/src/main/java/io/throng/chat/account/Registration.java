package io.throng.chat.account;

import java.util.Locale;

/** Who may create an account through {@code POST /api/register}; {@code throng chat admin create} always may. */
public enum Registration {
    /** Anyone who reaches the page. */
    OPEN,
    /** Only with a single-use invite ({@code throng chat admin invite}). */
    INVITE,
    /** Nobody: the operator creates accounts. */
    CLOSED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
