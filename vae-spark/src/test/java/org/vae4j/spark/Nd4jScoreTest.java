package org.vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vae4j.spark.OneMachine.byId;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.Backends;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.Dataset;

/** Scoring on the backend that discovery selects for users, ND4J, inside Spark's executors. */
class Nd4jScoreTest {
    private static final int N = 11;
    private static final long SEED = 8;
    private static final Dataset DATA = TinyRun.data(N, 0, 6);

    @TempDir static Path dir;
    private static SparkSession spark;
    private static Path run;
    private static long[] ids;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session();
        run = TinyRun.train(dir, DATA, 0, Binarization.NONE);
        ids = new long[N];
        for (int i = 0; i < N; i++) {
            ids[i] = 3L * i + 1;
        }
    }

    @Test
    void theDefaultBackendScoresAsItDoesOnOneMachineForAnyPartitioning() {
        assertThat(Backends.select().name()).isEqualTo("nd4j");
        ScoreOptions options = ScoreOptions.defaults().withSeed(SEED).withIwSamples(7);
        List<Row> two =
                byId(
                        VaeSpark.score(
                                spark,
                                run,
                                TinyRun.rows(spark, DATA, ids).repartition(2),
                                options));
        OneMachine.assertMatch(
                two,
                OneMachine.scores(
                        Backends.open("nd4j", null), run, DATA, ids, Binarization.NONE, SEED, 7));
        List<Row> three =
                byId(
                        VaeSpark.score(
                                spark,
                                run,
                                TinyRun.rows(spark, DATA, ids).repartition(3),
                                options));
        assertThat(three).isEqualTo(two);
    }
}
