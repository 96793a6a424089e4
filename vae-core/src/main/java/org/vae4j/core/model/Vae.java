package org.vae4j.core.model;

import java.util.List;
import org.vae4j.api.Backend;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.distributions.Distribution;
import org.vae4j.core.nn.Module;
import org.vae4j.core.nn.Parameter;

/**
 * A variational auto-encoder (Kingma &amp; Welling, <i>Auto-Encoding Variational Bayes</i>, ICLR
 * 2014): an encoder q(z|x), a decoder p(x|z) and a prior p(z). Encoders and decoders that are
 * {@link Module}s contribute their parameters under {@code encoder.*} and {@code decoder.*}.
 */
public final class Vae extends Module {
    private final Encoder encoder;
    private final Decoder decoder;
    private final Distribution prior;
    private final int conditions;

    /** Assembles an unconditional VAE from its parts. */
    public Vae(Encoder encoder, Decoder decoder, Distribution prior) {
        this(encoder, decoder, prior, 0);
    }

    /**
     * Assembles a VAE whose encoder and decoder take a condition of {@code conditions} values per
     * example (a one-hot label of that many classes, when trained from labelled data); 0 for none.
     */
    public Vae(Encoder encoder, Decoder decoder, Distribution prior, int conditions) {
        if (conditions < 0) {
            throw new IllegalArgumentException("conditions must be >= 0, but was " + conditions);
        }
        this.conditions = conditions;
        this.encoder = encoder;
        this.decoder = decoder;
        this.prior = prior;
        if (encoder instanceof Module m) {
            register("encoder", m);
        }
        if (decoder instanceof Module m) {
            register("decoder", m);
        }
        if (prior instanceof Module m) {
            register("prior", m);
        }
    }

    /** Returns q(z|x). */
    public Encoder encoder() {
        return encoder;
    }

    /** Returns p(x|z). */
    public Decoder decoder() {
        return decoder;
    }

    /** Returns p(z). */
    public Distribution prior() {
        return prior;
    }

    /** Returns the size of the condition per example, 0 for an unconditional model. */
    public int conditions() {
        return conditions;
    }

    /**
     * Returns the condition of the given rows of a dataset, their labels one-hot, or null for an
     * unconditional model.
     *
     * @throws IllegalArgumentException if the model is conditional and the data has no labels
     */
    public Variable condition(Dataset data, int[] rows) {
        if (conditions == 0) {
            return null;
        }
        return Variable.constant(data.oneHotLabels(backend(), rows, conditions, dtype()));
    }

    /**
     * Returns the condition for one class label per row, one-hot, or null for an unconditional
     * model.
     *
     * @throws IllegalArgumentException if a label is not one of the model's classes
     */
    public Variable condition(int[] labels) {
        if (conditions == 0) {
            return null;
        }
        float[] c = new float[labels.length * conditions];
        for (int r = 0; r < labels.length; r++) {
            if (labels[r] < 0 || labels[r] >= conditions) {
                throw new IllegalArgumentException(
                        "Label "
                                + labels[r]
                                + " is not one of the model's classes 0.."
                                + (conditions - 1));
            }
            c[r * conditions + labels[r]] = 1;
        }
        Backend b = backend();
        try (Tensor t = b.fromFloats(c, Shape.of(labels.length, conditions))) {
            return Variable.constant(b.cast(t, dtype()));
        }
    }

    /** Returns the backend the parameters live on. */
    public Backend backend() {
        return firstParameter().backend();
    }

    /** Returns the parameters' dtype, which data fed to the model must have. */
    public DType dtype() {
        return firstParameter().dtype();
    }

    private Tensor firstParameter() {
        List<Parameter> params = parameters();
        if (params.isEmpty()) {
            throw new IllegalStateException(
                    "This VAE has no parameters, so it has no backend or dtype of its own");
        }
        return params.get(0).value();
    }
}
