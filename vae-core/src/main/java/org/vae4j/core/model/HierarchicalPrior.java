package org.vae4j.core.model;

import java.util.ArrayList;
import java.util.List;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.autograd.NoGrad;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.DiagonalGaussian;
import org.vae4j.core.distributions.Distribution;
import org.vae4j.core.distributions.StandardNormal;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;
import org.vae4j.core.nn.Module;

/**
 * The generative path above the data of a VAE with stochastic layers: {@code p(hL) = N(0, I)} and
 * each {@code p(hl|hl+1)} a diagonal Gaussian from an MLP, as one learned prior over the code
 * {@code z = [h1, ..., hL]}. Sampling is ancestral, from the top. Parameters: {@code layer0.*} (the
 * network of {@code p(h1|h2)}), {@code layer1.*}, ...
 */
public final class HierarchicalPrior extends Module implements Distribution {
    private final StandardNormal top;
    private final List<GaussianMlpEncoder> layers = new ArrayList<>();
    private final int[] sizes;

    /**
     * Builds the prior.
     *
     * @param latents the sizes of h1 ... hL
     * @param hidden the hidden sizes of the network of {@code p(hl|hl+1)}, {@code hidden[l-1]} for
     *     l = 1 .. L-1
     */
    public HierarchicalPrior(Init init, int[] latents, int[][] hidden, Activation activation) {
        if (hidden.length != latents.length - 1) {
            throw new IllegalArgumentException(
                    "Give one list of hidden sizes per conditional layer of the prior: "
                            + (latents.length - 1)
                            + " expected, got "
                            + hidden.length);
        }
        this.sizes = latents.clone();
        this.top = new StandardNormal(init.backend(), init.dtype(), latents[latents.length - 1]);
        for (int l = 0; l < latents.length - 1; l++) {
            layers.add(
                    register(
                            "layer" + l,
                            new GaussianMlpEncoder(
                                    init, latents[l + 1], hidden[l], latents[l], activation)));
        }
    }

    @Override
    public Shape batchShape() {
        return Shape.of();
    }

    @Override
    public Shape eventShape() {
        return Shape.of(Hierarchy.total(sizes));
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    @Override
    public Variable rsample(Shape sampleShape, Rng rng) {
        Variable[] parts = new Variable[sizes.length];
        Variable h = top.rsample(sampleShape, rng);
        parts[sizes.length - 1] = h;
        for (int l = sizes.length - 2; l >= 0; l--) {
            h = layers.get(l).encode(h).rsample(Shape.of(), rng);
            parts[l] = h;
        }
        return Variable.concat(List.of(parts), h.shape().rank() - 1);
    }

    @Override
    public Tensor sample(Shape sampleShape, Rng rng) {
        try (NoGrad off = NoGrad.enter()) {
            return rsample(sampleShape, rng).value();
        }
    }

    @Override
    public Variable logProb(Variable z) {
        List<Variable> h = Hierarchy.split(z, sizes);
        Variable sum = top.logProb(h.get(sizes.length - 1));
        for (int l = 0; l < sizes.length - 1; l++) {
            DiagonalGaussian p = layers.get(l).encode(h.get(l + 1));
            sum = sum.add(p.logProb(h.get(l)));
        }
        return sum;
    }

    /** The layers' means from the top, each computed from the mean of the layer above. */
    @Override
    public Variable mean() {
        Variable[] parts = new Variable[sizes.length];
        Variable h = top.mean().reshape(1, sizes[sizes.length - 1]);
        parts[sizes.length - 1] = h;
        for (int l = sizes.length - 2; l >= 0; l--) {
            h = layers.get(l).encode(h).mean();
            parts[l] = h;
        }
        return Variable.concat(List.of(parts), 1).reshape(Hierarchy.total(sizes));
    }

    @Override
    public Variable entropy() {
        throw new UnsupportedOperationException(
                "The entropy of a prior with several stochastic layers has no closed form;"
                        + " estimate it from samples with -logProb(rsample(...))");
    }
}
