package org.vae4j.core.io;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed access to the fields of one parsed JSON object, with one-line errors that name the field's
 * path from the document root ({@code model.encoder.hidden[1]}).
 *
 * <pre>{@code
 * JsonFields root = JsonFields.of(Json.parse(text));
 * JsonFields model = root.requireObject("model");
 * int latent = model.requireInt("latentDim");          // "Field 'model.latentDim' ... "
 * double lr = root.optionalDouble("learningRate", 1e-3);
 * }</pre>
 *
 * <p>The {@code require} methods throw {@link JsonException} when the field is missing, null or of
 * another type. The {@code optional} methods return the default when it is missing or null, and
 * throw when it holds another type. Integers are not silently taken from doubles: {@code 3.0} is
 * not an int. Doubles accept integers.
 */
public final class JsonFields {
    private final Map<String, Object> map;
    private final String path;

    private JsonFields(Map<String, Object> map, String path) {
        this.map = map;
        this.path = path;
    }

    /**
     * Wraps the root of a parsed document.
     *
     * @throws JsonException if the value is not a JSON object
     */
    public static JsonFields of(Object root) {
        return of(root, "");
    }

    /**
     * Wraps an object found at {@code path} (used to prefix field names in messages; empty for the
     * root).
     *
     * @throws JsonException if the value is not a JSON object
     */
    @SuppressWarnings("unchecked")
    public static JsonFields of(Object value, String path) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new JsonException(
                    (path.isEmpty() ? "The top level" : "Field '" + path + "'")
                            + " must be an object, but is "
                            + describe(value));
        }
        return new JsonFields((Map<String, Object>) m, path);
    }

    /** Returns the path of this object from the root, empty for the root itself. */
    public String path() {
        return path;
    }

    /** Returns the underlying map, keys in document order. */
    public Map<String, Object> map() {
        return Collections.unmodifiableMap(map);
    }

    /** Returns whether the field is present (even if null). */
    public boolean has(String key) {
        return map.containsKey(key);
    }

    /** Returns a string field. */
    public String requireString(String key) {
        return asString(key, require(key, "a string"));
    }

    /** Returns an integer field that fits in a long. */
    public long requireLong(String key) {
        return asLong(key, require(key, "an integer"));
    }

    /** Returns an integer field that fits in an int. */
    public int requireInt(String key) {
        return asInt(key, require(key, "an integer"));
    }

    /** Returns a number field (integer or not) as a double. */
    public double requireDouble(String key) {
        return asDouble(key, require(key, "a number"));
    }

    /** Returns a boolean field. */
    public boolean requireBoolean(String key) {
        return asBoolean(key, require(key, "a boolean"));
    }

    /** Returns an object field. */
    public JsonFields requireObject(String key) {
        return of(require(key, "an object"), child(key));
    }

    /** Returns an array field. */
    public List<Object> requireList(String key) {
        return asList(key, require(key, "an array"));
    }

    /** Returns a string field, or {@code fallback} when it is missing or null. */
    public String optionalString(String key, String fallback) {
        Object v = map.get(key);
        return v == null ? fallback : asString(key, v);
    }

    /** Returns a long field, or {@code fallback} when it is missing or null. */
    public long optionalLong(String key, long fallback) {
        Object v = map.get(key);
        return v == null ? fallback : asLong(key, v);
    }

    /** Returns an int field, or {@code fallback} when it is missing or null. */
    public int optionalInt(String key, int fallback) {
        Object v = map.get(key);
        return v == null ? fallback : asInt(key, v);
    }

    /** Returns a number field, or {@code fallback} when it is missing or null. */
    public double optionalDouble(String key, double fallback) {
        Object v = map.get(key);
        return v == null ? fallback : asDouble(key, v);
    }

    /** Returns a boolean field, or {@code fallback} when it is missing or null. */
    public boolean optionalBoolean(String key, boolean fallback) {
        Object v = map.get(key);
        return v == null ? fallback : asBoolean(key, v);
    }

    /** Returns an object field, or empty when it is missing or null. */
    public Optional<JsonFields> optionalObject(String key) {
        Object v = map.get(key);
        return v == null ? Optional.empty() : Optional.of(of(v, child(key)));
    }

    /** Returns an array field, or {@code fallback} when it is missing or null. */
    public List<Object> optionalList(String key, List<Object> fallback) {
        Object v = map.get(key);
        return v == null ? fallback : asList(key, v);
    }

    /**
     * Returns the path of a field of this object, for messages and for {@link #of(Object, String)}.
     */
    public String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private Object require(String key, String expected) {
        Object v = map.get(key);
        if (v == null) {
            throw new JsonException(
                    (map.containsKey(key)
                                    ? "Field '" + child(key) + "' is null"
                                    : "Missing field '" + child(key) + "'")
                            + "; expected "
                            + expected);
        }
        return v;
    }

    private String asString(String key, Object v) {
        if (v instanceof String s) {
            return s;
        }
        throw wrongType(key, "a string", v);
    }

    private long asLong(String key, Object v) {
        if (v instanceof Long l) {
            return l;
        }
        throw wrongType(key, "an integer", v);
    }

    private int asInt(String key, Object v) {
        long l = asLong(key, v);
        if (l != (int) l) {
            throw new JsonException(
                    "Field '"
                            + child(key)
                            + "' must be an integer from "
                            + Integer.MIN_VALUE
                            + " to "
                            + Integer.MAX_VALUE
                            + ", but is "
                            + l);
        }
        return (int) l;
    }

    private double asDouble(String key, Object v) {
        if (v instanceof Long || v instanceof Double) {
            return ((Number) v).doubleValue();
        }
        throw wrongType(key, "a number", v);
    }

    private boolean asBoolean(String key, Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        throw wrongType(key, "a boolean", v);
    }

    @SuppressWarnings("unchecked")
    private List<Object> asList(String key, Object v) {
        if (v instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw wrongType(key, "an array", v);
    }

    private JsonException wrongType(String key, String expected, Object v) {
        return new JsonException(
                "Field '" + child(key) + "' must be " + expected + ", but is " + describe(v));
    }

    /** Describes a parsed value for a message: its JSON type and, for scalars, the value. */
    static String describe(Object v) {
        if (v == null) {
            return "null";
        } else if (v instanceof String s) {
            String shown = s.length() <= 40 ? s : s.substring(0, 37) + "...";
            return "the string " + Json.quote(shown);
        } else if (v instanceof Long || v instanceof Boolean) {
            return (v instanceof Long ? "the integer " : "the boolean ") + v;
        } else if (v instanceof Double) {
            return "the number " + v;
        } else if (v instanceof Map) {
            return "an object";
        } else if (v instanceof List) {
            return "an array";
        }
        return "a " + v.getClass().getName();
    }
}
