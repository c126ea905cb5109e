package io.throng.packet.filter;

import io.throng.packet.filter.Primitives.Dir;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive descent over tcpdump's everyday grammar: {@code or} binds loosest, then {@code and}, then
 * {@code not}; parentheses group; {@code &&}, {@code ||}, {@code !} are synonyms. A primitive is
 * {@code [proto] [src|dst] [host|net|port] value} or a protocol alone; a value without a type is a
 * host, as in libpcap. libpcap's carrying of the previous qualifiers to a bare value after
 * {@code and}/{@code or} ({@code tcp port 80 or 443}) is not supported: a bare value is always a host
 * here, so that example is an error (443 is not an address), never a guess.
 */
final class Parser {
    private record Token(String text, int at) {}

    private static final Set<String> PROTOCOLS = Set.of("ip", "ip6", "arp", "tcp", "udp", "icmp", "icmp6");

    private final List<Token> tokens;
    private int next;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static Expr parse(String expression) {
        Parser p = new Parser(lex(expression));
        Expr e = p.or();
        if (p.next < p.tokens.size()) {
            throw new FilterException("unexpected '" + p.peek().text + "'", p.peek().at);
        }
        return e;
    }

    private static List<Token> lex(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == '!') {
                out.add(new Token(String.valueOf(c), i++));
            } else if ((c == '&' || c == '|') && i + 1 < s.length() && s.charAt(i + 1) == c) {
                out.add(new Token(s.substring(i, i + 2), i));
                i += 2;
            } else if (isWordChar(c)) {
                int start = i;
                while (i < s.length() && isWordChar(s.charAt(i))) {
                    i++;
                }
                out.add(new Token(s.substring(start, i), start));
            } else {
                throw new FilterException("unexpected character '" + c + "'", i);
            }
        }
        return out;
    }

    private static boolean isWordChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == ':' || c == '/' || c == '-' || c == '_');
    }

    private Expr or() {
        Expr e = and();
        while (accept("or") || accept("||")) {
            e = new Expr.Or(e, and());
        }
        return e;
    }

    private Expr and() {
        Expr e = unary();
        while (accept("and") || accept("&&")) {
            e = new Expr.And(e, unary());
        }
        return e;
    }

    private Expr unary() {
        if (accept("not") || accept("!")) {
            return new Expr.Not(unary());
        }
        if (accept("(")) {
            Expr e = or();
            expect(")");
            return e;
        }
        return primitive();
    }

    private Expr primitive() {
        Token start = peek();
        String proto = PROTOCOLS.contains(start.text) ? take().text : null;
        Dir dir = accept("src") ? Dir.SRC : accept("dst") ? Dir.DST : Dir.EITHER;
        String type = next < tokens.size() && Set.of("host", "net", "port").contains(peek().text) ? take().text : null;
        if (proto != null && dir == Dir.EITHER && type == null) {
            return switch (proto) {
                case "ip" -> Primitives.etherType(Primitives.ETHERTYPE_IP);
                case "ip6" -> Primitives.etherType(Primitives.ETHERTYPE_IP6);
                case "arp" -> Primitives.etherType(Primitives.ETHERTYPE_ARP);
                case "tcp" -> Primitives.protocol(Primitives.TCP);
                case "udp" -> Primitives.protocol(Primitives.UDP);
                case "icmp" -> Primitives.ipProtocol(Primitives.ICMP);
                default -> Primitives.ip6Protocol(Primitives.ICMP6);
            };
        }
        Token value = take();
        if (type == null) {
            type = "host"; // tcpdump's default: "src 10.0.0.1", or a bare address
        }
        if (type.equals("port")) {
            if (proto != null && !proto.equals("tcp") && !proto.equals("udp")) {
                throw new FilterException("'" + proto + "' cannot qualify port", start.at);
            }
            int[] protocols = proto == null ? new int[] {Primitives.TCP, Primitives.UDP, Primitives.SCTP}
                    : new int[] {proto.equals("tcp") ? Primitives.TCP : Primitives.UDP};
            return Primitives.port(protocols, dir, port(value));
        }
        if (proto != null && !proto.equals("ip") && !proto.equals("ip6") && !proto.equals("arp")) {
            throw new FilterException("'" + proto + "' cannot qualify " + type, start.at);
        }
        String text = value.text;
        int slash = text.indexOf('/');
        InetAddress address = address(slash < 0 ? text : text.substring(0, slash), value);
        int bits = address instanceof Inet4Address ? 32 : 128;
        int prefix = bits;
        if (slash >= 0) {
            if (type.equals("host")) {
                throw new FilterException("a host has no prefix length; use net", value.at);
            }
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new FilterException("prefix length out of range: " + text, value.at);
            }
        }
        if (type.equals("net") && !hostBitsClear(address.getAddress(), prefix)) {
            throw new FilterException("non-network bits set in " + text, value.at);
        }
        boolean v4 = bits == 32;
        if (proto != null && (proto.equals("ip6") == v4)) {
            throw new FilterException("'" + proto + "' with an IPv" + (v4 ? "4" : "6") + " address", value.at);
        }
        return Primitives.address(proto, dir, address, prefix);
    }

    private static boolean hostBitsClear(byte[] a, int prefix) {
        for (int bit = prefix; bit < a.length * 8; bit++) {
            if ((a[bit / 8] & (0x80 >> (bit % 8))) != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress address(String text, Token at) {
        try {
            if (!text.contains(":") && !text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                throw new IllegalArgumentException(); // ofLiteral takes "443" as 0.0.1.187; tcpdump's dotted quads only
            }
            return InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            throw new FilterException("not an IPv4 or IPv6 address: '" + text + "' (host names are not resolved)", at.at);
        }
    }

    private static int port(Token t) {
        try {
            int p = Integer.parseInt(t.text);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error
        }
        throw new FilterException("not a port number: '" + t.text + "' (service names are not looked up)", t.at);
    }

    private boolean accept(String word) {
        if (next < tokens.size() && tokens.get(next).text.equals(word)) {
            next++;
            return true;
        }
        return false;
    }

    private void expect(String word) {
        if (!accept(word)) {
            throw next < tokens.size() ? new FilterException("expected '" + word + "', found '" + peek().text + "'", peek().at)
                    : new FilterException("expected '" + word + "' at the end", -1);
        }
    }

    private Token peek() {
        if (next >= tokens.size()) {
            throw new FilterException("filter ends too early", -1);
        }
        return tokens.get(next);
    }

    private Token take() {
        Token t = peek();
        next++;
        return t;
    }
}
