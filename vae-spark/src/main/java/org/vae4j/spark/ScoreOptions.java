package org.vae4j.spark;

import java.io.Serializable;

/**
 * How {@link VaeSpark#score} reads its input and what it computes. Immutable; each {@code with}
 * method returns a copy; serializable, as the executors receive it.
 *
 * <pre>{@code
 * ScoreOptions options = ScoreOptions.defaults().withFeatureColumn("pixels").withIwSamples(100);
 * }</pre>
 *
 * @param featureColumn the column of each row's values: {@code array<float>}, {@code
 *     array<double>}, or {@code binary} unsigned bytes read as {@code value / 255}
 * @param idColumn the column of each row's key (an integer or a string), or null to key rows by
 *     their position in the input
 * @param labelColumn the column of each row's class (an integer), read only for a conditional model
 * @param batchSize the rows of one pass of the model, in one memory scope (a partition's last batch
 *     is padded, so every pass has this shape and a row's numbers are the same for any partitioning
 *     at one batch size)
 * @param iwSamples the importance samples K of the log-likelihood; 0 leaves the column out
 * @param seed the seed every row's random stream is forked from
 * @param backend the backend's provider name, or null to select one as {@code Backends.open()} does
 *     on each executor
 */
public record ScoreOptions(
        String featureColumn,
        String idColumn,
        String labelColumn,
        int batchSize,
        int iwSamples,
        long seed,
        String backend)
        implements Serializable {

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException if a setting is out of range
     */
    public ScoreOptions {
        if (featureColumn == null || featureColumn.isBlank()) {
            throw new IllegalArgumentException("The feature column needs a name");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("The batch size must be > 0, but was " + batchSize);
        }
        if (iwSamples < 0) {
            throw new IllegalArgumentException(
                    "The importance samples must be >= 0 (0 skips the log-likelihood), but were "
                            + iwSamples);
        }
    }

    /**
     * Returns the defaults: features in {@code features}, keys in {@code id}, labels in {@code
     * label}, batches of 256, no log-likelihood, seed 1 ({@code vae eval}'s), the default backend.
     */
    public static ScoreOptions defaults() {
        return new ScoreOptions("features", "id", "label", 256, 0, 1, null);
    }

    /** Returns these options reading the values from {@code column}. */
    public ScoreOptions withFeatureColumn(String column) {
        return new ScoreOptions(column, idColumn, labelColumn, batchSize, iwSamples, seed, backend);
    }

    /** Returns these options keying rows by {@code column}, or by position when it is null. */
    public ScoreOptions withIdColumn(String column) {
        return new ScoreOptions(
                featureColumn, column, labelColumn, batchSize, iwSamples, seed, backend);
    }

    /** Returns these options reading a conditional model's labels from {@code column}. */
    public ScoreOptions withLabelColumn(String column) {
        return new ScoreOptions(
                featureColumn, idColumn, column, batchSize, iwSamples, seed, backend);
    }

    /** Returns these options with {@code rows} rows per memory scope. */
    public ScoreOptions withBatchSize(int rows) {
        return new ScoreOptions(
                featureColumn, idColumn, labelColumn, rows, iwSamples, seed, backend);
    }

    /** Returns these options estimating the log-likelihood with {@code k} importance samples. */
    public ScoreOptions withIwSamples(int k) {
        return new ScoreOptions(featureColumn, idColumn, labelColumn, batchSize, k, seed, backend);
    }

    /** Returns these options with {@code s} as the seed. */
    public ScoreOptions withSeed(long s) {
        return new ScoreOptions(
                featureColumn, idColumn, labelColumn, batchSize, iwSamples, s, backend);
    }

    /** Returns these options opening the backend named {@code name} (null: the default). */
    public ScoreOptions withBackend(String name) {
        return new ScoreOptions(
                featureColumn, idColumn, labelColumn, batchSize, iwSamples, seed, name);
    }
}
