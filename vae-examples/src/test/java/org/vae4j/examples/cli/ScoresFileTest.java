package org.vae4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.eval.ExampleScore;
import org.vae4j.core.eval.ExampleScorer;
import org.vae4j.core.eval.Progress;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;

/** The {@code --scores} file on the reference backend: each line is ExampleScorer's, exactly. */
class ScoresFileTest {
    private static final Backend B = ReferenceBackend.create();
    private static final int N = 7;
    private static final long SEED = 3;

    @TempDir Path dir;

    @AfterAll
    static void close() {
        B.close();
    }

    private static Dataset data(boolean labelled) {
        double[] u = Rng.seeded(5).uniforms(N * 6);
        float[] x = new float[u.length];
        for (int i = 0; i < u.length; i++) {
            x[i] = (float) u[i];
        }
        return Dataset.ofFloats(x, N, 6, labelled ? new int[] {3, 1, 4, 1, 5, 9, 2} : null);
    }

    private static Vae model() {
        return new MlpVaeConfig(6, 3, new int[] {5}, Activation.TANH, "bernoulli")
                .build(Init.on(B, DType.FLOAT64, Rng.seeded(2)));
    }

    @Test
    void eachLineIsTheScoreOfTheImageKeyedByItsIndex() throws IOException {
        for (Binarization binarization : List.of(Binarization.NONE, Binarization.DYNAMIC)) {
            Dataset data = data(true);
            Path file = dir.resolve(binarization + ".csv");
            try (Vae vae = model()) {
                ExampleScorer scorer = new ExampleScorer(vae, binarization, SEED, 4);
                ScoresFile.Means means =
                        ScoresFile.write(file, vae, scorer, data, true, Progress.NONE);
                List<String> lines = Files.readAllLines(file);
                assertThat(lines.get(0))
                        .isEqualTo("id,label,elbo,reconstruction,kl,log_likelihood");
                assertThat(lines).hasSize(N + 1);
                double sumElbo = 0;
                double sumLl = 0;
                for (int i = 0; i < N; i++) {
                    String[] cells = lines.get(i + 1).split(",");
                    ExampleScore s = scorer.score(data, i, i);
                    assertThat(cells[0]).isEqualTo(Integer.toString(i));
                    assertThat(cells[1]).isEqualTo(Integer.toString(data.labels().get()[i]));
                    assertThat(Double.parseDouble(cells[2])).isEqualTo(s.elbo());
                    assertThat(Double.parseDouble(cells[3])).isEqualTo(s.reconstruction());
                    assertThat(Double.parseDouble(cells[4])).isEqualTo(s.kl());
                    assertThat(Double.parseDouble(cells[5])).isEqualTo(s.logLikelihood());
                    sumElbo += s.elbo();
                    sumLl += s.logLikelihood();
                }
                assertThat(means.rows()).isEqualTo(N);
                assertThat(means.elbo()).isEqualTo(sumElbo / N);
                assertThat(means.logLikelihood()).isEqualTo(sumLl / N);
            }
        }
    }

    @Test
    void unlabelledDataWithoutImportanceSamplesHaveNeitherColumn() throws IOException {
        Path file = dir.resolve("plain.csv");
        try (Vae vae = model()) {
            ExampleScorer scorer = new ExampleScorer(vae, Binarization.NONE, SEED, 0);
            ScoresFile.Means means =
                    ScoresFile.write(file, vae, scorer, data(false), false, Progress.NONE);
            assertThat(means.logLikelihood()).isNaN();
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("id,elbo,reconstruction,kl");
        assertThat(lines.subList(1, lines.size()))
                .hasSize(N)
                .allSatisfy(line -> assertThat(line.split(",")).hasSize(4));
    }

    @Test
    void aFailedRunLeavesNoPartialFileAndTheOldOneAsItWas() throws IOException {
        Path file = dir.resolve("scores.csv");
        Files.writeString(file, "id,elbo\n0,1.0\n");
        Progress failing =
                (done, total) -> {
                    if (done > 0) {
                        throw new IllegalStateException("stopped");
                    }
                };
        try (Vae vae = model()) {
            ExampleScorer scorer = new ExampleScorer(vae, Binarization.NONE, SEED, 0);
            assertThatThrownBy(
                            () -> ScoresFile.write(file, vae, scorer, data(false), false, failing))
                    .hasMessage("stopped");
        }
        assertThat(Files.readString(file)).isEqualTo("id,elbo\n0,1.0\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void onlyAScoresFileIsReplaced() throws IOException {
        Path scores = dir.resolve("old.csv");
        Files.writeString(scores, "id,label,elbo\n");
        ScoresFile.check(scores, List.of());
        ScoresFile.check(dir.resolve("new.csv"), List.of());

        Path other = dir.resolve("notes.csv");
        Files.writeString(other, "name,value\n");
        assertThatThrownBy(() -> ScoresFile.check(other, List.of()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("is not a scores file vae eval wrote");
        assertThatThrownBy(() -> ScoresFile.check(dir, List.of()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("is a directory");
        assertThatThrownBy(() -> ScoresFile.check(scores, List.of(scores)))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("the model's own old.csv");
    }
}
