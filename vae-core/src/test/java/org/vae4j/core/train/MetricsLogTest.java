package org.vae4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.eval.LatentReport;
import org.vae4j.core.io.Json;
import org.vae4j.core.io.JsonFields;

/** metrics.jsonl keeps its format: lines an earlier build wrote read back and rewrite alike. */
class MetricsLogTest {
    /** Two epochs as commit bde7b29 writes them (the second without test losses). */
    private static final String WRITTEN =
            "{\"epoch\":1,\"train_loss\":4.414447002616152,\"test_loss\":4.336950379048313,"
                    + "\"reconstruction\":4.246887205116569,\"kl\":0.16755979749958402,"
                    + "\"test_reconstruction\":4.239311739355117,\"test_kl\":0.0976386396931957,"
                    + "\"seconds\":0.140182877,\"examples_per_second\":285.3415542327612,"
                    + "\"learning_rate\":0.01}\n"
                    + "{\"epoch\":2,\"train_loss\":4.3156683018515505,\"test_loss\":null,"
                    + "\"reconstruction\":4.271604018708915,\"kl\":0.04406428314263637,"
                    + "\"test_reconstruction\":null,\"test_kl\":null,\"seconds\":0.110749068,"
                    + "\"examples_per_second\":361.17685432802017,\"learning_rate\":1.0E-4}\n";

    @TempDir Path dir;

    @Test
    void readsAndRewritesTheLinesOfAnEarlierBuild() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, WRITTEN);
        List<EpochMetrics> history = MetricsLog.read(file);
        assertThat(history).hasSize(2);
        assertThat(history.get(0).testKl()).isEqualTo(0.0976386396931957);
        assertThat(history.get(1).testLoss()).isNaN();
        assertThat(history.get(1).learningRate()).isEqualTo(1e-4);

        Path again = dir.resolve("again.jsonl");
        MetricsLog.write(again, history);
        assertThat(Files.readString(again)).isEqualTo(WRITTEN);
    }

    @Test
    void latentStatisticsTravelInTheirLineAndReadBack() throws IOException {
        LatentReport latents =
                new LatentReport(
                        2,
                        LatentReport.ACTIVITY_THRESHOLD,
                        new double[] {0.5, 1e-4, 2.25},
                        new double[] {1.5, 0.001, Double.NaN});
        EpochMetrics measured =
                new EpochMetrics(3, 101.5, 90, 11.5, 100, 89, 11, 2, 500, 1e-3, latents);
        Path file = dir.resolve("metrics.jsonl");
        MetricsLog.write(file, List.of(measured));
        JsonFields line = JsonFields.of(Json.parse(Files.readString(file).strip()));
        assertThat(line.requireInt("active_units")).isEqualTo(2);
        assertThat(line.requireDouble("activity_threshold")).isEqualTo(0.01);
        assertThat(line.requireList("kl_per_dimension")).containsExactly(1.5, 0.001, null);
        assertThat(line.requireList("posterior_mean_variance")).containsExactly(0.5, 1e-4, 2.25);
        List<EpochMetrics> back = MetricsLog.read(file);
        assertThat(back.get(0).latents().klPerDimension()).containsExactly(1.5, 0.001, Double.NaN);
        assertThat(back).containsExactly(measured);
    }

    @Test
    void aResumedLogKeepsTheEarlierLinesAndAddsOnePerEpoch() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, WRITTEN);
        MetricsLog log = new MetricsLog(file, MetricsLog.read(file));
        EpochMetrics third = new EpochMetrics(3, 4.2, 4.1, 0.1, 4.3, 4.2, 0.1, 0.1, 400, 1e-4);
        EpochMetrics fourth = new EpochMetrics(4, 4.1, 4.0, 0.1, 4.2, 4.1, 0.1, 0.1, 410, 1e-4);
        log.onEpochEnd(third, null);
        log.onEpochEnd(fourth, null);
        assertThat(Files.readString(file))
                .isEqualTo(
                        WRITTEN
                                + Json.write(third.toJson())
                                + "\n"
                                + Json.write(fourth.toJson())
                                + "\n");
        assertThat(MetricsLog.read(file)).hasSize(4).endsWith(third, fourth);
    }
}
