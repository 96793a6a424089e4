package org.vae4j.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.core.checkpoint.RunInfo;
import org.vae4j.core.data.ImageData;
import org.vae4j.core.data.ImageShape;
import org.vae4j.examples.run.RunDirectory;
import picocli.CommandLine.Option;

/** The {@code --model RUN_DIR} option of the commands that use a trained model. */
public final class ModelOptions {
    @Option(
            names = "--model",
            paramLabel = "RUN_DIR",
            required = true,
            description =
                    "A run directory written by 'vae train' ('vae sample' also takes a decoder.onnx).")
    Path model;

    /**
     * Checks, before any work, that a picture written to {@code out} replaces none of the model's
     * files (a run directory's, or the {@code .onnx} file itself) and no file vae4j did not write.
     *
     * @throws UsageException if it would
     */
    void checkPictureOut(Path out) throws IOException {
        OutputPaths.picture(out, files());
    }

    /** Returns the model's own files: a run directory's, or the {@code .onnx} file itself. */
    List<Path> files() {
        return Files.isDirectory(model) ? new RunDirectory(model).files() : List.of(model);
    }

    /**
     * Loads the run's model, reading its checkpoint once, on the backend {@code backends} picks for
     * the run ({@link BackendChoice#forRun}); {@code run.vae().backend()} is that backend.
     */
    Restored load(BackendChoice backends) {
        return Checkpoints.load(RunDirectory.existing(model).checkpoint(), backends::forRun);
    }

    /**
     * Loads the run's model as {@link #load(BackendChoice)}; it must take the images of {@code
     * data}.
     */
    Restored load(BackendChoice backends, ImageData data) {
        Restored run = load(backends);
        try {
            requireFits(run.info(), model, data);
        } catch (IllegalStateException e) {
            run.close();
            throw e;
        }
        return run;
    }

    /**
     * Returns the shape of the images a run's model draws, for the commands that take no data.
     *
     * @throws IllegalStateException if the run records no shape and its feature count is not a
     *     square
     */
    ImageShape drawnShape(RunInfo info) {
        int features = info.model().features();
        return ImageShapes.drawn(ImageShapes.recorded(info), features)
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "the model in "
                                                + model
                                                + " takes "
                                                + features
                                                + " values per example but records no image shape"
                                                + " with 1 or 3 channels, so its output cannot be"
                                                + " drawn. Give a run written by 'vae train'"));
    }

    /**
     * Reads a {@code --label} option against a model of {@code classes} classes (0: not
     * conditional): returns the class, or -1 for none or {@code all} (where {@code all} is
     * allowed).
     *
     * @throws UsageException if the label is not a class of the model, or a conditional model needs
     *     one
     */
    static int label(String label, int classes, boolean allowAll) {
        String range = classes == 0 ? "" : " 0.." + (classes - 1);
        if (classes == 0) {
            if (label != null) {
                throw new UsageException("--label is for conditional models; this one is not");
            }
            return -1;
        }
        if (label == null || label.equalsIgnoreCase("all")) {
            if (!allowAll) {
                throw new UsageException("This model is conditional: give --label" + range);
            }
            return -1;
        }
        try {
            int n = Integer.parseInt(label.trim());
            if (n >= 0 && n < classes) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(
                "--label must be one of the model's classes"
                        + range
                        + (allowAll ? " or all" : "")
                        + ", not '"
                        + label
                        + "'");
    }

    /**
     * Checks that a run's model takes images of the data's shape (for a model that records no
     * shape, the data's number of values), so that a model trained on other data fails with both
     * shapes named instead of with a shape error deep inside a layer.
     *
     * @throws IllegalStateException if it does not
     */
    static void requireFits(RunInfo info, Path runDir, ImageData data) {
        String recorded = ImageShapes.recorded(info);
        int features = info.model().features();
        ImageShape shape = data.shape();
        boolean fits =
                recorded != null ? recorded.equals(shape.toString()) : features == shape.features();
        if (!fits) {
            throw new IllegalStateException(
                    "the model in "
                            + runDir
                            + " takes "
                            + (recorded != null
                                    ? recorded + " images (" + features + " values)"
                                    : features + " values per example")
                            + ", but the data are "
                            + shape
                            + " images ("
                            + shape.features()
                            + " values). Give a run trained on "
                            + shape
                            + " images, or that run's data with --data");
        }
    }
}
