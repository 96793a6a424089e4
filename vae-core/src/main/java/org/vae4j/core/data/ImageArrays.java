package org.vae4j.core.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * Image arrays as IDX and {@code .npy} files hold them, {@code [n, height, width]} or {@code [n,
 * height, width, channels]}, turned into datasets of channel-major rows; and their labels checked.
 */
final class ImageArrays {
    private static final String LAYOUT =
            "Store images as [n, height, width] (grey) or [n, height, width, channels] with 1 or 3"
                    + " channels";

    /** The most classes labels may name; a conditional model takes them one-hot. */
    static final int MAX_CLASSES = 1 << 16;

    private ImageArrays() {}

    /**
     * Returns the shape of one image of an array of {@code dims}.
     *
     * @throws DataFormatException if the array is not a non-empty stack of grey or colour images
     */
    static ImageShape shape(Path file, int[] dims) {
        String holds = "holds an array of shape " + Arrays.toString(dims);
        if (dims.length != 3 && dims.length != 4) {
            throw new DataFormatException(
                    file,
                    holds + ", but images are [n, height, width] or [n, height, width, channels]",
                    LAYOUT);
        }
        int channels = dims.length == 4 ? dims[3] : 1;
        if (channels != 1 && channels != 3) {
            throw new DataFormatException(
                    file,
                    holds + ": " + channels + " channels, but images have 1 (grey) or 3 (colour)",
                    LAYOUT + "; drop an alpha channel");
        }
        if (dims[0] < 1 || dims[1] < 1 || dims[2] < 1) {
            throw new DataFormatException(
                    file, holds + ", which has no pixels", "Give at least one non-empty image");
        }
        return new ImageShape(channels, dims[1], dims[2]);
    }

    /** Fails unless the test images have the training images' shape. */
    static void requireSameShape(
            Path train, ImageShape trainShape, Path test, ImageShape testShape) {
        if (!trainShape.equals(testShape)) {
            throw new DataFormatException(
                    test,
                    "holds images of "
                            + testShape
                            + ", but "
                            + train.getFileName()
                            + " holds images of "
                            + trainShape
                            + " (channels x height x width)",
                    "Give training and test images of one size");
        }
    }

    /**
     * Checks labels read from {@code file} against the {@code n} images of {@code images}; returns
     * them as ints.
     *
     * @throws DataFormatException if there is not one label per image or a label is not a class
     *     number below {@link #MAX_CLASSES}
     */
    static int[] labels(Path file, long[] labels, Path images, int n) {
        if (labels.length != n) {
            throw new DataFormatException(
                    file,
                    "holds "
                            + labels.length
                            + " labels, but "
                            + images.getFileName()
                            + " holds "
                            + n
                            + " images",
                    "Give one label per image, in the images' order");
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= MAX_CLASSES) {
                throw new DataFormatException(
                        file,
                        "label "
                                + i
                                + " is "
                                + labels[i]
                                + ", but labels are class numbers 0 to "
                                + (MAX_CLASSES - 1),
                        "Number the classes from 0");
            }
        }
        return Arrays.stream(labels).mapToInt(Math::toIntExact).toArray();
    }

    /**
     * Returns a dataset of unsigned bytes (scaled to [0, 1] in batches) from images stored
     * row-major in the array's layout; takes ownership of {@code pixels}.
     */
    static Dataset unsignedBytes(byte[] pixels, int n, ImageShape shape, int[] labels) {
        byte[] rows = shape.channels() == 1 ? pixels : channelMajor(pixels, n, shape);
        return Dataset.wrapUnsignedBytes(rows, n, shape.features(), labels);
    }

    /**
     * Returns a dataset of floats, taken as they are, from images stored row-major in the array's
     * layout; takes ownership of {@code pixels}.
     *
     * @throws DataFormatException if a value is NaN or infinite
     */
    static Dataset floats(Path file, float[] pixels, int n, ImageShape shape, int[] labels) {
        for (int i = 0; i < pixels.length; i++) {
            if (!Float.isFinite(pixels[i])) {
                throw new DataFormatException(
                        file,
                        "value " + i + " is " + pixels[i] + ", but pixels must be finite",
                        "Replace NaN and infinite values before training");
            }
        }
        float[] rows = shape.channels() == 1 ? pixels : channelMajor(pixels, n, shape);
        return Dataset.wrapFloats(rows, n, shape.features(), labels);
    }

    /** Reorders {@code [n, h, w, c]} bytes to {@code [n, c, h, w]}. */
    static byte[] channelMajor(byte[] nhwc, int n, ImageShape s) {
        byte[] out = new byte[nhwc.length];
        reorder(n, s, (to, from) -> out[to] = nhwc[from]);
        return out;
    }

    /** Reorders {@code [n, h, w, c]} floats to {@code [n, c, h, w]}. */
    static float[] channelMajor(float[] nhwc, int n, ImageShape s) {
        float[] out = new float[nhwc.length];
        reorder(n, s, (to, from) -> out[to] = nhwc[from]);
        return out;
    }

    /** Moves one value from an index of the source to an index of the result. */
    @FunctionalInterface
    private interface Move {
        void move(int to, int from);
    }

    /**
     * Calls {@code move} for every value, from its {@code [n, h, w, c]} to its {@code [n, c, h, w]}
     * index.
     */
    private static void reorder(int n, ImageShape s, Move move) {
        int c = s.channels();
        int plane = s.height() * s.width();
        for (int i = 0; i < n; i++) {
            int base = i * s.features();
            for (int p = 0; p < plane; p++) {
                for (int k = 0; k < c; k++) {
                    move.move(base + k * plane + p, base + p * c + k);
                }
            }
        }
    }

    /**
     * How a file format reads an array of images ({@code read}), gives its dimensions, images first
     * ({@code dims}), and makes a dataset of it with the labels in a file or none ({@code
     * dataset}).
     */
    record Format<A>(Function<Path, A> read, Function<A, int[]> dims, Maker<A> dataset) {}

    /** Makes a dataset of images read from {@code file}, with the labels in {@code labels}. */
    @FunctionalInterface
    interface Maker<A> {
        Dataset make(Path file, A images, ImageShape shape, Path labels);
    }

    /**
     * Reads a training and a test file of one format, checks that their images have one shape, and
     * returns both splits, counting the classes of their labels.
     */
    static <A> ImageData splits(
            String source,
            Format<A> format,
            Path trainImages,
            Path testImages,
            Optional<Path> trainLabels,
            Optional<Path> testLabels) {
        A train = format.read().apply(trainImages);
        A test = format.read().apply(testImages);
        ImageShape shape = shape(trainImages, format.dims().apply(train));
        requireSameShape(
                trainImages, shape, testImages, shape(testImages, format.dims().apply(test)));
        Maker<A> maker = format.dataset();
        return ImageData.countingClasses(
                source,
                maker.make(trainImages, train, shape, trainLabels.orElse(null)),
                maker.make(testImages, test, shape, testLabels.orElse(null)),
                shape);
    }
}
