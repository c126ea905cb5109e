package io.throng.packet.probe;

import io.throng.packet.IcmpMessage;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;

/** The words iputils' ping and traceroute print for ICMP errors and round-trip times. */
final class Messages {
    private Messages() {}

    /** An error as ping words it after {@code From ADDR icmp_seq=N}. */
    static String describe(IcmpMessage m) {
        if (m.v6()) {
            return switch (m.type()) {
                case 1 -> "Destination unreachable: " + switch (m.code()) {
                    case 0 -> "No route";
                    case 1 -> "Administratively prohibited";
                    case 2 -> "Beyond scope of source address";
                    case 3 -> "Address unreachable";
                    case 4 -> "Port unreachable";
                    default -> "Unknown code " + m.code();
                };
                case 2 -> "Packet too big";
                case 3 -> m.code() == 0 ? "Time exceeded: Hop limit" : "Time exceeded: Defragmentation failure";
                case 4 -> "Parameter problem: code " + m.code();
                default -> "ICMPv6 type " + m.type() + " code " + m.code();
            };
        }
        return switch (m.type()) {
            case 3 -> switch (m.code()) {
                case 0 -> "Destination Net Unreachable";
                case 1 -> "Destination Host Unreachable";
                case 2 -> "Destination Protocol Unreachable";
                case 3 -> "Destination Port Unreachable";
                case 4 -> "Frag needed and DF set";
                case 5 -> "Source Route Failed";
                case 9, 10 -> "Destination " + (m.code() == 9 ? "Net" : "Host") + " Prohibited";
                case 13 -> "Communication prohibited by filter";
                default -> "Dest Unreachable, Bad Code: " + m.code();
            };
            case 11 -> m.code() == 0 ? "Time to live exceeded" : "Frag reassembly time exceeded";
            case 12 -> "Parameter problem: pointer = " + (m.id() >> 8);
            default -> "ICMP type " + m.type() + " code " + m.code();
        };
    }

    /** traceroute's mark after an answer that is not "time exceeded" or "port unreachable" (empty for those). */
    static String traceMark(IcmpMessage m) {
        if (m.kind() != IcmpMessage.Kind.UNREACHABLE) {
            return "";
        }
        int code = m.code();
        if (m.v6()) {
            return switch (code) {
                case 4 -> "";
                case 0 -> " !N";
                case 1 -> " !X";
                case 3 -> " !H";
                default -> " !<" + code + ">";
            };
        }
        return switch (code) {
            case 3 -> "";
            case 0 -> " !N";
            case 1 -> " !H";
            case 2 -> " !P";
            case 4 -> " !F";
            case 9, 10, 13 -> " !X";
            default -> " !<" + code + ">";
        };
    }

    /** An address as ping and traceroute print it: IPv6 in RFC 5952's short form (the longest run of zero groups as {@code ::}). */
    static String address(InetAddress a) {
        String full = a.getHostAddress();
        if (!(a instanceof Inet6Address)) {
            return full;
        }
        int percent = full.indexOf('%');
        String scope = percent < 0 ? "" : full.substring(percent);
        String[] groups = (percent < 0 ? full : full.substring(0, percent)).split(":");
        int bestStart = -1, bestLength = 1;
        for (int i = 0; i < groups.length; ) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        if (bestStart < 0) {
            return String.join(":", groups) + scope;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail + scope;
    }

    /** A round trip in milliseconds with ping's precision: three decimals below 1 ms, fewer above, none from 100 ms. */
    static String millis(long nanos) {
        double ms = nanos / 1e6;
        int decimals = ms < 1 ? 3 : ms < 10 ? 2 : ms < 100 ? 1 : 0;
        return String.format(Locale.ROOT, "%." + decimals + "f", ms);
    }
}
