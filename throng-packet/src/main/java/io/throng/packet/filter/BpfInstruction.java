package io.throng.packet.filter;

/** One classic BPF instruction, {@code struct sock_filter}: opcode, jump-if-true and jump-if-false offsets, constant. */
public record BpfInstruction(int code, int jt, int jf, int k) {
    public BpfInstruction {
        if (code < 0 || code > 0xffff || jt < 0 || jt > 255 || jf < 0 || jf > 255) {
            throw new IllegalArgumentException("not a BPF instruction: " + code + " " + jt + " " + jf);
        }
    }

    @Override
    public String toString() {
        // tcpdump -dd's notation, so a program can be read next to tcpdump's
        return String.format("{ 0x%x, %d, %d, 0x%08x }", code, jt, jf, k);
    }
}
