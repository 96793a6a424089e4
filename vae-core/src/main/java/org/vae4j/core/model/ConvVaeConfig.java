package org.vae4j.core.model;

import java.util.Arrays;
import java.util.Objects;
import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.core.distributions.StandardNormal;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.BatchNorm1d;
import org.vae4j.core.nn.BatchNorm2d;
import org.vae4j.core.nn.Init;

/**
 * The architecture of a convolutional VAE for {@code channels x height x width} images: the encoder
 * runs stride-2 convolutions of the given channel counts, then a dense layer of {@code hidden}
 * units and the two Gaussian heads; the decoder mirrors it with a dense layer back to the last
 * convolution's grid and stride-2 transposed convolutions whose output padding restores each size
 * exactly, the last one giving the likelihood's parameters per pixel. Padding is {@code (kernel -
 * 1) / 2}, so each convolution halves a size (rounding up for odd kernels).
 *
 * <pre>{@code
 * ConvVaeConfig.mnist()   // x[1,28,28] -> Conv(32,k4,s2,p1) -> Conv(64,k4,s2,p1) -> 256 -> 16
 * }</pre>
 *
 * @param channels the image's channels (1 grey, 3 colour)
 * @param height the image's height
 * @param width the image's width
 * @param convChannels the encoder's convolution channels, first layer first
 * @param kernel the side of every square kernel
 * @param hidden the dense layer's size
 * @param latent the latent size
 * @param activation the nonlinearity after every hidden layer
 * @param likelihood the name of the likelihood family ({@link Likelihoods#parse})
 * @param conditions the condition's size per example, appended to the encoder's dense layer input
 *     and to the decoder's input (0: an unconditional VAE)
 * @param batchNorm batch normalisation after every convolution and dense hidden layer, before its
 *     activation ({@link BatchNorm2d}, {@link BatchNorm1d})
 */
public record ConvVaeConfig(
        int channels,
        int height,
        int width,
        int[] convChannels,
        int kernel,
        int hidden,
        int latent,
        Activation activation,
        String likelihood,
        int conditions,
        boolean batchNorm)
        implements ModelConfig {

    /** An unconditional convolutional VAE. */
    public ConvVaeConfig(
            int channels,
            int height,
            int width,
            int[] convChannels,
            int kernel,
            int hidden,
            int latent,
            Activation activation,
            String likelihood) {
        this(
                channels,
                height,
                width,
                convChannels,
                kernel,
                hidden,
                latent,
                activation,
                likelihood,
                0,
                false);
    }

    /** Returns this architecture conditioned on {@code n} values per example (0: none). */
    public ConvVaeConfig withConditions(int n) {
        return new ConvVaeConfig(
                channels,
                height,
                width,
                convChannels,
                kernel,
                hidden,
                latent,
                activation,
                likelihood,
                n,
                batchNorm);
    }

    /** Returns this architecture with or without batch norm. */
    public ConvVaeConfig withBatchNorm(boolean on) {
        return new ConvVaeConfig(
                channels,
                height,
                width,
                convChannels,
                kernel,
                hidden,
                latent,
                activation,
                likelihood,
                conditions,
                on);
    }

    /** The default convolutional VAE for 28x28 grey digits. */
    public static ConvVaeConfig mnist() {
        return new ConvVaeConfig(
                1, 28, 28, new int[] {32, 64}, 4, 256, 16, Activation.RELU, "bernoulli");
    }

    /** Validates sizes and the likelihood name, and that every convolution has an output. */
    public ConvVaeConfig {
        convChannels = convChannels.clone();
        boolean positive =
                channels > 0
                        && height > 0
                        && width > 0
                        && kernel > 0
                        && hidden > 0
                        && latent > 0
                        && conditions >= 0
                        && convChannels.length > 0
                        && Arrays.stream(convChannels).allMatch(c -> c > 0);
        if (!positive) {
            throw new IllegalArgumentException(
                    "Conv VAE sizes must be positive and name at least one convolution, but got"
                            + " image "
                            + channels
                            + "x"
                            + height
                            + "x"
                            + width
                            + ", channels "
                            + Arrays.toString(convChannels)
                            + ", kernel "
                            + kernel
                            + ", hidden "
                            + hidden
                            + ", latent "
                            + latent);
        }
        Likelihoods.parse(likelihood);
        int[][] grid = grid(height, width, convChannels.length, kernel);
        int last = convChannels.length;
        if (grid[0][last] < 1 || grid[1][last] < 1) {
            throw new IllegalArgumentException(
                    "A "
                            + height
                            + "x"
                            + width
                            + " image is too small for "
                            + last
                            + " stride-2 convolutions with kernel "
                            + kernel
                            + "; use fewer --channels or a smaller --kernel");
        }
    }

    @Override
    public int[] convChannels() {
        return convChannels.clone();
    }

    @Override
    public String type() {
        return "conv";
    }

    @Override
    public int features() {
        return channels * height * width;
    }

    /** Returns the geometry of every convolution: stride 2, padding {@code (kernel - 1) / 2}. */
    public Conv2dSpec spec() {
        return Conv2dSpec.of(2, (kernel - 1) / 2);
    }

    /**
     * Returns the image sizes through the encoder: {@code [axis][layer]}, axis 0 height and 1
     * width, layer 0 the input and layer i the output of convolution i.
     */
    public int[][] sizes() {
        return grid(height, width, convChannels.length, kernel);
    }

    private static int[][] grid(int height, int width, int layers, int kernel) {
        Conv2dSpec spec = Conv2dSpec.of(2, (kernel - 1) / 2);
        int[][] sizes = new int[2][layers + 1];
        sizes[0][0] = height;
        sizes[1][0] = width;
        for (int axis = 0; axis < 2; axis++) {
            for (int i = 0; i < layers; i++) {
                int in = sizes[axis][i];
                sizes[axis][i + 1] = in < 1 ? 0 : spec.convOutput(axis, in, kernel);
            }
        }
        return sizes;
    }

    /** Returns the size of the last convolution's output as a flat row. */
    public int flatSize() {
        int[][] s = sizes();
        int last = convChannels.length;
        return convChannels[last - 1] * s[0][last] * s[1][last];
    }

    @Override
    public Vae build(Init init) {
        GaussianConvEncoder encoder = new GaussianConvEncoder(init, this);
        ConvDecoder decoder = new ConvDecoder(init, this, Likelihoods.parse(likelihood));
        return new Vae(
                encoder,
                decoder,
                new StandardNormal(init.backend(), init.dtype(), latent),
                conditions);
    }

    /** The kernels of every convolution and the dense weights, in encoder and decoder. */
    @Override
    public double leastParameters() {
        double sum = 0;
        int previous = channels;
        for (int c : convChannels) {
            sum += (double) previous * c * kernel * kernel;
            previous = c;
        }
        double dense = (double) flatSize() * hidden + (double) hidden * latent;
        return 2 * (sum + dense);
    }

    @Override
    public int[] layerSizes() {
        int[][] s = sizes();
        int n = convChannels.length;
        int[] all = Arrays.copyOf(convChannels, n + 2 * (n + 1) + 5);
        for (int i = 0; i <= n; i++) {
            all[n + 2 * i] = s[0][i];
            all[n + 2 * i + 1] = s[1][i];
        }
        int at = 3 * n + 2;
        all[at] = channels;
        all[at + 1] = hidden;
        all[at + 2] = latent;
        all[at + 3] = features();
        all[at + 4] = flatSize();
        return all;
    }

    @Override
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(channels).append('x').append(height).append('x').append(width);
        for (int c : convChannels) {
            b.append("-conv").append(c);
        }
        b.append('-').append(hidden).append('-').append(latent);
        if (batchNorm) {
            b.append(" batch-norm");
        }
        return conditions > 0 ? b + " conditional on " + conditions : b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvVaeConfig c
                && channels == c.channels
                && height == c.height
                && width == c.width
                && Arrays.equals(convChannels, c.convChannels)
                && kernel == c.kernel
                && hidden == c.hidden
                && latent == c.latent
                && activation == c.activation
                && likelihood.equals(c.likelihood)
                && conditions == c.conditions
                && batchNorm == c.batchNorm;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(convChannels) * 31
                + Objects.hash(
                        channels,
                        height,
                        width,
                        kernel,
                        hidden,
                        latent,
                        activation,
                        likelihood,
                        conditions,
                        batchNorm);
    }

    @Override
    public String toString() {
        return "ConvVaeConfig[image="
                + channels
                + "x"
                + height
                + "x"
                + width
                + ", channels="
                + Arrays.toString(convChannels)
                + ", kernel="
                + kernel
                + ", hidden="
                + hidden
                + ", latent="
                + latent
                + ", activation="
                + activation.cliName()
                + ", likelihood="
                + likelihood
                + (conditions > 0 ? ", conditions=" + conditions : "")
                + (batchNorm ? ", batchNorm" : "")
                + "]";
    }
}
