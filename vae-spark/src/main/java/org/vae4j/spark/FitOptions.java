package org.vae4j.spark;

import java.io.Serializable;
import java.util.Map;
import org.vae4j.core.checkpoint.RunInfo;

/**
 * How {@link SparkTrainer} spreads training over Spark: the number of workers (each one a partition
 * of the epoch's rows, a task per round), how many local batches a worker takes between two
 * averagings, where the optimizer's state lives, and which columns hold the rows. Immutable; each
 * {@code with} method returns a copy.
 *
 * <pre>{@code
 * FitOptions options = FitOptions.defaults().withWorkers(4).withAverageEvery(8);
 * }</pre>
 *
 * @param workers the shards each epoch's rows are cut into, one task each per round
 * @param averageEvery the local batches each worker takes between two averagings (1: every step)
 * @param optimizerState where the optimizer's state lives ({@link OptimizerState#DRIVER} needs
 *     {@code averageEvery} 1)
 * @param featureColumn the column of each row's values: {@code array<float>}, {@code array<double>}
 *     or {@code binary}
 * @param labelColumn the column of each row's class, read only for a conditional model
 * @param backend the workers' backend by provider name, or null to select one as {@code
 *     Backends.open()} does on each executor
 */
public record FitOptions(
        int workers,
        int averageEvery,
        OptimizerState optimizerState,
        String featureColumn,
        String labelColumn,
        String backend)
        implements Serializable {

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException if a setting is out of range or the settings contradict
     */
    public FitOptions {
        if (workers <= 0) {
            throw new IllegalArgumentException("The workers must be > 0, but were " + workers);
        }
        if (averageEvery <= 0) {
            throw new IllegalArgumentException(
                    "Averaging every N local steps needs N > 0, but N was " + averageEvery);
        }
        if (optimizerState == null) {
            throw new IllegalArgumentException("Name where the optimizer's state lives");
        }
        if (optimizerState == OptimizerState.DRIVER && averageEvery != 1) {
            throw new IllegalArgumentException(
                    "With the optimizer on the driver, workers send one gradient per step, so"
                            + " averageEvery must be 1, not "
                            + averageEvery
                            + "; use OptimizerState.AVERAGED for local steps");
        }
        if (featureColumn == null || featureColumn.isBlank()) {
            throw new IllegalArgumentException("The feature column needs a name");
        }
    }

    /**
     * Returns the defaults: 2 workers averaging parameters and optimizer state after every local
     * step, features in {@code features}, labels in {@code label}, the default backend.
     */
    public static FitOptions defaults() {
        return new FitOptions(2, 1, OptimizerState.AVERAGED, "features", "label", null);
    }

    /**
     * Returns these options with the distributed settings {@code run} was trained with (workers,
     * averaging, optimizer state), where its provenance records them: resumed with them, a run ends
     * with the numbers of an uninterrupted one.
     *
     * @throws IllegalArgumentException if a recorded setting cannot be read
     */
    public FitOptions withSchemeOf(RunInfo run) {
        Map<String, String> p = run.provenance();
        String w = p.get(SparkRuns.SCHEME.get(0));
        String every = p.get(SparkRuns.SCHEME.get(1));
        String state = p.get(SparkRuns.SCHEME.get(2));
        int n;
        int steps;
        try {
            n = w == null ? workers : Integer.parseInt(w);
            steps = every == null ? averageEvery : Integer.parseInt(every);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "The run records unreadable Spark settings ("
                            + w
                            + " workers, averaging every "
                            + every
                            + "); give --workers and --average-every",
                    e);
        }
        return new FitOptions(n, steps, recordedState(state), featureColumn, labelColumn, backend);
    }

    private OptimizerState recordedState(String state) {
        if (state == null) {
            return optimizerState;
        }
        for (OptimizerState known : OptimizerState.values()) {
            if (known.name().equalsIgnoreCase(state)) {
                return known;
            }
        }
        throw new IllegalArgumentException(
                "The run records an unknown optimizer state '"
                        + state
                        + "'; give --optimizer-state averaged or driver");
    }

    /** Returns these options with {@code n} workers. */
    public FitOptions withWorkers(int n) {
        return new FitOptions(n, averageEvery, optimizerState, featureColumn, labelColumn, backend);
    }

    /** Returns these options averaging after every {@code n} local steps. */
    public FitOptions withAverageEvery(int n) {
        return new FitOptions(workers, n, optimizerState, featureColumn, labelColumn, backend);
    }

    /** Returns these options keeping the optimizer's state as {@code state} says. */
    public FitOptions withOptimizerState(OptimizerState state) {
        return new FitOptions(workers, averageEvery, state, featureColumn, labelColumn, backend);
    }

    /** Returns these options reading the values from {@code column}. */
    public FitOptions withFeatureColumn(String column) {
        return new FitOptions(workers, averageEvery, optimizerState, column, labelColumn, backend);
    }

    /** Returns these options reading a conditional model's labels from {@code column}. */
    public FitOptions withLabelColumn(String column) {
        return new FitOptions(
                workers, averageEvery, optimizerState, featureColumn, column, backend);
    }

    /** Returns these options training on the backend named {@code name} (null: the default). */
    public FitOptions withBackend(String name) {
        return new FitOptions(
                workers, averageEvery, optimizerState, featureColumn, labelColumn, name);
    }
}
