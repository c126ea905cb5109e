package io.throng.packet.filter;

import java.util.List;

/**
 * A classic BPF program as attached with SO_ATTACH_FILTER: it returns how many bytes of a frame to
 * keep, 0 to drop it. {@link #matches} runs it in Java, with the kernel's rule that a load past the
 * frame's end rejects it; it knows the instructions {@link Filter} emits and refuses any other.
 */
public record BpfProgram(List<BpfInstruction> instructions) {
    static final int LD = 0x00, LDX = 0x01, ALU = 0x04, JMP = 0x05, RET = 0x06;
    static final int W = 0x00, H = 0x08, B = 0x10;
    static final int ABS = 0x20, IND = 0x40, MSH = 0xa0;
    static final int AND = 0x50, JEQ = 0x10, JA = 0x00;

    public BpfProgram {
        instructions = List.copyOf(instructions);
    }

    /** Whether the program keeps {@code frame} (returns a non-zero length for it). */
    public boolean matches(byte[] frame) {
        long a = 0, x = 0;
        for (int pc = 0; pc < instructions.size(); pc++) {
            BpfInstruction i = instructions.get(pc);
            int code = i.code();
            switch (code) {
                case LD | W | ABS, LD | H | ABS, LD | B | ABS, LD | W | IND, LD | H | IND, LD | B | IND -> {
                    long at = (long) i.k() + ((code & IND) != 0 ? x : 0);
                    int size = switch (code & 0x18) { case W -> 4; case H -> 2; default -> 1; };
                    if (at < 0 || at + size > frame.length) {
                        return false;
                    }
                    a = 0;
                    for (int b = 0; b < size; b++) {
                        a = a << 8 | (frame[(int) at + b] & 0xff);
                    }
                }
                case LDX | B | MSH -> {
                    if (Integer.toUnsignedLong(i.k()) >= frame.length) {
                        return false;
                    }
                    x = 4L * (frame[i.k()] & 0xf);
                }
                case ALU | AND -> a &= Integer.toUnsignedLong(i.k());
                case JMP | JEQ -> pc += a == Integer.toUnsignedLong(i.k()) ? i.jt() : i.jf();
                case JMP | JA -> pc += i.k();
                case RET -> {
                    return i.k() != 0;
                }
                default -> throw new IllegalStateException(String.format("BPF opcode 0x%x not interpreted here", code));
            }
        }
        return false;
    }
}
