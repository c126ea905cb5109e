package io.throng.packet.filter;

import io.throng.packet.filter.Expr.And;
import io.throng.packet.filter.Expr.Not;
import io.throng.packet.filter.Expr.Or;
import io.throng.packet.filter.Expr.Test;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a filter in tcpdump's everyday vocabulary to classic BPF for Ethernet frames:
 * {@code host}, {@code src host}, {@code dst host}, {@code net A/N}, {@code port}, {@code src port},
 * {@code dst port}, {@code tcp}, {@code udp}, {@code icmp}, {@code icmp6}, {@code arp}, {@code ip},
 * {@code ip6}, with {@code and}/{@code or}/{@code not} ({@code && || !}) and parentheses; IPv4 and IPv6
 * addresses. Semantics follow libpcap's (see {@link Primitives}); the tests hold the two side by side on
 * the same traffic.
 *
 * <p>The code is the expression tree walked once with a true and a false target per node ({@code a and
 * b}: a's true target is b, its false target the whole's false target), so every jump goes forward and
 * the program ends in two returns: keep {@code snapLength} bytes, or drop. No optimizer: a repeated
 * load costs the kernel a few nanoseconds; an optimizer bug would cost a wrong capture.
 */
public final class Filter {
    /** Linux's BPF_MAXINSNS. */
    static final int MAX_INSTRUCTIONS = 4096;

    private final List<BpfInstruction> code = new ArrayList<>();
    /** Jumps whose targets are labels not yet placed: the instruction at {@code at} becomes {@code jeq #value}. */
    private record Jump(int at, int yes, int no, long value) {}

    private final List<Jump> pending = new ArrayList<>();
    private final List<Integer> labels = new ArrayList<>();

    private Filter() {}

    /** The program for {@code expression}; blank keeps every frame. Frames are kept whole up to {@code snapLength} bytes. */
    public static BpfProgram compile(String expression, int snapLength) {
        Filter f = new Filter();
        int keep = f.label(), drop = f.label();
        if (!expression.isBlank()) {
            f.emit(Parser.parse(expression), keep, drop);
        }
        f.place(keep);
        f.code.add(new BpfInstruction(BpfProgram.RET, 0, 0, snapLength));
        f.place(drop);
        f.code.add(new BpfInstruction(BpfProgram.RET, 0, 0, 0));
        return new BpfProgram(f.resolve());
    }

    private void emit(Expr e, int yes, int no) {
        switch (e) {
            case And(Expr l, Expr r) -> {
                int right = label();
                emit(l, right, no);
                place(right);
                emit(r, yes, no);
            }
            case Or(Expr l, Expr r) -> {
                int right = label();
                emit(l, yes, right);
                place(right);
                emit(r, yes, no);
            }
            case Not(Expr inner) -> emit(inner, no, yes);
            case Test t -> {
                int size = switch (t.size()) { case 4 -> BpfProgram.W; case 2 -> BpfProgram.H; default -> BpfProgram.B; };
                if (t.afterIpv4Header()) {
                    code.add(new BpfInstruction(BpfProgram.LDX | BpfProgram.B | BpfProgram.MSH, 0, 0, 14)); // X = 4 * (frame[14] & 0xf)
                    code.add(new BpfInstruction(BpfProgram.LD | size | BpfProgram.IND, 0, 0, 14 + t.offset()));
                } else {
                    code.add(new BpfInstruction(BpfProgram.LD | size | BpfProgram.ABS, 0, 0, t.offset()));
                }
                long full = t.size() == 4 ? 0xffffffffL : (1L << (8 * t.size())) - 1;
                if (t.mask() != full) {
                    code.add(new BpfInstruction(BpfProgram.ALU | BpfProgram.AND, 0, 0, (int) t.mask()));
                }
                pending.add(new Jump(code.size(), yes, no, t.value()));
                code.add(null); // the jump, filled in by resolve() once the targets are placed
            }
            default -> throw new AssertionError(e);
        }
        if (code.size() > MAX_INSTRUCTIONS) {
            throw new FilterException("filter too long for the kernel (" + MAX_INSTRUCTIONS + " instructions)", -1);
        }
    }

    private int label() {
        labels.add(-1);
        return labels.size() - 1;
    }

    private void place(int label) {
        labels.set(label, code.size());
    }

    private List<BpfInstruction> resolve() {
        for (Jump j : pending) {
            int at = j.at(), jt = labels.get(j.yes()) - at - 1, jf = labels.get(j.no()) - at - 1;
            if (jt > 255 || jf > 255) {
                throw new FilterException("filter too long: a jump spans more than 255 instructions", -1);
            }
            code.set(at, new BpfInstruction(BpfProgram.JMP | BpfProgram.JEQ, jt, jf, (int) j.value()));
        }
        return code;
    }
}
