package org.vae4j.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.vae4j.core.data.Dataset;

/**
 * Reads rows {@code (id, features)} or {@code (id, features, label)} into a vae-core {@link
 * Dataset}, checking each row: a row whose values the model cannot take fails the job with one line
 * that names the row, the column and what the model takes.
 */
final class RowReader implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String idColumn;
    private final String featureColumn;
    private final String labelColumn;
    private final int features;
    private final boolean bytes;
    private final int classes;

    /**
     * Creates a reader.
     *
     * @param features the values per row the model takes
     * @param bytes whether the features are unsigned bytes rather than floats
     * @param classes the classes of a conditional model, whose rows carry a label; 0 for none
     */
    RowReader(
            String idColumn,
            String featureColumn,
            String labelColumn,
            int features,
            boolean bytes,
            int classes) {
        this.idColumn = idColumn;
        this.featureColumn = featureColumn;
        this.labelColumn = labelColumn;
        this.features = features;
        this.bytes = bytes;
        this.classes = classes;
    }

    /**
     * Up to {@code max} rows read together.
     *
     * @param ids each row's id as the input holds it
     * @param keys each row's key
     * @param data each row's values and label
     */
    record Batch(Object[] ids, long[] keys, Dataset data) {}

    /** Reads the next rows, at most {@code max} and at least one; {@code rows} must have one. */
    Batch read(Iterator<Row> rows, int max) {
        Object[] ids = new Object[max];
        long[] keys = new long[max];
        int size = Math.multiplyExact(max, features);
        byte[] pixels = bytes ? new byte[size] : null;
        float[] values = bytes ? null : new float[size];
        int[] labels = classes > 0 ? new int[max] : null;
        int n = 0;
        while (n < max && rows.hasNext()) {
            Row row = rows.next();
            ids[n] = id(row);
            keys[n] = RowKeys.of(ids[n]);
            if (bytes) {
                System.arraycopy(bytes(row, ids[n]), 0, pixels, n * features, features);
            } else {
                readFloats(row, ids[n], values, n * features);
            }
            if (labels != null) {
                labels[n] = label(row, ids[n]);
            }
            n++;
        }
        if (n < max) {
            pixels = pixels == null ? null : Arrays.copyOf(pixels, n * features);
            values = values == null ? null : Arrays.copyOf(values, n * features);
        }
        int[] rowLabels = labels == null ? null : Arrays.copyOf(labels, n);
        Dataset data =
                bytes
                        ? Dataset.ofUnsignedBytes(pixels, n, features, rowLabels)
                        : Dataset.ofFloats(values, n, features, rowLabels);
        return new Batch(Arrays.copyOf(ids, n), Arrays.copyOf(keys, n), data);
    }

    private Object id(Row row) {
        if (row.isNullAt(0)) {
            throw new IllegalArgumentException(
                    "A row has a null id in column '"
                            + idColumn
                            + "'; give every row an id, or key rows by position with"
                            + " withIdColumn(null)");
        }
        return row.get(0);
    }

    private byte[] bytes(Row row, Object id) {
        byte[] b = (byte[]) row.get(1);
        checkLength(id, b == null ? -1 : b.length);
        return b;
    }

    private void readFloats(Row row, Object id, float[] into, int offset) {
        List<Object> list = row.isNullAt(1) ? null : row.getList(1);
        checkLength(id, list == null ? -1 : list.size());
        for (int f = 0; f < features; f++) {
            Object v = list.get(f);
            if (v == null) {
                throw new IllegalArgumentException(
                        "Row id="
                                + id
                                + ": column '"
                                + featureColumn
                                + "' holds null at index "
                                + f
                                + "; give "
                                + features
                                + " numbers per row");
            }
            into[offset + f] = ((Number) v).floatValue();
        }
    }

    private void checkLength(Object id, int length) {
        if (length != features) {
            throw new IllegalArgumentException(
                    "Row id="
                            + id
                            + ": column '"
                            + featureColumn
                            + "' "
                            + (length < 0 ? "is null" : "holds " + length + " values")
                            + ", but the model takes "
                            + features
                            + " values per row");
        }
    }

    private int label(Row row, Object id) {
        long label = row.isNullAt(2) ? -1 : ((Number) row.get(2)).longValue();
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException(
                    "Row id="
                            + id
                            + ": column '"
                            + labelColumn
                            + "' is "
                            + (row.isNullAt(2) ? "null" : Long.toString(label))
                            + ", but the conditional model takes a class in 0.."
                            + (classes - 1));
        }
        return (int) label;
    }
}
