package org.vae4j.core.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Training and test images with their shape and, if they are labelled, their number of classes:
 * what a VAE is trained and evaluated on. Each row of the datasets is one image, channel-major
 * ({@link ImageShape}); unsigned-byte pixels read as {@code value / 255}, float pixels as they are.
 *
 * <p>{@link #load} reads a folder in one of three layouts, chosen by what the folder holds:
 *
 * <ul>
 *   <li>IDX files in MNIST's naming: {@code train-images-idx3-ubyte} and {@code
 *       t10k-images-idx3-ubyte} (or {@code -idx4-}), {@code [n, height, width]} or {@code [n,
 *       height, width, channels]} of unsigned bytes (type 0x08) or floats (0x0D); optionally {@code
 *       train-labels-idx1-ubyte} and {@code t10k-labels-idx1-ubyte}; each may be gzipped.
 *   <li>NumPy arrays: {@code train-images.npy} and {@code test-images.npy}, {@code [n, height,
 *       width]} or {@code [n, height, width, channels]} of {@code |u1} or {@code <f4}; optionally
 *       {@code train-labels.npy} and {@code test-labels.npy} of {@code |u1}, {@code <i4} or {@code
 *       <i8}. Channels-first arrays ({@code [n, channels, height, width]}) are not recognised:
 *       transpose them to channels-last before saving.
 *   <li>PNG or JPEG images in one subfolder per class, the classes numbered in the subfolders' name
 *       order; one file in six, chosen by the CRC-32 of its name, is a test image.
 * </ul>
 *
 * <p>Images have 1 (grey) or 3 (colour) channels. Labels are class numbers from 0; the number of
 * classes is the largest label plus one. If the folder has a {@code SHA256SUMS} file, every file it
 * lists that is loaded is checked against it first, and a file that a symbolic link takes outside
 * the folder is refused. Every problem is a {@link DataFormatException} of one line.
 *
 * <pre>{@code
 * ImageData data = ImageData.load(Path.of("data/cifar10"));
 * data.shape();     // 3x32x32
 * data.classes();   // 10
 * }</pre>
 *
 * @param format where the data came from: {@code mnist}, {@code idx}, {@code npy} or {@code images}
 * @param train the training images
 * @param test the test images
 * @param shape the shape of every image
 * @param classes the number of classes, 0 if the images are not labelled
 */
public record ImageData(String format, Dataset train, Dataset test, ImageShape shape, int classes) {
    /**
     * Checks that the datasets hold images of {@code shape}, and labels of {@code classes} classes
     * or none.
     *
     * @throws IllegalArgumentException if they do not
     */
    public ImageData {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(shape, "shape");
        for (Dataset d : List.of(train, test)) {
            if (d.featureCount() != shape.features()) {
                throw new IllegalArgumentException(
                        d + " does not hold images of " + shape + " (" + shape.features() + ")");
            }
            int[] labels = d.labels().orElse(null);
            if ((labels != null) != (classes > 0)
                    || labels != null
                            && IntStream.of(labels).anyMatch(l -> l < 0 || l >= classes)) {
                throw new IllegalArgumentException(
                        d + " does not hold labels of " + classes + " classes");
            }
        }
    }

    /**
     * Loads images from a folder of IDX files, of {@code .npy} arrays, or of one subfolder of PNG
     * or JPEG images per class.
     *
     * @throws DataFormatException if the folder is missing, holds none of these, or a file is
     *     malformed or does not fit the others
     */
    public static ImageData load(Path dir) {
        String layouts =
                "Pass a folder of IDX files (train-images-idx3-ubyte, ...), of .npy arrays"
                        + " (train-images.npy, ...), or of one subfolder of PNG or JPEG images per"
                        + " class";
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException(dir, "no such folder", layouts);
        }
        List<Path> entries = DataFiles.list(dir);
        if (IdxImages.holds(entries)) {
            return IdxImages.load(dir);
        }
        if (NpyImages.holds(entries)) {
            return NpyImages.load(dir);
        }
        if (ImageFolder.holds(entries)) {
            return ImageFolder.load(dir);
        }
        throw new DataFormatException(dir, "holds no image data that vae4j reads", layouts);
    }

    /** Returns MNIST's images: 1x28x28, 10 classes. */
    public static ImageData of(Mnist mnist) {
        return countingClasses("mnist", mnist.train(), mnist.test(), ImageShape.MNIST);
    }

    /** Returns images whose classes are the largest label plus one, 0 without labels. */
    static ImageData countingClasses(String format, Dataset train, Dataset test, ImageShape shape) {
        int classes = 0;
        for (Dataset d : List.of(train, test)) {
            classes =
                    Math.max(
                            classes,
                            d.labels().map(l -> IntStream.of(l).max().orElse(-1) + 1).orElse(0));
        }
        return new ImageData(format, train, test, shape, classes);
    }

    /** Returns the first {@code n} training and the first {@code n} test images. */
    public ImageData limit(int n) {
        return new ImageData(format, train.take(n), test.take(n), shape, classes);
    }
}
