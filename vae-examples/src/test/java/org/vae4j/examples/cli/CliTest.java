package org.vae4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.io.Json;
import org.vae4j.core.io.JsonFields;
import org.vae4j.core.train.EpochMetrics;
import org.vae4j.core.train.MetricsLog;

/** The command line end to end, in-process, on the MNIST copy the repository carries. */
class CliTest {
    private static final Path HOME = Path.of("..");
    private static final String[] SMALL = {
        "--limit", "200", "--latent", "2", "--hidden", "16", "--batch-size", "50", "--quiet"
    };

    @TempDir Path dir;

    private static InProcess.Result vae(String... args) {
        return InProcess.vae(HOME, args);
    }

    private static String[] train(Path out, int epochs, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--out", out.toString()));
        args.addAll(List.of("--epochs", Integer.toString(epochs)));
        args.addAll(List.of(SMALL));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void trainWritesACompleteRunDirectory() throws IOException {
        Path run = dir.resolve("run");
        InProcess.Result r = vae(train(run, 2));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Done: epoch 2");
        for (String f :
                List.of(
                        "checkpoint.safetensors",
                        "metrics.jsonl",
                        "samples.png",
                        "reconstructions.png",
                        "curves.png",
                        "manifold.png")) {
            assertThat(run.resolve(f)).isNotEmptyFile();
        }
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertThat(lines).hasSize(2);
        Map<String, Object> first = JsonFields.of(Json.parse(lines.get(0))).map();
        assertThat(first)
                .containsKeys(
                        "epoch",
                        "train_loss",
                        "test_loss",
                        "reconstruction",
                        "kl",
                        "seconds",
                        "examples_per_second");
    }

    @Test
    void aResumedRunEndsWithTheNumbersOfAnUninterruptedOne() throws IOException {
        Path straight = dir.resolve("straight");
        Path resumed = dir.resolve("resumed");
        assertThat(vae(train(straight, 3)).code()).isZero();
        assertThat(vae(train(resumed, 2)).code()).isZero();
        InProcess.Result r =
                vae("train", "--resume", resumed.toString(), "--epochs", "3", "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        List<EpochMetrics> a = MetricsLog.read(straight.resolve("metrics.jsonl"));
        List<EpochMetrics> b = MetricsLog.read(resumed.resolve("metrics.jsonl"));
        assertThat(b).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(b.get(i).trainLoss()).isEqualTo(a.get(i).trainLoss());
            assertThat(b.get(i).testLoss()).isEqualTo(a.get(i).testLoss());
        }
    }

    @Test
    void resumingOnAnotherBackendWarnsOnStderr() throws IOException {
        Path run = dir.resolve("moved");
        assertThat(vae(train(run, 1, "--backend", "nd4j")).code()).isZero();
        PrintStream stderr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        InProcess.Result r;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            r = vae("train", "--resume", run.toString(), "--epochs", "2", "--backend", "djl");
        } finally {
            System.setErr(stderr);
        }
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("WARN org.vae4j.examples.cli.TrainCommand - " + run)
                .contains("was trained on nd4j and now resumes on djl")
                .contains("Resume with --backend nd4j");
    }

    @Test
    void aConvolutionalRunTrainsResumesExactlyAndExports() throws IOException {
        String[] conv = {"--arch", "conv", "--channels", "4,8", "--kernel", "3", "--batch-norm"};
        Path straight = dir.resolve("conv-straight");
        Path resumed = dir.resolve("conv-resumed");
        InProcess.Result first = vae(train(straight, 2, conv));
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(vae(train(resumed, 1, conv)).code()).isZero();
        InProcess.Result r =
                vae("train", "--resume", resumed.toString(), "--epochs", "2", "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        List<EpochMetrics> a = MetricsLog.read(straight.resolve("metrics.jsonl"));
        List<EpochMetrics> b = MetricsLog.read(resumed.resolve("metrics.jsonl"));
        assertThat(b.get(1).testLoss()).isEqualTo(a.get(1).testLoss());
        Path onnx = dir.resolve("conv-onnx");
        InProcess.Result export =
                vae("export", "--model", straight.toString(), "--out", onnx.toString());
        assertThat(export.code()).as(export.err()).isZero();
        Path png = dir.resolve("onnx-digits.png");
        InProcess.Result sample =
                vae(
                        "sample",
                        "--model",
                        onnx.resolve("decoder.onnx").toString(),
                        "--count",
                        "4",
                        "--out",
                        png.toString());
        assertThat(sample.code()).as(sample.err()).isZero();
        assertThat(png).isNotEmptyFile();
    }

    @Test
    void aConditionalRunDrawsByLabelClassifiesAndExportsTheCondition() throws IOException {
        Path run = dir.resolve("cvae");
        InProcess.Result trained = vae(train(run, 2, "--conditional"));
        assertThat(trained.code()).as(trained.err()).isZero();
        String model = run.toString();
        for (String label : List.of("3", "all")) {
            Path png = dir.resolve("label-" + label + ".png");
            InProcess.Result r =
                    vae(
                            "sample",
                            "--model",
                            model,
                            "--label",
                            label,
                            "--count",
                            "4",
                            "--out",
                            png.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(png).isNotEmptyFile();
        }
        InProcess.Result all =
                vae(
                        "sample",
                        "--model",
                        model,
                        "--count",
                        "4",
                        "--out",
                        dir.resolve("a.png").toString());
        assertThat(all.out()).contains("4 samples of each of 10 classes");
        Path manifold = dir.resolve("m.png");
        assertThat(
                        vae(
                                        "manifold",
                                        "--model",
                                        model,
                                        "--label",
                                        "7",
                                        "--grid",
                                        "3",
                                        "--out",
                                        manifold.toString())
                                .code())
                .isZero();
        InProcess.Result noLabel = vae("manifold", "--model", model, "--out", manifold.toString());
        assertThat(noLabel.code()).isEqualTo(2);
        assertThat(noLabel.err()).contains("give --label 0..9");
        InProcess.Result eval =
                vae(
                        "eval",
                        "--model",
                        model,
                        "--iw-samples",
                        "2",
                        "--classify",
                        "1",
                        "--limit",
                        "50");
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.out()).containsPattern("label accuracy +[0-9.]+% +\\([0-9]+ of 50");
        Path onnx = dir.resolve("cvae-onnx");
        assertThat(vae("export", "--model", model, "--out", onnx.toString()).code()).isZero();
        InProcess.Result fromOnnx =
                vae(
                        "sample",
                        "--model",
                        onnx.resolve("decoder.onnx").toString(),
                        "--label",
                        "5",
                        "--count",
                        "3",
                        "--out",
                        dir.resolve("o.png").toString());
        assertThat(fromOnnx.code()).as(fromOnnx.err()).isZero();
        Path plain = dir.resolve("plain");
        assertThat(vae(train(plain, 1)).code()).isZero();
        InProcess.Result wrong =
                vae(
                        "sample",
                        "--model",
                        plain.toString(),
                        "--label",
                        "3",
                        "--out",
                        dir.resolve("w.png").toString());
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains("--label is for conditional models");
    }

    @Test
    void anExistingRunIsNeverOverwrittenWithoutForce() throws IOException {
        Path run = dir.resolve("run");
        assertThat(vae(train(run, 1)).code()).isZero();
        byte[] before = Files.readAllBytes(run.resolve("checkpoint.safetensors"));
        InProcess.Result again = vae(train(run, 1, "--seed", "9"));
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err().strip()).doesNotContain("\n").contains("already holds a run");
        assertThat(Files.readAllBytes(run.resolve("checkpoint.safetensors"))).isEqualTo(before);
        assertThat(vae(train(run, 1, "--seed", "9", "--force")).code()).isZero();
        assertThat(Files.readAllBytes(run.resolve("checkpoint.safetensors"))).isNotEqualTo(before);
    }

    @Test
    void wrongCommandLinesExitWithTwoAndOneLine() {
        for (String[] args :
                List.of(
                        new String[] {"train", "--epochs", "0"},
                        new String[] {"train", "--epochs", "many"},
                        new String[] {"train", "--activation", "swish"},
                        new String[] {"train", "--resume", "x", "--lr", "0.1"},
                        new String[] {"train", "--no-such-option"},
                        new String[] {"train", "--arch", "resnet"},
                        new String[] {"train", "--channels", "8,16"},
                        new String[] {"train", "--arch", "conv", "--hidden", "64,32"},
                        new String[] {"eval"})) {
            InProcess.Result r = vae(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip())
                    .as(String.join(" ", args))
                    .doesNotContain("\n")
                    .isNotEmpty();
        }
    }

    @Test
    void failuresBeforeTrainingLeaveNoRunDirectoryBehind() {
        Path run = dir.resolve("never");
        for (String[] more :
                List.of(
                        new String[] {"--backend", "nope"},
                        new String[] {"--device", "cuda:0"},
                        new String[] {"--data", dir.resolve("nowhere").toString()},
                        new String[] {"--likelihood", "poisson"})) {
            InProcess.Result r = vae(train(run, 1, more));
            assertThat(r.code()).as(String.join(" ", more)).isIn(1, 2);
            assertThat(r.err().strip()).as(String.join(" ", more)).doesNotContain("\n");
            assertThat(run).as(String.join(" ", more)).doesNotExist();
        }
    }

    @Test
    void debugAddsTheStackTrace() {
        InProcess.Result r = vae("train", "--debug", "--data", dir.resolve("nowhere").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("\tat org.vae4j");
    }

    @Test
    void missingFilesExitWithOneAndNameThePath() {
        InProcess.Result data =
                vae("train", "--data", dir.resolve("nowhere").toString(), "--quiet");
        assertThat(data.code()).isEqualTo(1);
        assertThat(data.err().strip()).doesNotContain("\n").contains("nowhere");
        InProcess.Result model = vae("eval", "--model", dir.resolve("no-run").toString());
        assertThat(model.code()).isEqualTo(1);
        assertThat(model.err().strip()).doesNotContain("\n").contains("no-run");
    }

    @Test
    void evalSampleReconstructAndManifoldUseATrainedRun() throws IOException {
        Path run = dir.resolve("run");
        assertThat(vae(train(run, 1)).code()).isZero();
        InProcess.Result eval =
                vae(
                        "eval",
                        "--model",
                        run.toString(),
                        "--iw-samples",
                        "20",
                        "--limit",
                        "50",
                        "--matrix-bound",
                        "--json");
        assertThat(eval.code()).as(eval.err()).isZero();
        JsonFields f = JsonFields.of(Json.parse(eval.out()));
        assertThat(f.requireInt("examples")).isEqualTo(50);
        // the test model's decoder is 2 -> 16 -> 784 (SMALL): 2 x (2x16 + 16x784) FLOPs a row
        assertThat(f.requireDouble("matrix_flops")).isEqualTo(50.0 * 20 * 2 * (2 * 16 + 16 * 784));
        assertThat(f.requireDouble("matrix_gflops")).isPositive();
        assertThat(f.requireDouble("matrix_ratio"))
                .isCloseTo(
                        f.requireDouble("log_likelihood_seconds")
                                / f.requireDouble("matrix_seconds"),
                        org.assertj.core.api.Assertions.within(1e-9));
        assertThat(f.requireDouble("log_likelihood")).isGreaterThan(-f.requireDouble("test_loss"));
        assertThat(f.requireList("kl_per_dimension")).hasSize(2);
        assertThat(eval.err())
                .as("progress for logs: a line per tenth of the images")
                .contains("log-likelihood: 50/50 images, ")
                .doesNotContain("\r");
        Path png = dir.resolve("s.png");
        InProcess.Result sample =
                vae("sample", "--model", run.toString(), "--count", "9", "--out", png.toString());
        assertThat(sample.code()).as(sample.err()).isZero();
        assertThat(png).isNotEmptyFile();
        Path recon = dir.resolve("r.png");
        InProcess.Result r =
                vae(
                        "reconstruct",
                        "--model",
                        run.toString(),
                        "--count",
                        "8",
                        "--out",
                        recon.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(recon).isNotEmptyFile();
        Path grid = dir.resolve("m.png");
        InProcess.Result m =
                vae("manifold", "--model", run.toString(), "--grid", "5", "--out", grid.toString());
        assertThat(m.code()).as(m.err()).isZero();
        assertThat(grid).isNotEmptyFile();
        Path onnx = dir.resolve("onnx");
        InProcess.Result export =
                vae(
                        "export",
                        "--model",
                        run.toString(),
                        "--format",
                        "onnx",
                        "--out",
                        onnx.toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(onnx.resolve("decoder.onnx")).isNotEmptyFile();
        assertThat(onnx.resolve("encoder.onnx")).isNotEmptyFile();
        Path fromOnnx = dir.resolve("o.png");
        InProcess.Result onnxSample =
                vae(
                        "sample",
                        "--model",
                        onnx.resolve("decoder.onnx").toString(),
                        "--count",
                        "4",
                        "--out",
                        fromOnnx.toString());
        assertThat(onnxSample.code()).as(onnxSample.err()).isZero();
        assertThat(fromOnnx).isNotEmptyFile();
        assertThat(
                        vae(
                                        "export",
                                        "--model",
                                        run.toString(),
                                        "--format",
                                        "tflite",
                                        "--out",
                                        onnx.toString())
                                .code())
                .isEqualTo(2);
        Files.writeString(dir.resolve("a-file"), "not a directory");
        Path unwritable = dir.resolve("a-file").resolve("onnx");
        InProcess.Result blocked =
                vae("export", "--model", run.toString(), "--out", unwritable.toString());
        assertThat(blocked.code()).isEqualTo(1);
        assertThat(blocked.err().strip()).doesNotContain("\n").contains("a-file");
        assertThat(Files.readString(dir.resolve("a-file"))).isEqualTo("not a directory");
        InProcess.Result badDims =
                vae(
                        "manifold",
                        "--model",
                        run.toString(),
                        "--dims",
                        "0,7",
                        "--out",
                        grid.toString());
        assertThat(badDims.code()).isEqualTo(2);
        assertThat(badDims.err()).contains("the model has 0..1");
    }

    @Test
    void backendsListsBothCpuBackendsAsJson() {
        InProcess.Result r = vae("backends", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonFields f = JsonFields.of(Json.parse(r.out()));
        assertThat(f.requireString("default")).isEqualTo("nd4j");
        assertThat(f.requireList("backends")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(r.out()).contains("\"djl\"");
    }

    @Test
    void benchPrintsOneResultPerBackendAsJson() {
        InProcess.Result r = vae("bench", "--steps", "3", "--backend", "nd4j,djl", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonFields f = JsonFields.of(Json.parse(r.out()));
        List<Object> results = f.requireList("results");
        assertThat(results).hasSize(2);
        for (Object o : results) {
            JsonFields e = JsonFields.of(o);
            assertThat(e.map())
                    .containsKeys(
                            "backend",
                            "examples_per_second",
                            "seconds_per_epoch",
                            "bound_ratio",
                            "peak_rss_mb");
            assertThat(e.requireDouble("examples_per_second")).isPositive();
            assertThat(e.requireDouble("bound_ratio")).isPositive();
            assertThat(e.requireDouble("peak_rss_mb")).isPositive();
            assertThat(e.requireList("epoch_seconds")).hasSize(1); // --steps: one short epoch
        }
        assertThat(JsonFields.of(results.get(0)).requireString("backend")).isEqualTo("nd4j");
    }

    @Test
    void benchCountsEachModelsMatrixFlops() {
        // 784-400-20: forward 651,200 multiply-adds, weight gradients as many, input gradients
        // 337,600 (none for the first layer): 3.28 MFLOP per example.
        assertThat(BenchModel.CANONICAL.flopsPerExample()).isEqualTo(3_280_000.0);
        // Conv 1->32 k4 on 14x14 outputs (100,352 MACs, no input gradient), 32->64 on 7x7
        // (1,605,632), dense 3136x256 and 256x32; decoder 16x256, 256x3136, and the transposed
        // convolutions read 7x7 (64->32: 1,605,632) and 14x14 (32->1: 100,352).
        double encoder = 2 * 100_352 + 3 * (1_605_632 + 3136 * 256 + 256 * 32);
        double decoder = 3 * (16 * 256 + 256 * 3136 + 1_605_632 + 100_352);
        assertThat(BenchModel.CONV.flopsPerExample()).isEqualTo(2 * (encoder + decoder));
        // The IWAE bound runs the decoder K = 5 times: 784-200-200-50.
        double enc = 2 * 784 * 200 + 3 * (200 * 200 + 200 * 100);
        double dec = 3 * (50 * 200 + 200 * 200 + 200 * 784);
        assertThat(BenchModel.BURDA_IWAE5.flopsPerExample()).isEqualTo(2 * (enc + 5 * dec));
        // The ELU / continuous Bernoulli model has the canonical model's products.
        assertThat(BenchModel.CB_ELU.flopsPerExample()).isEqualTo(3_280_000.0);
        // Batch norm adds no products.
        assertThat(BenchModel.CONV_BN.flopsPerExample()).isEqualTo(2 * (encoder + decoder));
    }

    @Test
    void benchTimesEveryModelOfTheZoo() {
        InProcess.Result r =
                vae("bench", "--model", "all", "--steps", "2", "--backend", "djl", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        List<Object> results = JsonFields.of(Json.parse(r.out())).requireList("results");
        assertThat(results.stream().map(o -> JsonFields.of(o).requireString("model")))
                .containsExactly(
                        "canonical", "burda", "burda-iwae5", "conv", "cvae", "cb-elu", "conv-bn");
        InProcess.Result bad = vae("bench", "--model", "resnet");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("use all or one of canonical, burda");
    }
}
