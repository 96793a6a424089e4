package org.vae4j.examples.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.vae4j.api.tensor.DType;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.ImageShape;
import org.vae4j.core.model.ConvVaeConfig;
import org.vae4j.core.model.HierarchicalVaeConfig;
import org.vae4j.core.model.Likelihoods;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.ModelConfig;
import org.vae4j.core.model.OutputBias;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.InitScheme;
import org.vae4j.core.optim.ScheduleSpec;
import org.vae4j.core.train.TrainingConfig;
import picocli.CommandLine.Option;

/**
 * The options of {@code vae train} that describe a run: its architecture and training settings.
 * Each is null unless given, so that a resumed run can refuse settings it would ignore; the
 * defaults are the pytorch/examples protocol.
 */
public final class TrainSettings {
    @Option(
            names = "--epochs",
            paramLabel = "N",
            description =
                    "Epochs in all (default: 10, or all of a burda schedule's; at most those).")
    Integer epochs;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            description = "Examples per step (default: 128).")
    Integer batchSize;

    @Option(
            names = "--arch",
            paramLabel = "mlp|conv",
            description =
                    "Architecture: mlp (dense layers) or conv (stride-2 convolutions, a dense"
                            + " layer, and the mirror image in the decoder) (default: mlp).")
    String arch;

    @Option(
            names = "--conditional",
            description =
                    "Condition the encoder and the decoder on the data's labels, one-hot (a"
                            + " conditional VAE); 'vae sample --label' then picks the class.")
    Boolean conditional;

    @Option(
            names = "--latent",
            paramLabel = "N[,N...]",
            split = ",",
            description =
                    "Latent dimensions (default: 20; 16 with --arch conv). Several sizes stack"
                            + " stochastic layers from the data upwards, e.g. 100,50 for the IWAE"
                            + " paper's two-layer model: --hidden then sizes the network into the"
                            + " first, and each network above has as many layers, each as wide as"
                            + " the stochastic layer below it.")
    int[] latent;

    @Option(
            names = "--hidden",
            paramLabel = "N",
            split = ",",
            description =
                    "Hidden layer sizes of the encoder; the decoder mirrors them (default: 400;"
                            + " with --arch conv one dense layer, default 256).")
    int[] hidden;

    @Option(
            names = "--channels",
            paramLabel = "N",
            split = ",",
            description = "--arch conv: channels of each stride-2 convolution (default: 32,64).")
    int[] channels;

    @Option(
            names = "--batch-norm",
            description =
                    "--arch conv: batch normalisation after every convolution and dense hidden"
                            + " layer (running statistics are saved in checkpoints).")
    Boolean batchNorm;

    @Option(
            names = "--kernel",
            paramLabel = "N",
            description = "--arch conv: kernel side; padding is (N-1)/2 (default: 4).")
    Integer kernel;

    @Option(
            names = "--activation",
            paramLabel = "NAME",
            description = "relu, tanh, ... (default: relu).")
    String activation;

    @Option(
            names = "--likelihood",
            paramLabel = "NAME",
            description =
                    "bernoulli, continuous-bernoulli, gaussian, gaussian-fixed[:VAR], laplace (default: bernoulli).")
    String likelihood;

    @Option(
            names = "--binarize",
            paramLabel = "none|static|dynamic",
            description = "Binarise pixels (default: none, grey values).")
    String binarize;

    @Option(
            names = "--objective",
            paramLabel = "elbo|iwae",
            description = "Training objective (default: elbo).")
    String objective;

    @Option(
            names = "--samples",
            paramLabel = "K",
            description = "Samples per example: L for the ELBO, K for IWAE (default: 1).")
    Integer samples;

    @Option(names = "--beta", paramLabel = "B", description = "KL weight of the ELBO (default: 1).")
    Double beta;

    @Option(
            names = "--warmup-epochs",
            paramLabel = "N",
            description = "Epochs over which the KL weight rises from 0 to beta (default: 0).")
    Integer warmupEpochs;

    @Option(
            names = "--optimizer",
            paramLabel = "adam|adagrad|sgd",
            description = "Optimizer (default: adam).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "X", description = "Learning rate (default: 0.001).")
    Double lr;

    @Option(
            names = "--schedule",
            paramLabel = "SPEC",
            description =
                    "Learning rate by epoch, from --lr: constant, step:EVERY:FACTOR,"
                            + " exponential:GAMMA, cosine[:EPOCHS[:MIN]] (default: --epochs,"
                            + " 1e-6) or burda[:STAGES] (the IWAE paper's: 3^i epochs at"
                            + " lr 10^(-i/7), i < STAGES, default 8) (default: constant).")
    String schedule;

    @Option(
            names = "--adam-eps",
            paramLabel = "X",
            description = "Adam's epsilon (default: 1e-8; 1e-4 with --schedule burda).")
    Double adamEps;

    @Option(
            names = "--init",
            paramLabel = "torch|glorot|he",
            description =
                    "Initial weights of dense and convolution layers: torch (PyTorch's"
                            + " defaults), glorot (uniform, zero biases) or he (normal, fan-in,"
                            + " zero biases) (default: torch).")
    String init;

    @Option(
            names = "--output-bias",
            paramLabel = "init|zero|data-mean",
            description =
                    "The decoder's last bias: as --init drew it, zero, or from the training"
                            + " data's per-pixel mean (logit for Bernoulli; --arch mlp)"
                            + " (default: init).")
    String outputBias;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description = "Seed of initialisation, shuffling and noise (default: 1).")
    Long seed;

    @Option(
            names = "--dtype",
            paramLabel = "float32|float64",
            description = "Parameter dtype (default: float32).")
    String dtype;

    /**
     * Rejects out-of-range values naming the option, before anything is read or written (the
     * library's own checks would name its parameters instead).
     */
    void checkRanges() {
        boolean conv = "conv".equals(architecture());
        atLeast("--epochs", epochs, 1);
        atLeast("--batch-size", batchSize, 1);
        atLeast("--samples", samples, 1);
        atLeast("--warmup-epochs", warmupEpochs, 0);
        atLeast("--kernel", kernel, 1);
        for (int[] sizes : new int[][] {latent, hidden, channels}) {
            for (int h : sizes == null ? new int[0] : sizes) {
                atLeast(
                        sizes == latent ? "--latent" : sizes == hidden ? "--hidden" : "--channels",
                        h,
                        1);
            }
        }
        if (latent != null && latent.length > 1 && (conv || Boolean.TRUE.equals(conditional))) {
            throw new UsageException(
                    "Several --latent sizes (stochastic layers) are for unconditional --arch mlp"
                            + " models; give one size");
        }
        if (!conv && !architecture().equals("mlp")) {
            throw new UsageException("--arch must be mlp or conv, but was '" + arch + "'");
        }
        if (!conv && (channels != null || kernel != null || batchNorm != null)) {
            throw new UsageException("--channels, --kernel and --batch-norm are for --arch conv");
        }
        if (conv && hidden != null && hidden.length != 1) {
            throw new UsageException(
                    "--arch conv has one dense layer: give --hidden one size, not "
                            + hidden.length);
        }
        if (lr != null && !(lr > 0 && lr < Double.POSITIVE_INFINITY)) {
            throw new UsageException("--lr must be finite and > 0, but was " + lr);
        }
        if (beta != null && !(beta >= 0 && beta < Double.POSITIVE_INFINITY)) {
            throw new UsageException("--beta must be finite and >= 0, but was " + beta);
        }
        if (adamEps != null && !(adamEps > 0 && adamEps < Double.POSITIVE_INFINITY)) {
            throw new UsageException("--adam-eps must be finite and > 0, but was " + adamEps);
        }
        if (adamEps != null && optimizer != null && !optimizer.strip().equalsIgnoreCase("adam")) {
            throw new UsageException(
                    "--adam-eps is for --optimizer adam, not " + optimizer + "; drop one of them");
        }
    }

    /**
     * Refuses more epochs than a schedule of fixed length has.
     *
     * @param option how the user gave the schedule, for the message
     */
    static void requireWithin(int epochs, ScheduleSpec schedule, String option) {
        int most = schedule.epochs().orElse(Integer.MAX_VALUE);
        if (epochs > most) {
            throw new UsageException(
                    "--epochs "
                            + epochs
                            + " is more than the "
                            + most
                            + " epochs of "
                            + option
                            + " "
                            + schedule
                            + "; give --epochs "
                            + most
                            + " or fewer, or more stages");
        }
    }

    private static void atLeast(String option, Integer value, int min) {
        if (value != null && value < min) {
            throw new UsageException(
                    option + " must be " + (min == 0 ? ">= 0" : "> 0") + ", but was " + value);
        }
    }

    private String architecture() {
        return arch == null ? "mlp" : arch.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the architecture the options describe for images of {@code shape}: the
     * pytorch/examples VAE's layers by default, or with {@code --arch conv} {@link
     * ConvVaeConfig#mnist()}'s; with {@code --conditional} conditioned on {@code classes} labels.
     *
     * @throws IllegalArgumentException if the images are too small for the convolutions
     */
    ModelConfig model(ImageShape shape, int classes) {
        int conditions = Boolean.TRUE.equals(conditional) ? classes : 0;
        if (Boolean.TRUE.equals(conditional) && classes == 0) {
            throw new UsageException(
                    "--conditional needs labelled data, but the training set has no labels");
        }
        MlpVaeConfig d = MlpVaeConfig.pytorchExample();
        String lik = likelihood != null ? likelihood : d.likelihood();
        Likelihoods.parse(lik);
        if (architecture().equals("conv")) {
            ConvVaeConfig c = ConvVaeConfig.mnist();
            return new ConvVaeConfig(
                            shape.channels(),
                            shape.height(),
                            shape.width(),
                            channels != null ? channels : c.convChannels(),
                            kernel != null ? kernel : c.kernel(),
                            hidden != null ? hidden[0] : c.hidden(),
                            latent != null ? latent[0] : c.latent(),
                            activation != null ? Activation.parse(activation) : c.activation(),
                            lik)
                    .withConditions(conditions)
                    .withBatchNorm(Boolean.TRUE.equals(batchNorm));
        }
        if (latent != null && latent.length > 1) {
            return HierarchicalVaeConfig.of(
                    shape.features(),
                    latent,
                    hidden != null ? hidden : d.hidden(),
                    activation != null ? Activation.parse(activation) : d.activation(),
                    lik);
        }
        return new MlpVaeConfig(
                shape.features(),
                latent != null ? latent[0] : d.latent(),
                hidden != null ? hidden : d.hidden(),
                activation != null ? Activation.parse(activation) : d.activation(),
                lik,
                conditions);
    }

    /**
     * Returns the training settings the options describe, pytorch/examples' by default. With a
     * {@code burda} schedule, the epochs default to the schedule's and Adam's epsilon to the
     * paper's.
     */
    TrainingConfig training() {
        TrainingConfig d = TrainingConfig.defaults();
        ScheduleSpec spec =
                schedule == null
                        ? ScheduleSpec.CONSTANT
                        : ScheduleSpec.parse(schedule, epochs != null ? epochs : d.epochs());
        int total = epochs != null ? epochs : spec.epochs().orElse(d.epochs());
        requireWithin(total, spec, "--schedule");
        double eps =
                adamEps != null
                        ? adamEps
                        : spec.isBurda()
                                ? TrainingConfig.BURDA_ADAM_EPSILON
                                : TrainingConfig.ADAM_EPSILON;
        return new TrainingConfig(
                objective != null ? objective : d.objective(),
                samples != null ? samples : d.samples(),
                beta != null ? beta : d.beta(),
                warmupEpochs != null ? warmupEpochs : d.warmupEpochs(),
                optimizer != null ? optimizer : d.optimizer(),
                lr != null ? lr : d.learningRate(),
                batchSize != null ? batchSize : d.batchSize(),
                total,
                binarize != null ? Binarization.parse(binarize) : d.binarization(),
                seed != null ? seed : d.seed(),
                dtype != null ? DType.parse(dtype) : d.dtype(),
                init != null ? InitScheme.parse(init) : d.init(),
                outputBias != null ? OutputBias.parse(outputBias) : d.outputBias(),
                spec,
                eps);
    }

    /** Returns each setting by option name, null where it was not given. */
    Map<String, Object> given() {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("--batch-size", batchSize);
        given.put("--arch", arch);
        given.put("--conditional", conditional);
        given.put("--latent", latent);
        given.put("--hidden", hidden);
        given.put("--channels", channels);
        given.put("--kernel", kernel);
        given.put("--batch-norm", batchNorm);
        given.put("--activation", activation);
        given.put("--likelihood", likelihood);
        given.put("--binarize", binarize);
        given.put("--objective", objective);
        given.put("--samples", samples);
        given.put("--beta", beta);
        given.put("--warmup-epochs", warmupEpochs);
        given.put("--optimizer", optimizer);
        given.put("--lr", lr);
        given.put("--schedule", schedule);
        given.put("--adam-eps", adamEps);
        given.put("--init", init);
        given.put("--output-bias", outputBias);
        given.put("--seed", seed);
        given.put("--dtype", dtype);
        return given;
    }

    /** Returns {@code --epochs}, or null when it was not given. */
    Integer epochs() {
        return epochs;
    }
}
