package org.vae4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.api.tensor.Device;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.data.ImageData;
import org.vae4j.core.eval.ExampleScore;
import org.vae4j.core.eval.ExampleScorer;
import org.vae4j.core.io.Json;
import org.vae4j.core.io.JsonFields;

/**
 * {@code vae eval --scores}: the lines are {@link ExampleScorer}'s for the image keyed by its index
 * on the run's backend (nd4j), from a run trained on binarized images.
 */
class EvalScoresCliTest {
    private static final Path HOME = Path.of("..");

    @TempDir static Path dir;
    private static Path run;

    @BeforeAll
    static void trainOnce() {
        run = dir.resolve("run");
        InProcess.Result r =
                InProcess.vae(
                        HOME,
                        "train",
                        "--out",
                        run.toString(),
                        "--epochs",
                        "1",
                        "--limit",
                        "200",
                        "--latent",
                        "3",
                        "--hidden",
                        "16",
                        "--batch-size",
                        "50",
                        "--binarize",
                        "dynamic",
                        "--collapse-examples",
                        "0",
                        "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
    }

    private static InProcess.Result eval(String... more) {
        List<String> args = new ArrayList<>(List.of("eval", "--model", run.toString()));
        args.addAll(List.of(more));
        return InProcess.vae(HOME, args.toArray(String[]::new));
    }

    /** What ExampleScorer gives the first {@code n} test images, keyed by their index. */
    private static List<ExampleScore> expected(int n, long seed, int iwSamples) {
        Dataset test = ImageData.load(HOME.resolve("data/mnist")).test().take(n);
        List<ExampleScore> scores = new ArrayList<>();
        try (Backend backend = Backends.open("nd4j", Device.CPU);
                Restored model = Checkpoints.load(run.resolve(Checkpoints.FILE_NAME), backend)) {
            ExampleScorer scorer =
                    new ExampleScorer(model.vae(), Binarization.DYNAMIC, seed, iwSamples);
            for (int i = 0; i < n; i++) {
                scores.add(scorer.score(test, i, i));
            }
        }
        return scores;
    }

    private static double[][] rows(Path file, int columns) throws IOException {
        List<String> lines = Files.readAllLines(file);
        double[][] rows = new double[lines.size() - 1][];
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            assertThat(cells).hasSize(columns);
            rows[i - 1] = new double[columns];
            for (int c = 0; c < columns; c++) {
                rows[i - 1][c] = Double.parseDouble(cells[c]);
            }
        }
        return rows;
    }

    @Test
    void eachLineIsTheScoreOfTheImageKeyedByItsIndexAndTheMeansArePrinted() throws IOException {
        Path file = dir.resolve("k5.csv");
        InProcess.Result r =
                eval("--limit", "12", "--iw-samples", "5", "--scores", file.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(file).get(0))
                .isEqualTo("id,label,elbo,reconstruction,kl,log_likelihood");
        double[][] rows = rows(file, 6);
        List<ExampleScore> expected = expected(12, 1, 5);
        assertThat(rows.length).isEqualTo(12);
        int[] labels = ImageData.load(HOME.resolve("data/mnist")).test().labels().orElseThrow();
        double[] sums = new double[4];
        for (int i = 0; i < 12; i++) {
            ExampleScore s = expected.get(i);
            assertThat(rows[i])
                    .containsExactly(
                            i, labels[i], s.elbo(), s.reconstruction(), s.kl(), s.logLikelihood());
            for (int c = 0; c < 4; c++) {
                sums[c] += rows[i][c + 2];
            }
        }
        JsonFields out = JsonFields.of(Json.parse(r.out()));
        assertThat(out.map()).containsKeys("test_loss", "log_likelihood", "kl_per_dimension");
        JsonFields means = JsonFields.of(out.map().get("scores"), "scores");
        assertThat(means.requireString("file")).isEqualTo(file.toString());
        assertThat(means.requireInt("rows")).isEqualTo(12);
        assertThat(means.requireDouble("elbo")).isEqualTo(sums[0] / 12);
        assertThat(means.requireDouble("reconstruction")).isEqualTo(sums[1] / 12);
        assertThat(means.requireDouble("kl")).isEqualTo(sums[2] / 12);
        assertThat(means.requireDouble("log_likelihood")).isEqualTo(sums[3] / 12);
    }

    @Test
    void withoutIwSamplesTheFileHasNoLikelihoodAndTheTextGainsOneLine() throws IOException {
        Path file = dir.resolve("seed4.csv");
        InProcess.Result r = eval("--limit", "5", "--seed", "4", "--scores", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(file).get(0)).isEqualTo("id,label,elbo,reconstruction,kl");
        double[][] rows = rows(file, 5);
        List<ExampleScore> expected = expected(5, 4, 0);
        double elbo = 0;
        for (int i = 0; i < 5; i++) {
            assertThat(rows[i][2]).isEqualTo(expected.get(i).elbo());
            elbo += rows[i][2];
        }
        assertThat(r.out())
                .contains("negative ELBO ")
                .contains("log-likelihood ")
                .contains(String.format(java.util.Locale.ROOT, "means elbo %.2f,", elbo / 5))
                .contains("(5 rows in " + file + ")")
                .doesNotContain("log_likelihood");
    }

    @Test
    void aListOfKOrAFileVaeDidNotWriteIsRefusedBeforeAnyWork() throws IOException {
        Path file = dir.resolve("refused.csv");
        InProcess.Result list = eval("--iw-samples", "1,5", "--scores", file.toString());
        assertThat(list.code()).isEqualTo(2);
        assertThat(list.err().strip())
                .doesNotContain("\n")
                .contains("give --iw-samples one K, not 2");
        assertThat(file).doesNotExist();

        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "keep me\n");
        InProcess.Result other = eval("--limit", "3", "--scores", notes.toString());
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).contains("is not a scores file vae eval wrote");
        assertThat(Files.readString(notes)).isEqualTo("keep me\n");
    }
}
