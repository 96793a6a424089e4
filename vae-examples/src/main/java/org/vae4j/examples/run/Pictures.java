package org.vae4j.examples.run;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.vae4j.api.Backend;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.autograd.NoGrad;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.io.AtomicFiles;
import org.vae4j.core.model.Vae;
import org.vae4j.core.train.EpochMetrics;
import org.vae4j.examples.pictures.ImageGrid;
import org.vae4j.examples.pictures.LineChart;
import org.vae4j.examples.pictures.Manifold;
import org.vae4j.examples.pictures.Png;

/**
 * Draws what people look at after training: digits decoded from prior samples, test digits over
 * their reconstructions, the loss curves, and the 2-D latent manifold (Kingma &amp; Welling, Fig.
 * 4). Images show the likelihood's mean, for example the Bernoulli probabilities.
 */
public final class Pictures {
    private final Vae vae;
    private final int side;

    /** Draws from {@code vae}, whose data are {@code side x side} images. */
    public Pictures(Vae vae, int side) {
        this.vae = vae;
        this.side = side;
    }

    /** Decodes {@code count} draws from the prior. */
    public BufferedImage samples(int count, Rng rng) {
        Backend b = vae.backend();
        try (NoGrad off = NoGrad.enter();
                Scope scope = b.openScope()) {
            Variable z = vae.prior().rsample(Shape.of(count), rng);
            return ImageGrid.of(pixels(vae.decoder().decode(z).mean()), count, side, side).render();
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
        try (NoGrad off = NoGrad.enter();
                Scope scope = b.openScope()) {
            Tensor x = data.batch(b, idx, vae.dtype());
            Variable code = vae.encoder().encode(Variable.constant(x)).mean();
            float[] recon = pixels(vae.decoder().decode(code).mean());
            return ImageGrid.pairs(x.toFloats(), recon, n, side, side)
                    .columns(Math.min(n, 8))
                    .labels("input", "recon")
                    .render();
        }
    }

    /** Decodes a {@code grid x grid} lattice on the normal quantiles of latent dimensions i, j. */
    public BufferedImage manifold(int grid, int i, int j) {
        double[][] points = Manifold.gridPoints(grid);
        Backend b = vae.backend();
        int latent = vae.prior().eventShape().dim(-1);
        double[] z = new double[points.length * latent];
        for (int p = 0; p < points.length; p++) {
            z[p * latent + i] = points[p][0];
            z[p * latent + j] = points[p][1];
        }
        try (NoGrad off = NoGrad.enter();
                Scope scope = b.openScope()) {
            Tensor zt = b.cast(b.fromDoubles(z, Shape.of(points.length, latent)), vae.dtype());
            float[] images = pixels(vae.decoder().decode(Variable.constant(zt)).mean());
            return ImageGrid.of(images, points.length, side, side)
                    .columns(grid)
                    .scale(1)
                    .separator(0)
                    .render();
        }
    }

    /** Plots the training and test loss of each epoch. */
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
        return LineChart.create()
                .title(title)
                .yLabel("negative ELBO, nats per example")
                .series("train", epochs, train)
                .series("test", epochs, test)
                .render();
    }

    /** Writes an image as PNG, atomically. */
    public static void write(BufferedImage image, Path file) throws IOException {
        AtomicFiles.write(file, out -> Png.writePng(image, out));
    }

    private static float[] pixels(Variable mean) {
        return mean.value().toFloats();
    }
}
