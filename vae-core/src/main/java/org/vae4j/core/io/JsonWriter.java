package org.vae4j.core.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/** Writes plain Java values for {@link Json#write(Object)} and {@link Json#writePretty(Object)}. */
final class JsonWriter {
    /** Deeper than this a value almost certainly contains itself. */
    private static final int MAX_DEPTH = 256;

    private static final JsonFactory FACTORY =
            JsonFactory.builder()
                    .streamWriteConstraints(
                            StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .build();

    /** Two spaces per level, one member or element per line, {@code "key": value}, {@code {}}. */
    private static final DefaultPrettyPrinter PRETTY =
            new DefaultPrettyPrinter(
                            Separators.createDefaultInstance()
                                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                                    .withObjectEmptySeparator("")
                                    .withArrayEmptySeparator(""))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"));

    private JsonWriter() {}

    static String write(Object value, boolean pretty) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) {
                g.setPrettyPrinter(PRETTY.createInstance());
            }
            value(g, value);
        } catch (IOException e) { // the nesting limit; a StringWriter does not fail
            throw new IllegalArgumentException(
                    "Cannot write JSON: "
                            + Json.oneLine(e.getMessage())
                            + " (a value inside itself?)",
                    e);
        }
        return out.toString();
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(encodable(g, s));
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Number n) {
            number(g, n);
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw cannotWrite(
                            g,
                            "a map key of type "
                                    + (e.getKey() == null
                                            ? "null"
                                            : e.getKey().getClass().getName())
                                    + "; JSON object keys are strings");
                }
                g.writeFieldName(encodable(g, key));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Collection<?> list) {
            g.writeStartArray();
            for (Object element : list) {
                value(g, element);
            }
            g.writeEndArray();
        } else {
            throw cannotWrite(
                    g,
                    "a "
                            + v.getClass().getName()
                            + "; JSON takes Map, Collection, String, Number, Boolean or null");
        }
    }

    private static void number(JsonGenerator g, Number n) throws IOException {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            g.writeNumber(n.longValue());
        } else if (n instanceof BigInteger big) {
            g.writeNumber(big);
        } else if (n instanceof BigDecimal big) {
            g.writeNumber(big);
        } else if (!(n instanceof Double || n instanceof Float)) {
            throw cannotWrite(
                    g,
                    "a number of type "
                            + n.getClass().getName()
                            + "; use Long, Integer, Double, Float, BigInteger or BigDecimal");
        } else if (!Double.isFinite(n.doubleValue())) {
            throw cannotWrite(
                    g,
                    n
                            + "; JSON has no NaN or infinity, so fix the value or store it as a"
                            + " string");
        } else if (n instanceof Float f) {
            g.writeNumber(f); // Float.toString, not the float widened to a double
        } else {
            g.writeNumber(n.doubleValue());
        }
    }

    private static String encodable(JsonGenerator g, String s) {
        return Json.encodable(
                s,
                () ->
                        cannotWrite(
                                g,
                                "a string with an unpaired surrogate; it has no UTF-8 encoding"));
    }

    /** Names where the generator is as a JSON pointer ({@code /cfg/lr/1}) in a write error. */
    private static IllegalArgumentException cannotWrite(JsonGenerator g, String what) {
        JsonStreamContext c = g.getOutputContext();
        String path =
                c.inArray()
                        ? c.getParent().pathAsPointer() + "/" + c.getEntryCount()
                        : c.pathAsPointer().toString();
        return new IllegalArgumentException(
                "Cannot write JSON at " + (path.isEmpty() ? "the top level" : path) + ": " + what);
    }
}
