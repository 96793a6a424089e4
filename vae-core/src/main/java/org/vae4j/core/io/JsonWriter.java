package org.vae4j.core.io;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The writer behind {@link Json#write(Object)} and {@link Json#writePretty(Object)}. */
final class JsonWriter {
    /** Deeper than this is almost certainly a map or list that contains itself. */
    private static final int MAX_DEPTH = 256;

    private final boolean pretty;
    private final StringBuilder out = new StringBuilder();
    private final List<Object> path = new ArrayList<>(); // keys and indexes, for error messages

    JsonWriter(boolean pretty) {
        this.pretty = pretty;
    }

    String write(Object value) {
        value(value);
        return out.toString();
    }

    private void value(Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String str) {
            string(str);
        } else if (v instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (v instanceof Number n) {
            number(n);
        } else if (v instanceof Map<?, ?> map) {
            object(map);
        } else if (v instanceof Collection<?> list) {
            array(list);
        } else {
            throw fail(
                    "cannot write a "
                            + v.getClass().getName()
                            + "; JSON takes Map, Collection, String, Number, Boolean or null");
        }
    }

    private void number(Number n) {
        if (n instanceof Long
                || n instanceof Integer
                || n instanceof Short
                || n instanceof Byte
                || n instanceof BigInteger
                || n instanceof BigDecimal) {
            out.append(n);
        } else if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw fail(
                        "cannot write "
                                + d
                                + "; JSON has no NaN or infinity, so fix the value or store it as"
                                + " a string");
            }
            out.append(n instanceof Float f ? Float.toString(f) : Double.toString(d));
        } else {
            throw fail(
                    "cannot write a number of type "
                            + n.getClass().getName()
                            + "; use Long, Integer, Double, Float, BigInteger or BigDecimal");
        }
    }

    private void object(Map<?, ?> map) {
        enter();
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw fail(
                        "cannot write a map key of type "
                                + (e.getKey() == null ? "null" : e.getKey().getClass().getName())
                                + "; JSON object keys are strings");
            }
            separator(first);
            first = false;
            path.add(key);
            string(key);
            out.append(pretty ? ": " : ":");
            value(e.getValue());
            path.remove(path.size() - 1);
        }
        close(first, '}');
    }

    private void array(Collection<?> list) {
        enter();
        out.append('[');
        int i = 0;
        for (Object element : list) {
            separator(i == 0);
            path.add(i++);
            value(element);
            path.remove(path.size() - 1);
        }
        close(i == 0, ']');
    }

    private void enter() {
        if (path.size() >= MAX_DEPTH) {
            throw fail("cannot write nesting deeper than " + MAX_DEPTH + " levels (a cycle?)");
        }
    }

    private void separator(boolean first) {
        if (!first) {
            out.append(',');
        }
        newline(path.size() + 1);
    }

    private void close(boolean empty, char bracket) {
        if (!empty) {
            newline(path.size());
        }
        out.append(bracket);
    }

    private void newline(int level) {
        if (pretty) {
            out.append('\n');
            out.append("  ".repeat(level));
        }
    }

    private void string(String str) {
        for (int i = 0; i < str.length(); i++) {
            char c = str.charAt(i);
            boolean paired =
                    Character.isHighSurrogate(c)
                            ? i + 1 < str.length() && Character.isLowSurrogate(str.charAt(i + 1))
                            : !Character.isLowSurrogate(c)
                                    || (i > 0 && Character.isHighSurrogate(str.charAt(i - 1)));
            if (!paired) {
                throw fail(
                        "cannot write a string with an unpaired surrogate at index "
                                + i
                                + "; it has no UTF-8 encoding");
            }
        }
        appendQuoted(out, str);
    }

    /** Returns a string as a JSON string literal (used in messages too). */
    static String quote(String str) {
        StringBuilder sb = new StringBuilder(str.length() + 2);
        appendQuoted(sb, str);
        return sb.toString();
    }

    private static void appendQuoted(StringBuilder sb, String str) {
        sb.append('"');
        for (int i = 0; i < str.length(); i++) {
            char c = str.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private IllegalArgumentException fail(String problem) {
        return new IllegalArgumentException(
                "JSON write failed at " + JsonFields.describePath(path) + ": " + problem);
    }
}
