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
