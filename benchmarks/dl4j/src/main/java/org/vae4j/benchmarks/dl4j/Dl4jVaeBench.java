package org.vae4j.benchmarks.dl4j;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.variational.BernoulliReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.vae4j.core.data.IdxArray;
import org.vae4j.core.data.IdxReader;
import org.vae4j.core.io.Json;

/**
 * Trains Deeplearning4j's own {@link VariationalAutoencoder} layer with the model and protocol of
 * {@code benchmarks/pytorch/vae_bench.py} and prints one JSON line with that script's keys.
 *
 * <p>Model: 784-400-20 ReLU encoder whose latent layer gives the mean and log-variance (identity
 * activation), mirrored 20-400-784 ReLU decoder, Bernoulli reconstruction through a sigmoid, one
 * sample of z per example. Weights and biases start uniform in {@code [-1/sqrt(in), 1/sqrt(in))}
 * like PyTorch's {@code nn.Linear}, instead of DL4J's Xavier weights and zero biases. Protocol:
 * Adam at 1e-3, batch 128, float32, the 60,000 MNIST training images scaled to [0,1] (not
 * binarised) in a new order each epoch, seed 1. Only the VAE's unsupervised objective is trained
 * ({@link MultiLayerNetwork#pretrainLayer(int, INDArray)}). The first epoch counts as warm-up when
 * there are two or more: the speed is the median of the later epochs.
 *
 * <pre>{@code
 * OMP_NUM_THREADS=1 java -jar benchmarks/dl4j/target/dl4j-bench.jar --epochs 3
 * }</pre>
 */
public final class Dl4jVaeBench {
    private static final int FEATURES = 784;
    private static final int HIDDEN = 400;
    private static final int LATENT = 20;
    private static final int BATCH = 128;
    private static final String USAGE =
            "usage: java -jar dl4j-bench.jar [--epochs N] [--data MNIST_DIR] [--seed N]";

    private Dl4jVaeBench() {}

    /**
     * Runs the benchmark: {@code --epochs N} (default 3), {@code --data DIR} (default the
     * repository's {@code data/mnist}), {@code --seed N} (default 1). Prints one JSON line to
     * stdout; logging goes to stderr.
     */
    public static void main(String[] args) throws IOException {
        int epochs = 3;
        int seed = 1;
        Path data = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                System.out.println(USAGE);
                return;
            }
            if (i + 1 >= args.length) {
                usage("missing value after " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--epochs" -> epochs = positive(a, v);
                case "--seed" -> seed = parseInt(a, v);
                case "--data" -> data = Path.of(v);
                default -> usage("unknown option " + a);
            }
        }
        if (data == null) {
            data = repositoryRoot().resolve("data").resolve("mnist");
        }
        System.out.println(Json.write(run(epochs, seed, data)));
    }

    private static Map<String, Object> run(int epochs, int seed, Path data) throws IOException {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        double gflops = gemmGflops();
        INDArray images = readImages(data.resolve("train-images-idx3-ubyte.gz"));
        int n = (int) images.size(0);
        MultiLayerNetwork net = network(seed);
        Layer vae = net.getLayer(0);
        pytorchInit(vae);

        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        Random shuffle = new Random(seed);
        List<Double> seconds = new ArrayList<>();
        double lastLoss = Double.NaN;
        for (int epoch = 0; epoch < epochs; epoch++) {
            long start = System.nanoTime();
            shuffle(order, shuffle);
            double total = 0;
            for (int from = 0; from < n; from += BATCH) {
                int[] idx = Arrays.copyOfRange(order, from, Math.min(n, from + BATCH));
                INDArray x = Nd4j.pullRows(images, 1, idx);
                // What pretrainLayer(0, iterator) does for each minibatch of an epoch, called
                // here directly so that each minibatch's score can be read without a training
                // listener (a listener makes the VAE layer compute and hand over extra
                // activations on every step).
                net.pretrainLayer(0, x);
                // DL4J's VAE score: the KL divergence from q(z|x) to N(0, I), summed over the
                // latent dimensions, plus the negative Bernoulli log-probability of x under the
                // decoder's sigmoid outputs, summed over the 784 pixels (one sample of z), both
                // averaged over the minibatch, plus a regularisation score (0 here). That is the
                // negative ELBO per example in nats, the same quantity and scale as
                // vae_bench.py's loss; it is computed before the step's update, as there.
                total += vae.score() * idx.length;
            }
            seconds.add((System.nanoTime() - start) / 1e9);
            lastLoss = total / n;
        }

        List<Double> timed = seconds.size() > 1 ? seconds.subList(1, seconds.size()) : seconds;
        double perEpoch = median(timed);
        double bound = modelFlopsPerExample() * n / (gflops * 1e9);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("backend", "dl4j");
        r.put("version", dl4jVersion());
        r.put("omp_num_threads", System.getenv("OMP_NUM_THREADS"));
        r.put("examples", n);
        r.put("epochs", epochs);
        r.put("examples_per_second", n / perEpoch);
        r.put("seconds_per_epoch", perEpoch);
        r.put("first_epoch_seconds", seconds.get(0));
        r.put("epoch_seconds", seconds);
        r.put("gemm_gflops", gflops);
        r.put("bound_seconds_per_epoch", bound);
        r.put("bound_ratio", perEpoch / bound);
        r.put("final_train_loss", Double.isFinite(lastLoss) ? lastLoss : null);
        r.put("peak_rss_mb", peakRssMb());
        return r;
    }

    /** One VariationalAutoencoder layer, trained on its own with Adam. */
    private static MultiLayerNetwork network(int seed) {
        MultiLayerConfiguration conf =
                new NeuralNetConfiguration.Builder()
                        .seed(seed)
                        .dataType(DataType.FLOAT)
                        .updater(new Adam(1e-3))
                        .list()
                        .layer(
                                new VariationalAutoencoder.Builder()
                                        .nIn(FEATURES)
                                        .nOut(LATENT)
                                        .encoderLayerSizes(HIDDEN)
                                        .decoderLayerSizes(HIDDEN)
                                        .activation(Activation.RELU)
                                        .pzxActivationFunction(Activation.IDENTITY)
                                        .reconstructionDistribution(
                                                new BernoulliReconstructionDistribution(
                                                        Activation.SIGMOID))
                                        .numSamples(1)
                                        .build())
                        .build();
        // DL4J's layer gradients are sums over the minibatch; its updater divides them by the
        // minibatch size (miniBatch is on by default), so Adam sees the mean, as in PyTorch.
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * Redraws every weight and bias uniformly in {@code [-1/sqrt(in), 1/sqrt(in))}, PyTorch's
     * {@code nn.Linear} initialisation. DL4J stores a weight as {@code [in, out]} and names its
     * bias as the weight with a final {@code b} for {@code W} ({@code e0W}/{@code e0b}, {@code
     * pZXMeanW}/{@code pZXMeanb}, ...). The parameters are views of the network's flat parameter
     * vector, so assigning to them changes the network.
     */
    private static void pytorchInit(Layer layer) {
        Map<String, INDArray> params = layer.paramTable();
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            String key = e.getKey();
            String weight = key.endsWith("b") ? key.substring(0, key.length() - 1) + "W" : key;
            long in = params.get(weight).size(0);
            double bound = 1 / Math.sqrt(in);
            INDArray p = e.getValue();
            p.assign(Nd4j.rand(DataType.FLOAT, p.shape()).muli(2 * bound).subi(bound));
        }
    }

    /** Reads an IDX image file into an {@code [n, 784]} float array of pixels / 255. */
    private static INDArray readImages(Path path) {
        IdxArray idx = IdxReader.read(path);
        if (idx.rank() != 3 || idx.dim(1) * idx.dim(2) != FEATURES) {
            throw new IllegalArgumentException(
                    path + ": expected 28x28 images, found " + Arrays.toString(idx.dims()));
        }
        byte[] bytes = idx.data();
        float[] pixels = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            pixels[i] = (bytes[i] & 0xFF) / 255f;
        }
        return Nd4j.create(pixels, new long[] {idx.dim(0), FEATURES}, DataType.FLOAT);
    }

    /** Fisher-Yates shuffle. */
    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * Matrix-multiply speed through ND4J at the model's shapes, as vae_bench.py and {@code ./vae
     * bench} measure it: {@code x W^T} (128x784 by 784x400), {@code g W} (128x400 by 400x784) and
     * {@code g^T x} (400x128 by 128x784) in float32 with {@code Nd4j.gemm}'s transpose flags, for
     * at least half a second and 5 rounds after two warm-up rounds. Returns GFLOP/s.
     */
    private static double gemmGflops() {
        Nd4j.getRandom().setSeed(42);
        INDArray x = Nd4j.randn(DataType.FLOAT, BATCH, FEATURES);
        INDArray w = Nd4j.randn(DataType.FLOAT, HIDDEN, FEATURES);
        INDArray g = Nd4j.randn(DataType.FLOAT, BATCH, HIDDEN);
        gemmRound(x, w, g);
        gemmRound(x, w, g);
        int rounds = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            gemmRound(x, w, g);
            rounds++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < 500_000_000L || rounds < 5);
        return 3 * 2.0 * BATCH * FEATURES * HIDDEN * rounds / elapsed;
    }

    private static void gemmRound(INDArray x, INDArray w, INDArray g) {
        Nd4j.gemm(x, w, false, true);
        Nd4j.gemm(g, w, false, false);
        Nd4j.gemm(g, x, true, false);
    }

    /**
     * Matrix FLOPs of one training example, counted as vae_bench.py and {@code ./vae bench} count
     * them: each layer's product forward, its weight gradient, and its input gradient except for
     * the first layer, whose input is the data.
     */
    private static double modelFlopsPerExample() {
        int[][] layers = {
            {FEATURES, HIDDEN}, {HIDDEN, 2 * LATENT}, {LATENT, HIDDEN}, {HIDDEN, FEATURES}
        };
        double macs = 0;
        for (int i = 0; i < layers.length; i++) {
            macs += (i == 0 ? 2 : 3) * (double) layers[i][0] * layers[i][1];
        }
        return 2 * macs;
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** The process's peak resident memory (VmHWM) in MB, or null where /proc cannot tell. */
    private static Double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").strip()) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static String dl4jVersion() {
        String resource = "/META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties";
        try (InputStream in = MultiLayerNetwork.class.getResourceAsStream(resource)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }

    /** The repository root: this jar is benchmarks/dl4j/target/dl4j-bench.jar in it. */
    private static Path repositoryRoot() {
        try {
            Path p =
                    Path.of(
                            Dl4jVaeBench.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
            for (int i = 0; i < 4 && p.getParent() != null; i++) {
                p = p.getParent();
            }
            return p;
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("");
        }
    }

    private static int positive(String option, String value) {
        int v = parseInt(option, value);
        if (v < 1) {
            usage(option + " must be at least 1");
        }
        return v;
    }

    private static int parseInt(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            usage(option + " needs a whole number, not " + value);
            return 0;
        }
    }

    private static void usage(String problem) {
        System.err.println("dl4j-bench: " + problem);
        System.err.println(USAGE);
        System.exit(2);
    }
}
