package org.vae4j.spark.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.vae4j.spark.ImageSplit;
import org.vae4j.spark.VaeSpark;

/**
 * Reads {@code --input}: Parquet (a {@code .parquet} file, a folder of them, or any URI Spark
 * reads, such as {@code hdfs://...}) with Spark's own reader, or a local folder of the images
 * {@code vae train} reads (IDX, {@code .npy}, PNG/JPEG by class) with {@link VaeSpark#readImages}.
 */
final class Inputs {
    private Inputs() {}

    /** Returns whether {@code input} names an image folder rather than Parquet. */
    static boolean isImageFolder(String input) {
        Path path = localPath(input);
        return path != null && Files.isDirectory(path) && !holdsParquet(path);
    }

    /** Reads {@code input}; an image folder gives the {@code split} of its images. */
    static Dataset<Row> read(SparkSession spark, String input, ImageSplit split) {
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
