package io.throng.net.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encoder and decoder for tnetstrings ({@code SIZE:DATA TYPE}), the one tnetstring and netstring parser:
 * Mongrel2's wire format (throng-mongrel) uses it, and {@link NetstringFraming} and
 * {@link TNetstringFraming} cut streams with its {@link #header}.
 *
 * <p>Decoding is all-or-nothing and never trusts a size: a SIZE has at most 9 digits and must fit in the
 * bytes that are actually there, so hostile input fails fast with a {@link MalformedFrameException} and
 * allocates nothing proportional to what it claims. Nesting is capped at {@link #MAX_DEPTH}.
 */
public final class TNetstrings {

    /** The spec's limit: SIZE is 1 to 9 digits. */
    public static final int MAX_SIZE_DIGITS = 9;

    /** Deepest list/dict nesting accepted; Mongrel2 never nests deeper than 3. */
    public static final int MAX_DEPTH = 64;

    private TNetstrings() {}

    /** A decoded value and the offset just after it, so concatenated values can be read in turn. */
    public record Parsed(TNetstring value, int next) {}

    /** Decodes exactly one value filling the whole array. */
    public static TNetstring decode(byte[] data) {
        Parsed p = parse(data, 0, data.length);
        if (p.next() != data.length) {
            throw new MalformedFrameException("trailing bytes after tnetstring", p.next());
        }
        return p.value();
    }

    /** Decodes the value that starts at {@code from}; bytes at or after {@code to} are never read. */
    public static Parsed parse(byte[] data, int from, int to) {
        if (from < 0 || to > data.length || from > to) {
            throw new IndexOutOfBoundsException("range " + from + ".." + to + " of " + data.length);
        }
        return parse(data, from, to, 0);
    }

    private static Parsed parse(byte[] data, int from, int to, int depth) {
        if (depth > MAX_DEPTH) {
            throw new MalformedFrameException("tnetstring nested deeper than " + MAX_DEPTH, from);
        }
        Span span = span(data, from, to);
        int start = span.start();
        int end = span.end();
        TNetstring value = switch (data[end]) {
            case ',' -> new TNetstring.Bytes(java.util.Arrays.copyOfRange(data, start, end));
            case '#' -> new TNetstring.Int(parseLong(data, start, end));
            case '^' -> new TNetstring.Real(parseDouble(data, start, end));
            case '!' -> parseBool(data, start, end);
            case '~' -> {
                if (end != start) {
                    throw new MalformedFrameException("null must have size 0", start);
                }
                yield TNetstring.Null.INSTANCE;
            }
            case ']' -> parseList(data, start, end, depth);
            case '}' -> parseDict(data, start, end, depth);
            default -> throw new MalformedFrameException(
                    "unknown tnetstring type '" + printable(data[end]) + "'", end);
        };
        return new Parsed(value, end + 1);
    }

    /** Where the DATA of a whole {@code SIZE:DATA TYPE} element lies: bytes {@code start..end-1}, type at {@code end}. */
    public record Span(int start, int end) {}

    /** A {@code SIZE:} prefix read: DATA would begin at {@code start} and hold {@code size} bytes. */
    public record Header(int start, long size) {}

    /**
     * Reads {@code SIZE:} at {@code from}, the one place a netstring or tnetstring size is parsed: null if
     * the bytes before {@code to} are all digits of an unfinished size (a stream must wait for more),
     * else where DATA begins and its size, which this does not check is present.
     *
     * @throws MalformedFrameException if SIZE has no digit, more than nine, or no ':' after it
     */
    public static Header header(byte[] data, int from, int to) {
        long size = 0;
        int i = from;
        while (i < to && data[i] >= '0' && data[i] <= '9') {
            if (i - from == MAX_SIZE_DIGITS) {
                throw new MalformedFrameException("size has more than " + MAX_SIZE_DIGITS + " digits", from);
            }
            size = size * 10 + (data[i] - '0');
            i++;
        }
        if (i == to) {
            return null;
        }
        if (i == from) {
            throw new MalformedFrameException("expected a size digit, found '" + printable(data[i]) + "'", i);
        }
        if (data[i] != ':') {
            throw new MalformedFrameException("expected ':' after size, found '" + printable(data[i]) + "'", i);
        }
        return new Header(i + 1, size);
    }

    /**
     * Reads {@code SIZE:} at {@code from} and checks that DATA and the type byte fit before {@code to}: the
     * element is whole in {@code data[from, to)}, so {@code end} is a valid index.
     */
    public static Span span(byte[] data, int from, int to) {
        Header h = header(data, from, to);
        if (h == null) {
            throw new MalformedFrameException(from == to ? "expected a tnetstring, found end of message"
                    : "message ends inside a size", to);
        }
        if (h.size() > (long) to - h.start() - 1) {
            throw new MalformedFrameException("size " + h.size() + " exceeds the "
                    + Math.max(0, to - h.start()) + " bytes left", from);
        }
        return new Span(h.start(), h.start() + (int) h.size());
    }

    private static long parseLong(byte[] data, int start, int end) {
        String s = ascii(data, start, end);
        if (!s.matches("-?[0-9]{1,19}")) {
            throw new MalformedFrameException("not an integer: '" + s + "'", start);
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new MalformedFrameException("integer out of 64-bit range: " + s, start, e);
        }
    }

    private static double parseDouble(byte[] data, int start, int end) {
        String s = ascii(data, start, end);
        if (!s.matches("-?(inf|nan|[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?|\\.[0-9]+([eE][-+]?[0-9]+)?)")) {
            throw new MalformedFrameException("not a float: '" + s + "'", start);
        }
        return switch (s) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan", "-nan" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    private static TNetstring.Bool parseBool(byte[] data, int start, int end) {
        return switch (ascii(data, start, end)) {
            case "true" -> new TNetstring.Bool(true);
            case "false" -> new TNetstring.Bool(false);
            default -> throw new MalformedFrameException("boolean must be 'true' or 'false'", start);
        };
    }

    private static TNetstring.ListOf parseList(byte[] data, int start, int end, int depth) {
        List<TNetstring> items = new ArrayList<>();
        int i = start;
        while (i < end) {
            Parsed p = parse(data, i, end, depth + 1);
            items.add(p.value());
            i = p.next();
        }
        return new TNetstring.ListOf(items);
    }

    private static TNetstring.Dict parseDict(byte[] data, int start, int end, int depth) {
        Map<String, TNetstring> entries = new LinkedHashMap<>();
        int i = start;
        while (i < end) {
            Parsed key = parse(data, i, end, depth + 1);
            if (!(key.value() instanceof TNetstring.Bytes k)) {
                throw new MalformedFrameException("dict key must be a string", i);
            }
            if (key.next() >= end) {
                throw new MalformedFrameException("dict key without a value", key.next());
            }
            Parsed value = parse(data, key.next(), end, depth + 1);
            String name = utf8Strict(k.unsafeArray(), i);
            if (entries.putIfAbsent(name, value.value()) != null) {
                throw new MalformedFrameException("duplicate dict key '" + name + "'", i);
            }
            i = value.next();
        }
        return new TNetstring.Dict(entries);
    }

    private static String utf8Strict(byte[] bytes, int offset) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedFrameException("dict key is not UTF-8", offset, e);
        }
    }

    private static String ascii(byte[] data, int start, int end) {
        if (end - start > 64) {
            throw new MalformedFrameException("number longer than 64 bytes", start);
        }
        return new String(data, start, end - start, StandardCharsets.US_ASCII);
    }

    private static String printable(byte b) {
        return b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff);
    }

    /** Encodes one value. */
    public static byte[] encode(TNetstring value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encode(value, out);
        return out.toByteArray();
    }

    /** Appends the encoding of one value to {@code out}. */
    public static void encode(TNetstring value, ByteArrayOutputStream out) {
        switch (value) {
            case TNetstring.Bytes b -> element(b.unsafeArray(), ',', out);
            case TNetstring.Int n -> element(ascii(Long.toString(n.value())), '#', out);
            case TNetstring.Real r -> element(ascii(formatDouble(r.value())), '^', out);
            case TNetstring.Bool b -> element(ascii(Boolean.toString(b.value())), '!', out);
            case TNetstring.Null ignored -> element(new byte[0], '~', out);
            case TNetstring.ListOf l -> {
                ByteArrayOutputStream inner = new ByteArrayOutputStream();
                l.items().forEach(item -> encode(item, inner));
                element(inner.toByteArray(), ']', out);
            }
            case TNetstring.Dict d -> {
                ByteArrayOutputStream inner = new ByteArrayOutputStream();
                d.entries().forEach((k, v) -> {
                    element(k.getBytes(StandardCharsets.UTF_8), ',', inner);
                    encode(v, inner);
                });
                element(inner.toByteArray(), '}', out);
            }
        }
    }

    /** Appends {@code SIZE:data type}: one element of raw bytes (a netstring when {@code type} is ','). */
    public static void element(byte[] data, char type, ByteArrayOutputStream out) {
        if (data.length >= 1_000_000_000) {
            throw new IllegalArgumentException("tnetstring data of " + data.length + " bytes exceeds 9 size digits");
        }
        out.writeBytes(ascii(Integer.toString(data.length)));
        out.write(':');
        out.writeBytes(data);
        out.write(type);
    }

    private static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        return Double.toString(d).replace("E", "e");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
