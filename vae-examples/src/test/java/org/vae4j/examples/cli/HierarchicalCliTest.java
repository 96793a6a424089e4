package org.vae4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.io.Json;
import org.vae4j.core.io.JsonFields;
import org.vae4j.core.model.HierarchicalVaeConfig;

/**
 * {@code --latent 3,2}: a model with two stochastic layers, trained and evaluated on both backends.
 */
class HierarchicalCliTest {
    private static final Path HOME = Path.of("..");

    @TempDir Path dir;

    private static InProcess.Result vae(String... args) {
        return InProcess.vae(HOME, args);
    }

    private InProcess.Result train(Path out, String backend) {
        return vae(
                "train",
                "--out",
                out.toString(),
                "--epochs",
                "2",
                "--limit",
                "200",
                "--latent",
                "3,2",
                "--hidden",
                "16",
                "--activation",
                "tanh",
                "--binarize",
                "dynamic",
                "--objective",
                "iwae",
                "--samples",
                "3",
                "--batch-size",
                "50",
                "--backend",
                backend);
    }

    @Test
    void trainsAndEvaluatesOnBothBackendsToTheSameNumbers() {
        double[] nll = new double[2];
        String[] backends = {"nd4j", "djl"};
        for (int i = 0; i < 2; i++) {
            Path run = dir.resolve(backends[i]);
            InProcess.Result t = train(run, backends[i]);
            assertThat(t.code()).as(t.err()).isZero();
            assertThat(t.out()).contains("Training a 784-16-(3)-3-(2) VAE");
            assertThat(Checkpoints.inspect(run.resolve("checkpoint.safetensors")).model())
                    .isEqualTo(
                            new HierarchicalVaeConfig(
                                    784,
                                    new int[] {3, 2},
                                    new int[][] {{16}, {3}},
                                    org.vae4j.core.nn.Activation.TANH,
                                    "bernoulli"));
            InProcess.Result e =
                    vae(
                            "eval",
                            "--model",
                            run.toString(),
                            "--iw-samples",
                            "5",
                            "--limit",
                            "100",
                            "--json");
            assertThat(e.code()).as(e.err()).isZero();
            Map<String, Object> report = JsonFields.of(Json.parse(e.out())).map();
            nll[i] = ((Number) report.get("log_likelihood")).doubleValue();
            assertThat(report.get("kl_per_dimension").toString()).contains("null");
        }
        Path scores = dir.resolve("scores.csv");
        InProcess.Result refused =
                vae(
                        "eval",
                        "--model",
                        dir.resolve("nd4j").toString(),
                        "--scores",
                        scores.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err())
                .contains(
                        "--scores needs a model with one stochastic layer, and this one has"
                                + " several. Evaluate it without --scores");
        assertThat(scores).doesNotExist();
        assertThat(nll[1])
                .as("djl against nd4j")
                .isCloseTo(nll[0], within(1e-3 * Math.abs(nll[0])));
    }

    @Test
    void severalLatentSizesAreForUnconditionalMlps() {
        InProcess.Result r =
                vae(
                        "train",
                        "--out",
                        dir.resolve("c").toString(),
                        "--arch",
                        "conv",
                        "--latent",
                        "3,2");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("Several --latent sizes (stochastic layers)");
    }
}
