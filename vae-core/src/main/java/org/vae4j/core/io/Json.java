package org.vae4j.core.io;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Strict JSON (RFC 8259) over plain Java values, read and written by Jackson's streaming API.
 *
 * <p>Values map to Java as follows: object to {@code Map<String, Object>} (a {@link
 * java.util.LinkedHashMap}, keys in document order), array to {@code List<Object>}, string to
 * {@link String}, {@code true}/{@code false} to {@link Boolean}, {@code null} to Java {@code null},
 * and a number to {@link Long} when it is written without fraction or exponent and fits in a long,
 * else to {@link Double}.
 *
 * <p>The reader takes nothing beyond the grammar (no comments, trailing commas, single quotes,
 * leading zeros, {@code NaN} or unescaped control characters: Jackson's defaults), and also rejects
 * duplicate keys, unpaired surrogates, numbers beyond the double range and content after the value.
 * Depth and length are bounded ({@link #parse(String)}). Errors are one-line {@link JsonException}s
 * naming the line, column and character offset.
 *
 * <p>The writer takes maps with string keys, collections, strings, numbers, booleans and null, in
 * iteration order. Doubles are written with {@link Double#toString(double)}, which parses back to
 * the same bits.
 *
 * <pre>{@code
 * Map<String, Object> config = JsonFields.of(Json.parse(text)).map();
 * String pretty = Json.writePretty(config);
 * }</pre>
 */
public final class Json {
    /** The longest document, string or key {@link #parse(String)} takes, in characters. */
    static final int MAX_CHARS = 100_000_000;

    /**
     * What {@link #parse(String)} takes: 256 levels of nesting, {@link #MAX_CHARS} characters in
     * all (and in one string or key), numbers of at most 1000 characters.
     */
    static final StreamReadConstraints LIMITS = limits(256, MAX_CHARS);

    private Json() {}

    /**
     * Returns limits on nesting depth and on the characters of the document, of any one string and
     * of any one key; numbers may have at most 1000 characters.
     */
    static StreamReadConstraints limits(int maxDepth, int maxChars) {
        return StreamReadConstraints.builder()
                .maxNestingDepth(maxDepth)
                .maxDocumentLength(maxChars)
                .maxStringLength(maxChars)
                .maxNameLength(maxChars)
                .maxNumberLength(1000)
                .build();
    }

    /**
     * Parses one JSON value of at most 256 levels of nesting and 100 million characters (in all,
     * and in any one string or key), whose numbers have at most 1000 characters.
     *
     * @throws JsonException if the text is not exactly one valid JSON value
     */
    public static Object parse(String text) {
        return JsonReader.read(text, LIMITS);
    }

    /**
     * Parses one JSON value under other limits.
     *
     * @throws JsonException if the text is not exactly one valid JSON value or exceeds the limits
     */
    static Object parse(String text, StreamReadConstraints limits) {
        return JsonReader.read(text, limits);
    }

    /**
     * Writes a value as compact JSON, without whitespace.
     *
     * @throws IllegalArgumentException naming the path of a value JSON cannot hold (NaN, infinity,
     *     an unpaired surrogate, a non-string key, an unsupported type or a value inside itself)
     */
    public static String write(Object value) {
        return JsonWriter.write(value, false);
    }

    /**
     * Writes a value as JSON indented by two spaces, one member or element per line.
     *
     * @throws IllegalArgumentException naming the path of a value JSON cannot hold
     */
    public static String writePretty(Object value) {
        return JsonWriter.write(value, true);
    }

    /** Returns a string as a JSON string literal, for messages. */
    static String quote(String s) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
    }

    /** Returns {@code s}, or throws {@code failure} if it holds an unpaired surrogate. */
    static String encodable(String s, Supplier<RuntimeException> failure) {
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(s)) {
            throw failure.get();
        }
        return s;
    }

    /** Escapes control characters in a message from Jackson, so that it stays on one line. */
    static String oneLine(String message) {
        StringBuilder b = new StringBuilder(message.length());
        for (char c : message.toCharArray()) {
            b.append(Character.isISOControl(c) ? String.format("\\u%04X", (int) c) : c);
        }
        return b.toString();
    }
}
