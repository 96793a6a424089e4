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

/**
 * The approximate posterior of a VAE with stochastic layers {@code h1 ... hL}: {@code q(h1|x)
 * q(h2|h1) ... q(hL|hL-1)}, each a diagonal Gaussian, as one distribution over the concatenated
 * code {@code z = [h1, ..., hL]}. Sampling is ancestral; {@link #logProb} sums the layers' log
 * densities, each layer's Gaussian computed from the layer below in {@code z} (reused when {@code
 * z} is this distribution's last sample, as in the ELBO and the IWAE bound).
 */
final class HierarchicalPosterior implements Distribution {
    private final DiagonalGaussian first;
    private final List<GaussianMlpEncoder> above;
    private final int[] sizes;
    private Variable lastSample;
    private List<DiagonalGaussian> lastLayers;

    /**
     * @param first q(h1|x)
     * @param above the networks of q(h2|h1) ... q(hL|hL-1)
     * @param sizes the sizes of h1 ... hL
     */
    HierarchicalPosterior(DiagonalGaussian first, List<GaussianMlpEncoder> above, int[] sizes) {
        this.first = first;
        this.above = List.copyOf(above);
        this.sizes = sizes.clone();
    }

    @Override
    public Shape batchShape() {
        return first.batchShape();
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
        List<Variable> parts = new ArrayList<>();
        List<DiagonalGaussian> layers = new ArrayList<>();
        layers.add(first);
        Variable h = first.rsample(sampleShape, rng);
        parts.add(h);
        for (GaussianMlpEncoder step : above) {
            DiagonalGaussian q = step.encode(h);
            layers.add(q);
            h = q.rsample(Shape.of(), rng);
            parts.add(h);
        }
        Variable z = Variable.concat(parts, h.shape().rank() - 1);
        lastSample = z;
        lastLayers = layers;
        return z;
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
        Variable sum = first.logProb(h.get(0));
        for (int l = 1; l < h.size(); l++) {
            DiagonalGaussian q =
                    z == lastSample ? lastLayers.get(l) : above.get(l - 1).encode(h.get(l - 1));
            sum = sum.add(q.logProb(h.get(l)));
        }
        return sum;
    }

    /** The layers' means, each computed from the mean of the layer below. */
    @Override
    public Variable mean() {
        List<Variable> parts = new ArrayList<>();
        Variable h = first.mean();
        parts.add(h);
        for (GaussianMlpEncoder step : above) {
            h = step.encode(h).mean();
            parts.add(h);
        }
        return Variable.concat(parts, h.shape().rank() - 1);
    }

    @Override
    public Variable entropy() {
        throw new UnsupportedOperationException(
                "The entropy of a posterior with several stochastic layers has no closed form;"
                        + " estimate it from samples with -logProb(rsample(...))");
    }
}
