package org.vae4j.examples.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import org.vae4j.core.data.ImageData;
import org.vae4j.core.data.Mnist;
import picocli.CommandLine.Option;

/**
 * The {@code --data} option of the commands that read images, defaulting to the repository's MNIST
 * copy.
 */
public final class DataOptions {
    private final Defaults defaults;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description =
                    "Images: a folder of IDX files (train-images-idx3-ubyte, ...), of .npy arrays"
                            + " (train-images.npy, ...), or of one subfolder of PNG or JPEG images"
                            + " per class (default: the MNIST copy in data/mnist).")
    Path data;

    @Inject
    DataOptions(Defaults defaults) {
        this.defaults = defaults;
    }

    /** Loads the images in {@code --data}, or the repository's MNIST, verifying checksums. */
    ImageData load() {
        return data != null ? ImageData.load(data) : ImageData.of(Mnist.load(defaults.data()));
    }

    /** Loads MNIST from {@code --data} or the repository's copy, for models made for MNIST. */
    Mnist loadMnist() {
        return Mnist.load(data != null ? data : defaults.data());
    }
}
