package org.vae4j.examples.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.api.Capability;
import org.vae4j.api.ProviderStatus;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.data.Mnist;
import org.vae4j.core.io.Json;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Init;
import org.vae4j.core.optim.Optimizer;
import org.vae4j.core.train.EpochMetrics;
import org.vae4j.core.train.Trainer;
import org.vae4j.core.train.TrainingConfig;
import org.vae4j.core.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vae bench}: trains each chosen model of the zoo ({@link BenchModel}: the canonical
 * 784-400-20 VAE by default) on each chosen backend with its protocol and sets its speed against
 * the matrix-multiply speed the same backend reaches at the canonical model's shapes: the sgemm
 * bound is the model's matrix FLOPs per epoch ({@link MatrixFlops}) divided by that speed, and the
 * ratio says how far training is from it. The first epoch counts as warm-up when there are two or
 * more.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Time training of MNIST VAEs on each backend.")
public final class BenchCommand implements Callable<Integer> {
    private static final int BATCH = 128;
    private static final MlpVaeConfig MODEL = MlpVaeConfig.pytorchExample();
    private final Console console;

    @Option(
            names = "--model",
            paramLabel = "NAME[,NAME...]|all",
            description =
                    "Models to time: canonical, burda, burda-iwae5, conv, cvae, cb-elu, conv-bn,"
                            + " or all (default: ${DEFAULT-VALUE}).")
    String models = "canonical";

    @Option(
            names = "--backend",
            paramLabel = "NAME[,NAME...]",
            split = ",",
            description = "Backends to time, repeatable (default: every available backend).")
    List<String> backends;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            description = "Epochs of MNIST per backend (default: ${DEFAULT-VALUE}).")
    int epochs = 2;

    @Option(
            names = "--steps",
            paramLabel = "N",
            description = "Train N steps (one short epoch) instead of whole epochs.")
    Integer steps;

    @Mixin DataOptions dataOptions;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Inject
    BenchCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        if (epochs <= 0) {
            throw new UsageException("--epochs must be > 0, but was " + epochs);
        }
        if (steps != null && steps <= 0) {
            throw new UsageException("--steps must be > 0, but was " + steps);
        }
        List<String> names = backends != null ? backends : trainingBackends();
        if (names.isEmpty()) {
            throw new IllegalStateException(
                    "no backend that can train was found. Put backend-nd4j or backend-djl on the"
                            + " class path");
        }
        BenchModel[] zoo = BenchModel.parse(models);
        Mnist mnist = dataOptions.loadMnist();
        List<Object> results = new ArrayList<>();
        List<Object> described = new ArrayList<>();
        for (BenchModel model : zoo) {
            described.add(model.cliName() + ": " + model.describe());
            for (String name : names) {
                Map<String, Object> r = bench(model, name.strip(), mnist);
                results.add(r);
                if (!json) {
                    print(r);
                }
            }
        }
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("models", described);
            root.put("cores", Runtime.getRuntime().availableProcessors());
            root.put("results", results);
            console.out().println(Json.writePretty(root));
        }
        return 0;
    }

    private static List<String> trainingBackends() {
        List<String> names = new ArrayList<>();
        for (ProviderStatus s : Backends.providers()) {
            if (s.available() && s.priority() > 0) {
                names.add(s.name());
            }
        }
        return names;
    }

    private Map<String, Object> bench(BenchModel model, String name, Mnist mnist) {
        Dataset train = mnist.train();
        try (Backend backend = Backends.open(name, null)) {
            if (!backend.supports(Capability.TRAINING)) {
                throw new UsageException("backend '" + name + "' cannot train");
            }
            double gflops = Gemm.gflops(backend);
            int batch = model.batch();
            Dataset data =
                    steps == null ? train : train.take(Math.min(train.size(), steps * batch));
            int runEpochs = steps == null ? epochs : 1;
            TrainingConfig protocol = model.training(runEpochs);
            TrainingResult result;
            try (Vae vae = model.model().build(Init.on(backend, DType.FLOAT32, Rng.seeded(1)));
                    Optimizer adam = protocol.buildOptimizer(vae.namedParameters())) {
                result =
                        Trainer.builder(vae, adam)
                                .objective(protocol.buildObjective())
                                .binarization(protocol.binarization())
                                .batchSize(batch)
                                .epochs(runEpochs)
                                .seed(1)
                                .build()
                                .fit(data, null);
            }
            double[] seconds =
                    result.epochs().stream().mapToDouble(EpochMetrics::seconds).toArray();
            double measured =
                    median(
                            seconds.length > 1
                                    ? Arrays.copyOfRange(seconds, 1, seconds.length)
                                    : seconds);
            double examplesPerSecond = data.size() / measured;
            double secondsPerEpoch = train.size() / examplesPerSecond;
            double boundSeconds = model.flopsPerExample() * train.size() / (gflops * 1e9);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("model", model.cliName());
            r.put("backend", backend.name());
            r.put("device", backend.device().toString());
            r.put("examples", data.size());
            r.put("epochs", runEpochs);
            r.put("examples_per_second", examplesPerSecond);
            r.put("seconds_per_epoch", secondsPerEpoch);
            r.put("first_epoch_seconds", seconds[0] * train.size() / data.size());
            r.put("epoch_seconds", Arrays.stream(seconds).boxed().toList());
            r.put("gemm_gflops", gflops);
            r.put("bound_seconds_per_epoch", boundSeconds);
            r.put("bound_ratio", secondsPerEpoch / boundSeconds);
            r.put("final_train_loss", result.last().trainLoss());
            r.put("peak_rss_mb", peakRssMb());
            return r;
        }
    }

    private void print(Map<String, Object> r) {
        console.out()
                .printf(
                        Locale.ROOT,
                        "%-11s %-6s %,9.0f examples/s  %6.2f s/epoch (first %.2f)  gemm %6.1f"
                                + " GFLOP/s  bound %5.2f s/epoch  ratio %5.2f  peak RSS %,.0f MB%n",
                        r.get("model"),
                        r.get("backend"),
                        (Double) r.get("examples_per_second"),
                        (Double) r.get("seconds_per_epoch"),
                        (Double) r.get("first_epoch_seconds"),
                        (Double) r.get("gemm_gflops"),
                        (Double) r.get("bound_seconds_per_epoch"),
                        (Double) r.get("bound_ratio"),
                        (Double) r.get("peak_rss_mb"));
        console.out().flush();
    }

    /** Returns the process's peak resident memory in MB, or NaN where /proc cannot tell. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String kb = line.substring(6).replace("kB", "").strip();
                    return Long.parseLong(kb) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** Returns the median of {@code values} (not empty), the mean of the middle two if even. */
    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** Matrix-multiply speed through a backend at the canonical model's shapes. */
    static final class Gemm {
        private Gemm() {}

        /** Seconds of warm-up (the JIT, the helper threads) and of each window timed. */
        private static final double WARM_UP = 0.5;

        private static final double WINDOW = 0.3;
        private static final int WINDOWS = 3;

        /**
         * Times {@code x W^T} (128x784 by 784x400), {@code g W} (128x400 by 400x784) and {@code g^T
         * x} (400x128 by 128x784) in float32 through {@code backend.matmul} with transpose flags,
         * in {@value #WINDOWS} windows of {@value #WINDOW} s after {@value #WARM_UP} s of warm-up,
         * and returns the fastest window's GFLOP/s: a bound is the fastest the products go.
         */
        static double gflops(Backend backend) {
            Rng rng = Rng.seeded(42);
            int n = BATCH;
            int in = MODEL.features();
            int out = MODEL.hidden()[0];
            try (Tensor x = backend.fromFloats(rng.normalFloats(n * in), Shape.of(n, in));
                    Tensor w = backend.fromFloats(rng.normalFloats(out * in), Shape.of(out, in));
                    Tensor g = backend.fromFloats(rng.normalFloats(n * out), Shape.of(n, out))) {
                double flopsPerRound = 3 * 2.0 * n * in * out;
                roundsPerSecond(backend, x, w, g, WARM_UP);
                double best = 0;
                for (int i = 0; i < WINDOWS; i++) {
                    best = Math.max(best, roundsPerSecond(backend, x, w, g, WINDOW));
                }
                return flopsPerRound * best / 1e9;
            }
        }

        /** Runs rounds for at least {@code seconds} (and 5 rounds); returns rounds a second. */
        private static double roundsPerSecond(
                Backend b, Tensor x, Tensor w, Tensor g, double seconds) {
            int rounds = 0;
            long start = System.nanoTime();
            long elapsed;
            do {
                round(b, x, w, g);
                rounds++;
                elapsed = System.nanoTime() - start;
            } while (elapsed < seconds * 1e9 || rounds < 5);
            return rounds * 1e9 / elapsed;
        }

        private static void round(Backend b, Tensor x, Tensor w, Tensor g) {
            b.matmul(x, w, false, true).close();
            b.matmul(g, w, false, false).close();
            b.matmul(g, x, true, false).close();
        }
    }
}
