package org.vae4j.core.io;

/**
 * A minimal, strict JSON (RFC 8259) parser and writer over plain Java values.
 *
 * <p>Values map to Java as follows: object to {@code Map<String, Object>} (a {@link
 * java.util.LinkedHashMap}, keys in document order), array to {@code List<Object>}, string to
 * {@link String}, {@code true}/{@code false} to {@link Boolean}, {@code null} to Java {@code null},
 * and a number to {@link Long} when it is written without fraction or exponent and fits in a long,
 * else to {@link Double} ({@code -0} too, so its sign survives).
 *
 * <p>The parser accepts nothing beyond the grammar: no trailing commas, comments, single quotes,
 * leading zeros, {@code NaN}, unescaped control characters, unpaired surrogates, duplicate keys or
 * content after the value; numbers beyond the double range are rejected too. Depth and length are
 * bounded by {@link Limits}. Errors are {@link JsonException}s naming the offset, line and column.
 *
 * <p>The writer takes maps with string keys, collections, strings, numbers, booleans and null.
 * Doubles are written with {@link Double#toString(double)}, which parses back to the same bits.
 *
 * <pre>{@code
 * Map<String, Object> config = JsonFields.of(Json.parse(text)).map();
 * String pretty = Json.writePretty(config);
 * }</pre>
 */
public final class Json {
    private Json() {}

    /**
     * Bounds on what {@link #parse(String, Limits)} accepts.
     *
     * @param maxDepth the deepest nesting of arrays and objects
     * @param maxChars the longest input, in characters
     */
    public record Limits(int maxDepth, long maxChars) {
        /** 256 levels and 100 million characters. */
        public static final Limits DEFAULT = new Limits(256, 100_000_000L);

        /** Checks that both limits are positive. */
        public Limits {
            if (maxDepth < 1 || maxChars < 1) {
                throw new IllegalArgumentException(
                        "JSON limits must be positive, but got maxDepth="
                                + maxDepth
                                + ", maxChars="
                                + maxChars);
            }
        }
    }

    /**
     * Parses one JSON value under {@link Limits#DEFAULT}.
     *
     * @throws JsonException if the text is not exactly one valid JSON value
     */
    public static Object parse(String text) {
        return parse(text, Limits.DEFAULT);
    }

    /**
     * Parses one JSON value.
     *
     * @throws JsonException if the text is not exactly one valid JSON value or exceeds the limits
     */
    public static Object parse(String text, Limits limits) {
        return new JsonParser(text, limits).parseDocument();
    }

    /**
     * Writes a value as compact JSON, without whitespace.
     *
     * @throws IllegalArgumentException naming the path of a value JSON cannot hold (NaN, infinity,
     *     an unpaired surrogate, a non-string key or an unsupported type)
     */
    public static String write(Object value) {
        return new JsonWriter(false).write(value);
    }

    /**
     * Writes a value as JSON indented by two spaces, one member or element per line.
     *
     * @throws IllegalArgumentException naming the path of a value JSON cannot hold
     */
    public static String writePretty(Object value) {
        return new JsonWriter(true).write(value);
    }
}
