package org.vae4j.core.model;

import java.util.ArrayList;
import java.util.List;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.Distribution;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;
import org.vae4j.core.nn.Module;

/**
 * The inference network of a VAE with stochastic layers (Burda et al. 2016, section 5): one MLP to
 * a diagonal Gaussian per layer, {@code q(h1|x)} from the data and each {@code q(hl|hl-1)} from the
 * layer below. Parameters: {@code layer0.*} (from x), {@code layer1.*}, ...
 */
public final class HierarchicalEncoder extends Module implements Encoder {
    private final List<GaussianMlpEncoder> layers = new ArrayList<>();
    private final int[] sizes;

    /**
     * Builds the encoder.
     *
     * @param features the data size
     * @param latents the sizes of h1 ... hL
     * @param hidden the deterministic hidden sizes of each layer's MLP, {@code hidden[l]} for the
     *     network into {@code h(l+1)}
     */
    public HierarchicalEncoder(
            Init init, int features, int[] latents, int[][] hidden, Activation activation) {
        if (hidden.length != latents.length) {
            throw new IllegalArgumentException(
                    "Give one list of hidden sizes per stochastic layer: "
                            + latents.length
                            + " layers but "
                            + hidden.length
                            + " lists");
        }
        this.sizes = latents.clone();
        int in = features;
        for (int l = 0; l < latents.length; l++) {
            layers.add(
                    register(
                            "layer" + l,
                            new GaussianMlpEncoder(init, in, hidden[l], latents[l], activation)));
            in = latents[l];
        }
    }

    @Override
    public Distribution encode(Variable x) {
        return new HierarchicalPosterior(
                layers.get(0).encode(x), layers.subList(1, layers.size()), sizes);
    }
}
