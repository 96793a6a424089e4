package org.vae4j.core.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Loads a folder of {@code .npy} arrays: {@code train-images.npy} and {@code test-images.npy},
 * {@code [n, height, width]} or {@code [n, height, width, channels]} of {@code |u1} or {@code <f4},
 * and optionally {@code train-labels.npy} and {@code test-labels.npy}, {@code [n]} of {@code |u1},
 * {@code <i4} or {@code <i8}.
 */
final class NpyImages {
    private static final List<String> NAMES =
            List.of("train-images.npy", "train-labels.npy", "test-images.npy", "test-labels.npy");

    private NpyImages() {}

    /** Returns whether a folder's entries include one of the four file names. */
    static boolean holds(List<Path> entries) {
        return entries.stream().anyMatch(p -> NAMES.contains(p.getFileName().toString()));
    }

    /**
     * Loads the folder, checking every file against {@code SHA256SUMS} when there is one.
     *
     * @throws DataFormatException if a file is missing, malformed or does not fit the others
     */
    static ImageData load(Path dir) {
        Optional<Path> trainLabels = DataFiles.find(dir, false, "train-labels.npy");
        Optional<Path> testLabels = DataFiles.find(dir, false, "test-labels.npy");
        Path trainImages = images(dir, "train", trainLabels);
        Path testImages = images(dir, "test", testLabels);
        DataFiles.checkSplits(
                dir,
                trainImages,
                testImages,
                trainLabels,
                testLabels,
                "train-labels.npy",
                "test-labels.npy");
        ImageArrays.Format<NpyArray> format =
                new ImageArrays.Format<>(NpyReader::read, NpyArray::shape, NpyImages::dataset);
        return ImageArrays.splits("npy", format, trainImages, testImages, trainLabels, testLabels);
    }

    private static Path images(Path dir, String split, Optional<Path> labels) {
        String name = split + "-images.npy";
        return DataFiles.find(dir, false, name)
                .orElseThrow(
                        () ->
                                new DataFormatException(
                                        dir,
                                        labels.map(
                                                        l ->
                                                                l.getFileName()
                                                                        + " is there, but "
                                                                        + name
                                                                        + " is not")
                                                .orElse("there is no " + name),
                                        "Save the "
                                                + (split.equals("train") ? "training" : "test")
                                                + " images there with numpy.save"));
    }

    private static Dataset dataset(Path path, NpyArray images, ImageShape shape, Path labelsPath) {
        int n = images.shape()[0];
        int[] labels = labelsPath == null ? null : labels(labelsPath, path, n);
        return switch (images.dtype()) {
            case UINT8 -> ImageArrays.unsignedBytes(images.data(), n, shape, labels);
            case FLOAT32 -> ImageArrays.floats(path, images.toFloats(), n, shape, labels);
            default ->
                    throw new DataFormatException(
                            path,
                            "holds "
                                    + images
                                    + ", but image pixels are |u1 (uint8) or <f4 (float32)",
                            "Convert the images with a.astype(numpy.uint8) or a.astype(numpy.float32)");
        };
    }

    private static int[] labels(Path path, Path images, int n) {
        NpyArray a = NpyReader.read(path);
        if (a.dtype() == NpyArray.Dtype.FLOAT32 || a.shape().length != 1) {
            throw new DataFormatException(
                    path,
                    "holds " + a + ", but labels are integers (|u1, <i4 or <i8) of shape [n]",
                    "Save the labels as a 1-D integer array");
        }
        return ImageArrays.labels(path, a.toLongs(), images, n);
    }
}
