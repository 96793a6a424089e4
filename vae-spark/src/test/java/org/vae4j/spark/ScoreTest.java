package org.vae4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.vae4j.spark.OneMachine.byId;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.api.random.Rng;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.eval.ElboReport;
import org.vae4j.core.eval.Evaluator;

/**
 * Scores on Spark against the same rows scored on one machine through vae-core, on the reference
 * backend and on ND4J, the backend discovery gives users.
 */
class ScoreTest {
    private static final int N = 23;
    private static final long SEED = 5;
    private static final Dataset DATA = TinyRun.data(N, 0, 1);
    private static final ScoreOptions OPTIONS =
            ScoreOptions.defaults().withBackend("reference").withSeed(SEED).withBatchSize(4);

    @TempDir static Path dir;
    private static SparkSession spark;
    private static Path run;
    private static long[] ids;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session();
        run = TinyRun.train(dir, DATA, 0, Binarization.NONE);
        ids = TinyRun.ids(N, 1000, 7);
    }

    private static org.apache.spark.sql.Dataset<Row> input() {
        return TinyRun.rows(spark, DATA, ids);
    }

    @Test
    void eachRowScoresAsVaeCoreScoresItOnOneMachine() {
        List<Row> rows = byId(VaeSpark.score(spark, run, input(), OPTIONS.withIwSamples(12)));
        OneMachine.assertMatch(
                rows, OneMachine.scores(run, DATA, ids, Binarization.NONE, SEED, 12));
        for (int i = 0; i < N; i++) {
            assertThat(rows.get(i).getLong(0)).isEqualTo(ids[i]);
        }
    }

    @Test
    void theMeanKlIsVaeEvalsWhichHasNoDrawInIt() {
        double kl =
                byId(VaeSpark.score(spark, run, input(), OPTIONS)).stream()
                        .mapToDouble(r -> r.<Double>getAs("kl"))
                        .average()
                        .orElseThrow();
        try (Backend backend = ReferenceBackend.create();
                Restored model = Checkpoints.load(run.resolve(Checkpoints.FILE_NAME), backend)) {
            ElboReport batched = Evaluator.elbo(model.vae(), DATA, 8, Rng.seeded(SEED));
            OneMachine.assertClose(kl, batched.kl());
        }
    }

    @Test
    void theScoresAreTheSameForAnyPartitioningAndRowOrder() {
        List<Row> one = byId(VaeSpark.score(spark, run, input().repartition(1), OPTIONS));
        for (int partitions : new int[] {2, 5, 8}) {
            assertThat(byId(VaeSpark.score(spark, run, input().repartition(partitions), OPTIONS)))
                    .as("%d partitions", partitions)
                    .isEqualTo(one);
        }
        org.apache.spark.sql.Dataset<Row> shuffled = input().orderBy(rand(9)).repartition(3);
        assertThat(byId(VaeSpark.score(spark, run, shuffled, OPTIONS))).isEqualTo(one);
        assertThat(byId(VaeSpark.score(spark, run, input(), OPTIONS.withBatchSize(50))))
                .isEqualTo(one);
    }

    @Test
    void theDefaultBackendNd4jScoresAsOnOneMachineForAnyPartitioning() {
        assertThat(Backends.select().name()).isEqualTo("nd4j");
        ScoreOptions nd4j = OPTIONS.withBackend(null).withIwSamples(7);
        List<Row> two = byId(VaeSpark.score(spark, run, input().repartition(2), nd4j));
        OneMachine.assertMatch(
                two,
                OneMachine.scores(
                        Backends.open("nd4j", null), run, DATA, ids, Binarization.NONE, SEED, 7));
        assertThat(byId(VaeSpark.score(spark, run, input().repartition(3), nd4j))).isEqualTo(two);
    }

    @Test
    void theOutputHasTheScoreColumnsWithTheInputsIdType() {
        StructType plain = VaeSpark.score(spark, run, input(), OPTIONS).schema();
        assertThat(plain.fieldNames())
                .containsExactly("id", "mu", "log_var", "elbo", "reconstruction", "kl");
        assertThat(plain.apply("id").dataType()).isEqualTo(DataTypes.LongType);
        assertThat(plain.apply("mu").dataType())
                .isEqualTo(DataTypes.createArrayType(DataTypes.DoubleType, false));
        assertThat(plain.apply("elbo").dataType()).isEqualTo(DataTypes.DoubleType);

        org.apache.spark.sql.Dataset<Row> named =
                input().withColumn("name", concat(lit("image-"), col("id")));
        ScoreOptions byName = OPTIONS.withIdColumn("name").withIwSamples(3);
        StructType withLikelihood = VaeSpark.score(spark, run, named, byName).schema();
        assertThat(withLikelihood.fieldNames()).endsWith("kl", "log_likelihood");
        assertThat(withLikelihood.apply("id").dataType()).isEqualTo(DataTypes.StringType);
    }

    @Test
    void importanceSamplingEstimatesALikelihoodAboveTheElbo() {
        List<Row> rows = byId(VaeSpark.score(spark, run, input(), OPTIONS.withIwSamples(200)));
        double elbo =
                rows.stream().mapToDouble(r -> r.<Double>getAs("elbo")).average().orElseThrow();
        double ll =
                rows.stream()
                        .mapToDouble(r -> r.<Double>getAs("log_likelihood"))
                        .average()
                        .orElseThrow();
        assertThat(ll).isGreaterThan(elbo);
    }

    @Test
    void rowsKeyedByPositionScoreAsRowsWhoseIdIsTheirIndex() {
        long[] index = TinyRun.ids(N, 0, 1);
        ScoreOptions byPosition = OPTIONS.withIdColumn(null);
        assertThat(byId(VaeSpark.score(spark, run, input().drop("id"), byPosition)))
                .isEqualTo(
                        byId(
                                VaeSpark.score(
                                        spark, run, TinyRun.rows(spark, DATA, index), OPTIONS)));
    }

    @Test
    void anEmptyInputGivesAnEmptyOutput() {
        org.apache.spark.sql.Dataset<Row> none = input().filter(col("id").lt(0));
        org.apache.spark.sql.Dataset<Row> scores = VaeSpark.score(spark, run, none, OPTIONS);
        assertThat(scores.collectAsList()).isEmpty();
        assertThat(scores.columns()).contains("elbo");
    }
}
