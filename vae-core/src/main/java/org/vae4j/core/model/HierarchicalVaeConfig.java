package org.vae4j.core.model;

import java.util.Arrays;
import java.util.Objects;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;

/**
 * The architecture of a VAE with several stochastic layers, the second architecture of Burda,
 * Grosse &amp; Salakhutdinov (<i>Importance Weighted Autoencoders</i>, ICLR 2016): {@code q(h1|x)
 * q(h2|h1) ... q(hL|hL-1)} ({@link HierarchicalEncoder}), the prior {@code p(hL) p(hL-1|hL) ...
 * p(h1|h2)} ({@link HierarchicalPrior}) and the likelihood {@code p(x|h1)} ({@link
 * HierarchicalDecoder}). The objectives, the evaluator and checkpoints see one code {@code z = [h1,
 * ..., hL]} of {@link #latent()} values. The paper's model is {@link #burda()}.
 *
 * @param features the data size
 * @param latents the sizes of the stochastic layers h1 ... hL, from the data upwards
 * @param hidden the deterministic hidden sizes of the network into each stochastic layer, {@code
 *     hidden[l]} into {@code h(l+1)}; the generative path uses each list reversed
 * @param activation the hidden nonlinearity
 * @param likelihood the name of the likelihood family ({@link Likelihoods#parse})
 */
public record HierarchicalVaeConfig(
        int features, int[] latents, int[][] hidden, Activation activation, String likelihood)
        implements ModelConfig {

    /** Validates the sizes and the likelihood name; copies the arrays. */
    public HierarchicalVaeConfig {
        if (latents.length < 2 || hidden.length != latents.length) {
            throw new IllegalArgumentException(
                    "A model with stochastic layers needs at least two of them and one list of"
                            + " hidden sizes per layer, but got latents "
                            + Arrays.toString(latents)
                            + " and "
                            + hidden.length
                            + " lists");
        }
        boolean positive =
                features > 0
                        && Arrays.stream(latents).allMatch(s -> s > 0)
                        && Arrays.stream(hidden).flatMapToInt(Arrays::stream).allMatch(s -> s > 0);
        if (!positive) {
            throw new IllegalArgumentException(
                    "Layer sizes must be positive, but got features="
                            + features
                            + ", latents="
                            + Arrays.toString(latents)
                            + ", hidden="
                            + Arrays.deepToString(hidden));
        }
        Likelihoods.parse(likelihood);
        latents = latents.clone();
        hidden = deepCopy(hidden);
    }

    /**
     * Stochastic layers of {@code latents} over {@code firstHidden}: the network into h1 has the
     * hidden sizes {@code firstHidden}; each network above has as many layers, each as wide as the
     * stochastic layer below it, which gives the paper's 100-100-100-50 for {@code latents = {100,
     * 50}} and {@code firstHidden = {200, 200}}.
     */
    public static HierarchicalVaeConfig of(
            int features,
            int[] latents,
            int[] firstHidden,
            Activation activation,
            String likelihood) {
        int[][] hidden = new int[latents.length][];
        hidden[0] = firstHidden.clone();
        for (int l = 1; l < latents.length; l++) {
            hidden[l] = new int[firstHidden.length];
            Arrays.fill(hidden[l], latents[l - 1]);
        }
        return new HierarchicalVaeConfig(features, latents, hidden, activation, likelihood);
    }

    /** The paper's two-layer MNIST model: 784-200-200-100 and 100-100-100-50, tanh, Bernoulli. */
    public static HierarchicalVaeConfig burda() {
        return of(784, new int[] {100, 50}, new int[] {200, 200}, Activation.TANH, "bernoulli");
    }

    /** Returns the sizes of h1 ... hL. */
    @Override
    public int[] latents() {
        return latents.clone();
    }

    /** Returns the hidden sizes of the network into each stochastic layer. */
    @Override
    public int[][] hidden() {
        return deepCopy(hidden);
    }

    @Override
    public String type() {
        return "hierarchical";
    }

    @Override
    public int conditions() {
        return 0;
    }

    /** Returns the size of the whole code {@code [h1, ..., hL]}. */
    @Override
    public int latent() {
        return Hierarchy.total(latents);
    }

    /** Every weight matrix's entries: each layer's network up, and its mirror image down. */
    @Override
    public double leastParameters() {
        double sum = 0;
        int in = features;
        for (int l = 0; l < latents.length; l++) {
            for (int h : hidden[l]) {
                sum += (double) in * h;
                in = h;
            }
            sum += (double) in * latents[l];
            in = latents[l];
        }
        return 2 * sum;
    }

    @Override
    public int[] layerSizes() {
        int[] all = Arrays.stream(hidden).flatMapToInt(Arrays::stream).toArray();
        int[] sizes = Arrays.copyOf(all, all.length + latents.length + 1);
        System.arraycopy(latents, 0, sizes, all.length, latents.length);
        sizes[sizes.length - 1] = features;
        return sizes;
    }

    /** For example {@code 784-200-200-(100)-100-100-(50)}, stochastic layers in parentheses. */
    @Override
    public String summary() {
        StringBuilder b = new StringBuilder().append(features);
        for (int l = 0; l < latents.length; l++) {
            for (int h : hidden[l]) {
                b.append('-').append(h);
            }
            b.append("-(").append(latents[l]).append(')');
        }
        return b.toString();
    }

    @Override
    public Vae build(Init init) {
        HierarchicalEncoder encoder =
                new HierarchicalEncoder(init, features, latents, hidden, activation);
        int[][] priorHidden = new int[latents.length - 1][];
        for (int l = 0; l < priorHidden.length; l++) {
            priorHidden[l] = reversed(hidden[l + 1]);
        }
        HierarchicalPrior prior = new HierarchicalPrior(init, latents, priorHidden, activation);
        MlpDecoder net =
                new MlpDecoder(
                        init,
                        latents[0],
                        0,
                        reversed(hidden[0]),
                        features,
                        activation,
                        Likelihoods.parse(likelihood));
        return new Vae(encoder, new HierarchicalDecoder(net, latents[0]), prior);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HierarchicalVaeConfig c
                && features == c.features
                && Arrays.equals(latents, c.latents)
                && Arrays.deepEquals(hidden, c.hidden)
                && activation == c.activation
                && likelihood.equals(c.likelihood);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                features,
                Arrays.hashCode(latents),
                Arrays.deepHashCode(hidden),
                activation,
                likelihood);
    }

    @Override
    public String toString() {
        return "HierarchicalVaeConfig[features="
                + features
                + ", latents="
                + Arrays.toString(latents)
                + ", hidden="
                + Arrays.deepToString(hidden)
                + ", activation="
                + activation.cliName()
                + ", likelihood="
                + likelihood
                + "]";
    }

    private static int[] reversed(int[] a) {
        int[] r = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[a.length - 1 - i];
        }
        return r;
    }

    private static int[][] deepCopy(int[][] a) {
        int[][] c = new int[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
