package io.throng.packet.filter;

/**
 * A filter after parsing: and, or, not over tests of one field each. Every primitive of the vocabulary
 * (host, port, tcp, ...) becomes a tree of these in {@link Primitives}, so the code generator knows only
 * four shapes.
 */
sealed interface Expr {
    record And(Expr left, Expr right) implements Expr {}

    record Or(Expr left, Expr right) implements Expr {}

    record Not(Expr inner) implements Expr {}

    /**
     * {@code (field & mask) == value}, where the field is {@code size} bytes (1, 2, 4) at {@code offset}
     * from the frame's start, or from the IPv4 payload's start when {@code afterIpv4Header} (the IPv4
     * header's length is read from the frame, as tcpdump does for ports).
     */
    record Test(int size, int offset, boolean afterIpv4Header, long mask, long value) implements Expr {}

    static Expr and(Expr... all) {
        Expr e = all[0];
        for (int i = 1; i < all.length; i++) {
            e = new And(e, all[i]);
        }
        return e;
    }

    static Expr or(Expr... all) {
        Expr e = all[0];
        for (int i = 1; i < all.length; i++) {
            e = new Or(e, all[i]);
        }
        return e;
    }
}
