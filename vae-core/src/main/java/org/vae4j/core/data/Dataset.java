package org.vae4j.core.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.vae4j.api.ops.TensorOps;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;

/**
 * An immutable table of {@link #size()} rows of {@link #featureCount()} values in {@code [0, 1]}
 * (or any floats), with optional integer labels. Unsigned bytes are kept as bytes and scaled by
 * {@code 1/255} only when a batch is gathered, so MNIST's training set takes 47 MB rather than 188.
 *
 * <pre>{@code
 * Dataset train = Mnist.load(Path.of("data/mnist")).train();
 * for (int[] idx : new Batching(128, true, false).epoch(train.size(), rng)) {
 *     Tensor x = train.batch(backend, idx, DType.FLOAT32);   // [idx.length, 784]
 * }
 * }</pre>
 */
public final class Dataset {
    private static final float[] SCALED = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            SCALED[i] = i / 255f;
        }
    }

    private final byte[] bytes; // unsigned, row-major; null when floats holds the values
    private final float[] floats; // row-major; null when bytes holds the values
    private final int size;
    private final int features;
    private final int[] labels; // nullable
    private volatile String checksum;

    private Dataset(byte[] bytes, float[] floats, int size, int features, int[] labels) {
        this.bytes = bytes;
        this.floats = floats;
        this.size = size;
        this.features = features;
        this.labels = labels;
    }

    /**
     * Returns a dataset of unsigned bytes, read as {@code value / 255}; the arrays are copied.
     *
     * @param pixels {@code n * features} unsigned bytes, row-major
     * @param labels one label per row, or {@code null}
     * @throws IllegalArgumentException if the lengths do not match {@code n} and {@code features}
     */
    public static Dataset ofUnsignedBytes(byte[] pixels, int n, int features, int[] labels) {
        check(pixels.length, n, features, labels);
        return new Dataset(
                pixels.clone(), null, n, features, labels == null ? null : labels.clone());
    }

    /**
     * Returns a dataset of floats, used as they are; the arrays are copied.
     *
     * @param x {@code n * features} values, row-major
     * @param labels one label per row, or {@code null}
     * @throws IllegalArgumentException if the lengths do not match {@code n} and {@code features}
     */
    public static Dataset ofFloats(float[] x, int n, int features, int[] labels) {
        check(x.length, n, features, labels);
        return new Dataset(null, x.clone(), n, features, labels == null ? null : labels.clone());
    }

    /** Like {@link #ofUnsignedBytes} but takes ownership of the arrays instead of copying them. */
    static Dataset wrapUnsignedBytes(byte[] pixels, int n, int features, int[] labels) {
        check(pixels.length, n, features, labels);
        return new Dataset(pixels, null, n, features, labels);
    }

    /** Like {@link #ofFloats} but takes ownership of the arrays instead of copying them. */
    static Dataset wrapFloats(float[] x, int n, int features, int[] labels) {
        check(x.length, n, features, labels);
        return new Dataset(null, x, n, features, labels);
    }

    private static void check(int length, int n, int features, int[] labels) {
        if (n < 0 || features < 1) {
            throw new IllegalArgumentException(
                    "A dataset needs n >= 0 rows and features >= 1, but got n="
                            + n
                            + ", features="
                            + features);
        }
        if ((long) n * features != length) {
            throw new IllegalArgumentException(
                    "A dataset of "
                            + n
                            + " rows of "
                            + features
                            + " features needs "
                            + (long) n * features
                            + " values, but got "
                            + length);
        }
        if (labels != null && labels.length != n) {
            throw new IllegalArgumentException(
                    "A dataset of " + n + " rows needs " + n + " labels, but got " + labels.length);
        }
    }

    /** Returns the number of rows. */
    public int size() {
        return size;
    }

    /** Returns the number of values in each row. */
    public int featureCount() {
        return features;
    }

    /** Returns a copy of the labels, one per row, if the dataset has them. */
    public Optional<int[]> labels() {
        return labels == null ? Optional.empty() : Optional.of(labels.clone());
    }

    /** Returns the value at one row and feature, scaled for a byte dataset. */
    public float value(int row, int feature) {
        Objects.checkIndex(row, size);
        Objects.checkIndex(feature, features);
        int i = row * features + feature;
        return bytes != null ? SCALED[bytes[i] & 0xFF] : floats[i];
    }

    /**
     * Returns the rows at {@code indices}, in that order, as {@code indices.length *
     * featureCount()} floats, row-major.
     *
     * @throws IndexOutOfBoundsException if an index is outside {@code [0, size())}
     */
    public float[] gather(int[] indices) {
        float[] out = new float[Math.multiplyExact(indices.length, features)];
        for (int r = 0; r < indices.length; r++) {
            int src = Objects.checkIndex(indices[r], size) * features;
            int dst = r * features;
            if (bytes != null) {
                for (int f = 0; f < features; f++) {
                    out[dst + f] = SCALED[bytes[src + f] & 0xFF];
                }
            } else {
                System.arraycopy(floats, src, out, dst, features);
            }
        }
        return out;
    }

    /**
     * Returns the rows at {@code indices} as a {@code [indices.length, featureCount()]} tensor.
     * Float64 values are computed in double precision, so they are the float32 values before
     * rounding.
     *
     * @throws IndexOutOfBoundsException if an index is outside {@code [0, size())}
     */
    public Tensor batch(TensorOps ops, int[] indices, DType dtype) {
        return rows(indices, dtype).tensor(ops);
    }

    /**
     * Returns the rows at {@code indices} on the host, as {@link #batch} would copy them to a
     * backend.
     *
     * @throws IndexOutOfBoundsException if an index is outside {@code [0, size())}
     */
    public HostBatch rows(int[] indices, DType dtype) {
        if (dtype == DType.FLOAT32) {
            return HostBatch.ofFloats(indices, features, gather(indices));
        }
        double[] out = new double[Math.multiplyExact(indices.length, features)];
        for (int r = 0; r < indices.length; r++) {
            int src = Objects.checkIndex(indices[r], size) * features;
            for (int f = 0; f < features; f++) {
                out[r * features + f] =
                        bytes != null ? (bytes[src + f] & 0xFF) / 255.0 : floats[src + f];
            }
        }
        return HostBatch.ofDoubles(indices, features, out);
    }

    /**
     * Returns the labels of the rows at {@code indices} one-hot, as {@code [indices.length,
     * classes]}: the condition of a conditional model.
     *
     * @throws IllegalArgumentException if the dataset has no labels or a label is outside {@code
     *     [0, classes)}
     */
    public Tensor oneHotLabels(TensorOps ops, int[] indices, int classes, DType dtype) {
        if (labels == null) {
            throw new IllegalArgumentException(
                    "A conditional model needs labels, but this dataset of "
                            + size
                            + " rows has none; give the data's label files");
        }
        float[] out = new float[Math.multiplyExact(indices.length, classes)];
        for (int r = 0; r < indices.length; r++) {
            int label = labels[Objects.checkIndex(indices[r], size)];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException(
                        "Row "
                                + indices[r]
                                + " has label "
                                + label
                                + ", outside the model's "
                                + classes
                                + " classes");
            }
            out[r * classes + label] = 1;
        }
        Shape shape = Shape.of(indices.length, classes);
        if (dtype == DType.FLOAT32) {
            return ops.fromFloats(out, shape);
        }
        double[] wide = new double[out.length];
        for (int i = 0; i < out.length; i++) {
            wide[i] = out[i];
        }
        return ops.fromDoubles(wide, shape);
    }

    /** Returns rows {@code from} (inclusive) to {@code to} (exclusive), with their labels. */
    public Dataset subset(int from, int to) {
        Objects.checkFromToIndex(from, to, size);
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return subset(idx);
    }

    /**
     * Returns the rows at {@code indices}, in that order, with their labels.
     *
     * @throws IndexOutOfBoundsException if an index is outside {@code [0, size())}
     */
    public Dataset subset(int[] indices) {
        int n = indices.length;
        int[] l = labels == null ? null : new int[n];
        byte[] b = bytes == null ? null : new byte[Math.multiplyExact(n, features)];
        float[] x = floats == null ? null : new float[Math.multiplyExact(n, features)];
        for (int r = 0; r < n; r++) {
            int i = Objects.checkIndex(indices[r], size);
            if (b != null) {
                System.arraycopy(bytes, i * features, b, r * features, features);
            } else {
                System.arraycopy(floats, i * features, x, r * features, features);
            }
            if (l != null) {
                l[r] = labels[i];
            }
        }
        return new Dataset(b, x, n, features, l);
    }

    /** Returns the first {@code min(n, size())} rows. */
    public Dataset take(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("take(n) needs n >= 0, but got " + n);
        }
        return subset(0, Math.min(n, size));
    }

    /**
     * Returns the SHA-256 of the content as 64 hex digits, the dataset's identity in a training
     * run's provenance. It covers the storage kind (bytes or floats), the row and feature counts,
     * the values and the labels, so it is stable across runs and machines, and a byte dataset and
     * its float copy differ.
     */
    public String checksum() {
        String c = checksum;
        if (c == null) {
            c = computeChecksum();
            checksum = c;
        }
        return c;
    }

    private String computeChecksum() {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM provides SHA-256", e);
        }
        ByteBuffer head = ByteBuffer.allocate(16);
        head.putInt(bytes != null ? 0x08 : 0x0D).putInt(size).putInt(features);
        head.putInt(labels == null ? 0 : 1);
        sha.update(head.array());
        if (bytes != null) {
            sha.update(bytes);
        } else {
            ByteBuffer buf = ByteBuffer.allocate(4 * features);
            for (int r = 0; r < size; r++) {
                buf.clear();
                buf.asFloatBuffer().put(floats, r * features, features);
                sha.update(buf.array());
            }
        }
        if (labels != null) {
            ByteBuffer buf = ByteBuffer.allocate(4 * labels.length);
            buf.asIntBuffer().put(labels);
            sha.update(buf.array());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Returns the size, feature count, storage and whether there are labels. */
    @Override
    public String toString() {
        return "Dataset["
                + size
                + " x "
                + features
                + (bytes != null ? " unsigned bytes" : " floats")
                + (labels != null ? ", labelled" : "")
                + "]";
    }
}
