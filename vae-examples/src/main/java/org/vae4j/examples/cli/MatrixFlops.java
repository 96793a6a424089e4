package org.vae4j.examples.cli;

import java.util.ArrayList;
import java.util.List;
import org.vae4j.core.model.ConvVaeConfig;
import org.vae4j.core.model.HierarchicalVaeConfig;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.ModelConfig;

/**
 * Counts the matrix work of one training example: every dense layer's and convolution's
 * multiply-adds forward, again for the weight gradient, and again for the input gradient except in
 * the encoder's first layer, whose input is the data; the decoder runs once per latent sample (K
 * for the IWAE bound). Elementwise work is not counted: this is the work the sgemm bound divides by
 * the measured matrix-multiply speed.
 */
final class MatrixFlops {
    private MatrixFlops() {}

    /** Returns the FLOPs (two per multiply-add) of one example with {@code samples} samples. */
    static double perTrainingExample(ModelConfig model, int samples) {
        List<Double> encoder = new ArrayList<>();
        List<Double> decoder = new ArrayList<>();
        if (model instanceof MlpVaeConfig m) {
            mlp(m, encoder, decoder);
        } else if (model instanceof ConvVaeConfig c) {
            conv(c, encoder, decoder);
        } else if (model instanceof HierarchicalVaeConfig h) {
            hierarchical(h, encoder, decoder);
        }
        double macs = 0;
        for (int i = 0; i < encoder.size(); i++) {
            macs += (i == 0 ? 2 : 3) * encoder.get(i);
        }
        for (double layer : decoder) {
            macs += 3 * samples * layer;
        }
        return 2 * macs;
    }

    private static void mlp(MlpVaeConfig m, List<Double> encoder, List<Double> decoder) {
        int[] h = m.hidden();
        int in = m.features() + m.conditions();
        for (int size : h) {
            encoder.add((double) in * size);
            in = size;
        }
        encoder.add((double) in * 2 * m.latent()); // mean and log-variance heads
        in = m.latent() + m.conditions();
        for (int i = h.length - 1; i >= 0; i--) {
            decoder.add((double) in * h[i]);
            in = h[i];
        }
        decoder.add((double) in * m.features());
    }

    /**
     * The network into h1 runs once per example, as an encoder; every network above it (into h2 and
     * up, from sampled codes), the prior's and the likelihood's run once per sample, as a decoder
     * does.
     */
    private static void hierarchical(
            HierarchicalVaeConfig m, List<Double> encoder, List<Double> decoder) {
        int[] latents = m.latents();
        int[][] hidden = m.hidden();
        int in = m.features();
        for (int l = 0; l < latents.length; l++) {
            for (int size : hidden[l]) {
                (l == 0 ? encoder : decoder).add((double) in * size);
                in = size;
            }
            (l == 0 ? encoder : decoder).add((double) in * 2 * latents[l]);
            in = latents[l];
            if (l > 0) {
                int down = latents[l];
                for (int i = hidden[l].length - 1; i >= 0; i--) {
                    decoder.add((double) down * hidden[l][i]);
                    down = hidden[l][i];
                }
                decoder.add((double) down * 2 * latents[l - 1]);
            }
        }
        int down = latents[0];
        for (int i = hidden[0].length - 1; i >= 0; i--) {
            decoder.add((double) down * hidden[0][i]);
            down = hidden[0][i];
        }
        decoder.add((double) down * m.features());
    }

    private static void conv(ConvVaeConfig c, List<Double> encoder, List<Double> decoder) {
        int[] channels = c.convChannels();
        int[][] sizes = c.sizes();
        double window = (double) c.kernel() * c.kernel();
        int in = c.channels();
        for (int i = 0; i < channels.length; i++) {
            double pixels = (double) sizes[0][i + 1] * sizes[1][i + 1];
            encoder.add(in * channels[i] * window * pixels);
            in = channels[i];
        }
        encoder.add((double) (c.flatSize() + c.conditions()) * c.hidden());
        encoder.add((double) c.hidden() * 2 * c.latent());
        decoder.add((double) (c.latent() + c.conditions()) * c.hidden());
        decoder.add((double) c.hidden() * c.flatSize());
        for (int i = channels.length - 1; i >= 0; i--) {
            int out = i == 0 ? c.channels() : channels[i - 1];
            double pixels = (double) sizes[0][i + 1] * sizes[1][i + 1]; // the transpose's input
            decoder.add(channels[i] * out * window * pixels);
        }
    }
}
