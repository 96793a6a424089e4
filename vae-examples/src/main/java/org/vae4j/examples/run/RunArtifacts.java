package org.vae4j.examples.run;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.vae4j.api.random.Rng;
import org.vae4j.core.checkpoint.RunInfo;
import org.vae4j.core.data.ImageData;
import org.vae4j.core.model.ModelConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.train.EpochMetrics;
import org.vae4j.core.train.MetricsLog;

/** Writes a run directory's metrics and pictures from a model and its history. */
public final class RunArtifacts {
    private RunArtifacts() {}

    /**
     * A run killed after its last checkpoint but before its metrics line or pictures were written
     * is complete as far as the checkpoint goes; writes what is missing from the checkpoint's
     * history. Returns whether anything was written.
     */
    public static boolean finish(RunDirectory run, Vae vae, RunInfo saved, ImageData data)
            throws IOException {
        boolean wrote = false;
        if (!metricsComplete(run, saved.history().size())) {
            MetricsLog.write(run.metrics(), saved.history());
            wrote = true;
        }
        boolean manifold = drawsManifold(saved.model());
        if (!Files.exists(run.samples())
                || !Files.exists(run.reconstructions())
                || !Files.exists(run.curves())
                || (manifold && !Files.exists(run.manifold()))) {
            drawPictures(run, vae, saved.model(), saved.history(), data, saved.training().seed());
            wrote = true;
        }
        return wrote;
    }

    private static boolean metricsComplete(RunDirectory run, int epochs) {
        try {
            return Files.exists(run.metrics()) && MetricsLog.read(run.metrics()).size() == epochs;
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    /** An unconditional model with a 2-D latent space gets a manifold picture. */
    private static boolean drawsManifold(ModelConfig model) {
        return model.latent() == 2 && model.conditions() == 0;
    }

    /**
     * Draws samples (a conditional model's in one row of 8 per class), reconstructions and curves,
     * and the manifold when the latent is 2-D.
     */
    public static void drawPictures(
            RunDirectory run,
            Vae vae,
            ModelConfig model,
            List<EpochMetrics> history,
            ImageData data,
            long seed)
            throws IOException {
        Pictures pictures = new Pictures(vae, data.shape());
        int perRow = model.conditions() > 0 ? 8 : 64;
        Pictures.write(pictures.samples(perRow, Rng.seeded(seed).fork(7)), run.samples());
        Pictures.write(pictures.reconstructions(data.test(), 16), run.reconstructions());
        Pictures.write(
                Pictures.curves(
                        history, "vae4j: " + model.likelihood() + " VAE, latent " + model.latent()),
                run.curves());
        if (drawsManifold(model)) {
            Pictures.write(pictures.manifold(20, 0, 1, -1), run.manifold());
        }
    }
}
