package org.vae4j.examples.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import org.vae4j.core.data.Mnist;
import picocli.CommandLine.Option;

/**
 * The {@code --data} option of the commands that read MNIST, defaulting to the repository's copy.
 */
public final class DataOptions {
    private final Defaults defaults;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "MNIST IDX files (default: the copy in data/mnist).")
    Path data;

    @Inject
    DataOptions(Defaults defaults) {
        this.defaults = defaults;
    }

    /** Loads MNIST from {@code --data}, or from the repository's copy, verifying checksums. */
    Mnist load() {
        return Mnist.load(data != null ? data : defaults.data());
    }
}
