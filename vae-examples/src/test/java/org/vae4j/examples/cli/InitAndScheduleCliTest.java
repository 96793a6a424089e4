package org.vae4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.data.ImageData;
import org.vae4j.core.io.Safetensors;
import org.vae4j.core.model.OutputBias;
import org.vae4j.core.nn.InitScheme;
import org.vae4j.core.train.EpochMetrics;
import org.vae4j.core.train.MetricsLog;
import org.vae4j.core.train.TrainingConfig;

/** {@code vae train}'s initialisation and schedule options, their checkpoints and refusals. */
class InitAndScheduleCliTest {
    private static final Path HOME = Path.of("..");
    private static final String[] SMALL = {
        "--limit", "200", "--latent", "2", "--hidden", "16", "--batch-size", "50", "--quiet"
    };

    @TempDir Path dir;

    private static InProcess.Result vae(String... args) {
        return InProcess.vae(HOME, args);
    }

    private static String[] train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--out", out.toString()));
        args.addAll(List.of(SMALL));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static double burdaRate(int stage) {
        return 1e-3 * Math.pow(10, -stage / 7.0);
    }

    @Test
    void aBurdaRunResumedInsideAStageKeepsItsRatesAndNumbers() throws IOException {
        String[] protocol = {
            "--schedule",
            "burda:3",
            "--init",
            "glorot",
            "--output-bias",
            "data-mean",
            "--activation",
            "tanh",
            "--binarize",
            "dynamic"
        };
        Path straight = dir.resolve("straight");
        Path resumed = dir.resolve("resumed");
        InProcess.Result first = vae(train(straight, concat(protocol, "--epochs", "5")));
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(vae(train(resumed, concat(protocol, "--epochs", "2"))).code()).isZero();

        TrainingConfig saved =
                Checkpoints.inspect(resumed.resolve(Checkpoints.FILE_NAME)).training();
        assertThat(saved.schedule().text()).isEqualTo("burda:3");
        assertThat(saved.init()).isEqualTo(InitScheme.GLOROT);
        assertThat(saved.outputBias()).isEqualTo(OutputBias.DATA_MEAN);
        assertThat(saved.adamEpsilon()).isEqualTo(1e-4);
        assertThat(saved.epochs()).isEqualTo(2);

        InProcess.Result r =
                vae("train", "--resume", resumed.toString(), "--epochs", "5", "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        List<EpochMetrics> a = MetricsLog.read(straight.resolve("metrics.jsonl"));
        List<EpochMetrics> b = MetricsLog.read(resumed.resolve("metrics.jsonl"));
        assertThat(b).hasSize(5);
        // stage 0 is epoch 1, stage 1 epochs 2-4, stage 2 epochs 5-13
        int[] stage = {0, 1, 1, 1, 2};
        for (int i = 0; i < 5; i++) {
            assertThat(b.get(i).learningRate())
                    .as("epoch %d", i + 1)
                    .isEqualTo(burdaRate(stage[i]));
            assertThat(b.get(i).trainLoss()).isEqualTo(a.get(i).trainLoss());
            assertThat(b.get(i).testLoss()).isEqualTo(a.get(i).testLoss());
        }
        InProcess.Result past = vae("train", "--resume", resumed.toString(), "--epochs", "14");
        assertThat(past.code()).isEqualTo(2);
        assertThat(past.err().strip())
                .isEqualTo(
                        "vae train: --epochs 14 is more than the 13 epochs of the run's schedule"
                                + " burda:3; give --epochs 13 or fewer, or more stages");
    }

    @Test
    void theEpochsDefaultToTheSchedulesAndTheDataMeanBiasIsWhereTrainingStarts() {
        Path run = dir.resolve("burda2");
        // a rate so small that four Adam steps move no bias by more than 1e-9
        InProcess.Result r =
                vae(
                        train(
                                run,
                                "--schedule",
                                "burda:2",
                                "--output-bias",
                                "data-mean",
                                "--lr",
                                "1e-10"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Done: epoch 4");
        double[] means =
                OutputBias.featureMeans(
                        ImageData.load(HOME.resolve("data/mnist")).limit(200).train());
        double[] bias =
                Safetensors.read(run.resolve(Checkpoints.FILE_NAME))
                        .tensors()
                        .get("model.decoder.net.layer1.bias")
                        .toDoubles();
        assertThat(bias).hasSize(784);
        for (int f = 0; f < 784; f++) {
            double m = Math.min(Math.max(means[f], 1e-4), 1 - 1e-4);
            assertThat(bias[f]).as("pixel %d", f).isCloseTo(Math.log(m / (1 - m)), within(1e-5));
        }
    }

    @Test
    void wrongValuesAndResumedChangesExitWithTwoAndOneLine() {
        String forms =
                "use constant, step:EVERY:FACTOR, exponential:GAMMA, cosine[:EPOCHS[:MIN]] or"
                        + " burda[:STAGES]";
        Object[][] cases = {
            {
                new String[] {"--schedule", "linear"},
                "Unknown learning-rate schedule 'linear'; " + forms
            },
            {
                new String[] {"--schedule", "step:0:0.5"},
                "Bad learning-rate schedule 'step:0:0.5': Step decay needs every > 0 and gamma > 0,"
                        + " but got 0, 0.5; "
                        + forms
            },
            {
                new String[] {"--schedule", "burda:2", "--epochs", "5"},
                "--epochs 5 is more than the 4 epochs of --schedule burda:2; give --epochs 4 or"
                        + " fewer, or more stages"
            },
            {
                new String[] {"--init", "xavier"},
                "Unknown initialisation 'xavier'; use torch, glorot or he"
            },
            {
                new String[] {"--output-bias", "mean"},
                "Unknown output bias 'mean'; use init, zero or data-mean"
            },
            {new String[] {"--adam-eps", "0"}, "--adam-eps must be finite and > 0, but was 0.0"},
            {
                new String[] {"--adam-eps", "1e-4", "--optimizer", "sgd"},
                "--adam-eps is for --optimizer adam, not sgd; drop one of them"
            },
            {
                new String[] {"--arch", "conv", "--output-bias", "data-mean"},
                "The data-mean output bias needs an MLP decoder (a conv decoder's last bias is one"
                        + " value per channel, not per pixel); use the zero or init output bias"
            },
        };
        for (Object[] c : cases) {
            String[] more = (String[]) c[0];
            Path never = dir.resolve("never");
            InProcess.Result r = vae(train(never, more));
            assertThat(r.code()).as(String.join(" ", more)).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", more)).isEqualTo("vae train: " + c[1]);
            assertThat(never).doesNotExist();
        }
        for (String option : List.of("--schedule", "--init", "--output-bias", "--adam-eps")) {
            InProcess.Result r = vae("train", "--resume", "x", option, "1");
            assertThat(r.code()).as(option).isEqualTo(2);
            assertThat(r.err().strip())
                    .as(option)
                    .doesNotContain("\n")
                    .contains(option + " cannot be combined with --resume");
        }
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }
}
