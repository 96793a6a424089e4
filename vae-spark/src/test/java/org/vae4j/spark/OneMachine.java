package org.vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.vae4j.api.Backend;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.eval.ExampleScore;
import org.vae4j.core.eval.ExampleScorer;

/** The scores of the same rows computed on one machine through vae-core, and their comparison. */
final class OneMachine {
    private OneMachine() {}

    /** Scores row {@code i} of {@code data} with key {@code ids[i]} on the reference backend. */
    static List<ExampleScore> scores(
            Path run, Dataset data, long[] ids, Binarization binarization, long seed, int k) {
        return scores(ReferenceBackend.create(), run, data, ids, binarization, seed, k);
    }

    /** Scores row {@code i} of {@code data} with key {@code ids[i]} on {@code backend}, closed. */
    static List<ExampleScore> scores(
            Backend backend,
            Path run,
            Dataset data,
            long[] ids,
            Binarization binarization,
            long seed,
            int k) {
        List<ExampleScore> out = new ArrayList<>();
        try (backend;
                Restored model = Checkpoints.load(run.resolve(Checkpoints.FILE_NAME), backend)) {
            ExampleScorer scorer = new ExampleScorer(model.vae(), binarization, seed, k);
            for (int i = 0; i < data.size(); i++) {
                out.add(scorer.score(data, i, ids[i]));
            }
        }
        return out;
    }

    /** Returns the rows of a scored dataset ordered by their {@code long} id. */
    static List<Row> byId(org.apache.spark.sql.Dataset<Row> scores) {
        List<Row> rows = new ArrayList<>(scores.collectAsList());
        rows.sort(Comparator.comparingLong(r -> r.getLong(0)));
        return rows;
    }

    /**
     * Checks that scored rows, ordered as {@code expected}, hold its numbers to 1e-6 relative
     * ({@code log_likelihood} only when the rows have that column).
     */
    static void assertMatch(List<Row> rows, List<ExampleScore> expected) {
        assertThat(rows).hasSameSizeAs(expected);
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            ExampleScore s = expected.get(i);
            assertClose(doubles(row, "mu"), s.mu());
            assertClose(doubles(row, "log_var"), s.logVar());
            assertClose(row.getAs("elbo"), s.elbo());
            assertClose(row.getAs("reconstruction"), s.reconstruction());
            assertClose(row.getAs("kl"), s.kl());
            if (row.schema().getFieldIndex("log_likelihood").isDefined()) {
                assertClose(row.getAs("log_likelihood"), s.logLikelihood());
            }
        }
    }

    private static double[] doubles(Row row, String column) {
        return row.<Double>getList(row.fieldIndex(column)).stream()
                .mapToDouble(Double::doubleValue)
                .toArray();
    }

    static void assertClose(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(1e-6 * Math.max(1, Math.abs(expected))));
    }

    private static void assertClose(double[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertClose(actual[i], expected[i]);
        }
    }
}
