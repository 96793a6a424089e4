package org.vae4j.core.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Loads a folder of IDX files in MNIST's naming: {@code train-images-idx3-ubyte} and {@code
 * t10k-images-idx3-ubyte} ({@code idx4} for {@code [n, height, width, channels]}), and optionally
 * {@code train-labels-idx1-ubyte} and {@code t10k-labels-idx1-ubyte}, each plain or gzipped.
 */
final class IdxImages {
    private static final Pattern NAME =
            Pattern.compile("(train|t10k)-(images|labels)-idx[1-4]-ubyte(\\.gz)?");
    private static final String FILES =
            "train-images-idx3-ubyte and t10k-images-idx3-ubyte (idx4 for colour), and optionally"
                    + " train-labels-idx1-ubyte and t10k-labels-idx1-ubyte (each may end in .gz)";

    private IdxImages() {}

    /** Returns whether a folder's entries include a file named like an IDX image or label file. */
    static boolean holds(List<Path> entries) {
        return entries.stream().anyMatch(p -> NAME.matcher(p.getFileName().toString()).matches());
    }

    /**
     * Loads the folder, checking every file against {@code SHA256SUMS} when there is one.
     *
     * @throws DataFormatException if a file is missing, malformed or does not fit the others
     */
    static ImageData load(Path dir) {
        Optional<Path> trainLabels = DataFiles.find(dir, true, "train-labels-idx1-ubyte");
        Optional<Path> testLabels = DataFiles.find(dir, true, "t10k-labels-idx1-ubyte");
        Path trainImages = images(dir, "train", trainLabels);
        Path testImages = images(dir, "t10k", testLabels);
        DataFiles.checkSplits(
                dir,
                trainImages,
                testImages,
                trainLabels,
                testLabels,
                "train-labels-idx1-ubyte",
                "t10k-labels-idx1-ubyte");
        ImageArrays.Format<IdxArray> format =
                new ImageArrays.Format<>(IdxReader::read, IdxArray::dims, IdxImages::dataset);
        return ImageArrays.splits("idx", format, trainImages, testImages, trainLabels, testLabels);
    }

    private static Path images(Path dir, String split, Optional<Path> labels) {
        String name = split + "-images-idx3-ubyte";
        return DataFiles.find(dir, true, name, split + "-images-idx4-ubyte")
                .orElseThrow(
                        () ->
                                new DataFormatException(
                                        dir,
                                        labels.map(l -> l.getFileName() + " is there, but ")
                                                        .orElse("")
                                                + "neither "
                                                + name
                                                + " nor "
                                                + name
                                                + ".gz is there",
                                        "Put the image files there: " + FILES));
    }

    private static Dataset dataset(Path path, IdxArray images, ImageShape shape, Path labelsPath) {
        int n = images.dim(0);
        int[] labels = labelsPath == null ? null : labels(labelsPath, path, n);
        return switch (images.type()) {
            case UNSIGNED_BYTE -> ImageArrays.unsignedBytes(images.data(), n, shape, labels);
            case FLOAT -> ImageArrays.floats(path, images.toFloats(), n, shape, labels);
            default ->
                    throw new DataFormatException(
                            path,
                            "holds " + images + ", but image pixels are unsigned bytes or floats",
                            "Write the images as IDX type 0x08 (unsigned byte) or 0x0D (float)");
        };
    }

    private static int[] labels(Path path, Path images, int n) {
        IdxArray a = IdxReader.read(path);
        if (!a.type().isInteger() || a.rank() != 1) {
            throw new DataFormatException(
                    path,
                    "holds " + a + ", but labels are integers of shape [n]",
                    "Write the labels as IDX type 0x08 (unsigned byte) of rank 1");
        }
        return ImageArrays.labels(
                path, Arrays.stream(a.toInts()).asLongStream().toArray(), images, n);
    }
}
