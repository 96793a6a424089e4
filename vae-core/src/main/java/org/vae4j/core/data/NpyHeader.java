package org.vae4j.core.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a {@code .npy} file: a Python dict literal such as {@code {'descr': '<f4',
 * 'fortran_order': False, 'shape': (60000, 28, 28), }}, parsed without trusting it. Values may be
 * strings, {@code True}, {@code False}, integers and tuples of integers; the three keys NumPy
 * writes are required.
 *
 * @param descr the element type as NumPy names it, such as {@code <f4}
 * @param fortranOrder whether the elements are stored column-major
 * @param shape the dimensions
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {
    private static final String FIX = "Save the array with numpy.save";

    NpyHeader {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * Parses a header's text.
     *
     * @throws DataFormatException if it is not a dict literal with the three keys and their types
     */
    static NpyHeader parse(Path file, String text) {
        Map<String, Object> dict = new Parser(file, text).dict();
        return new NpyHeader(
                get(file, dict, "descr", String.class),
                get(file, dict, "fortran_order", Boolean.class),
                get(file, dict, "shape", long[].class));
    }

    private static <T> T get(Path file, Map<String, Object> dict, String key, Class<T> type) {
        Object v = dict.get(key);
        if (!type.isInstance(v)) {
            throw new DataFormatException(
                    file,
                    "the header "
                            + (v == null
                                    ? "has no '" + key + "'"
                                    : "has a malformed '" + key + "'"),
                    FIX);
        }
        return type.cast(v);
    }

    /** A recursive-descent parser of the dict literal. */
    private static final class Parser {
        private final Path file;
        private final String text;
        private int pos;

        Parser(Path file, String text) {
            this.file = file;
            this.text = text;
        }

        Map<String, Object> dict() {
            Map<String, Object> dict = new HashMap<>();
            expect('{');
            while (peek() != '}') {
                String key = string();
                expect(':');
                dict.put(key, value());
                if (peek() != '}') {
                    expect(',');
                }
            }
            expect('}');
            if (peek() != 0) {
                throw malformed("text after the closing '}'");
            }
            return dict;
        }

        private Object value() {
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(') {
                return tuple();
            }
            if (text.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            return integer();
        }

        private long[] tuple() {
            expect('(');
            List<Long> items = new ArrayList<>();
            while (peek() != ')') {
                items.add(integer());
                if (peek() != ')') {
                    expect(',');
                }
            }
            expect(')');
            return items.stream().mapToLong(Long::longValue).toArray();
        }

        private long integer() {
            peek();
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            // Python writes a long as 60000L in old headers.
            String digits = text.substring(start, pos);
            if (pos < text.length() && text.charAt(pos) == 'L') {
                pos++;
            }
            if (digits.isEmpty() || digits.length() > 18) {
                throw malformed("expected a non-negative integer");
            }
            return Long.parseLong(digits);
        }

        private String string() {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw malformed("expected a quoted key");
            }
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw malformed("a string is not closed");
            }
            String s = text.substring(pos + 1, end);
            pos = end + 1;
            return s;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw malformed("expected '" + c + "'");
            }
            pos++;
        }

        /** Skips white space; returns the next character, or 0 at the end. */
        private char peek() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            return pos < text.length() ? text.charAt(pos) : 0;
        }

        private DataFormatException malformed(String what) {
            return new DataFormatException(
                    file,
                    "the header is not a Python dict literal: "
                            + what
                            + " at character "
                            + (pos + 1),
                    FIX);
        }
    }
}
