package org.vae4j.core.model;

import java.util.Locale;
import org.vae4j.api.Backend;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.nn.Parameter;

/**
 * Where the decoder's last bias (the offset of its raw outputs) starts: as the {@link
 * org.vae4j.core.nn.InitScheme} drew it, at zero, or at the training data's mean, the IWAE paper's
 * choice, so that an untrained decoder already predicts the average image.
 *
 * <p>{@link #DATA_MEAN} sets each feature's mean parameter so that the likelihood's mean is that
 * feature's mean over the training set's grey values (which is also the expected value of a
 * binarised pixel): the logit of the mean for {@code bernoulli}, the logit whose mean is the data's
 * for {@code continuous-bernoulli}, the mean itself for {@code gaussian}, {@code gaussian-fixed}
 * and {@code laplace}, whose second block of outputs (log-variance, log-scale) starts at 0. For the
 * two Bernoulli families the means are first clamped to {@code [}{@link #MEAN_CLAMP}{@code , 1 -
 * }{@link #MEAN_CLAMP}{@code ]}, so that pixels that are always 0 or 1 get finite logits.
 *
 * <pre>{@code
 * Vae vae = config.build(Init.on(backend, DType.FLOAT32, rng).with(InitScheme.GLOROT));
 * OutputBias.DATA_MEAN.apply(vae, mnist.train());
 * }</pre>
 */
public enum OutputBias {
    /** The bias as the layer's initialisation scheme drew it (the default). */
    INIT,
    /** Zero. */
    ZERO,
    /** The training data's mean, through the likelihood's mean parameter. */
    DATA_MEAN;

    /** How far the Bernoulli families keep the data's means from 0 and 1. */
    public static final double MEAN_CLAMP = 1e-4;

    /**
     * Parses {@code init}, {@code zero} or {@code data-mean}, ignoring case and surrounding space.
     *
     * @throws IllegalArgumentException with a one-line message listing the choices
     */
    public static OutputBias parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (OutputBias b : values()) {
            if (b.cliName().equals(t)) {
                return b;
            }
        }
        throw new IllegalArgumentException(
                "Unknown output bias '" + text + "'; use init, zero or data-mean");
    }

    /** Returns the name the command line and checkpoints use, such as {@code data-mean}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Checks that this choice applies to a model, before anything is built.
     *
     * @throws IllegalArgumentException for {@link #DATA_MEAN} on a convolutional model, whose last
     *     bias is one value per channel rather than per pixel
     */
    public void check(ModelConfig model) {
        if (this == DATA_MEAN && model instanceof ConvVaeConfig) {
            throw new IllegalArgumentException(
                    "The data-mean output bias needs an MLP decoder (a "
                            + model.type()
                            + " decoder's last bias is one value per channel, not per pixel);"
                            + " use the zero or init output bias");
        }
    }

    /**
     * Sets the last bias of a freshly built model's decoder; {@link #INIT} leaves it as drawn.
     *
     * @param train the training set ({@link #DATA_MEAN} reads its means)
     * @throws IllegalArgumentException for a decoder or likelihood this choice has no rule for
     */
    public void apply(Vae vae, Dataset train) {
        if (this == INIT) {
            return;
        }
        Decoder decoder = vae.decoder() instanceof HierarchicalDecoder h ? h.net() : vae.decoder();
        Parameter bias = lastBias(decoder);
        double[] values;
        if (this == ZERO) {
            values = new double[bias.shape().sizeAsInt()];
        } else if (decoder instanceof MlpDecoder mlp) {
            values = fromMeans(mlp.likelihood(), featureMeans(train));
        } else {
            throw new IllegalArgumentException(
                    "The data-mean output bias needs an MLP decoder, not a "
                            + decoder.getClass().getSimpleName()
                            + "; use the zero or init output bias");
        }
        if (values.length != bias.shape().sizeAsInt()) {
            throw new IllegalArgumentException(
                    "The data has "
                            + train.featureCount()
                            + " features, but the decoder's last bias has "
                            + bias.shape().sizeAsInt()
                            + " values; give the data the model was built for");
        }
        assign(bias, values);
    }

    /** Returns each feature's mean over the rows of {@code data}. */
    public static double[] featureMeans(Dataset data) {
        int features = data.featureCount();
        double[] sum = new double[features];
        int block = 1024;
        for (int from = 0; from < data.size(); from += block) {
            int[] rows = new int[Math.min(block, data.size() - from)];
            for (int r = 0; r < rows.length; r++) {
                rows[r] = from + r;
            }
            float[] x = data.gather(rows);
            for (int i = 0; i < x.length; i++) {
                sum[i % features] += x[i];
            }
        }
        for (int f = 0; f < features; f++) {
            sum[f] /= data.size();
        }
        return sum;
    }

    /**
     * Returns the raw output offsets ({@code outputsPerFeature * features} values) whose
     * distribution has the given per-feature means, by the rules in the class comment.
     *
     * @throws IllegalArgumentException for a likelihood other than the built-in ones
     */
    public static double[] fromMeans(Likelihood likelihood, double[] means) {
        String name = likelihood.name();
        double[] out = new double[likelihood.outputsPerFeature() * means.length];
        for (int f = 0; f < means.length; f++) {
            double m = means[f];
            double clamped = Math.min(Math.max(m, MEAN_CLAMP), 1 - MEAN_CLAMP);
            if (name.equals("bernoulli")) {
                out[f] = Math.log(clamped / (1 - clamped));
            } else if (name.equals("continuous-bernoulli")) {
                out[f] = continuousBernoulliLogit(clamped);
            } else if (name.equals("gaussian")
                    || name.startsWith("gaussian-fixed")
                    || name.equals("laplace")) {
                out[f] = m;
            } else {
                throw new IllegalArgumentException(
                        "The data-mean output bias has no rule for the likelihood '"
                                + name
                                + "'; use the zero or init output bias");
            }
        }
        return out;
    }

    /** The logit whose continuous Bernoulli has mean {@code m} in (0, 1), by bisection. */
    static double continuousBernoulliLogit(double m) {
        double lo = -2 / MEAN_CLAMP;
        double hi = 2 / MEAN_CLAMP;
        for (int i = 0; i < 200 && lo < hi; i++) {
            double mid = (lo + hi) / 2;
            if (continuousBernoulliMean(mid) < m) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** {@code 1 / (1 - e^{-l}) - 1 / l}, or its Taylor series near 0; increasing in {@code l}. */
    static double continuousBernoulliMean(double l) {
        if (Math.abs(l) < 1e-3) {
            return 0.5 + l / 12 - l * l * l / 720;
        }
        return 1 / (1 - Math.exp(-l)) - 1 / l;
    }

    private static Parameter lastBias(Decoder decoder) {
        if (decoder instanceof MlpDecoder mlp) {
            return mlp.outputBias();
        }
        if (decoder instanceof ConvDecoder conv) {
            return conv.outputBias();
        }
        throw new IllegalArgumentException(
                "An output bias applies to vae4j's MLP and convolutional decoders, not to a "
                        + decoder.getClass().getSimpleName()
                        + "; set its bias in its own code");
    }

    private static void assign(Parameter bias, double[] values) {
        Tensor target = bias.value();
        Backend backend = target.backend();
        try (Scope scope = backend.openScope()) {
            Tensor t;
            if (target.dtype() == DType.FLOAT64) {
                t = backend.fromDoubles(values, target.shape());
            } else {
                float[] f = new float[values.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) values[i];
                }
                t = backend.fromFloats(f, target.shape());
            }
            backend.assign(target, t);
        }
    }
}
