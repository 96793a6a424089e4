package org.vae4j.examples.cli;

import java.nio.file.Path;
import org.vae4j.api.Backend;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.checkpoint.Restored;
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

    /** Loads the run's model on {@code backend}. */
    Restored load(Backend backend) {
        return Checkpoints.load(RunDirectory.existing(model).checkpoint(), backend);
    }
}
