package io.throng.mongrel.config;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Mongrel2 route, {@code PREFIX(PATTERN)}: the prefix is literal and found by longest-prefix lookup;
 * the optional rest, from the first {@code (}, is a reduced Lua pattern (backslash classes) that must
 * then match too. {@code /users/([0-9]+)$} matches {@code /users/42}; {@code /users()$} only {@code /users}.
 *
 * <p>Supported pattern syntax: <code>. \d \a \l &#92;u \s \w \x \p \c \z</code> and their upper-case negations,
 * {@code [set] [^set]}, quantifiers {@code * + ? -} (lazy), {@code $}, and parentheses.
 */
public record RoutePattern(String spec, String prefix, Optional<Pattern> pattern) {

    public static RoutePattern compile(String spec, String source, int line) {
        int paren = spec.indexOf('(');
        if (paren < 0) {
            return new RoutePattern(spec, spec, Optional.empty());
        }
        String prefix = spec.substring(0, paren);
        try {
            return new RoutePattern(spec, prefix,
                    Optional.of(Pattern.compile(Pattern.quote(prefix) + translate(spec.substring(paren)))));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source, line, "bad route pattern '" + spec + "': " + e.getMessage());
        }
    }

    /** True when the whole route applies to {@code path} (prefix, then pattern from the start). */
    public boolean matches(String path) {
        return path.startsWith(prefix) && pattern.map(p -> p.matcher(path).lookingAt()).orElse(true);
    }

    static String translate(String lua) {
        StringBuilder re = new StringBuilder();
        boolean inSet = false;
        for (int i = 0; i < lua.length(); i++) {
            char c = lua.charAt(i);
            if (c == '\\') {
                if (++i == lua.length()) {
                    throw new IllegalArgumentException("pattern ends with '\\'");
                }
                re.append(escapeClass(lua.charAt(i), inSet));
            } else if (inSet) {
                if (c == ']') {
                    inSet = false;
                    re.append(c);
                } else if (c == '[' || c == '&') {
                    re.append('\\').append(c);
                } else {
                    re.append(c);
                }
            } else {
                switch (c) {
                    case '[' -> {
                        inSet = true;
                        re.append('[');
                        if (i + 1 < lua.length() && lua.charAt(i + 1) == '^') {
                            re.append('^');
                            i++;
                        }
                    }
                    case '-' -> re.append(i > 0 && quantifiable(lua, i) ? "*?" : "\\-");
                    case '.', '*', '+', '?', '(', ')', '$' -> re.append(c);
                    default -> re.append(Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
                }
            }
        }
        if (inSet) {
            throw new IllegalArgumentException("unclosed '['");
        }
        try {
            Pattern.compile(re.toString());
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getDescription());
        }
        return re.toString();
    }

    private static boolean quantifiable(String lua, int i) {
        char prev = lua.charAt(i - 1);
        return prev == '.' || prev == ']' || (i >= 2 && lua.charAt(i - 2) == '\\');
    }

    private static String escapeClass(char c, boolean inSet) {
        String positive = switch (Character.toLowerCase(c)) {
            case 'a' -> "\\p{Alpha}";
            case 'c' -> "\\p{Cntrl}";
            case 'd' -> "\\d";
            case 'l' -> "\\p{Lower}";
            case 'p' -> "\\p{Punct}";
            case 's' -> "\\s";
            case 'u' -> "\\p{Upper}";
            case 'w' -> "\\p{Alnum}";
            case 'x' -> "\\p{XDigit}";
            case 'z' -> "\\x00";
            default -> null;
        };
        if (positive == null) {
            if (c == 'b' || c == 'B') {
                throw new IllegalArgumentException("balanced match \\b is not supported");
            }
            return "\\" + c; // an escaped literal
        }
        if (Character.isLowerCase(c)) {
            return positive;
        }
        return inSet ? "&&[^" + positive + "]" : "[^" + positive + "]";
    }
}
