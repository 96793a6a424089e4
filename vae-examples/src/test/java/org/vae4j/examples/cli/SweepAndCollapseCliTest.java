package org.vae4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.io.Json;
import org.vae4j.core.io.JsonFields;
import org.vae4j.core.train.EpochMetrics;
import org.vae4j.core.train.MetricsLog;

/** {@code vae eval} over several K, and the latent statistics {@code vae train} logs per epoch. */
class SweepAndCollapseCliTest {
    private static final Path HOME = Path.of("..");
    private static final String[] SMALL = {
        "--limit", "200", "--latent", "3", "--hidden", "16", "--batch-size", "50", "--quiet"
    };

    @TempDir static Path dir;
    private static Path run;

    @BeforeAll
    static void trainOnce() {
        run = dir.resolve("run");
        InProcess.Result r = vae(train(run, "--collapse-examples", "40"));
        assertThat(r.code()).as(r.err()).isZero();
    }

    private static InProcess.Result vae(String... args) {
        return InProcess.vae(HOME, args);
    }

    private static String[] train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--out", out.toString()));
        args.addAll(List.of("--epochs", "2"));
        args.addAll(List.of(SMALL));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static JsonFields eval(String... more) {
        List<String> args = new ArrayList<>(List.of("eval", "--model", run.toString()));
        args.addAll(List.of("--limit", "10", "--json"));
        args.addAll(List.of(more));
        InProcess.Result r = vae(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return JsonFields.of(Json.parse(r.out()));
    }

    @Test
    void aSweepGivesEachKItsOwnEstimateAndDrawsThemAgainstK() throws IOException {
        Path plot = dir.resolve("k.png");
        JsonFields sweep = eval("--iw-samples", "20,1,5", "--plot", plot.toString());
        List<Object> rows = sweep.requireList("iw_sweep");
        assertThat(rows).hasSize(3);
        int[] ks = {1, 5, 20};
        for (int i = 0; i < 3; i++) {
            JsonFields row = JsonFields.of(rows.get(i), "iw_sweep[]");
            assertThat(row.map()).containsOnlyKeys("iw_samples", "nll", "nll_standard_error");
            assertThat(row.requireInt("iw_samples")).isEqualTo(ks[i]);
            // 10 images x 20 samples fit one chunk, so each K's draws are the sweep's first K.
            JsonFields alone = eval("--iw-samples", Integer.toString(ks[i]));
            double nll = -alone.requireDouble("log_likelihood");
            assertThat(row.requireDouble("nll")).isCloseTo(nll, within(1e-4 * Math.abs(nll)));
            assertThat(row.requireDouble("nll_standard_error"))
                    .isCloseTo(alone.requireDouble("log_likelihood_standard_error"), within(1e-3));
        }
        assertThat(sweep.requireInt("iw_samples")).isEqualTo(20);
        assertThat(sweep.requireDouble("log_likelihood"))
                .isEqualTo(-JsonFields.of(rows.get(2), "").requireDouble("nll"));
        assertThat(sweep.requireString("iw_plot")).isEqualTo(plot.toString());
        BufferedImage image = ImageIO.read(plot.toFile());
        assertThat(image).as("a PNG that ImageIO reads").isNotNull();
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(500);
    }

    @Test
    void aSweepPrintsATableAndDrawsBesideTheRunByDefault() {
        InProcess.Result r =
                vae("eval", "--model", run.toString(), "--limit", "10", "--iw-samples", "1,5");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .containsPattern("(?m)^ +K +-bound +s\\.e\\.$")
                .containsPattern("(?m)^ +1 +[0-9]+\\.[0-9]{2} +[0-9]+\\.[0-9]{2}$")
                .containsPattern("(?m)^ +5 +[0-9]+\\.[0-9]{2} +[0-9]+\\.[0-9]{2}$")
                .contains("bound plot         " + run.resolve("iw-bound.png"))
                .doesNotContain("log-likelihood ");
        assertThat(run.resolve("iw-bound.png")).isNotEmptyFile();
    }

    @Test
    void oneKKeepsItsOutputAndAPlotNeedsTwo() {
        InProcess.Result one =
                vae("eval", "--model", run.toString(), "--limit", "10", "--iw-samples", "5");
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(one.out())
                .containsPattern("log-likelihood +-[0-9.]+ \\+- [0-9.]+ nats  \\(K = 5 importance")
                .doesNotContain("bound plot");
        assertThat(eval("--iw-samples", "5").has("iw_sweep")).isFalse();
        InProcess.Result plot =
                vae("eval", "--model", run.toString(), "--plot", dir.resolve("p.png").toString());
        assertThat(plot.code()).isEqualTo(2);
        assertThat(plot.err().strip()).doesNotContain("\n").contains("two or more K");
        InProcess.Result zero = vae("eval", "--model", run.toString(), "--iw-samples", "5,0");
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err()).contains("--iw-samples must be > 0, but was 0");
    }

    @Test
    void everyEpochLogsItsLatentsAndCurvesShowThem() throws IOException {
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            Map<String, Object> m = JsonFields.of(Json.parse(line)).map();
            assertThat(m).containsKeys("active_units", "kl_per_dimension");
            assertThat((List<?>) m.get("kl_per_dimension")).hasSize(3);
            assertThat(((Number) m.get("active_units")).intValue()).isBetween(0, 3);
        }
        BufferedImage curves = ImageIO.read(run.resolve("curves.png").toFile());
        assertThat(curves.getHeight()).as("losses over the latents' panels").isEqualTo(900);
    }

    @Test
    void theLatentsLeaveTrainingsNumbersAsTheyWere() throws IOException {
        Path without = dir.resolve("without");
        InProcess.Result r = vae(train(without, "--collapse-examples", "0"));
        assertThat(r.code()).as(r.err()).isZero();
        List<EpochMetrics> plain = MetricsLog.read(without.resolve("metrics.jsonl"));
        List<EpochMetrics> measured = MetricsLog.read(run.resolve("metrics.jsonl"));
        assertThat(plain).extracting(EpochMetrics::latents).containsOnlyNulls();
        for (int i = 0; i < 2; i++) {
            EpochMetrics a = plain.get(i);
            EpochMetrics b = measured.get(i);
            assertThat(b.latents()).isNotNull();
            assertThat(new double[] {b.trainLoss(), b.trainKl(), b.testLoss(), b.testKl()})
                    .containsExactly(a.trainLoss(), a.trainKl(), a.testLoss(), a.testKl());
        }
        assertThat(ImageIO.read(without.resolve("curves.png").toFile()).getHeight()).isEqualTo(500);
    }
}
