package org.vae4j.spark.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a job's output (Parquet or JSON lines) all at once: into a hidden folder beside the
 * target, renamed onto the target only when the job has succeeded, so a failed job leaves no
 * partial output. An existing target is replaced only when forced, and only after the new output is
 * complete.
 */
final class AtomicOutput {
    private final FileSystem fs;
    private final Path target;
    private final boolean force;

    private AtomicOutput(FileSystem fs, Path target, boolean force) {
        this.fs = fs;
        this.target = target;
        this.force = force;
    }

    /**
     * Checks that {@code output} may be written, before any work starts.
     *
     * @throws UsageException if it exists and {@code force} is off
     */
    static AtomicOutput check(SparkSession spark, String output, boolean force) {
        Path target = new Path(output);
        try {
            FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!force && fs.exists(target)) {
                throw new UsageException(
                        output
                                + " already exists. Choose another --output, or replace it with"
                                + " --force");
            }
            return new AtomicOutput(fs, target, force);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reach " + output + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code rows} with Spark's data source {@code format} ({@code parquet}, {@code json})
     * and moves the result onto the target.
     */
    void write(Dataset<Row> rows, String format) {
        Path staging =
                new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
        try {
            rows.write().format(format).save(staging.toString());
            if (fs.exists(target)) {
                if (!force) {
                    throw new UsageException(
                            target + " appeared while the job ran. Choose another --output");
                }
                fs.delete(target, true);
            }
            if (!fs.rename(staging, target)) {
                throw new IOException("cannot rename " + staging + " to " + target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                fs.delete(staging, true);
            } catch (IOException e) {
                // Nothing to do: a left-over hidden folder is only untidy.
            }
        }
    }
}
