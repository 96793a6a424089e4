package org.vae4j.core.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The recursive-descent parser behind {@link Json#parse(String, Json.Limits)}. */
final class JsonParser {
    private final String s;
    private final Json.Limits limits;
    private int pos;
    private int depth;

    JsonParser(String text, Json.Limits limits) {
        this.s = text;
        this.limits = limits;
    }

    Object parseDocument() {
        if (s.length() > limits.maxChars()) {
            throw new JsonException(
                    "Invalid JSON: the input has "
                            + s.length()
                            + " characters, more than the limit of "
                            + limits.maxChars(),
                    limits.maxChars());
        }
        Object value = parseValue();
        skipWhitespace();
        if (pos < s.length()) {
            throw error(pos, "unexpected " + describe(s.charAt(pos)) + " after the JSON value");
        }
        return value;
    }

    private Object parseValue() {
        skipWhitespace();
        if (pos >= s.length()) {
            throw error(pos, "unexpected end of input, expected a value");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{':
                return parseObject();
            case '[':
                return parseArray();
            case '"':
                return parseString();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return parseNumber();
                }
                throw error(pos, "unexpected " + describe(c) + ", expected a value");
        }
    }

    private Map<String, Object> parseObject() {
        enter();
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error(
                        pos,
                        peek() == '}'
                                ? "trailing comma before '}'"
                                : "expected a string key, found " + describeAt(pos));
            }
            int keyStart = pos;
            String key = parseString();
            if (map.containsKey(key)) {
                throw error(keyStart, "duplicate key " + JsonWriter.quote(key));
            }
            skipWhitespace();
            expect(':', "after an object key");
            map.put(key, parseValue());
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                depth--;
                return map;
            }
            if (c != ',') {
                throw error(
                        pos - 1, "expected ',' or '}' in an object, found " + describeAt(pos - 1));
            }
        }
    }

    private List<Object> parseArray() {
        enter();
        pos++;
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return list;
        }
        while (true) {
            skipWhitespace();
            if (peek() == ']') {
                throw error(pos, "trailing comma before ']'");
            }
            list.add(parseValue());
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                depth--;
                return list;
            }
            if (c != ',') {
                throw error(
                        pos - 1, "expected ',' or ']' in an array, found " + describeAt(pos - 1));
            }
        }
    }

    private String parseString() {
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        int pendingHigh = -1; // offset of a high surrogate still waiting for its low half
        while (true) {
            if (pos >= s.length()) {
                throw error(pos, "unterminated string");
            }
            int at = pos;
            char c = s.charAt(pos++);
            if (c == '"') {
                if (pendingHigh >= 0) {
                    throw error(pendingHigh, "unpaired surrogate in a string");
                }
                return sb.toString();
            }
            if (c < 0x20) {
                throw error(at, "unescaped control character " + describe(c) + " in a string");
            }
            if (c == '\\') {
                c = escape();
            }
            if (pendingHigh >= 0 && !Character.isLowSurrogate(c)) {
                throw error(pendingHigh, "unpaired surrogate in a string");
            }
            if (pendingHigh < 0 && Character.isLowSurrogate(c)) {
                throw error(at, "unpaired surrogate in a string");
            }
            pendingHigh = Character.isHighSurrogate(c) ? at : -1;
            sb.append(c);
        }
    }

    /** Decodes the escape after a backslash. */
    private char escape() {
        if (pos >= s.length()) {
            throw error(pos, "unterminated string");
        }
        char c = s.charAt(pos++);
        switch (c) {
            case '"':
            case '\\':
            case '/':
                return c;
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                int value = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = pos < s.length() ? Character.digit(s.charAt(pos), 16) : -1;
                    if (digit < 0) {
                        throw error(pos, "expected four hex digits after \\u");
                    }
                    value = value * 16 + digit;
                    pos++;
                }
                return (char) value;
            default:
                throw error(pos - 2, "invalid escape: backslash then " + describe(c));
        }
    }

    private Object parseNumber() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error(start, "leading zero in a number");
            }
        } else if (!digits()) {
            throw error(pos, "expected a digit, found " + describeAt(pos));
        }
        boolean integral = true;
        if (peek() == '.') {
            pos++;
            integral = false;
            if (!digits()) {
                throw error(pos, "expected a digit after the decimal point");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            integral = false;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!digits()) {
                throw error(pos, "expected a digit in the exponent");
            }
        }
        String text = s.substring(start, pos);
        if (integral && !text.equals("-0")) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooBig) {
                // falls through to double
            }
        }
        double d = Double.parseDouble(text);
        if (Double.isInfinite(d)) {
            throw error(start, "number " + abbreviate(text) + " is beyond the range of a double");
        }
        return d;
    }

    private boolean digits() {
        int start = pos;
        while (isDigit(peek())) {
            pos++;
        }
        return pos > start;
    }

    private Object literal(String word, Object value) {
        if (!s.startsWith(word, pos)) {
            throw error(pos, "unexpected " + describeAt(pos) + ", expected a value");
        }
        pos += word.length();
        return value;
    }

    private void enter() {
        if (++depth > limits.maxDepth()) {
            throw error(pos, "nesting deeper than " + limits.maxDepth() + " levels");
        }
    }

    private void expect(char c, String where) {
        if (peek() != c) {
            throw error(pos, "expected '" + c + "' " + where + ", found " + describeAt(pos));
        }
        pos++;
    }

    private void skipWhitespace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    /** Returns the current character, or 0 at the end (never valid where a token is expected). */
    private char peek() {
        return pos < s.length() ? s.charAt(pos) : 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private String describeAt(int at) {
        return at < s.length() ? describe(s.charAt(at)) : "the end of input";
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private static String abbreviate(String text) {
        return text.length() <= 32 ? text : text.substring(0, 29) + "...";
    }

    private JsonException error(int at, String problem) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at && i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new JsonException(
                "Invalid JSON at offset "
                        + at
                        + " (line "
                        + line
                        + ", column "
                        + (at - lineStart + 1)
                        + "): "
                        + problem,
                at);
    }
}
