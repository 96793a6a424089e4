package org.vae4j.examples.run;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.vae4j.api.Backend;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.autograd.NoGrad;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.data.ImageShape;
import org.vae4j.core.eval.LatentReport;
import org.vae4j.core.eval.LogLikelihood;
import org.vae4j.core.io.AtomicFiles;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Module;
import org.vae4j.core.train.EpochMetrics;
import org.vae4j.examples.pictures.BarChart;
import org.vae4j.examples.pictures.ImageGrid;
import org.vae4j.examples.pictures.LineChart;
import org.vae4j.examples.pictures.Manifold;
import org.vae4j.examples.pictures.Panels;
import org.vae4j.examples.pictures.Png;

/**
 * Draws what people look at after training: images decoded from prior samples, test images over
 * their reconstructions, the loss curves, and the 2-D latent manifold (Kingma &amp; Welling, Fig.
 * 4). Images show the likelihood's mean, for example the Bernoulli probabilities.
 */
public final class Pictures {
    private final Vae vae;
    private final ImageShape shape;

    /** Draws from {@code vae}, whose data are images of {@code shape}. */
    public Pictures(Vae vae, ImageShape shape) {
        this.vae = vae;
        this.shape = shape;
    }

    /**
     * Decodes {@code count} draws from the prior; a conditional model draws {@code count} per
     * class, one row each (see {@link #samples(int, Rng, int)}).
     */
    public BufferedImage samples(int count, Rng rng) {
        return samples(count, rng, -1);
    }

    /**
     * Decodes {@code count} draws from the prior with the condition of class {@code label}, or,
     * with {@code label} -1, {@code count} draws for each class in a row of its own (all in one row
     * for an unconditional model, whose label must be -1).
     *
     * @throws IllegalArgumentException if the label is not one of the model's classes
     */
    public BufferedImage samples(int count, Rng rng, int label) {
        int classes = vae.conditions();
        if (label < -1 || label >= classes) {
            throw new IllegalArgumentException(
                    classes == 0
                            ? "The model is not conditional, so it takes no label"
                            : "Label "
                                    + label
                                    + " is not one of the model's classes 0.."
                                    + (classes - 1));
        }
        int[] labels = label >= 0 ? repeat(label, count) : everyClass(classes, count);
        int n = labels.length;
        Backend b = vae.backend();
        try (Module.Mode eval = vae.evaluation();
                NoGrad off = NoGrad.enter();
                Scope scope = b.openScope()) {
            Variable z = vae.prior().rsample(Shape.of(n), rng);
            float[] images = pixels(vae.decoder().decode(z, vae.condition(labels)).mean());
            ImageGrid grid = ImageGrid.of(images, n, shape);
            return (label < 0 && classes > 0 ? grid.columns(count) : grid).render();
        }
    }

    /** Draws the first {@code count} examples of {@code data} over their reconstructions. */
    public BufferedImage reconstructions(Dataset data, int count) {
        int n = Math.min(count, data.size());
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Backend b = vae.backend();
        try (Module.Mode eval = vae.evaluation();
                NoGrad off = NoGrad.enter();
                Scope scope = b.openScope()) {
            Tensor x = data.batch(b, idx, vae.dtype());
            Variable c = vae.condition(data, idx);
            Variable code = vae.encoder().encode(Variable.constant(x), c).mean();
            float[] recon = pixels(vae.decoder().decode(code, c).mean());
            return ImageGrid.pairs(x.toFloats(), recon, n, shape)
                    .columns(Math.min(n, 8))
                    .labels("input", "recon")
                    .render();
        }
    }

    /**
     * Decodes a {@code grid x grid} lattice on the normal quantiles of latent dimensions i, j; a
     * conditional model with the condition of class {@code label} (-1 for an unconditional one).
     */
    public BufferedImage manifold(int grid, int i, int j, int label) {
        double[][] points = Manifold.gridPoints(grid);
        Backend b = vae.backend();
        int latent = vae.prior().eventShape().dim(-1);
        double[] z = new double[points.length * latent];
        for (int p = 0; p < points.length; p++) {
            z[p * latent + i] = points[p][0];
            z[p * latent + j] = points[p][1];
        }
        try (Module.Mode eval = vae.evaluation();
                NoGrad off = NoGrad.enter();
                Scope scope = b.openScope()) {
            Tensor zt = b.cast(b.fromDoubles(z, Shape.of(points.length, latent)), vae.dtype());
            Variable c = vae.condition(label < 0 ? new int[0] : repeat(label, points.length));
            float[] images = pixels(vae.decoder().decode(Variable.constant(zt), c).mean());
            return ImageGrid.of(images, points.length, shape)
                    .columns(grid)
                    .scale(1)
                    .separator(0)
                    .render();
        }
    }

    /**
     * Plots the training and test loss of each epoch (800 x 500); when epochs measured their
     * latents, under it the active units by epoch and the last measured epoch's KL per latent
     * dimension, largest first, active dimensions in blue (800 x 900 in all).
     */
    public static BufferedImage curves(List<EpochMetrics> history, String title) {
        int n = history.size();
        double[] epochs = new double[n];
        double[] train = new double[n];
        double[] test = new double[n];
        for (int k = 0; k < n; k++) {
            epochs[k] = history.get(k).epoch();
            train[k] = history.get(k).trainLoss();
            test[k] = history.get(k).testLoss();
        }
        BufferedImage losses =
                LineChart.create()
                        .title(title)
                        .yLabel("negative ELBO, nats per example")
                        .series("train", epochs, train)
                        .series("test", epochs, test)
                        .render();
        EpochMetrics last = null;
        double[] active = new double[n];
        for (int k = 0; k < n; k++) {
            LatentReport latents = history.get(k).latents();
            active[k] = latents == null ? Double.NaN : latents.activeUnits();
            last = latents == null ? last : history.get(k);
        }
        if (last == null) {
            return losses;
        }
        int dims = last.latents().klPerDimension().length;
        BufferedImage units =
                LineChart.create()
                        .title("active units")
                        .yLabel("of " + dims + " (Cov E[z|x] > " + last.latents().threshold() + ")")
                        .size(400, 400)
                        .yRange(0, dims)
                        .series("active units", epochs, active)
                        .render();
        return Panels.over(losses, units, klPerDimension(last));
    }

    /**
     * The KL of each latent dimension at one epoch, largest first, active ones in blue; where the
     * KL has no closed form (several stochastic layers), the variance of the posterior mean that
     * decides which dimensions are active.
     */
    private static BufferedImage klPerDimension(EpochMetrics epoch) {
        LatentReport latents = epoch.latents();
        double[] kl = latents.klPerDimension();
        boolean known = Arrays.stream(kl).anyMatch(v -> !Double.isNaN(v));
        double[] value = known ? kl : latents.meanVariance();
        Integer[] order = new Integer[value.length];
        for (int d = 0; d < value.length; d++) {
            order[d] = d;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer d) -> value[d]).reversed());
        double[] sorted = new double[value.length];
        boolean[] active = new boolean[value.length];
        for (int i = 0; i < value.length; i++) {
            sorted[i] = value[order[i]];
            active[i] = latents.active(order[i]);
        }
        String what = known ? "KL" : "Cov E[z|x]";
        return BarChart.create("active", "inactive")
                .title(what + " per dimension, epoch " + epoch.epoch())
                .xLabel("latent dimensions, largest " + what + " first")
                .yLabel(known ? "nats per example" : "variance over the test examples")
                .size(400, 400)
                .bars(sorted, active)
                .render();
    }

    /**
     * Plots the importance-sampled estimate of {@code -log p(x)} (the negative bound) against K on
     * a log scale.
     */
    public static BufferedImage boundByK(List<LogLikelihood> estimates, String title) {
        double[] k = new double[estimates.size()];
        double[] nll = new double[estimates.size()];
        for (int i = 0; i < k.length; i++) {
            k[i] = estimates.get(i).samples();
            nll[i] = -estimates.get(i).mean();
        }
        return LineChart.create()
                .title(title)
                .logX()
                .xLabel("importance samples K")
                .yLabel("-log p(x) estimate, nats per example")
                .series("negative bound", k, nll)
                .render();
    }

    /** Writes an image as PNG, atomically. */
    public static void write(BufferedImage image, Path file) throws IOException {
        AtomicFiles.write(file, out -> Png.writePng(image, out));
    }

    private static int[] repeat(int label, int count) {
        int[] labels = new int[count];
        Arrays.fill(labels, label);
        return labels;
    }

    /** {@code count} of each class in turn; {@code count} zeros for an unconditional model. */
    private static int[] everyClass(int classes, int count) {
        int[] labels = new int[Math.max(classes, 1) * count];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i / count;
        }
        return labels;
    }

    private static float[] pixels(Variable mean) {
        return mean.value().toFloats();
    }
}
