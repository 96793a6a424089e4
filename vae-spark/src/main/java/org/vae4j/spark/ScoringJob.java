package org.vae4j.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.vae4j.api.memory.Scope;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.eval.ExampleScore;
import org.vae4j.core.eval.ExampleScorer;

/**
 * What each partition runs: takes this JVM's copy of the model, reads the rows in batches, and
 * scores each batch in one pass of the model ({@link ExampleScorer}, each row with the draws of its
 * own key) inside one memory scope, so that its native memory is freed before the next. A partition
 * with no rows restores nothing.
 */
final class ScoringJob implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<CheckpointBytes> checkpoint;
    private final RowReader reader;
    private final Binarization binarization;
    private final ScoreOptions options;

    ScoringJob(
            Broadcast<CheckpointBytes> checkpoint,
            RowReader reader,
            Binarization binarization,
            ScoreOptions options) {
        this.checkpoint = checkpoint;
        this.reader = reader;
        this.binarization = binarization;
        this.options = options;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return Collections.emptyIterator();
        }
        Restored run = ExecutorModels.model(checkpoint.value(), options.backend());
        ExampleScorer scorer =
                new ExampleScorer(
                        run.vae(),
                        binarization,
                        options.seed(),
                        options.iwSamples(),
                        options.batchSize());
        return new Iterator<>() {
            private Iterator<Row> scored = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!scored.hasNext() && rows.hasNext()) {
                    scored = scoreBatch(run, scorer, rows);
                }
                return scored.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return scored.next();
            }
        };
    }

    private Iterator<Row> scoreBatch(Restored run, ExampleScorer scorer, Iterator<Row> rows) {
        RowReader.Batch batch = reader.read(rows, options.batchSize());
        boolean logLikelihood = options.iwSamples() > 0;
        int n = batch.ids().length;
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        ExampleScore[] scores;
        try (Scope scope = run.vae().backend().openScope()) {
            scores = scorer.score(batch.data(), all, batch.keys());
        }
        List<Row> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(ScoreColumns.row(batch.ids()[i], scores[i], logLikelihood));
        }
        return out.iterator();
    }
}
