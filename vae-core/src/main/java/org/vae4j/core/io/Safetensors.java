package org.vae4j.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vae4j.api.tensor.DType;

/**
 * Reads and writes the Hugging Face <a href="https://github.com/huggingface/safetensors">
 * safetensors</a> format, so checkpoints load in Python with {@code safetensors.torch.load_file}.
 *
 * <p>Layout: an 8-byte little-endian unsigned header length {@code N}; {@code N} bytes of UTF-8
 * JSON mapping each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}}, plus
 * an optional {@code "__metadata__"} object of strings; then the data buffer, each tensor row-major
 * and little-endian at its offsets. vae4j reads and writes {@code F32} and {@code F64}.
 *
 * <p>Writes are atomic ({@link AtomicFiles}); the header is padded with spaces so the data buffer
 * starts 8-byte aligned. Reads check every size and offset against the file and the {@link Limits}
 * before allocating anything large: tensors must tile the buffer exactly, without gaps, overlaps or
 * trailing bytes. Every failure is a one-line {@link CheckpointException}.
 *
 * <pre>{@code
 * Map<String, HostArray> weights = new LinkedHashMap<>();
 * weights.put("encoder.0.weight", HostArray.fromTensor(w));
 * Safetensors.write(path, weights, Map.of("format", "pt"));
 * TensorFile file = Safetensors.read(path);
 * }</pre>
 */
public final class Safetensors {
    /** The header key that holds the string metadata instead of a tensor. */
    public static final String METADATA_KEY = "__metadata__";

    /** The largest header one Java array can hold. */
    private static final long MAX_HEADER = Integer.MAX_VALUE - 8;

    private Safetensors() {}

    /**
     * Bounds that a file must stay within to be read.
     *
     * @param maxHeaderBytes the largest JSON header accepted
     * @param maxTotalBytes the largest data buffer (all tensors together) accepted
     */
    public record Limits(long maxHeaderBytes, long maxTotalBytes) {
        /** A 100 MB header (as in the reference implementation) and 4 GiB of tensor data. */
        public static final Limits DEFAULT = new Limits(100_000_000L, 4L << 30);

        /**
         * Checks that both limits are positive and that a header of {@code maxHeaderBytes} fits in
         * one Java array.
         */
        public Limits {
            if (maxHeaderBytes < 1 || maxHeaderBytes > MAX_HEADER || maxTotalBytes < 1) {
                throw new IllegalArgumentException(
                        "Safetensors limits must be positive and maxHeaderBytes at most "
                                + MAX_HEADER
                                + ", but got maxHeaderBytes="
                                + maxHeaderBytes
                                + ", maxTotalBytes="
                                + maxTotalBytes);
            }
        }
    }

    /**
     * Writes tensors and string metadata to a file, atomically. The header lists the tensors in the
     * map's order; in the data buffer the float64 tensors come first, so every tensor starts at a
     * multiple of its element size (as the reference writer arranges it) and memory-maps cleanly.
     *
     * @throws IllegalArgumentException if a tensor is named {@value #METADATA_KEY}
     * @throws NullPointerException if a name, tensor or metadata entry is null
     * @throws CheckpointException if the file cannot be written; an existing file is then left as
     *     it was
     */
    public static void write(
            Path path, Map<String, HostArray> tensors, Map<String, String> metadata) {
        checkNames(tensors);
        List<Map.Entry<String, HostArray>> layout = new ArrayList<>(tensors.entrySet());
        layout.sort(Comparator.comparingInt(e -> -e.getValue().dtype().byteSize()));
        byte[] header = header(tensors, layout, metadata);
        try {
            AtomicFiles.write(
                    path,
                    out -> {
                        out.write(
                                ByteBuffer.allocate(Long.BYTES)
                                        .order(ByteOrder.LITTLE_ENDIAN)
                                        .putLong(header.length)
                                        .array());
                        out.write(header);
                        for (Map.Entry<String, HostArray> e : layout) {
                            out.write(e.getValue().data());
                        }
                    });
        } catch (IOException e) {
            throw new CheckpointException(e.getMessage(), e); // names the path, reason and fix
        }
    }

    /**
     * Reads a file under {@link Limits#DEFAULT}.
     *
     * @throws CheckpointException if the file is missing, unreadable, malformed or over a limit
     */
    public static TensorFile read(Path path) {
        return read(path, Limits.DEFAULT);
    }

    /**
     * Reads a file, validating its header completely before reading any tensor.
     *
     * @throws CheckpointException if the file is missing, unreadable, malformed or over a limit
     */
    public static TensorFile read(Path path, Limits limits) {
        return new SafetensorsReader(path.toString(), limits).read(path);
    }

    /**
     * Reads from a channel (for example bytes held in memory); {@code source} names it in messages.
     * The caller closes the channel.
     */
    static TensorFile read(SeekableByteChannel channel, String source, Limits limits) {
        try {
            return new SafetensorsReader(source, limits).read(channel);
        } catch (IOException e) {
            throw new CheckpointException(source + ": cannot read (" + e + "). Read it again", e);
        }
    }

    /** Returns the safetensors name of a dtype: {@code F32} or {@code F64}. */
    public static String dtypeName(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
        };
    }

    /**
     * Builds the JSON header, padded with spaces so that 8 + its length is a multiple of 8; {@code
     * layout} is the order of the tensors in the data buffer.
     */
    private static byte[] header(
            Map<String, HostArray> tensors,
            List<Map.Entry<String, HostArray>> layout,
            Map<String, String> metadata) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            Map<String, Object> meta = new LinkedHashMap<>();
            metadata.forEach(
                    (k, v) ->
                            meta.put(
                                    Objects.requireNonNull(k, "metadata key"),
                                    Objects.requireNonNull(v, () -> "metadata value of " + k)));
            json.put(METADATA_KEY, meta);
        }
        for (String name : tensors.keySet()) {
            json.put(name, null); // fixes the header order; filled in below
        }
        long offset = 0;
        for (Map.Entry<String, HostArray> e : layout) {
            HostArray a = e.getValue();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", dtypeName(a.dtype()));
            info.put("shape", dims(a));
            info.put("data_offsets", List.of(offset, offset + a.data().length));
            offset += a.data().length;
            json.put(e.getKey(), info);
        }
        String text = Json.write(json);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int padded = (int) ((bytes.length + Long.BYTES + 7L) / 8 * 8 - Long.BYTES);
        return (text + " ".repeat(padded - bytes.length)).getBytes(StandardCharsets.UTF_8);
    }

    private static void checkNames(Map<String, HostArray> tensors) {
        for (Map.Entry<String, HostArray> e : tensors.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "tensor name");
            Objects.requireNonNull(e.getValue(), () -> "tensor " + name);
            if (name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException(
                        "A tensor cannot be named " + METADATA_KEY + "; the format reserves it");
            }
        }
    }

    private static List<Long> dims(HostArray a) {
        return Arrays.stream(a.shape().dims()).mapToObj(d -> (long) d).toList();
    }
}
