package org.vae4j.spark.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.vae4j.spark.ImageSplit;
import org.vae4j.spark.VaeSpark;

/**
 * Reads {@code --input}: Parquet (a {@code .parquet} file, a folder of them, or any URI Spark
 * reads, such as {@code hdfs://...}) with Spark's own reader, a local folder of the images {@code
 * vae train} reads (IDX, {@code .npy}, PNG/JPEG by class) with {@link VaeSpark#readImages}, or
 * {@code synthetic:ROWS:FEATURES}, rows made up on the executors for load tests.
 */
final class Inputs {
    private static final Pattern SYNTHETIC = Pattern.compile("synthetic:(\\d+):(\\d+)");
    private static final StructType SYNTHETIC_ROW =
            DataTypes.createStructType(
                    List.of(
                            DataTypes.createStructField("id", DataTypes.LongType, false),
                            DataTypes.createStructField("features", DataTypes.BinaryType, false)));

    private Inputs() {}

    /** Returns whether {@code input} names an image folder rather than Parquet. */
    static boolean isImageFolder(String input) {
        Path path = localPath(input);
        return path != null && Files.isDirectory(path) && !holdsParquet(path);
    }

    /** Reads {@code input}; an image folder gives the {@code split} of its images. */
    static Dataset<Row> read(SparkSession spark, String input, ImageSplit split) {
        if (input.startsWith("synthetic:")) {
            return synthetic(spark, input);
        }
        Path path = localPath(input);
        if (path != null && !Files.exists(path)) {
            throw new UsageException(
                    input + " does not exist. Give a Parquet file or folder, or an image folder");
        }
        if (isImageFolder(input)) {
            return VaeSpark.readImages(spark, path, split);
        }
        return spark.read().parquet(input);
    }

    /**
     * {@code synthetic:ROWS:FEATURES}: ids 0 to ROWS - 1 and as many grey values per row, unsigned
     * bytes in a binary column (read as {@code value / 255}), a fixed function of the id and the
     * position computed in Java where the rows are used (the same function as an SQL expression
     * cost more than scoring the rows), so nothing of them is held on the driver and any
     * partitioning gives the same rows.
     */
    private static Dataset<Row> synthetic(SparkSession spark, String input) {
        Matcher m = SYNTHETIC.matcher(input);
        long rows = m.matches() ? parse(m.group(1)) : 0;
        long features = m.matches() ? parse(m.group(2)) : 0;
        if (rows < 1 || features < 1 || features > Integer.MAX_VALUE) {
            throw new UsageException(
                    "--input "
                            + input
                            + ": synthetic input is synthetic:ROWS:FEATURES with two positive"
                            + " integers, e.g. synthetic:1000000:784");
        }
        return spark.range(rows).map(new SyntheticRow((int) features), Encoders.row(SYNTHETIC_ROW));
    }

    /** A synthetic row: its id and grey values that are a fixed function of id and position. */
    private static final class SyntheticRow implements MapFunction<Long, Row> {
        private static final long serialVersionUID = 1L;
        private final int features;

        SyntheticRow(int features) {
            this.features = features;
        }

        /**
         * Value {@code i} of row {@code id} is {@code (id * 7919 + i * 104729) mod 256}, computed
         * as {@code (a + 25 i) mod 256} with {@code a = id * 7919 mod 256}.
         */
        @Override
        public Row call(Long id) {
            int a = (int) Math.floorMod(id * 7919, 256L);
            byte[] x = new byte[features];
            for (int i = 0; i < features; i++) {
                x[i] = (byte) (a + 25 * i);
            }
            return RowFactory.create(id, x);
        }
    }

    private static long parse(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return 0; // past Long.MAX_VALUE
        }
    }

    /** Returns the local path of {@code input}, or null for a URI of another file system. */
    static Path localPath(String input) {
        if (input.startsWith("file:")) {
            return Path.of(java.net.URI.create(input));
        }
        return input.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") ? null : Path.of(input);
    }

    private static boolean holdsParquet(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(
                    f -> {
                        String name = f.getFileName().toString();
                        return name.endsWith(".parquet") || name.equals("_SUCCESS");
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
