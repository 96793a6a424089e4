package org.vae4j.core.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.vae4j.core.io.SymbolicLinks;

/**
 * The MNIST handwritten digits (LeCun, Cortes and Burges): 60,000 training and 10,000 test images
 * of 28x28 grey pixels with labels 0-9, as {@link Dataset}s of 784 unsigned-byte features.
 *
 * <p>{@link #load} reads the four original IDX files from one folder, each plain or gzipped ({@code
 * train-images-idx3-ubyte[.gz]}, {@code train-labels-idx1-ubyte[.gz]}, {@code
 * t10k-images-idx3-ubyte[.gz]}, {@code t10k-labels-idx1-ubyte[.gz]}). If the folder has a {@code
 * SHA256SUMS} file ({@code sha256sum} format), every file it lists that is loaded is checked
 * against it first, whichever of its plain and gzipped forms is listed; a file that is there in
 * both forms is read only if both hold the same data. A file that a symbolic link takes outside the
 * folder is refused (see {@link SymbolicLinks}). The repository carries a copy in {@code
 * data/mnist}.
 *
 * <pre>{@code
 * Mnist mnist = Mnist.load(Path.of("data/mnist"));
 * mnist.train().size();   // 60000
 * }</pre>
 *
 * @param train the 60,000 training images
 * @param test the 10,000 test images
 */
public record Mnist(Dataset train, Dataset test) {
    /** Checks that both datasets are there. */
    public Mnist {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
    }

    /** Rows and columns of an image. */
    public static final int SIDE = 28;

    /** Pixels per image, the feature count of both datasets. */
    public static final int FEATURES = SIDE * SIDE;

    /** The name of the optional checksum file. */
    public static final String CHECKSUMS = "SHA256SUMS";

    private static final String FILES =
            "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and"
                    + " t10k-labels-idx1-ubyte (each may end in .gz)";

    /**
     * Loads and checks MNIST from a folder.
     *
     * @throws DataFormatException if the folder or a file is missing, a checksum differs from
     *     {@code SHA256SUMS}, or a file does not hold MNIST images or labels
     */
    public static Mnist load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException(
                    dir,
                    "no such folder; it should hold the MNIST files",
                    "Pass the folder holding "
                            + FILES
                            + "; the repository has a copy in data/mnist");
        }
        Path trainImages = find(dir, "train-images-idx3-ubyte");
        Path trainLabels = find(dir, "train-labels-idx1-ubyte");
        Path testImages = find(dir, "t10k-images-idx3-ubyte");
        Path testLabels = find(dir, "t10k-labels-idx1-ubyte");
        DataFiles.verifyChecksums(dir, List.of(trainImages, trainLabels, testImages, testLabels));
        return new Mnist(dataset(trainImages, trainLabels), dataset(testImages, testLabels));
    }

    private static Path find(Path dir, String name) {
        return DataFiles.find(dir, true, name)
                .orElseThrow(
                        () ->
                                new DataFormatException(
                                        dir,
                                        "neither " + name + " nor " + name + ".gz is there",
                                        "Put the four MNIST files there: " + FILES));
    }

    private static Dataset dataset(Path imagesPath, Path labelsPath) {
        IdxArray images = IdxReader.read(imagesPath);
        if (images.type() != IdxType.UNSIGNED_BYTE
                || images.rank() != 3
                || images.dim(1) != SIDE
                || images.dim(2) != SIDE) {
            throw new DataFormatException(
                    imagesPath,
                    "holds "
                            + images
                            + ", but MNIST images are unsigned bytes of shape [n, 28, 28]",
                    "Pass a folder holding the original MNIST files");
        }
        IdxArray labelArray = IdxReader.read(labelsPath);
        if (labelArray.type() != IdxType.UNSIGNED_BYTE || labelArray.rank() != 1) {
            throw new DataFormatException(
                    labelsPath,
                    "holds " + labelArray + ", but MNIST labels are unsigned bytes of shape [n]",
                    "Pass a folder holding the original MNIST files");
        }
        int n = images.dim(0);
        if (labelArray.dim(0) != n) {
            throw new DataFormatException(
                    labelsPath,
                    "holds "
                            + labelArray.dim(0)
                            + " labels, but "
                            + imagesPath.getFileName()
                            + " holds "
                            + n
                            + " images",
                    "Use the image and label files of the same MNIST set");
        }
        int[] labels = labelArray.toInts();
        for (int i = 0; i < n; i++) {
            if (labels[i] > 9) {
                throw new DataFormatException(
                        labelsPath,
                        "label " + i + " is " + labels[i] + ", but MNIST labels are 0 to 9",
                        "Pass a folder holding the original MNIST files");
            }
        }
        return Dataset.wrapUnsignedBytes(images.data(), n, FEATURES, labels);
    }
}
