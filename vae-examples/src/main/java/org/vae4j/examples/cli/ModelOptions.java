package org.vae4j.examples.cli;

import java.nio.file.Path;
import org.vae4j.api.Backend;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.core.checkpoint.RunInfo;
import org.vae4j.core.data.Mnist;
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

    /** Loads the run's model on {@code backend}; it must be a model of MNIST images. */
    Restored load(Backend backend) {
        Restored run = Checkpoints.load(RunDirectory.existing(model).checkpoint(), backend);
        try {
            requireMnist(run.info(), model);
        } catch (IllegalStateException e) {
            run.close();
            throw e;
        }
        return run;
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
     * Checks that a run's model takes MNIST images, so that a model built through the library for
     * other data fails with its sizes named instead of with a shape error deep inside a layer.
     */
    static void requireMnist(RunInfo info, Path runDir) {
        int features = info.model().features();
        if (features != Mnist.FEATURES) {
            throw new IllegalStateException(
                    "the model in "
                            + runDir
                            + " takes "
                            + features
                            + " values per example, but MNIST images have "
                            + Mnist.FEATURES
                            + " (28x28). Give a run trained on MNIST");
        }
    }
}
