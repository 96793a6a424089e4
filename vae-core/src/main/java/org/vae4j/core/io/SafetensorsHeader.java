package org.vae4j.core.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;

/**
 * The validated JSON header of a safetensors file: every entry is well formed, its offsets match
 * its dtype and shape, and together the tensors cover the data buffer exactly once.
 */
final class SafetensorsHeader {
    /** The largest Java array a JVM reliably allocates. */
    private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    private static final String CORRUPT = "The file is corrupt or not a safetensors file";
    private static final List<Object> FIELDS = List.of("dtype", "shape", "data_offsets");

    /** A valid header nests three deep: an object of tensors, each with a shape array. */
    private static final int MAX_DEPTH = 16;

    /** One tensor's entry; {@code begin} and {@code end} are offsets into the data buffer. */
    record Entry(String name, DType dtype, Shape shape, long begin, long end) {}

    private final String source;
    private final List<Entry> entries = new ArrayList<>();
    private Map<String, String> metadata = new LinkedHashMap<>();

    private SafetensorsHeader(String source) {
        this.source = source;
    }

    /**
     * Decodes and validates a header for a data buffer of {@code bufferLength} bytes.
     *
     * @param source names the file in messages
     * @throws CheckpointException on the first problem found
     */
    static SafetensorsHeader parse(String source, ByteBuffer bytes, long bufferLength) {
        SafetensorsHeader header = new SafetensorsHeader(source);
        for (Map.Entry<String, Object> e : json(source, bytes).entrySet()) {
            if (e.getKey().equals(Safetensors.METADATA_KEY)) {
                header.metadata = header.metadata(e.getValue());
            } else {
                header.entries.add(header.entry(e.getKey(), e.getValue(), bufferLength));
            }
        }
        header.checkTiling(bufferLength);
        return header;
    }

    /** Returns the tensor entries in header order. */
    List<Entry> entries() {
        return entries;
    }

    /** Returns the {@code __metadata__} strings, empty if there are none. */
    Map<String, String> metadata() {
        return metadata;
    }

    /** Returns the one-line exception {@code "<source>: <problem>. <fix>"}. */
    static CheckpointException fail(String source, String problem, String fix) {
        return new CheckpointException(source + ": " + problem + ". " + fix);
    }

    private static Map<String, Object> json(String source, ByteBuffer bytes) {
        String text;
        try {
            text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(bytes)
                            .toString();
        } catch (CharacterCodingException e) {
            throw fail(source, "the header is not valid UTF-8", CORRUPT);
        }
        Object json;
        try {
            json = Json.parse(text, Json.limits(MAX_DEPTH, text.length()));
        } catch (JsonException e) {
            throw fail(source, "the header is not valid JSON: " + e.getMessage(), CORRUPT);
        }
        if (!(json instanceof Map)) {
            throw fail(
                    source,
                    "the header is " + JsonFields.describe(json) + ", not a JSON object",
                    CORRUPT);
        }
        return JsonFields.of(json).map();
    }

    private Map<String, String> metadata(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw fail(
                    source,
                    "the "
                            + Safetensors.METADATA_KEY
                            + " entry is "
                            + JsonFields.describe(value)
                            + ", not an object of strings",
                    CORRUPT);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw fail(
                        source,
                        "metadata entry "
                                + Json.quote(brief(e.getKey()))
                                + " is "
                                + JsonFields.describe(e.getValue())
                                + ", but metadata values must be strings",
                        CORRUPT);
            }
            metadata.put((String) e.getKey(), s);
        }
        return metadata;
    }

    /** Validates one tensor's header entry against its own numbers and the buffer length. */
    private Entry entry(String name, Object value, long bufferLength) {
        String label = "tensor " + Json.quote(brief(name));
        if (!(value instanceof Map<?, ?> info)) {
            throw fail(
                    source,
                    label + " is " + JsonFields.describe(value) + ", not an object",
                    CORRUPT);
        }
        for (Object key : info.keySet()) {
            if (!FIELDS.contains(key)) {
                throw fail(
                        source,
                        label
                                + " has an unknown field "
                                + Json.quote(brief((String) key))
                                + "; expected dtype, shape and data_offsets",
                        CORRUPT);
            }
        }
        if (!(field(info, "dtype", label) instanceof String dtypeName)) {
            throw fail(source, label + " has a dtype that is not a string", CORRUPT);
        }
        if (!(field(info, "shape", label) instanceof List<?> shapeList)) {
            throw fail(source, label + " has a shape that is not an array", CORRUPT);
        }
        if (!(field(info, "data_offsets", label) instanceof List<?> offsets)) {
            throw fail(source, label + " has data_offsets that are not an array", CORRUPT);
        }
        DType dtype = dtype(label, dtypeName);
        int[] dims = new int[shapeList.size()];
        long nbytes = dtype.byteSize();
        for (int i = 0; i < dims.length; i++) {
            Object d = shapeList.get(i);
            if (!(d instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
                throw fail(
                        source,
                        label
                                + " has "
                                + JsonFields.describe(d)
                                + " at axis "
                                + i
                                + " of its shape; dimensions are integers from 0 to "
                                + Integer.MAX_VALUE,
                        CORRUPT);
            }
            dims[i] = (int) (long) l;
        }
        for (int d : dims) {
            if (d == 0) {
                nbytes = 0;
            } else if (nbytes > 0 && d > Long.MAX_VALUE / nbytes) {
                throw fail(
                        source,
                        label + " has shape " + brief(shapeList) + ", whose size overflows a long",
                        CORRUPT);
            } else {
                nbytes *= d;
            }
        }
        if (offsets.size() != 2
                || !(offsets.get(0) instanceof Long begin)
                || !(offsets.get(1) instanceof Long end)
                || begin < 0) {
            throw fail(
                    source,
                    label
                            + " has data_offsets "
                            + brief(offsets)
                            + "; expected two non-negative integers [begin, end]",
                    CORRUPT);
        }
        String what = label + " (" + dtypeName + " " + brief(shapeList) + ")";
        String span = "data_offsets [" + begin + ", " + end + "]";
        if (end < begin) {
            throw fail(source, what + " has " + span + " that end before they begin", CORRUPT);
        }
        if (end - begin != nbytes) {
            throw fail(
                    source,
                    what
                            + " needs "
                            + nbytes
                            + " bytes, but its "
                            + span
                            + " span "
                            + (end - begin),
                    CORRUPT);
        }
        if (end > bufferLength) {
            throw fail(
                    source,
                    what + " has " + span + " beyond the " + bufferLength + "-byte data buffer",
                    "The file is truncated or corrupt");
        }
        if (nbytes > MAX_ARRAY_BYTES) {
            throw fail(
                    source,
                    what + " holds " + nbytes + " bytes, more than one Java array can hold",
                    "Split the tensor into smaller ones");
        }
        return new Entry(name, dtype, Shape.of(dims), begin, end);
    }

    private Object field(Map<?, ?> info, String key, String label) {
        Object v = info.get(key);
        if (v == null) {
            throw fail(source, label + " has no " + key, CORRUPT);
        }
        return v;
    }

    /** Shortens a value from the file for a message. */
    private static String brief(Object value) {
        String text = String.valueOf(value);
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    private DType dtype(String label, String dtypeName) {
        switch (dtypeName) {
            case "F32":
                return DType.FLOAT32;
            case "F64":
                return DType.FLOAT64;
            default:
                throw fail(
                        source,
                        label
                                + " has dtype "
                                + Json.quote(brief(dtypeName))
                                + ", which vae4j does not read; supported dtypes are F32 and F64",
                        "Convert the tensor to float32 or float64 before saving");
        }
    }

    /** Checks that the tensors, sorted by offset, cover the buffer exactly once. */
    private void checkTiling(long bufferLength) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin > covered) {
                throw fail(
                        source,
                        "bytes ["
                                + covered
                                + ", "
                                + e.begin
                                + ") of the data buffer belong to no tensor (a gap before "
                                + Json.quote(brief(e.name))
                                + ")",
                        CORRUPT);
            }
            if (e.begin < covered) {
                throw fail(
                        source,
                        "tensors "
                                + Json.quote(brief(previous.name))
                                + " and "
                                + Json.quote(brief(e.name))
                                + " overlap at bytes ["
                                + e.begin
                                + ", "
                                + Math.min(covered, e.end)
                                + ")",
                        CORRUPT);
            }
            covered = e.end;
            previous = e;
        }
        if (covered < bufferLength) {
            throw fail(
                    source,
                    (bufferLength - covered) + " trailing bytes follow the last tensor's data",
                    CORRUPT);
        }
    }
}
