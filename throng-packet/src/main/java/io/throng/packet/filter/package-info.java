/**
 * tcpdump's everyday filter vocabulary compiled to classic BPF ({@link io.throng.packet.filter.Filter}).
 * One pipeline, each step in one place: {@code Parser} (tokens and grammar) builds an {@code Expr} of
 * and/or/not over primitives; {@code Primitives} turns each word into tests of single fields, following
 * libpcap's meaning of the word; {@code Filter} walks the tree once with a true and a false target and
 * emits forward jumps only. {@link io.throng.packet.filter.BpfProgram#matches} runs a program in Java.
 *
 * <p>Invariants: every program ends in "keep snapLength" or "drop" and jumps only forward (the kernel's
 * verifier requires both); an expression that cannot be compiled exactly is a
 * {@link io.throng.packet.filter.FilterException}, never an approximation. Frames are assumed
 * untagged Ethernet (as libpcap assumes unless told {@code vlan}).
 */
package io.throng.packet.filter;
